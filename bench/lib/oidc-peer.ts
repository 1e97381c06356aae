import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../test/support/ports';
import { startNode } from './processes';
import { clientCredentialsRequest, TokenGrant } from './token-grant';

const PEER = join(__dirname, '..', 'apps', 'oidc-provider-peer.app.js');

export interface RunningPeer {
  /** The peer's client_credentials request, as a load run sends it. */
  grant: TokenGrant;
  stop: () => Promise<void>;
}

/** node-oidc-provider 9 in its own process on a free loopback port, like the Warden target. */
export async function startOidcPeer(): Promise<RunningPeer> {
  const port = await freePort();
  const clientId = 'bench-peer';
  const clientSecret = randomBytes(32).toString('base64url');
  const process = await startNode(
    PEER,
    [String(port)],
    { NODE_ENV: 'production', BENCH_CLIENT_ID: clientId, BENCH_CLIENT_SECRET: clientSecret },
    /listening/,
  );
  return {
    grant: clientCredentialsRequest(
      `http://127.0.0.1:${port}/token`,
      clientId,
      clientSecret,
      // Its client is allowed the same permission Warden's bench client holds.
      'grant_type=client_credentials&scope=reports%3Aread',
    ),
    stop: () => process.stop(),
  };
}
