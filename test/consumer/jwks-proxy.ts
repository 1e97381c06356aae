import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const RELAYED_HEADERS = ['content-type', 'cache-control', 'etag'] as const;

/**
 * Stands in for the issuer's JWKS endpoint on a port the test controls: it relays Warden's real
 * `/.well-known/jwks.json` (ETag and Cache-Control included), or, while `hanging`, accepts each
 * request and never answers it. Started late, it is an issuer coming back; closed, one going away.
 */
export class JwksProxy {
  hanging = false;
  /** Requests accepted and left unanswered. */
  heldRequests = 0;
  private readonly server: Server;

  constructor(private readonly upstream: string) {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  /** Listens on loopback (any free port unless told); returns the JWKS URL. */
  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/.well-known/jwks.json`;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    // Held requests would keep close() waiting forever.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.hanging) {
      this.heldRequests++;
      return;
    }
    try {
      const ifNoneMatch = request.headers['if-none-match'];
      const upstream = await fetch(this.upstream, {
        headers: ifNoneMatch === undefined ? {} : { 'if-none-match': String(ifNoneMatch) },
      });
      const headers: Record<string, string> = {};
      for (const name of RELAYED_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      const body = Buffer.from(await upstream.arrayBuffer());
      response.writeHead(upstream.status, headers).end(body);
    } catch {
      response.writeHead(502).end();
    }
  }
}
