import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CLOCK, type Clock } from '@warden/nest-auth';
import { AuditService } from '../audit/audit.service';
import { KEY_ENCRYPTION_KEY } from '../keys/key-encryption-key.provider';
import { MetricsService } from '../metrics/metrics.service';
import type { SecondFactor } from '../tokens/authentication';
import { LoginAttempt, LoginThrottleService } from '../users/login-throttle/login-throttle.service';
import { InvalidMfaCodeError } from './mfa.errors';
import { MfaRepository } from './mfa.repository';
import { looksLikeRecoveryCode, recoveryCodeDigest } from './recovery-codes';
import { matchTotp } from './totp';
import { openTotpSecret } from './totp-secret.seal';

/** What the user typed as a second factor: exactly one of the two. */
export type SecondFactorProof = { code: string } | { recoveryCode: string };

export interface AcceptedSecondFactor {
  factor: SecondFactor;
  /** After a recovery code: how many unused ones are left. */
  recoveryCodesRemaining?: number;
}

export interface SecondFactorContext {
  ip?: string;
  userAgent?: string;
}

type FailureReason = 'wrong_code' | 'replayed_code' | 'wrong_recovery_code';

/**
 * Checks a second factor of an enrolled user: a TOTP code (accepted once: RFC 6238 §5.2) or a
 * single-use recovery code. Under the login throttle of the password: a wrong code counts as a
 * failed login of the account, and a locked account is refused before any code is looked at.
 * Every outcome is audited, never with the code.
 */
@Injectable()
export class SecondFactorService {
  private readonly logger = new Logger(SecondFactorService.name);

  constructor(
    private readonly repository: MfaRepository,
    private readonly throttle: LoginThrottleService,
    private readonly audit: AuditService,
    @Inject(KEY_ENCRYPTION_KEY) private readonly kek: Buffer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** The factor accepted; InvalidMfaCodeError (401) or AccountLockedError (429) otherwise. */
  async verify(
    userId: string,
    proof: SecondFactorProof,
    context: SecondFactorContext = {},
  ): Promise<AcceptedSecondFactor> {
    const attempt = this.throttle.attempt(userId, userId, context.ip);
    const { failuresCounted } = await this.throttle.assertAllowed(attempt);
    const outcome =
      'code' in proof
        ? await this.checkCode(userId, proof.code)
        : await this.checkRecoveryCode(userId, proof.recoveryCode);
    if (typeof outcome === 'string') return this.fail(attempt, outcome, context);
    if (failuresCounted) await this.throttle.recordSuccess(attempt);
    await this.recordSuccess(userId, outcome, context);
    return outcome;
  }

  private async checkCode(
    userId: string,
    code: string,
  ): Promise<AcceptedSecondFactor | FailureReason> {
    const factor = await this.repository.findFactor(userId);
    if (!factor?.confirmed) return 'wrong_code';
    const secret = openTotpSecret(factor.secretEnc, this.kek, userId);
    const step = await matchTotp(secret, code, this.clock.now());
    if (step === undefined) return 'wrong_code';
    // A right code of a step already used: someone saw it (over a shoulder, in a proxy log).
    if (!(await this.repository.acceptStep(userId, step))) return 'replayed_code';
    return { factor: 'otp' };
  }

  private async checkRecoveryCode(
    userId: string,
    typed: string,
  ): Promise<AcceptedSecondFactor | FailureReason> {
    if (!looksLikeRecoveryCode(typed)) return 'wrong_recovery_code';
    const spent = await this.repository.spendRecoveryCode(
      userId,
      recoveryCodeDigest(typed),
      this.clock.now(),
    );
    if (spent === undefined) return 'wrong_recovery_code';
    return { factor: 'recovery_code', recoveryCodesRemaining: spent.remaining };
  }

  private async recordSuccess(
    userId: string,
    accepted: AcceptedSecondFactor,
    context: SecondFactorContext,
  ): Promise<void> {
    this.metrics?.mfa.inc({ outcome: 'succeeded' });
    await this.audit.record({
      type: 'mfa.succeeded',
      actor: userId,
      subject: userId,
      ip: context.ip,
      details: { ...userAgentOf(context), method: accepted.factor },
    });
    if (accepted.recoveryCodesRemaining === undefined) return;
    this.metrics?.mfa.inc({ outcome: 'recovery_code_used' });
    await this.audit.record({
      type: 'mfa.recovery_code_used',
      actor: userId,
      subject: userId,
      ip: context.ip,
      details: { remaining: accepted.recoveryCodesRemaining },
    });
  }

  /** Counts the failure and throws: the lock it started, or the invalid code. */
  private async fail(
    attempt: LoginAttempt,
    reason: FailureReason,
    context: SecondFactorContext,
  ): Promise<never> {
    const locked = await this.throttle.recordFailure(attempt);
    this.logger.log(`Second factor refused (${reason}) for user ${attempt.subject}`);
    this.metrics?.mfa.inc({ outcome: locked ? 'locked' : 'failed' });
    await this.audit.record({
      type: 'mfa.failed',
      subject: attempt.subject,
      ip: context.ip,
      details: { ...userAgentOf(context), reason, ...(locked ? { locked: true } : {}) },
    });
    throw locked ?? new InvalidMfaCodeError();
  }
}

function userAgentOf(context: SecondFactorContext): Record<string, unknown> {
  return context.userAgent === undefined ? {} : { userAgent: context.userAgent };
}
