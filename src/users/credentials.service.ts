import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { AuditEventInput } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { MetricsService } from '../metrics/metrics.service';
import { LoginAttempt, LoginThrottleService } from './login-throttle/login-throttle.service';
import { PasswordHasher } from './password/password.hasher';
import { PublicUser } from './public-user';
import { UserEntity } from './user.entity';
import { UsersService, type UserWithCutoff } from './users.service';
import { AccountLockedError, InvalidCredentialsError } from './users.errors';
import { UsersRepository } from './users.repository';

/** Where a login attempt came from, for the throttle and the audit trail. */
export interface LoginContext {
  ip?: string;
  userAgent?: string;
}

/** A login that passed, with its `login.succeeded` event still to be recorded by the caller. */
export interface VerifiedLogin extends UserWithCutoff {
  successEvent: AuditEventInput;
}

type FailureReason = 'unknown_user' | 'wrong_password' | 'inactive';

/**
 * Checks a login and password under the login throttle (LoginThrottleService: a lock per
 * account and client address, and a growing delay per account), so that a stranger can
 * neither lock the owner out nor tell which accounts exist. Used by `/auth/login` and the
 * OAuth password grant. Every outcome is audited.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger(CredentialsService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * The user, when `login` (username or email, any letter case) and `password` (compared in
   * its NFKC form) match an active account. Otherwise InvalidCredentialsError, the same for an
   * unknown user, a wrong password and an inactive account; or AccountLockedError (429,
   * Retry-After) while this attempt has to wait, including on the failure that starts the wait.
   * An unknown login is counted, locked and delayed exactly like an account.
   */
  async verify(login: string, password: string, context: LoginContext = {}): Promise<PublicUser> {
    const verified = await this.verifyWithCutoff(login, password, context);
    await this.audit.record(verified.successEvent);
    return verified.user;
  }

  /**
   * As verify, with the user's token cut-off from the same read of its row, and with the
   * success's audit event left to the caller, who must record it: in the statement that starts
   * the session (one round trip fewer, and the event commits with the session it records), or
   * by AuditService.record when no session follows. Failures are audited here, as by verify.
   */
  async verifyWithCutoff(
    login: string,
    password: string,
    context: LoginContext = {},
  ): Promise<VerifiedLogin> {
    const user = await this.findByLogin(login);
    const attempt = this.throttle.attempt(user?.id, login, context.ip);
    const { failuresCounted } = await this.throttle
      .assertAllowed(attempt)
      .catch(async (error: unknown) => {
        if (error instanceof AccountLockedError) await this.recordLocked(attempt, error, context);
        throw error;
      });
    if (!user) {
      // Spend what a wrong password costs, so timing does not tell which accounts exist.
      await this.hasher.verifyAgainstDummy(password);
      return this.fail(attempt, 'unknown_user', context);
    }
    const check = await this.hasher.check(password, user.passwordHash);
    if (!check.matches) return this.fail(attempt, 'wrong_password', context);
    if (!user.isActive) return this.fail(attempt, 'inactive', context);
    const successEvent = await this.succeed(
      user,
      password,
      check.needsRehash,
      failuresCounted,
      attempt,
      context,
    );
    return { ...(await this.usersService.withCutoff(user)), successEvent };
  }

  /**
   * `POST /auth/password`: checks the current password like a login (it counts towards the
   * throttle), then sets the new one and refuses the user's existing access tokens. Revoking
   * the refresh families is the caller's job.
   */
  async changePassword(
    userId: string,
    currentPassword: string,
    newPassword: string,
    context: LoginContext = {},
  ): Promise<void> {
    const user = await this.usersService.getById(userId);
    await this.verify(user.username, currentPassword, context);
    await this.usersService.setPassword(userId, newPassword, { actor: userId, ip: context.ip });
  }

  private findByLogin(login: string): Promise<UserEntity | null> {
    // Stored emails are NFC (normalizeEmail), so a decomposed spelling finds them too.
    return this.users.findByLogin(login.normalize('NFC'), { withPasswordHash: true });
  }

  /** Counts the failure and throws: the lock it started, or invalid credentials. */
  private async fail(
    attempt: LoginAttempt,
    reason: FailureReason,
    context: LoginContext,
  ): Promise<never> {
    const locked = await this.throttle.recordFailure(attempt);
    await this.recordFailure(attempt, reason, context);
    if (!locked) throw new InvalidCredentialsError();
    await this.recordLocked(attempt, locked, context);
    throw locked;
  }

  private async succeed(
    user: UserEntity,
    password: string,
    needsRehash: boolean,
    failuresCounted: boolean,
    attempt: LoginAttempt,
    context: LoginContext,
  ): Promise<AuditEventInput> {
    // With no failure counted anywhere against the account there is nothing to clear.
    if (failuresCounted) await this.throttle.recordSuccess(attempt);
    // A hash made at another BCRYPT_COST, or before passwords were normalised, is replaced
    // while the plain password is at hand.
    if (needsRehash) {
      const passwordHash = await this.hasher.hash(password);
      await this.users.update(user.id, { passwordHash });
    }
    this.metrics?.logins.inc({ outcome: 'succeeded' });
    return {
      type: 'login.succeeded',
      actor: user.id,
      subject: user.id,
      ip: context.ip,
      details: auditDetails(context),
    };
  }

  private async recordFailure(
    attempt: LoginAttempt,
    reason: FailureReason,
    context: LoginContext,
  ): Promise<void> {
    // A security event (OWASP ASVS V16): logged at info level, never with the password, nor
    // with an unknown login (it may be a password typed in the wrong field).
    this.logger.log(
      `Login failed (${reason})${attempt.userId ? ` for user ${attempt.userId}` : ''}`,
    );
    this.metrics?.logins.inc({ outcome: 'failed' });
    await this.audit.record({
      type: 'login.failed',
      subject: attempt.subject,
      ip: context.ip,
      details: { ...auditDetails(context), reason },
    });
  }

  private async recordLocked(
    attempt: LoginAttempt,
    error: AccountLockedError,
    context: LoginContext,
  ): Promise<void> {
    const lockedUntil = new Date(this.clock.now().getTime() + error.retryAfterSeconds * 1000);
    const { userId } = attempt;
    this.logger.warn(
      `Login refused for ${userId ? `user ${userId}` : 'an unknown login'} from ${attempt.address} ` +
        `until ${lockedUntil.toISOString()}`,
    );
    this.metrics?.logins.inc({ outcome: 'locked' });
    await this.audit.record({
      type: 'login.locked',
      actor: userId,
      subject: attempt.subject,
      ip: context.ip,
      details: { ...auditDetails(context), lockedUntil: lockedUntil.toISOString() },
    });
  }
}

function auditDetails(context: LoginContext): Record<string, unknown> {
  return context.userAgent === undefined ? {} : { userAgent: context.userAgent };
}
