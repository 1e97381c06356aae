import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { SubjectCutoffsRepository } from '../users/subject-cutoffs.repository';
import { RefreshTokenService } from './refresh-token.service';
import { RevokedTokensRepository } from './revoked-tokens.repository';

export interface PurgeCounts {
  /** Revocation rows: denied ids (`revoked_tokens`) and deleted subjects' cut-offs. */
  revoked: number;
  refresh: number;
}

/**
 * Deletes what can no longer matter: denylist rows of expired access tokens and sessions, the
 * refresh tokens of expired families, and the cut-offs of deleted users and clients once every
 * token they refused has expired. Idempotent, so running on every replica is harmless.
 */
@Injectable()
export class TokenPurgeJob {
  private readonly logger = new Logger(TokenPurgeJob.name);
  private readonly cutoffs: SubjectCutoffsRepository;

  constructor(
    private readonly refreshTokens: RefreshTokenService,
    private readonly revokedTokens: RevokedTokensRepository,
    @InjectDataSource() dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cutoffs = new SubjectCutoffsRepository(dataSource.manager);
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'token-purge' })
  async run(): Promise<void> {
    try {
      const { revoked, refresh } = await this.purge();
      this.logger.log(`Purged ${revoked} expired revocation rows and ${refresh} refresh tokens`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Token purge failed (${reason}); will retry on the next run`);
    }
  }

  async purge(): Promise<PurgeCounts> {
    const denied = await this.revokedTokens.deleteExpired(this.clock.now());
    const cutoffs = await this.cutoffs.deleteExpired(this.clock.now());
    const refresh = await this.refreshTokens.purgeExpired();
    return { revoked: denied + cutoffs, refresh };
  }
}
