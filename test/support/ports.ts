import { createServer } from 'node:net';

/**
 * A TCP port on the loopback interface that was free a moment ago: for a server a test starts
 * there (so JWT_ISSUER can be its base URL), or for an issuer that is down (nothing listens).
 * No jest here: the benchmarks (bench/) use it too.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no TCP port'));
        else resolve(address.port);
      });
    });
  });
}
