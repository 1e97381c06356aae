import { generateKeyPairSync, JsonWebKey } from 'node:crypto';
import type { JwksTimers } from '../src/remote/jwks-timers';
import { RemoteJwksKeyResolver, RemoteJwksOptions } from '../src/remote/remote-jwks.key-resolver';

export const JWKS_URI = 'https://warden.test/.well-known/jwks.json';

/** A public RS256 signature JWK, as a JWKS serves it. */
export function publicJwk(kid: string, overrides: Record<string, unknown> = {}): JsonWebKey {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig', ...overrides };
}

/** Lets every pending callback, promise and stream step run (no time passes). */
export async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * One clock and its timers: `advance` moves the time and fires every timer that falls due on
 * the way, in order, letting each callback's work settle before the next. Nothing sleeps.
 */
export class FakeTime implements JwksTimers {
  private current = Date.UTC(2026, 0, 1);
  private nextHandle = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  readonly now = (): number => this.current;

  readonly setTimeout = (callback: () => void, delayMs: number): number => {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.current + Math.max(0, delayMs), callback });
    return handle;
  };

  readonly clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Milliseconds until each pending timer fires, soonest first. */
  get pendingDelays(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.current).sort((a, b) => a - b);
  }

  async advance(seconds: number): Promise<void> {
    const target = this.current + seconds * 1000;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      const [handle, timer] = due;
      this.timers.delete(handle);
      this.current = Math.max(this.current, timer.at);
      timer.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** A JWKS endpoint the test controls: its keys, headers and availability, and what it was sent. */
export class FakeJwksEndpoint {
  keys: JsonWebKey[] = [];
  cacheControl = 'public, max-age=300';
  /** When set, served as ETag, and a matching If-None-Match is answered 304. */
  etag?: string;
  /** A raw body served instead of the key set. */
  body?: string;
  status = 200;
  down = false;
  /** Accept and never answer: the request ends only when its signal aborts. */
  hanging = false;
  readonly requests: RequestInit[] = [];
  private gate?: Promise<void>;
  private open?: () => void;

  /** While held, responses wait for release() (to observe concurrent callers). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  get lastHeaders(): Record<string, string> {
    return (this.requests.at(-1)?.headers ?? {}) as Record<string, string>;
  }

  readonly fetch = async (_input: unknown, init: RequestInit = {}): Promise<Response> => {
    this.requests.push(init);
    if (this.hanging) return never(init.signal);
    if (this.gate) await this.gate;
    if (this.down) throw new TypeError('fetch failed: ECONNREFUSED');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'cache-control': this.cacheControl,
      ...(this.etag === undefined ? {} : { etag: this.etag }),
    };
    const ifNoneMatch = (init.headers as Record<string, string> | undefined)?.['if-none-match'];
    if (this.etag !== undefined && ifNoneMatch === this.etag) {
      return new Response(null, { status: 304, headers });
    }
    const body = this.body ?? JSON.stringify({ keys: this.keys });
    return new Response(body, { status: this.status, headers });
  };
}

function never(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/** A resolver on a fake endpoint and fake time, with the library defaults unless overridden. */
export function remoteJwks(options: Partial<RemoteJwksOptions> = {}): {
  sut: RemoteJwksKeyResolver;
  endpoint: FakeJwksEndpoint;
  time: FakeTime;
} {
  const endpoint = new FakeJwksEndpoint();
  const time = new FakeTime();
  const sut = new RemoteJwksKeyResolver({
    jwksUri: JWKS_URI,
    algorithms: ['RS256', 'ES256'],
    now: time.now,
    timers: time,
    fetch: endpoint.fetch,
    ...options,
  });
  return { sut, endpoint, time };
}

/** Watches a (maybe) promise, so a test can tell "still waiting" from "answered". */
export function watch<T>(value: T | Promise<T>): {
  state: 'pending' | 'resolved' | 'rejected';
  value?: unknown;
} {
  const watched: { state: 'pending' | 'resolved' | 'rejected'; value?: unknown } = {
    state: 'pending',
  };
  Promise.resolve(value).then(
    (resolved) => Object.assign(watched, { state: 'resolved', value: resolved }),
    (error: unknown) => Object.assign(watched, { state: 'rejected', value: error }),
  );
  return watched;
}
