import { Logger } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { KeyResolver, ResolvedKey } from '../key-resolver';
import type { JwsAlgorithm } from '../jwt/jws-header.check';
import type { JwkRules } from './jwk.parse';
import { CachedKey, describeFetchFailure, fetchJwkSet, parseJwkSet } from './jwk-set.fetch';
import { backoffDelayMs, JwksFetchSchedule } from './jwks-fetch.schedule';
import type { JwksStatus } from './jwks-status';
import { abortAfter, JwksTimers, SYSTEM_TIMERS, WaitBudget } from './jwks-timers';
import { KeysUnavailableError } from './remote.errors';

export interface RemoteJwksOptions {
  /** Where the JWK Set is served, e.g. `https://auth.example.com/.well-known/jwks.json`. */
  jwksUri: string;
  /** Keys whose `alg` is not in this allow-list are never loaded. */
  algorithms: readonly JwsAlgorithm[];
  /** Load only keys with these RFC 7638 thumbprints (key pinning). */
  allowedThumbprints?: readonly string[];
  /** Upper bound on how long a fetched key set counts as fresh, in seconds. Default 600. */
  cacheMaxAge?: number;
  /** Least time between two fetches, in seconds, whatever triggers them. Default 1. */
  cooldown?: number;
  /** Longest a request with an unknown kid waits for a fetch, in milliseconds. Default 2000. */
  waitTimeoutMs?: number;
  /** Per-fetch timeout in milliseconds, however long requests wait. Default 5000. */
  timeoutMs?: number;
  /** The current time in epoch milliseconds. Default Date.now. */
  now?: () => number;
  /** The fetch implementation. Default the global fetch. */
  fetch?: typeof fetch;
  /** The timers for waits and retries (tests). Default the global ones, `unref()`ed. */
  timers?: JwksTimers;
}

const MAX_REMEMBERED_UNKNOWN_KIDS = 10_000;

/**
 * A KeyResolver backed by a remote JWK Set (RFC 7517) that never refuses a valid token because
 * of a rotation or an outage:
 * - each JWK is parsed once into a KeyObject; a known kid is always answered at once, and when
 *   the set is stale (its `Cache-Control: max-age`, bounded by `cacheMaxAge`) a refresh starts
 *   behind the answer (stale-while-revalidate, RFC 5861 §3), so a hanging issuer stalls nothing;
 * - an unknown kid refetches as soon as the last fetch is `cooldown` old, or waits for that
 *   moment: one fetch shared by every waiting request (single flight), so a key rotated in is
 *   picked up at once and a flood of made-up kids costs at most one fetch per cooldown. Only
 *   these requests wait, and at most `waitTimeoutMs`;
 * - a kid the resolver cannot look up (no keys yet, the issuer failing or too slow) throws
 *   KeysUnavailableError (503 with Retry-After), never "unknown kid" (401): the token may be good;
 * - with no keys held it retries in the background with backoff (1 s doubling to 30 s);
 * - when the endpoint fails, the last good key set keeps serving (logged once per outage).
 * It never follows `jku`/`x5u` from a token: the URI is configuration, not input.
 *
 * @example
 * ```ts
 * const resolver = new RemoteJwksKeyResolver({
 *   jwksUri: 'https://auth.example.com/.well-known/jwks.json',
 *   algorithms: ['RS256'],
 * });
 * ```
 */
