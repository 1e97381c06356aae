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

/**
 * How far before its previous read a poll looks back, seconds. A row is stamped when its
 * statement runs but becomes visible only at its transaction's commit: this covers writers
 * committing up to a minute late (NOTIFY still tells of later ones, and a reconnect of the
 * LISTEN connection re-reads everything).
 */
const POLL_LOOK_BACK_SECONDS = 60;

/** Rows merged between two yields to the event loop, so a large read never stalls requests. */
const MERGE_CHUNK = 10_000;

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
 * UsersModule's `warden_token_cutoff` for users), and polls the tables every
 * KEY_RELOAD_INTERVAL seconds as a backstop for notifications missed while its LISTEN
 * connection was down (docs/architecture.md §8); a replica starting later loads the same state.
 * The start-up and each reconnect of the LISTEN connection read every unexpired row; a poll
 * reads only the rows written since the previous read (a watermark on the database's clock,
 * less POLL_LOOK_BACK_SECONDS), since re-reading a large denylist every few seconds costs every
 * route latency.
 */
@Injectable()
export class RevocationService implements RevocationChecker, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RevocationService.name);
  private readonly state = new RevocationState();
  private readonly cutoffs: SubjectCutoffsRepository;
  private listener: PgListener | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private pollFailing = false;
  /** Read from here on at the next poll, per table; unset until a full read has succeeded. */
  private jtisSince: Date | undefined;
  private deletedSince: Date | undefined;
  /** The poll in flight: a timer tick finding one running skips rather than piling up. */
  private polling: Promise<void> | undefined;

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
    await this.load(true);
    const { url } = this.dataSource.options as { url?: string };
    if (!url) throw new Error('The revocation service needs a database URL to listen on');
    this.listener = new PgListener(url, {
      name: 'RevocationListener',
      applicationName: 'warden-revocations-listener',
      channels: [REVOCATIONS_CHANNEL, TOKEN_CUTOFF_CHANNEL],
      onNotification: (channel, payload) => this.applyNotification(channel, payload),
      // Notifications may have been missed for any length of time: read everything again.
      onReconnect: () => void this.refresh(true),
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

  /**
   * Polls the tables: what was written since the previous read, or with `full` every unexpired
   * row. Only adds to the state (then drops what has expired). Failures are logged once and the
   * state in memory stays in use; the watermark stays too, so the next poll reads what this one
   * missed.
   */
  async refresh(full = false): Promise<void> {
    if (full) return this.guarded(this.load(true));
    if (this.polling) return this.polling;
    this.polling = this.guarded(this.load(false)).finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async guarded(read: Promise<void>): Promise<void> {
    try {
      await read;
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

  /** Reads the tables (every unexpired row, or those written since the watermarks), merges. */
  private async load(full: boolean): Promise<void> {
    const now = epochSeconds(this.clock);
    const { clockTolerance } = this.config.jwt;
    const maxTokenTtl = longestTokenLifetime(this.config.jwt);
    const jtisSince = full ? undefined : this.jtisSince;
    const deletedSince = full ? undefined : this.deletedSince;
    // Users' cut-offs are read as ever: only those recent enough to refuse an unexpired token,
    // on `users_tokens_valid_after_idx`. They are stamped by the writer's clock, so the
    // database-clock watermark cannot bound them.
    const [jtis, users, deleted] = await Promise.all([
      this.repository.listUnexpired(new Date((now - clockTolerance) * 1000), jtisSince),
      this.users.tokenCutoffs(new Date((now - maxTokenTtl - clockTolerance - 1) * 1000)),
      this.cutoffs.listUnexpired(this.clock.now(), deletedSince),
    ]);
    const cutoffs = users.map(({ userId, validAfter }): [string, number] => [
      userId,
      firstValidIssueSecond(new Date(validAfter)),
    ]);
    const clientCutoffs: [string, number][] = [];
    for (const { subject, validAfter } of deleted.rows) {
      const validFrom = firstValidIssueSecond(validAfter);
      const clientId = clientIdOfSubject(subject);
      if (clientId === undefined) cutoffs.push([subject, validFrom]);
      else clientCutoffs.push([clientId, validFrom]);
    }
    this.state.merge({ jtis: [], cutoffs, clientCutoffs });
    await this.mergeJtis(jtis.rows);
    this.state.prune(epochSeconds(this.clock), clockTolerance, maxTokenTtl);
    // Moved only once merged, and never backwards (a reconnect's read may overlap a poll).
    this.jtisSince = later(this.jtisSince, lookBack(jtis.readAt));
    this.deletedSince = later(this.deletedSince, lookBack(deleted.readAt));
  }

  /** Adds the ids in chunks, yielding between them: a full read may hold 100,000 of them. */
  private async mergeJtis(jtis: readonly RevokedJti[]): Promise<void> {
    for (let start = 0; start < jtis.length; start += MERGE_CHUNK) {
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const end = Math.min(start + MERGE_CHUNK, jtis.length);
      for (let i = start; i < end; i += 1) this.state.revokeJti(jtis[i].jti, jtis[i].exp);
    }
  }
}

function lookBack(readAt: Date): Date {
  return new Date(readAt.getTime() - POLL_LOOK_BACK_SECONDS * 1000);
}

function later(current: Date | undefined, next: Date): Date {
  return current && current > next ? current : next;
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
