import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { MfaChallengeService } from './mfa-challenge.service';

/** Deletes the expired `mfa_token`s hourly; idempotent, so every replica may run it. */
@Injectable()
export class MfaChallengePurgeJob {
  private readonly logger = new Logger(MfaChallengePurgeJob.name);

  constructor(private readonly challenges: MfaChallengeService) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'mfa-challenge-purge' })
  async run(): Promise<void> {
    try {
      const purged = await this.challenges.purgeExpired();
      if (purged > 0) this.logger.log(`Purged ${purged} expired second-factor challenges`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Second-factor challenge purge failed (${reason}); will retry`);
    }
  }
}
