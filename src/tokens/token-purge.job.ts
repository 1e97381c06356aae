import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { CLOCK, Clock } from '../common/clock';
import { RefreshTokenService } from './refresh-token.service';
import { RevokedTokensRepository } from './revoked-tokens.repository';

/**
 * Deletes what can no longer matter: denylist rows of expired access tokens and the refresh
 * tokens of expired families. Idempotent, so running on every replica is harmless.
 */
@Injectable()
export class TokenPurgeJob {
  private readonly logger = new Logger(TokenPurgeJob.name);

  constructor(
    private readonly refreshTokens: RefreshTokenService,
    private readonly revokedTokens: RevokedTokensRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'token-purge' })
  async run(): Promise<void> {
    try {
      const { revoked, refresh } = await this.purge();
      this.logger.log(`Purged ${revoked} expired denylist rows and ${refresh} refresh tokens`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Token purge failed (${reason}); will retry on the next run`);
    }
  }

  async purge(): Promise<{ revoked: number; refresh: number }> {
    const revoked = await this.revokedTokens.deleteExpired(this.clock.now());
    const refresh = await this.refreshTokens.purgeExpired();
    return { revoked, refresh };
  }
}
