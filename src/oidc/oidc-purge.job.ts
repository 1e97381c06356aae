import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AuthorizationCodeService } from './authorization-code.service';
import { BrowserSessionService } from './browser-session.service';

/**
 * Deletes expired authorization codes (a day after their expiry, so a late replay still revokes)
 * and single sign-on sessions past their absolute end, hourly; idempotent, so every replica may
 * run it.
 */
@Injectable()
export class OidcPurgeJob {
  private readonly logger = new Logger(OidcPurgeJob.name);

  constructor(
    private readonly codes: AuthorizationCodeService,
    private readonly sessions: BrowserSessionService,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'oidc-purge' })
  async run(): Promise<void> {
    try {
      const codes = await this.codes.purgeExpired();
      const sessions = await this.sessions.purgeExpired();
      if (codes + sessions > 0) {
        this.logger.log(`Purged ${codes} authorization codes and ${sessions} sign-on sessions`);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Authorization code and session purge failed (${reason}); will retry`);
    }
  }
}
