import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { LoginThrottleService } from './login-throttle.service';

/**
 * Deletes login-failure rows that neither count nor lock any more. Idempotent, so running on
 * every replica is harmless.
 */
@Injectable()
export class LoginFailuresPurgeJob {
  private readonly logger = new Logger(LoginFailuresPurgeJob.name);

  constructor(private readonly throttle: LoginThrottleService) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'login-failures-purge' })
  async run(): Promise<void> {
    try {
      const purged = await this.throttle.purge();
      this.logger.log(`Purged ${purged} stale login-failure rows`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Login-failure purge failed (${reason}); will retry on the next run`);
    }
  }
}
