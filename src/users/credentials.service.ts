import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import { PasswordHasher } from './password/password.hasher';
import { PublicUser } from './public-user';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';
import { AccountLockedError, InvalidCredentialsError } from './users.errors';

/** Where a login attempt came from, for the audit trail. */
export interface LoginContext {
  ip?: string;
  userAgent?: string;
}

interface FailureOutcome {
  failed_logins: number;
  locked_until: Date | null;
}

/**
 * Checks a login and password, with per-account lockout: after LOGIN_MAX_ATTEMPTS consecutive
 * failures the account is locked for LOGIN_LOCK_SECONDS. Used by `/auth/login` and the OAuth
 * password grant. Every outcome is audited.
 */
@Injectable()
export class CredentialsService {
  private readonly logger = new Logger(CredentialsService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly usersService: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * The user, when `login` (username or email, any letter case) and `password` match an active
   * account. Otherwise InvalidCredentialsError, the same for an unknown user, a wrong password
   * and an inactive account; or AccountLockedError (429, Retry-After) while locked, including
   * on the failure that locks it.
   */
  async verify(login: string, password: string, context: LoginContext = {}): Promise<PublicUser> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.username) = lower(:login) OR lower(user.email) = lower(:login)', { login })
      .getOne();
    if (!user) {
      // Spend what a wrong password costs, so timing does not tell which accounts exist.
      await this.hasher.verifyAgainstDummy(password);
      await this.recordFailure(login, null, 'unknown_user', context);
      throw new InvalidCredentialsError();
    }
    const now = this.clock.now();
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.recordLocked(user, user.lockedUntil, context);
      throw new AccountLockedError(secondsUntil(user.lockedUntil, now));
    }
    const matches = await this.hasher.verify(password, user.passwordHash);
    if (!matches) return this.failWrongPassword(user, context);
    if (!user.isActive) {
      await this.recordFailure(login, user.id, 'inactive', context);
      throw new InvalidCredentialsError();
    }
    await this.succeed(user, password, context);
    return this.usersService.getById(user.id);
  }

  /**
   * `POST /auth/password`: checks the current password like a login (it counts towards the
   * lockout), then sets the new one and refuses the user's existing access tokens. Revoking
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

  private async failWrongPassword(user: UserEntity, context: LoginContext): Promise<never> {
    const now = this.clock.now();
    const lockUntil = new Date(now.getTime() + this.config.auth.loginLockSeconds * 1000);
    // One atomic UPDATE: concurrent wrong passwords each count (the row lock serializes them),
    // and the one that reaches the limit sets the lock and starts the next count from zero.
    // A lock that another request set meanwhile is left alone.
    const [rows] = await this.users.query<[FailureOutcome[], number]>(
      `UPDATE users SET
         failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
         locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
       WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
       RETURNING failed_logins, locked_until`,
      [user.id, this.config.auth.loginMaxAttempts, lockUntil, now],
    );
    const outcome = rows[0];
    const lockedUntil = outcome ? outcome.locked_until : await this.currentLock(user.id);
    if (lockedUntil && lockedUntil > now) {
      await this.recordFailure(user.username, user.id, 'wrong_password', context);
      await this.recordLocked(user, lockedUntil, context);
      throw new AccountLockedError(secondsUntil(lockedUntil, now));
    }
    await this.recordFailure(user.username, user.id, 'wrong_password', context);
    throw new InvalidCredentialsError();
  }

  private async succeed(user: UserEntity, password: string, context: LoginContext): Promise<void> {
    const changes: Partial<UserEntity> = { failedLogins: 0, lockedUntil: null };
    // Hashes made at an older BCRYPT_COST are upgraded while the plain password is at hand.
    if (this.hasher.needsRehash(user.passwordHash)) {
      changes.passwordHash = await this.hasher.hash(password);
    }
    if (user.failedLogins !== 0 || user.lockedUntil !== null || changes.passwordHash) {
      await this.users.update({ id: user.id }, changes);
    }
    this.metrics?.logins.inc({ outcome: 'succeeded' });
    await this.audit.record({
      type: 'login.succeeded',
      actor: user.id,
      subject: user.id,
      ip: context.ip,
      details: auditDetails(context),
    });
  }

  private async currentLock(id: string): Promise<Date | null> {
    const row = await this.users.findOne({
      where: { id },
      select: { id: true, lockedUntil: true },
    });
    return row?.lockedUntil ?? null;
  }

  private async recordFailure(
    login: string,
    userId: string | null,
    reason: 'unknown_user' | 'wrong_password' | 'inactive',
    context: LoginContext,
  ): Promise<void> {
    // A security event (OWASP ASVS V16): logged at info level, never with the password.
    this.logger.log(`Login failed (${reason})${userId ? ` for user ${userId}` : ''}`);
    this.metrics?.logins.inc({ outcome: 'failed' });
    await this.audit.record({
      type: 'login.failed',
      subject: userId ?? login,
      ip: context.ip,
      details: { ...auditDetails(context), reason },
    });
  }

  private async recordLocked(
    user: UserEntity,
    lockedUntil: Date,
    context: LoginContext,
  ): Promise<void> {
    this.logger.warn(`Login refused: user ${user.id} is locked until ${lockedUntil.toISOString()}`);
    this.metrics?.logins.inc({ outcome: 'locked' });
    await this.audit.record({
      type: 'login.locked',
      actor: user.id,
      subject: user.id,
      ip: context.ip,
      details: { ...auditDetails(context), lockedUntil: lockedUntil.toISOString() },
    });
  }
}

/** Whole seconds, at least 1 (RFC 9110 §10.2.3 Retry-After is delay-seconds). */
function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

function auditDetails(context: LoginContext): Record<string, unknown> {
  return context.userAgent === undefined ? {} : { userAgent: context.userAgent };
}
