import type { KeyObject } from 'node:crypto';

/** A verification key as the verifier needs it: parsed once, ready for crypto.verify. */
export interface ResolvedKey {
  kid: string;
  /** The one JWS `alg` this key may verify (RFC 8725 §3.1: never taken from the token alone). */
  alg: string;
  /** Public key (asymmetric algorithms) or secret key (HS256/HS512). */
  key: KeyObject;
}

/**
 * kid -> key. Inside the service it is backed by the local key store; in other apps by a remote
 * JWKS client. Synchronous answers keep the hot path free of promise overhead; a resolver that
 * must fetch returns a promise.
 */
export interface KeyResolver {
  resolve(kid: string): ResolvedKey | undefined | Promise<ResolvedKey | undefined>;
}

export const KEY_RESOLVER = Symbol.for('warden:key-resolver');
