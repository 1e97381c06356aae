import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  durationSeconds?: number;
  /** Stop after this many requests instead of after the duration. */
  amount?: number;
  /** Called per request to vary the request (e.g. a fresh refresh token each time). */
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
}

export interface LoadResult {
  requestsPerSecond: number;
  completed: number;
  non2xx: number;
  errors: number;
  latencyP99Ms: number;
}

/** One autocannon run over loopback, keep-alive, like BENCHMARKS.md's anchors (50 connections). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 3,
    amount: options.amount,
    requests: options.setupRequest ? [{ setupRequest: options.setupRequest }] : undefined,
  });
  return {
    requestsPerSecond: result.requests.average,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyP99Ms: result.latency.p99,
  };
}

/** Fails loudly if a run was not the clean success it was meant to measure. */
export function expectClean(name: string, result: LoadResult): LoadResult {
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${name}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  }
  return result;
}
