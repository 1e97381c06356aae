import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import type { PublicUser } from '../users/public-user';
import { UsersService } from '../users/users.service';
import { mustHaveSecondFactor } from './enrolment-token';
import { MfaRequiredError, MfaTokenInvalidError } from './mfa.errors';
import { MfaChallengeGrant, MfaChallengeService } from './mfa-challenge.service';
import { MfaRepository } from './mfa.repository';
import {
  AcceptedSecondFactor,
  SecondFactorContext,
  SecondFactorProof,
  SecondFactorService,
} from './second-factor.service';

/** What a right password leads to: a session, or only a token that can enrol a factor. */
export type AfterPassword = 'session' | 'enrolment';

export interface CompletedMfaLogin {
  user: PublicUser;
  grant: MfaChallengeGrant;
  accepted: AcceptedSecondFactor;
}

/**
 * The second step of a login, for every door (`/auth/login`, the OAuth password grant): an
 * enrolled user gets an `mfa_token` instead of tokens, and a user of an MFA_REQUIRED_ROLES role
 * who has not enrolled gets only the enrolment token.
 */
@Injectable()
export class MfaLoginService {
  constructor(
    private readonly repository: MfaRepository,
    private readonly challenges: MfaChallengeService,
    private readonly secondFactor: SecondFactorService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * After a right password: MfaRequiredError (with a new `mfa_token` for this session's client,
   * scope and audiences) when the user has a factor; else whether a session may start.
   */
  async afterPassword(
    user: PublicUser,
    session: Omit<MfaChallengeGrant, 'userId'>,
  ): Promise<AfterPassword> {
    // The flag is written with the factor's row (MfaRepository), so it saves a query here.
    if (user.mfaEnabled) {
      const challenge = await this.challenges.start({ ...session, userId: user.id });
      throw new MfaRequiredError(challenge.token, challenge.expiresIn);
    }
    return this.mustHaveSecondFactor(user) ? 'enrolment' : 'session';
  }

  /**
   * Checks the `mfa_token` (of `clientId`) and the second factor; the challenge is then spent.
   * MfaTokenInvalidError, InvalidMfaCodeError or AccountLockedError otherwise.
   */
  complete(
    mfaToken: string,
    clientId: string | undefined,
    proof: SecondFactorProof,
    context: SecondFactorContext,
  ): Promise<CompletedMfaLogin> {
    return this.challenges.redeem(mfaToken, clientId, async (grant) => {
      // Deactivated or deleted since the password was checked: no session.
      const user = await this.users.findById(grant.userId);
      if (!user?.isActive) throw new MfaTokenInvalidError();
      // A new password or "log out everywhere" since the password step ends that login too.
      const validAfter = await this.users.tokensValidAfter(user.id);
      if (validAfter && grant.startedAt < validAfter) throw new MfaTokenInvalidError();
      const accepted = await this.secondFactor.verify(user.id, proof, context);
      return { user, grant, accepted };
    });
  }

  /** Whether the user's sessions need a second factor (MFA_REQUIRED_ROLES). */
  mustHaveSecondFactor(user: Pick<PublicUser, 'roles'>): boolean {
    return mustHaveSecondFactor(user, this.config);
  }
}
