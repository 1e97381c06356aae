import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CLOCK, epochSeconds } from '@warden/nest-auth';
import type { AccessTokenClaims, Clock, RevocationChecker } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { SubjectCutoffsRepository } from '../users/subject-cutoffs.repository';
import { parseTokenCutoff, TOKEN_CUTOFF_CHANNEL } from '../users/token-cutoff';
import { UsersService } from '../users/users.service';
import { PgListener } from '../database/pg-listener';
import { clientIdOfSubject, clientSubject } from './clients/service-client';
import { firstValidIssueSecond, RevocationState } from './revocation.state';
import {
  REVOCATIONS_CHANNEL,
  RevokedJti,
  RevokedTokensRepository,
} from './revoked-tokens.repository';
import { longestTokenLifetime, revocationExpiry } from './token-lifetime';

/** Entries per NOTIFY: keeps a payload far below PostgreSQL's 8000-byte limit. */
const JTIS_PER_NOTIFICATION = 100;

/** A deleted client: every token issued to it or of it up to `revokedAt` is refused. */
export interface ClientCutoff {
  clientId: string;
  revokedAt: Date;
}

/** What one write revokes: denied ids (`jti` or `sid`) and cut-offs of deleted clients. */
export interface Revocations {
  tokens?: readonly RevokedJti[];
  clients?: readonly ClientCutoff[];
}

/**
 * The service's RevocationChecker (provided as REVOCATION_CHECKER): answers from memory, so the
 * guard never waits on the database. The database is the truth (`revoked_tokens`,
 * `users.tokens_valid_after`, `subject_cutoffs`), and memory never runs ahead of it: a
 * revocation changes this replica's state only once its write has committed. Every replica
 * learns of it at once through NOTIFY (`warden_revocations` for ids and deleted clients,
 * UsersModule's `warden_token_cutoff` for users), and re-reads the tables every
 * KEY_RELOAD_INTERVAL seconds as a backstop for notifications missed while its LISTEN
 * connection was down (docs/architecture.md §8); a replica starting later loads the same state.
 */
@Injectable()
export class RevocationService implements RevocationChecker, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RevocationService.name);
  private readonly state = new RevocationState();
  private readonly cutoffs: SubjectCutoffsRepository;
  private listener: PgListener | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private pollFailing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RevokedTokensRepository,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cutoffs = new SubjectCutoffsRepository(dataSource.manager);
  }

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

  /** Denies these access tokens until their `exp`, on every replica once stored. */
  async revokeAccessTokens(tokens: readonly RevokedJti[]): Promise<void> {
    if (tokens.length === 0) return;
    await this.commit(() => Promise.resolve({ tokens }));
  }

  /**
   * Runs `write`, then stores and announces what it returns, in one transaction (PostgreSQL
   * delivers a NOTIFY only on commit). This replica's memory changes after the commit: a write
   * that fails (a 503 when the database is down) leaves every replica as it was.
   */
  async commit(write: (manager: EntityManager) => Promise<Revocations>): Promise<Revocations> {
    const revocations = await this.repository.transaction(async (manager) => {
      const written = await write(manager);
      await this.store(written, manager);
      return written;
    });
    this.apply(revocations);
    return revocations;
  }

  /**
   * Denylist entries for these sessions (refresh families): tokens carry their session id as
   * `sid`, and none issued before the revocation outlives the longest token lifetime.
   */
  sessionDenials(sessionIds: readonly string[]): RevokedJti[] {
    const exp = Math.ceil(revocationExpiry(this.clock.now(), this.config.jwt).getTime() / 1000);
    return sessionIds.map((jti) => ({ jti, exp }));
  }

  /**
   * Refuses, here and at once, every token of `sub` issued up to `revokedAt`. Only for a
   * cut-off already committed (UsersModule has stored it as the user's `tokens_valid_after`
   * and announced it to the other replicas). Returns the first `iat` second still accepted.
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
    const { j, c } = message as { j?: unknown; c?: unknown };
    for (const [id, exp] of pairs(j)) this.state.revokeJti(id, exp);
    for (const [clientId, validFrom] of pairs(c)) this.state.revokeClient(clientId, validFrom);
  }

  /** Entries in memory, for diagnostics and tests. */
  get size(): { jtis: number; subjects: number; clients: number } {
    return this.state.size;
  }

  private async store(revocations: Revocations, manager: EntityManager): Promise<void> {
    const { tokens = [], clients = [] } = revocations;
    if (tokens.length > 0) await this.repository.insert(tokens, manager);
    for (let i = 0; i < tokens.length; i += JTIS_PER_NOTIFICATION) {
      const chunk = tokens.slice(i, i + JTIS_PER_NOTIFICATION);
      const j = chunk.map(({ jti, exp }) => [jti, exp]);
      await this.repository.notify(JSON.stringify({ j }), manager);
    }
    for (const { clientId, revokedAt } of clients) {
      const subject = clientSubject(clientId);
      const expiresAt = revocationExpiry(revokedAt, this.config.jwt);
      await this.cutoffs.save({ subject, validAfter: revokedAt }, expiresAt, manager);
      const c = [[clientId, firstValidIssueSecond(revokedAt)]];
      await this.repository.notify(JSON.stringify({ c }), manager);
    }
  }

  private apply({ tokens = [], clients = [] }: Revocations): void {
    for (const { jti, exp } of tokens) this.state.revokeJti(jti, exp);
    for (const { clientId, revokedAt } of clients) {
      this.state.revokeClient(clientId, firstValidIssueSecond(revokedAt));
    }
  }

  private async load(): Promise<void> {
    const now = epochSeconds(this.clock);
    const { clockTolerance } = this.config.jwt;
    const maxTokenTtl = longestTokenLifetime(this.config.jwt);
    const [jtis, users, deleted] = await Promise.all([
      this.repository.listUnexpired(new Date((now - clockTolerance) * 1000)),
      this.users.tokenCutoffs(new Date((now - maxTokenTtl - clockTolerance - 1) * 1000)),
      this.cutoffs.listUnexpired(this.clock.now()),
    ]);
    const cutoffs = users.map(({ userId, validAfter }): [string, number] => [
      userId,
      firstValidIssueSecond(new Date(validAfter)),
    ]);
    const clientCutoffs: [string, number][] = [];
    for (const { subject, validAfter } of deleted) {
      const validFrom = firstValidIssueSecond(validAfter);
      const clientId = clientIdOfSubject(subject);
      if (clientId === undefined) cutoffs.push([subject, validFrom]);
      else clientCutoffs.push([clientId, validFrom]);
    }
    this.state.merge({ jtis: jtis.map(({ jti, exp }) => [jti, exp]), cutoffs, clientCutoffs });
    this.state.prune(now, clockTolerance, maxTokenTtl);
  }
}

/** The well-formed `[string, integer]` entries of a notification's list. */
function* pairs(list: unknown): Generator<[string, number]> {
  if (!Array.isArray(list)) return;
  for (const entry of list as unknown[]) {
    if (!Array.isArray(entry)) continue;
    const [id, value] = entry as unknown[];
    if (typeof id === 'string' && Number.isSafeInteger(value)) yield [id, value as number];
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
