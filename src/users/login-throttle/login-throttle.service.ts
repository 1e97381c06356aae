import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../../config';
import { AccountLockedError } from '../users.errors';
import { addressGroup } from './client-address';
import { LoginFailuresRepository } from './login-failures.repository';
import {
  LoginCounters,
  LoginLimits,
  refusedUntil,
  retryAfterSeconds,
} from './login-throttle.rules';

/** Whose failures an attempt counts towards: the account (or unknown login) and the address. */
export interface LoginAttempt {
  accountKey: string;
  address: string;
  /** The account's id; undefined when the login matches no account. */
  userId?: string;
  /** The user id, or the login text tried: what the audit trail names. */
  subject: string;
}

/**
 * Login throttling (see login-throttle.rules.ts for the model) over the shared PostgreSQL
 * counters, so every replica sees the same locks.
 */
@Injectable()
export class LoginThrottleService {
  private readonly limits: LoginLimits;

  constructor(
    private readonly failures: LoginFailuresRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.limits = {
      maxAttempts: config.auth.loginMaxAttempts,
      lockSeconds: config.auth.loginLockSeconds,
      accountMaxAttempts: config.auth.loginAccountMaxAttempts,
    };
  }

  /**
   * The attempt of `login` from `ip`. A known account is keyed by its id, so its username and
   * email share one count; an unknown login by its own text, counted exactly alike.
   */
  attempt(userId: string | undefined, login: string, ip: string | undefined): LoginAttempt {
    const address = addressGroup(ip);
    if (userId !== undefined)
      return { accountKey: `user:${userId}`, address, userId, subject: userId };
    return { accountKey: `login:${login.normalize('NFC').toLowerCase()}`, address, subject: login };
  }

  /**
   * Throws AccountLockedError (429, Retry-After) while this attempt has to wait. Resolves to
   * whether any failure against the account is still counted, so a success with nothing to
   * clear costs no write.
   */
  async assertAllowed(attempt: LoginAttempt): Promise<{ failuresCounted: boolean }> {
    const now = this.clock.now();
    const counters = await this.counters(attempt, now);
    const until = refusedUntil(counters, now, this.limits);
    if (until) throw new AccountLockedError(retryAfterSeconds(until, now));
    return { failuresCounted: counters.accountFailures > 0 };
  }

  /**
   * Counts a failure. Returns the AccountLockedError to answer with when this failure started
   * a lock or a delay, else undefined (the caller answers with invalid credentials).
   */
  async recordFailure(attempt: LoginAttempt): Promise<AccountLockedError | undefined> {
    await this.failures.recordFailure(
      attempt.accountKey,
      attempt.address,
      this.clock.now(),
      this.limits,
    );
    const until = await this.refusedUntil(attempt);
    return until ? new AccountLockedError(retryAfterSeconds(until, this.clock.now())) : undefined;
  }

  recordSuccess(attempt: LoginAttempt): Promise<void> {
    return this.failures.clear(attempt.accountKey, attempt.address);
  }

  /** Deletes counters that can no longer matter; returns how many. */
  purge(): Promise<number> {
    return this.failures.deleteStale(this.clock.now(), this.limits);
  }

  private async refusedUntil(attempt: LoginAttempt): Promise<Date | null> {
    const now = this.clock.now();
    return refusedUntil(await this.counters(attempt, now), now, this.limits);
  }

  private counters(attempt: LoginAttempt, now: Date): Promise<LoginCounters> {
    return this.failures.counters(attempt.accountKey, attempt.address, now, this.limits);
  }
}
