import { AddressInfo, createServer } from 'node:net';

/** The HTTP port is taken: the one line Warden prints for it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';

  constructor(readonly port: number) {
    super(`port ${port} is in use: set PORT`);
  }
}

/**
 * Fails before anything starts (the embedded database, migrations) when the port is taken,
 * rather than after all of it. Other listen errors are left for the real listen to report.
 */
export async function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? reject(new PortInUseError(port)) : resolve(),
    );
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** "listen EADDRINUSE", from the real listen (a race with another program after the probe). */
export function isAddressInUse(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'EADDRINUSE';
}

/**
 * The "listening on" line, from the address actually bound. `localhost` is shown only for an
 * all-interfaces address, and said to be one.
 */
export function listeningLine(address: AddressInfo | string | null, docs = true): string {
  const docsAt = (base: string): string => (docs ? `API docs: ${base}/docs` : 'API docs disabled');
  if (address === null || typeof address === 'string') {
    return `Warden is listening on ${address ?? 'an unknown address'} (${docsAt('')})`;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (address.address !== '0.0.0.0' && address.address !== '::') {
    return `Warden is listening on ${url} (${docsAt(url)})`;
  }
  const interfaces = address.address === '::' ? 'every interface' : 'every IPv4 interface';
  return (
    `Warden is listening on ${url}, ${interfaces} ` +
    `(from this machine: http://localhost:${address.port}, ${docsAt('')})`
  );
}
