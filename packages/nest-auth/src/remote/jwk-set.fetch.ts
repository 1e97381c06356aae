import type { ResolvedKey } from '../key-resolver';
import { cacheLifetimeSeconds } from './cache-control';
import { JwkRules, parseJwk } from './jwk.parse';

/** One loaded key and the JWK it came from. */
export interface CachedKey {
  resolved: ResolvedKey;
  /** The JWK as served: an unchanged key keeps its KeyObject, and so its verified tokens. */
  source: string;
}

export interface JwkSetRequest {
  uri: string;
  /** The ETag of the set held, sent as If-None-Match (RFC 9110 §13.1.2). */
  etag?: string;
  fetch: typeof fetch;
  signal: AbortSignal;
}

/** What one fetch brought: a new set and its validator, or 304 (the held set is still current). */
export type JwkSetResponse =
  | { notModified: true; lifetimeSeconds?: number }
  | { notModified: false; body: unknown; etag?: string; lifetimeSeconds?: number };

const MAX_JWKS_BYTES = 512 * 1024;

/** GETs the JWK Set. Throws on a network error, a timeout, a non-2xx answer or a bad body. */
export async function fetchJwkSet(request: JwkSetRequest): Promise<JwkSetResponse> {
  const response = await request.fetch(request.uri, {
    headers: {
      accept: 'application/jwk-set+json, application/json',
      ...(request.etag === undefined ? {} : { 'if-none-match': request.etag }),
    },
    // The URI is configuration; a redirect elsewhere is not followed.
    redirect: 'error',
    signal: request.signal,
  });
  const lifetimeSeconds = cacheLifetimeSeconds(response.headers.get('cache-control'));
  if (response.status === 304 && request.etag !== undefined) {
    await response.body?.cancel();
    return { notModified: true, lifetimeSeconds };
  }
  const body = await readJson(response);
  return {
    notModified: false,
    body,
    etag: response.headers.get('etag') ?? undefined,
    lifetimeSeconds,
  };
}

/**
 * The usable keys of a JWK Set body, reusing the held entry of every key served unchanged.
 * Throws when the body is not a key set, repeats a kid, or holds no usable key: the caller
 * then keeps the set it holds rather than serving an empty one.
 */
export function parseJwkSet(
  body: unknown,
  rules: JwkRules,
  held: ReadonlyMap<string, CachedKey>,
): { keys: Map<string, CachedKey>; skipped: string[] } {
  const list = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : [];
  if (!Array.isArray(list)) throw new Error('the response has no "keys" array');
  const keys = new Map<string, CachedKey>();
  const skipped: string[] = [];
  for (const jwk of list) {
    const source = JSON.stringify(jwk);
    const parsed = parseJwk(jwk, rules);
    if ('skipped' in parsed) {
      skipped.push(parsed.skipped);
      continue;
    }
    const kid = parsed.key.kid;
    if (keys.has(kid)) throw new Error(`kid ${kid} appears twice`);
    const previous = held.get(kid);
    keys.set(kid, previous?.source === source ? previous : { resolved: parsed.key, source });
  }
  if (keys.size === 0) throw new Error('the key set holds no usable key');
  return { keys, skipped };
}

async function readJson(response: Response): Promise<unknown> {
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_JWKS_BYTES) {
    await response.body?.cancel();
    throw new Error('the response is too large');
  }
  const text = await response.text();
  if (Buffer.byteLength(text) > MAX_JWKS_BYTES) throw new Error('the response is too large');
  return JSON.parse(text) as unknown;
}

/** A fetch failure for the log: undici says "fetch failed" and puts the reason in `cause`. */
export function describeFetchFailure(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, cause } = error as { message?: unknown; cause?: { code?: unknown } };
  const text = typeof message === 'string' ? message : 'unknown error';
  return typeof cause?.code === 'string' ? `${text}: ${cause.code}` : text;
}
