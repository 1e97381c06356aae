import { AccessTokenVerifier } from '@warden/nest-auth';
import type { VerifierFactory } from './crypto-limit.bench';
import { BENCH_AUDIENCE, BENCH_ISSUER } from './lib/tokens';

/**
 * Warden's verifier, as the guard uses it: every check of docs/architecture.md §3 (alg pinned to
 * the key, typ, crit, iss, aud, exp/nbf/iat, required claims). "fresh" turns its cache off, so
 * every call does the full parse and signature check, which is what a never-seen token costs;
 * "reused" measures a token seen before, which still re-checks exp, revocation and the key on each
 * hit.
 */
export const wardenVerifiers: VerifierFactory[] = [
  (key, token) => {
    const verifier = new AccessTokenVerifier(
      { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, algorithms: [key.alg], cacheSize: 0 },
      { resolve: () => ({ kid: key.kid, alg: key.alg, key: key.publicKey }) },
    );
    return {
      name: 'Warden AccessTokenVerifier, fresh token (cache off)',
      async: true,
      role: 'warden-fresh',
      verify: () => verifier.verify(token),
    };
  },
  (key, token) => {
    const verifier = new AccessTokenVerifier(
      { issuer: BENCH_ISSUER, audience: BENCH_AUDIENCE, algorithms: [key.alg] },
      { resolve: () => ({ kid: key.kid, alg: key.alg, key: key.publicKey }) },
    );
    return {
      name: 'Warden AccessTokenVerifier, reused token (cache on)',
      async: true,
      verify: () => verifier.verify(token),
    };
  },
];
