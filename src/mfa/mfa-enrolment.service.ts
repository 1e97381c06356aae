import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CLOCK, type Clock } from '@warden/nest-auth';
import { toString as qrCodeSvg } from 'qrcode';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { KEY_ENCRYPTION_KEY } from '../keys/key-encryption-key.provider';
import { MetricsService } from '../metrics/metrics.service';
import { CredentialsService } from '../users/credentials.service';
import { UsersService } from '../users/users.service';
import {
  InvalidMfaCodeError,
  MfaAlreadyEnabledError,
  MfaNotEnabledError,
  MfaNotStartedError,
} from './mfa.errors';
import { MfaRepository } from './mfa.repository';
import { newRecoveryCodes, recoveryCodeDigest } from './recovery-codes';
import { SecondFactorContext, SecondFactorService } from './second-factor.service';
import { matchTotp, newTotpSecret, totpUri } from './totp';
import { openTotpSecret, sealTotpSecret } from './totp-secret.seal';

/** What the user's authenticator app needs: shown at the start of an enrolment only. */
export interface TotpEnrolment {
  secret: string;
  otpauth_uri: string;
  /** The URI as a QR code: an SVG data URL, for an `<img>` or the Swagger UI. */
  qr_code: string;
}

/** Who performs an administrative reset, for the audit trail. */
export interface MfaResetContext {
  actor?: string;
  ip?: string;
}

/**
 * Enrolling, disabling and resetting a user's TOTP factor. A secret is stored sealed from the
 * start and becomes the user's factor only once a code of it is confirmed; the confirmation
 * gives the recovery codes, shown once.
 */
@Injectable()
export class MfaEnrolmentService {
  private readonly logger = new Logger(MfaEnrolmentService.name);

  constructor(
    private readonly repository: MfaRepository,
    private readonly secondFactor: SecondFactorService,
    private readonly credentials: CredentialsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(KEY_ENCRYPTION_KEY) private readonly kek: Buffer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** A new secret for the user's app; a start before confirming replaces the previous one. */
  async start(userId: string, context: SecondFactorContext = {}): Promise<TotpEnrolment> {
    const user = await this.users.getById(userId);
    const secret = newTotpSecret();
    const sealed = sealTotpSecret(secret, this.kek, userId);
    if (!(await this.repository.savePending(userId, sealed, this.clock.now()))) {
      throw new MfaAlreadyEnabledError();
    }
    const uri = totpUri(secret, this.config.mfa.issuer, user.username);
    await this.record('mfa.enrolment_started', userId, userId, context.ip);
    return { secret, otpauth_uri: uri, qr_code: await qrCodeDataUrl(uri) };
  }

  /** Confirms the pending secret with a first code; returns the recovery codes. */
  async confirm(
    userId: string,
    code: string,
    context: SecondFactorContext = {},
  ): Promise<{ recovery_codes: string[] }> {
    const factor = await this.repository.findFactor(userId);
    if (!factor) throw new MfaNotStartedError();
    if (factor.confirmed) throw new MfaAlreadyEnabledError();
    const secret = openTotpSecret(factor.secretEnc, this.kek, userId);
    const step = await matchTotp(secret, code, this.clock.now());
    if (step === undefined) {
      this.metrics?.mfa.inc({ outcome: 'failed' });
      await this.record('mfa.failed', undefined, userId, context.ip, {
        reason: 'wrong_code',
        stage: 'enrolment',
      });
      throw new InvalidMfaCodeError();
    }
    const codes = newRecoveryCodes();
    const digests = codes.map(recoveryCodeDigest);
    if (
      !(await this.repository.confirm(userId, factor.secretEnc, step, digests, this.clock.now()))
    ) {
      // Lost a race: confirmed by a concurrent request, or replaced by a new start.
      if (await this.repository.isEnrolled(userId)) throw new MfaAlreadyEnabledError();
      throw new MfaNotStartedError();
    }
    this.metrics?.mfa.inc({ outcome: 'enrolled' });
    this.logger.log(`Second factor enrolled for user ${userId}`);
    await this.record('mfa.enrolled', userId, userId, context.ip, { method: 'totp' });
    return { recovery_codes: codes };
  }

  /**
   * The user turns the factor off: with the password and a current code, both counting towards
   * the lockout, so a stolen access token alone cannot remove it.
   */
  async disable(
    userId: string,
    password: string,
    code: string,
    context: SecondFactorContext = {},
  ): Promise<void> {
    const user = await this.users.getById(userId);
    await this.credentials.verify(user.username, password, context);
    if (!(await this.repository.isEnrolled(userId))) throw new MfaNotEnabledError();
    await this.secondFactor.verify(userId, { code }, context);
    await this.repository.remove(userId);
    this.metrics?.mfa.inc({ outcome: 'disabled' });
    await this.record('mfa.disabled', userId, userId, context.ip);
  }

  /**
   * An administrator removes the user's factor (a lost phone): the next login asks for the
   * password only. True if there was one to remove.
   */
  async reset(userId: string, context: MfaResetContext = {}): Promise<boolean> {
    const removed = await this.repository.remove(userId);
    this.metrics?.mfa.inc({ outcome: 'reset' });
    await this.record('mfa.reset', context.actor, userId, context.ip, { removed });
    return removed;
  }

  /** Whether the user's logins need a second factor. */
  isEnrolled(userId: string): Promise<boolean> {
    return this.repository.isEnrolled(userId);
  }

  private async record(
    type: string,
    actor: string | undefined,
    subject: string,
    ip: string | undefined,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.record({ type, actor, subject, ip, details });
  }
}

async function qrCodeDataUrl(uri: string): Promise<string> {
  const svg = await qrCodeSvg(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
