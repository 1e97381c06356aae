import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP listener a hostile token can point at (`jku`, `x5u`): it records every request it
 * receives, so a test can show that nothing a token names is ever fetched.
 */
export interface FetchListener {
  url: string;
  /** `METHOD path` of every request received so far. */
  fetches: string[];
  close: () => Promise<void>;
}

export async function startFetchListener(body: () => unknown): Promise<FetchListener> {
  const fetches: string[] = [];
  const server: Server = createServer((request, response) => {
    fetches.push(`${request.method} ${request.url}`);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(body()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
