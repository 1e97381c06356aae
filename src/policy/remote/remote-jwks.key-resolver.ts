import { Logger } from '@nestjs/common';
import type { KeyResolver, ResolvedKey } from '../key-resolver';
import type { JwsAlgorithm } from '../jwt/jws-header.check';
import { cacheLifetimeSeconds } from './cache-control';
import { parseJwk } from './jwk.parse';
import type { JwksStatus } from './jwks-status';

export interface RemoteJwksOptions {
  /** Where the JWK Set is served, e.g. `https://auth.example.com/.well-known/jwks.json`. */
  jwksUri: string;
  /** Keys whose `alg` is not in this allow-list are never loaded. */
  algorithms: readonly JwsAlgorithm[];
  /** Load only keys with these RFC 7638 thumbprints (key pinning). */
  allowedThumbprints?: readonly string[];
  /** Upper bound on how long a fetched key set counts as fresh, in seconds. Default 600. */
  cacheMaxAge?: number;
  /** Least time between two fetches, in seconds, whatever triggers them. Default 30. */
  cooldown?: number;
  /** Per-fetch timeout in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** The current time in epoch milliseconds. Default Date.now. */
  now?: () => number;
  /** The fetch implementation. Default the global fetch. */
  fetch?: typeof fetch;
}

interface CachedKey {
  resolved: ResolvedKey;
  /** The JWK as served: an unchanged key keeps its KeyObject, and so its verified tokens. */
  source: string;
}

const MAX_JWKS_BYTES = 512 * 1024;
const MAX_REMEMBERED_UNKNOWN_KIDS = 10_000;

/**
 * A KeyResolver backed by a remote JWK Set (RFC 7517), built to survive key rotation and outages:
 * - each JWK is parsed once into a KeyObject; answers for known, fresh keys are synchronous;
 * - the set stays fresh for the response's `Cache-Control: max-age`, bounded by `cacheMaxAge`;
 * - an unknown kid triggers one refetch, shared by every request waiting on it (single flight),
 *   and at most one fetch per `cooldown`; unknown kids are then remembered for a cooldown, so a
 *   flood of made-up kids costs no fetches;
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
export class RemoteJwksKeyResolver implements KeyResolver {
  private readonly logger = new Logger(RemoteJwksKeyResolver.name);
  private readonly algorithms: ReadonlySet<string>;
  private readonly allowedThumbprints?: ReadonlySet<string>;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private keys = new Map<string, CachedKey>();
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
    this.algorithms = new Set(options.algorithms);
    if (options.allowedThumbprints !== undefined) {
      this.allowedThumbprints = new Set(options.allowedThumbprints);
    }
    this.maxAgeMs = (options.cacheMaxAge ?? 600) * 1000;
    this.cooldownMs = (options.cooldown ?? 30) * 1000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** How many times the JWKS was requested: for metrics, and for tests to assert bounds. */
  get fetchCount(): number {
    return this.fetches;
  }

  /** Nest lifecycle hook: start loading the keys, so the first request rarely waits. */
  onApplicationBootstrap(): void {
    void this.refresh();
  }

  resolve(kid: string): ResolvedKey | undefined | Promise<ResolvedKey | undefined> {
    const now = this.now();
    const known = this.keys.get(kid)?.resolved;
    if (known !== undefined) {
      if (now < this.freshUntil || !this.mayFetch(now)) return known;
      // Stale: revalidate once (shared), then answer from whatever set we then hold.
      return this.refresh().then(() => this.keys.get(kid)?.resolved);
    }
    const rememberedUntil = this.unknownKids.get(kid);
    if (rememberedUntil !== undefined && now < rememberedUntil) return undefined;
    if (this.inFlight === undefined && !this.mayFetch(now)) {
      this.rememberUnknown(kid, now);
      return undefined;
    }
    return this.refresh().then(() => this.lookupAfterFetch(kid));
  }

  /** Fetches the key set now, or joins the fetch in flight. Never rejects. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeySet().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
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

  private lookupAfterFetch(kid: string): ResolvedKey | undefined {
    const found = this.keys.get(kid)?.resolved;
    if (found === undefined) this.rememberUnknown(kid, this.now());
    return found;
  }

  private rememberUnknown(kid: string, now: number): void {
    if (this.unknownKids.size >= MAX_REMEMBERED_UNKNOWN_KIDS) {
      const oldest = this.unknownKids.keys().next();
      if (oldest.done !== true) this.unknownKids.delete(oldest.value);
    }
    // Until the next fetch may happen anyway: asking again before then cannot change the answer.
    this.unknownKids.set(kid, Math.max(now, this.lastAttemptAt) + this.cooldownMs);
  }

  private async fetchKeySet(): Promise<void> {
    this.lastAttemptAt = this.now();
    this.fetches++;
    try {
      const response = await this.fetchImpl(this.options.jwksUri, {
        headers: {
          accept: 'application/jwk-set+json, application/json',
          ...(this.etag === undefined ? {} : { 'if-none-match': this.etag }),
        },
        // The URI is configuration; a redirect elsewhere is not followed.
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const lifetime = cacheLifetimeSeconds(response.headers.get('cache-control'));
      if (response.status === 304 && this.keys.size > 0) {
        await response.body?.cancel();
      } else {
        this.keys = this.parseKeySet(await readJson(response));
        this.etag = response.headers.get('etag') ?? undefined;
      }
      this.succeeded(lifetime);
    } catch (error) {
      this.failed(error);
    }
  }

  private parseKeySet(body: unknown): Map<string, CachedKey> {
    const list = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : [];
    if (!Array.isArray(list)) throw new Error('the response has no "keys" array');
    const next = new Map<string, CachedKey>();
    const skipped: string[] = [];
    for (const jwk of list) {
      const source = JSON.stringify(jwk);
      const parsed = parseJwk(jwk, {
        algorithms: this.algorithms,
        allowedThumbprints: this.allowedThumbprints,
      });
      if ('skipped' in parsed) {
        skipped.push(parsed.skipped);
        continue;
      }
      const kid = parsed.key.kid;
      if (next.has(kid)) throw new Error(`kid ${kid} appears twice`);
      const previous = this.keys.get(kid);
      next.set(kid, previous?.source === source ? previous : { resolved: parsed.key, source });
    }
    if (skipped.length > 0) this.logger.debug(`JWKS keys skipped: ${skipped.join('; ')}`);
    if (next.size === 0) throw new Error('the key set holds no usable key');
    return next;
  }

  private succeeded(lifetimeSeconds: number | undefined): void {
    const now = this.now();
    const lifetimeMs = Math.min(lifetimeSeconds ?? Infinity, this.maxAgeMs / 1000) * 1000;
    this.freshUntil = now + lifetimeMs;
    this.lastSuccessAt = now;
    this.lastFetchOk = true;
    this.unknownKids.clear();
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
    // Once per outage: a down endpoint is retried at most once per cooldown, logged once.
    if (this.consecutiveFailures > 1) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `JWKS fetch from ${this.options.jwksUri} failed (${reason}); serving the last good key set (${this.keys.size} keys)`,
    );
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const text = await response.text();
  if (text.length > MAX_JWKS_BYTES) throw new Error('the response is too large');
  return JSON.parse(text) as unknown;
}

function finiteDate(epochMs: number | undefined): Date | undefined {
  return epochMs === undefined || !Number.isFinite(epochMs) ? undefined : new Date(epochMs);
}
