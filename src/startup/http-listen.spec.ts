import { createServer, Server } from 'node:net';
import { assertPortFree, listeningLine, PortInUseError } from './http-listen';

describe(listeningLine.name, () => {
  it('does not point at /docs when the docs are off', () => {
    expect(listeningLine({ address: '127.0.0.1', family: 'IPv4', port: 3000 }, false)).toBe(
      'Warden is listening on http://127.0.0.1:3000 (API docs disabled)',
    );
  });

  it('shows a specific address as bound', () => {
    expect(listeningLine({ address: '127.0.0.1', family: 'IPv4', port: 3000 })).toBe(
      'Warden is listening on http://127.0.0.1:3000 (API docs: http://127.0.0.1:3000/docs)',
    );
    expect(listeningLine({ address: '::1', family: 'IPv6', port: 3000 })).toBe(
      'Warden is listening on http://[::1]:3000 (API docs: http://[::1]:3000/docs)',
    );
  });

  it('names localhost only for an all-interfaces address, and says it is one', () => {
    expect(listeningLine({ address: '0.0.0.0', family: 'IPv4', port: 8080 })).toBe(
      'Warden is listening on http://0.0.0.0:8080, every IPv4 interface ' +
        '(from this machine: http://localhost:8080, API docs: /docs)',
    );
    expect(listeningLine({ address: '::', family: 'IPv6', port: 8080 })).toBe(
      'Warden is listening on http://[::]:8080, every interface ' +
        '(from this machine: http://localhost:8080, API docs: /docs)',
    );
  });

  it('shows a pipe path as it is', () => {
    expect(listeningLine('/run/warden.sock')).toBe(
      'Warden is listening on /run/warden.sock (API docs: /docs)',
    );
  });
});

describe(assertPortFree.name, () => {
  let occupier: Server;
  let port: number;
  beforeEach(async () => {
    occupier = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    port = (occupier.address() as { port: number }).port;
  });
  afterEach(() => new Promise<void>((resolve) => occupier.close(() => resolve())));

  it('refuses a taken port with the one line to print', async () => {
    await expect(assertPortFree('127.0.0.1', port)).rejects.toEqual(new PortInUseError(port));
    await expect(assertPortFree('127.0.0.1', port)).rejects.toThrow(
      `port ${port} is in use: set PORT`,
    );
  });

  it('lets a free port (and port 0, any port) through, leaving it free', async () => {
    await new Promise<void>((resolve) => occupier.close(() => resolve()));
    occupier = createServer();

    await expect(assertPortFree('127.0.0.1', port)).resolves.toBeUndefined();
    await expect(assertPortFree('127.0.0.1', 0)).resolves.toBeUndefined();
    await new Promise<void>((resolve) => occupier.listen(port, '127.0.0.1', resolve));
  });
});
