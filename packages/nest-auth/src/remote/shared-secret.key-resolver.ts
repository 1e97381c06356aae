import { createSecretKey, KeyObject } from 'node:crypto';
import type { KeyResolver, ResolvedKey } from '../key-resolver';
import type { JwsAlgorithm } from '../jwt/jws-header.check';

/**
 * Shared-secret mode (HS256/HS512): one secret, parsed once, verifies every kid with the one
 * configured algorithm. Use it only where issuer and verifier may hold the same key; every
 * holder of the secret can mint tokens.
 *
 * @example
 * ```ts
 * new SharedSecretKeyResolver(config.jwtSecret, 'HS256')
 * ```
 */
export class SharedSecretKeyResolver implements KeyResolver {
  private readonly key: KeyObject;

  constructor(
    secret: string | Buffer,
    private readonly alg: Extract<JwsAlgorithm, 'HS256' | 'HS512'>,
  ) {
    this.key = createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret);
  }

  resolve(kid: string): ResolvedKey {
    return { kid, alg: this.alg, key: this.key };
  }
}
