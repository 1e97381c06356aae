import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CLOCK, Clock, epochSeconds } from '../common/clock';
import { APP_CONFIG, AppConfig } from '../config';
import type { AccessTokenClaims } from '../policy/access-token-claims';
import type { RevocationChecker } from '../policy/revocation-checker';
import { parseTokenCutoff, TOKEN_CUTOFF_CHANNEL } from '../users/token-cutoff';
import { UsersService } from '../users/users.service';
import { DELEGATED_TOKEN_MAX_TTL } from './access-token-claims.builder';
import { PgListener } from '../database/pg-listener';
import { REVOCATIONS_CHANNEL } from './revoked-tokens.repository';
import { firstValidIssueSecond, RevocationState } from './revocation.state';
import { RevokedJti, RevokedTokensRepository } from './revoked-tokens.repository';

/** jtis per NOTIFY: keeps a payload far below PostgreSQL's 8000-byte limit. */
const JTIS_PER_NOTIFICATION = 100;

/**
 * The service's RevocationChecker (provided as REVOCATION_CHECKER): answers from memory, so the
 * guard never waits on the database. The database is the truth (`revoked_tokens`,
 * `users.tokens_valid_after`); every replica learns of a revocation at once through NOTIFY
 * (`warden_revocations` for jtis, UsersModule's `warden_token_cutoff` for users), and re-reads
 * both every KEY_RELOAD_INTERVAL seconds as a backstop for notifications missed while its
 * LISTEN connection was down (DESIGN.md §8).
 */
@Injectable()
export class RevocationService implements RevocationChecker, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RevocationService.name);
  private readonly state = new RevocationState();
  private listener: PgListener | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private pollFailing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RevokedTokensRepository,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load();
    const { url } = this.dataSource.options as { url?: string };
    if (!url) throw new Error('The revocation service needs a database URL to listen on');
    this.listener = new PgListener(url, {
      name: 'RevocationListener',
      applicationName: 'warden-revocations-listener',
      channels: [REVOCATIONS_CHANNEL, TOKEN_CUTOFF_CHANNEL],
      onNotification: (channel, payload) => this.applyNotification(channel, payload),
      onReconnect: () => void this.refresh(),
      whileDown: 'polling keeps revocations fresh',
    });
    this.listener.start();
    this.pollTimer = setInterval(() => void this.refresh(), this.config.keys.reloadInterval * 1000);
    this.pollTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.pollTimer);
    await this.listener?.stop();
  }

  isRevoked(claims: AccessTokenClaims): boolean {
    return this.state.isRevoked(claims);
  }

  /**
   * The first `iat` a new token of `sub` may carry, when its tokens were revoked within the
   * current second (see firstValidIssueSecond); undefined when nothing constrains it.
   */
  earliestIssuedAt(sub: string): number | undefined {
    return this.state.validFrom(sub);
  }

  /** Denies these access tokens until their `exp`, here at once and on every replica. */
  async revokeAccessTokens(tokens: readonly RevokedJti[]): Promise<void> {
    if (tokens.length === 0) return;
    for (const { jti, exp } of tokens) this.state.revokeJti(jti, exp);
    await this.repository.insert(tokens);
    for (let i = 0; i < tokens.length; i += JTIS_PER_NOTIFICATION) {
      const chunk = tokens.slice(i, i + JTIS_PER_NOTIFICATION);
      await this.repository.notify(JSON.stringify({ j: chunk.map(({ jti, exp }) => [jti, exp]) }));
    }
  }

  /**
   * Refuses, here and at once, every token of `sub` issued up to `revokedAt` (UsersModule has
   * stored it as the user's `tokens_valid_after` and announced it to the other replicas).
   * Returns the first `iat` second still accepted.
   */
  applyCutoff(sub: string, revokedAt: Date): number {
    const validFrom = firstValidIssueSecond(revokedAt);
    this.state.revokeSubject(sub, validFrom);
    return validFrom;
  }

  /** Re-reads the tables; failures are logged once and the state in memory stays in use. */
  async refresh(): Promise<void> {
    try {
      await this.load();
      if (this.pollFailing) this.logger.log('Revocation refresh recovered');
      this.pollFailing = false;
    } catch (error) {
      if (this.pollFailing) return;
      this.pollFailing = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Could not refresh revocations (${reason}); serving those in memory`);
    }
  }

  /** Applies a notification; anything malformed is ignored (the next poll decides). */
  applyNotification(channel: string, payload: string): void {
    if (channel === TOKEN_CUTOFF_CHANNEL) {
      const cutoff = parseTokenCutoff(payload);
      if (cutoff) this.applyCutoff(cutoff.userId, new Date(cutoff.validAfter));
      return;
    }
    const message = parseJson(payload);
    if (typeof message !== 'object' || message === null) return;
    const { j } = message as { j?: unknown };
    if (!Array.isArray(j)) return;
    for (const entry of j as unknown[]) {
      if (!Array.isArray(entry)) continue;
      const [jti, exp] = entry as unknown[];
      if (typeof jti === 'string' && Number.isSafeInteger(exp))
        this.state.revokeJti(jti, exp as number);
    }
  }

  /** Entries in memory, for diagnostics and tests. */
  get size(): { jtis: number; subjects: number } {
    return this.state.size;
  }

  private async load(): Promise<void> {
    const now = epochSeconds(this.clock);
    const { clockTolerance } = this.config.jwt;
    const maxTokenTtl = this.maxTokenTtl();
    const [jtis, subjects] = await Promise.all([
      this.repository.listUnexpired(new Date((now - clockTolerance) * 1000)),
      this.users.tokenCutoffs(new Date((now - maxTokenTtl - clockTolerance - 1) * 1000)),
    ]);
    this.state.merge({
      jtis: jtis.map(({ jti, exp }) => [jti, exp] as const),
      cutoffs: subjects.map(
        ({ userId, validAfter }) => [userId, firstValidIssueSecond(new Date(validAfter))] as const,
      ),
    });
    this.state.prune(now, clockTolerance, maxTokenTtl);
  }

  private maxTokenTtl(): number {
    const { accessTokenTtl, serviceTokenTtl } = this.config.jwt;
    return Math.max(accessTokenTtl, serviceTokenTtl, DELEGATED_TOKEN_MAX_TTL);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