export class RemoteJwksKeyResolver implements KeyResolver, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(RemoteJwksKeyResolver.name);
  private readonly rules: JwkRules;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly waitTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private readonly timers: JwksTimers;
  private readonly schedule: JwksFetchSchedule;
  private readonly stopped = new AbortController();
  private keys = new Map<string, CachedKey>();
  /** Kids absent from a fetch made after they were asked for, until the next fetch may run. */
  private readonly unknownKids = new Map<string, number>();
  private freshUntil = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastSuccessAt?: number;
  private lastFetchOk?: boolean;
  private consecutiveFailures = 0;
  private etag?: string;
  private inFlight?: Promise<void>;
  private fetches = 0;

  constructor(private readonly options: RemoteJwksOptions) {
    this.rules = {
      algorithms: new Set(options.algorithms),
      allowedThumbprints:
        options.allowedThumbprints === undefined ? undefined : new Set(options.allowedThumbprints),
    };
    this.maxAgeMs = (options.cacheMaxAge ?? 600) * 1000;
    this.cooldownMs = (options.cooldown ?? 1) * 1000;
    this.waitTimeoutMs = options.waitTimeoutMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timers = options.timers ?? SYSTEM_TIMERS;
    this.schedule = new JwksFetchSchedule(this.timers, this.now, () => this.refresh());
  }

  /** How many times the JWKS was requested: for metrics, and for tests to assert bounds. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** Nest lifecycle hook: start loading the keys, so the first request rarely waits. */
  onApplicationBootstrap(): void {
    void this.refresh();
  }

  /** Nest lifecycle hooks: no retry fires and no fetch stays open once the app closes. */
  onModuleDestroy(): void {
    this.stop();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  resolve(kid: string): ResolvedKey | undefined | Promise<ResolvedKey | undefined> {
    const now = this.now();
    const known = this.keys.get(kid)?.resolved;
    if (known !== undefined) {
      if (now >= this.freshUntil && this.mayFetch(now)) void this.refresh();
      return known;
    }
    const rememberedUntil = this.unknownKids.get(kid);
    if (rememberedUntil !== undefined && now < rememberedUntil) return undefined;
    return this.lookUpUnknown(kid, now);
  }

  /** Fetches the key set now, or joins the fetch in flight. Never rejects. */
  refresh(): Promise<void> {
    if (this.stopped.signal.aborted) return Promise.resolve();
    this.inFlight ??= this.fetchKeySet().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Stops retrying and aborts the fetch in flight; resolve() still answers from held keys. */
  stop(): void {
    this.stopped.abort();
    this.schedule.cancel();
  }

  /** Health and metrics: whether the last fetch worked, and how much is cached. */
  status(): JwksStatus {
    return {
      jwksUri: this.options.jwksUri,
      lastFetchOk: this.lastFetchOk,
      lastFetchAt: finiteDate(this.lastAttemptAt),
      lastSuccessAt: finiteDate(this.lastSuccessAt),
      keyCount: this.keys.size,
      kids: [...this.keys.keys()],
      consecutiveFailures: this.consecutiveFailures,
      fetchCount: this.fetches,
    };
  }

  private mayFetch(now: number): boolean {
    return now >= this.lastAttemptAt + this.cooldownMs;
  }

  /**
   * Waits, within the budget, through at most two fetches: the one in flight when the kid was
   * asked for (it may predate a rotation), then one started after. A fetch started after the
   * request that lacks the kid settles it: the key is not published.
   */
  private async lookUpUnknown(kid: string, askedAt: number): Promise<ResolvedKey | undefined> {
    const fetchesBefore = this.fetches;
    const budget = new WaitBudget(this.timers, this.waitTimeoutMs);
    try {
      for (let round = 0; round < 2; round++) {
        const pending = this.fetchWorthAwaiting(fetchesBefore, askedAt);
        if (pending === undefined) break;
        const ended = await budget.race(pending);
        const found = this.keys.get(kid)?.resolved;
        if (found !== undefined) return found;
        if (!ended) throw this.unavailable(`no JWKS answer within ${this.waitTimeoutMs} ms`);
      }
    } finally {
      budget.end();
    }
    return this.answerMissing(kid, fetchesBefore);
  }

  /** The fetch that may still bring the kid, if waiting for one is worth it. */
  private fetchWorthAwaiting(fetchesBefore: number, askedAt: number): Promise<void> | undefined {
    if (this.inFlight !== undefined) return this.inFlight;
    if (this.fetches > fetchesBefore || this.stopped.signal.aborted) return undefined;
    const now = this.now();
    if (this.mayFetch(now)) return this.refresh();
    // The issuer is failing: answer 503 now; the backoff and later requests keep trying.
    if (this.lastFetchOk !== true) return undefined;
    // Fetched under a cooldown ago: a key activated since then is worth a wait for the next fetch.
    const untilAllowedMs = this.lastAttemptAt + this.cooldownMs - now;
    const budgetLeftMs = askedAt + this.waitTimeoutMs - now;
    return untilAllowedMs <= budgetLeftMs ? this.schedule.fetchIn(untilAllowedMs) : undefined;
  }

  private answerMissing(kid: string, fetchesBefore: number): undefined {
    if (this.keys.size === 0) throw this.unavailable('no JWKS keys loaded yet');
    if (this.lastFetchOk !== true) throw this.unavailable('the last JWKS fetch failed');
    if (this.fetches > fetchesBefore) this.rememberUnknown(kid);
    return undefined;
  }

  /** The 503: Retry-After is when the next fetch may run, at least a second away. */
  private unavailable(reason: string): KeysUnavailableError {
    const untilAllowedMs = this.lastAttemptAt + this.cooldownMs - this.now();
    return new KeysUnavailableError(reason, Math.max(1, Math.ceil(untilAllowedMs / 1000)));
  }

  private rememberUnknown(kid: string): void {
    if (this.unknownKids.size >= MAX_REMEMBERED_UNKNOWN_KIDS) {
      const oldest = this.unknownKids.keys().next();
      if (oldest.done !== true) this.unknownKids.delete(oldest.value);
    }
    // Until the next fetch may run: asking again before then cannot change the answer.
    this.unknownKids.set(kid, this.lastAttemptAt + this.cooldownMs);
  }

  private async fetchKeySet(): Promise<void> {
    this.lastAttemptAt = this.now();
    this.fetches++;
    // The fetch has its own timeout, longer than any request waits: a slow answer still lands.
    const timeout = abortAfter(this.timers, this.timeoutMs);
    try {
      const response = await fetchJwkSet({
        uri: this.options.jwksUri,
        etag: this.keys.size > 0 ? this.etag : undefined,
        fetch: this.fetchImpl,
        signal: AbortSignal.any([timeout.signal, this.stopped.signal]),
      });
      if (!response.notModified) {
        const { keys, skipped } = parseJwkSet(response.body, this.rules, this.keys);
        if (skipped.length > 0) this.logger.debug(`JWKS keys skipped: ${skipped.join('; ')}`);
        this.keys = keys;
        this.etag = response.etag;
      }
      this.succeeded(response.lifetimeSeconds);
    } catch (error) {
      this.failed(error);
    } finally {
      timeout.clear();
    }
  }

  private succeeded(lifetimeSeconds: number | undefined): void {
    const now = this.now();
    const lifetimeMs = Math.min(lifetimeSeconds ?? Infinity, this.maxAgeMs / 1000) * 1000;
    this.freshUntil = now + lifetimeMs;
    this.lastSuccessAt = now;
    this.lastFetchOk = true;
    this.unknownKids.clear();
    this.schedule.cancel();
    if (this.consecutiveFailures > 0) {
      this.logger.log(
        `JWKS ${this.options.jwksUri} reachable again after ${this.consecutiveFailures} failed fetches; ${this.keys.size} keys loaded`,
      );
    }
    this.consecutiveFailures = 0;
  }

  private failed(error: unknown): void {
    this.lastFetchOk = false;
    this.consecutiveFailures++;
    this.unknownKids.clear();
    if (this.keys.size === 0 && !this.stopped.signal.aborted) {
      // Nothing to serve from: retry on our own rather than wait for requests to ask.
      const untilAllowedMs = this.lastAttemptAt + this.cooldownMs - this.now();
      void this.schedule.fetchIn(
        Math.max(backoffDelayMs(this.consecutiveFailures), untilAllowedMs),
      );
    }
    // Once per outage: the retries that follow are not news.
    if (this.consecutiveFailures > 1) return;
    const reason = describeFetchFailure(error);
    const serving =
      this.keys.size > 0
        ? `serving the last good key set (${this.keys.size} keys)`
        : 'no keys held: tokens answer 503 until it answers; retrying with backoff';
    this.logger.warn(`JWKS fetch from ${this.options.jwksUri} failed (${reason}); ${serving}`);
  }
}

function finiteDate(epochMs: number | undefined): Date | undefined {
  return epochMs === undefined || !Number.isFinite(epochMs) ? undefined : new Date(epochMs);
}
