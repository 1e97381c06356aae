import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@warden/nest-auth';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { InvalidMfaCodeError, MfaTokenInvalidError } from './mfa.errors';
import { MfaChallengesRepository, StoredMfaChallenge } from './mfa-challenges.repository';

/** How long a login waits for its second factor. */
export const MFA_TOKEN_TTL_SECONDS = 300;

/** Wrong codes one `mfa_token` takes before it is spent (the account lockout counts them too). */
export const MFA_TOKEN_MAX_FAILURES = 5;

// 256 random bits, base64url: 43 characters.
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** The session a challenge was started for, given back when it is redeemed. */
export interface MfaChallengeGrant {
  userId: string;
  /** The OAuth client of the password grant; none for `/auth/login`. */
  clientId?: string;
  scope?: string;
  audiences?: readonly string[];
}

/** A challenge being redeemed: its grant, and when its password step was made. */
export interface PendingMfaChallenge extends MfaChallengeGrant {
  startedAt: Date;
}

export interface IssuedMfaChallenge {
  /** The opaque `mfa_token`: returned once, stored only as its SHA-256 digest. */
  token: string;
  expiresIn: number;
}

/**
 * The half-finished logins: a right password for an enrolled account gives an `mfa_token`,
 * single-use, for 5 minutes, bound to the user and to the client it was issued to.
 */
@Injectable()
export class MfaChallengeService {
  constructor(
    private readonly repository: MfaChallengesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(grant: MfaChallengeGrant): Promise<IssuedMfaChallenge> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.repository.insert({
      id: randomUUID(),
      tokenHash: digest(token),
      userId: grant.userId,
      clientId: grant.clientId ?? null,
      scope: grant.scope ?? null,
      audiences: grant.audiences?.length ? [...grant.audiences] : null,
      expiresAt: new Date(now.getTime() + MFA_TOKEN_TTL_SECONDS * 1000),
      createdAt: now,
    });
    return { token, expiresIn: MFA_TOKEN_TTL_SECONDS };
  }

  /**
   * Runs `check` (the second factor) for the challenge of `token` presented by `clientId`, then
   * spends the challenge. MfaTokenInvalidError for an unknown, expired or spent token, and for
   * another client's, which is spent too: it has leaked. A wrong code counts against the
   * challenge; of two concurrent successes only one gets the session.
   */
  async redeem<T>(
    token: string,
    clientId: string | undefined,
    check: (challenge: PendingMfaChallenge) => Promise<T>,
  ): Promise<T> {
    const challenge = await this.find(token);
    if ((challenge.clientId ?? undefined) !== clientId) {
      await this.repository.spend(challenge.id, this.clock.now());
      throw new MfaTokenInvalidError();
    }
    let value: T;
    try {
      value = await check(grantOf(challenge));
    } catch (error) {
      if (error instanceof InvalidMfaCodeError) {
        await this.repository.recordFailure(challenge.id, MFA_TOKEN_MAX_FAILURES, this.clock.now());
      }
      throw error;
    }
    if (!(await this.repository.spend(challenge.id, this.clock.now()))) {
      throw new MfaTokenInvalidError();
    }
    return value;
  }

  /** Deletes the challenges that expired; returns how many went. */
  purgeExpired(): Promise<number> {
    return this.repository.deleteExpired(this.clock.now());
  }

  private async find(token: string): Promise<StoredMfaChallenge> {
    if (!TOKEN_FORMAT.test(token)) throw new MfaTokenInvalidError();
    const challenge = await this.repository.findByHash(digest(token));
    const now = this.clock.now();
    if (!challenge || challenge.usedAt !== null || challenge.expiresAt <= now) {
      throw new MfaTokenInvalidError();
    }
    return challenge;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function grantOf(challenge: StoredMfaChallenge): PendingMfaChallenge {
  return {
    startedAt: challenge.createdAt,
    userId: challenge.userId,
    clientId: challenge.clientId ?? undefined,
    scope: challenge.scope ?? undefined,
    audiences: challenge.audiences ?? undefined,
  };
}
