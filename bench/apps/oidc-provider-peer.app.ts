import { generateKeyPairSync } from 'node:crypto';
import type { Configuration } from 'oidc-provider';

/**
 * node-oidc-provider 9 as the peer of Warden's client_credentials grant: one confidential client
 * (client_secret_basic), and one resource server, the default resource of every grant, whose
 * access tokens are RS256 JWTs (RFC 9068), as Warden's are. In-memory adapter (the default).
 * argv: <port>; env BENCH_CLIENT_ID, BENCH_CLIENT_SECRET.
 */
const [port] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const RESOURCE = 'urn:warden:bench-api';
const SCOPE = 'reports:read';

function configuration(): Configuration {
  // 2048 bits, like Warden's RS256 keys: the same signature cost per grant.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256' };
  return {
    clients: [
      {
        client_id: process.env.BENCH_CLIENT_ID ?? '',
        client_secret: process.env.BENCH_CLIENT_SECRET ?? '',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: SCOPE,
      },
    ],
    jwks: { keys: [jwk] },
    scopes: [SCOPE],
    ttl: { ClientCredentials: 3600 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: SCOPE,
          audience: RESOURCE,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  };
}

async function main(): Promise<void> {
  // oidc-provider is ESM only; this file compiles to CommonJS, where import() stays import().
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, configuration());
  const server = provider.listen(Number(port), '127.0.0.1', () => {
    process.stdout.write(`oidc-provider peer listening on ${port}\n`);
  });
  const close = (): void => void server.close(() => process.exit(0));
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

void main();
