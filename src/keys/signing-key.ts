import type { KeyObject } from 'node:crypto';
import type { SigningAlgorithm } from '../config/app-config';

export type { SigningAlgorithm };

/**
 * docs/architecture.md §4: next -> active -> retiring -> retired; revoked is the emergency exit.
 */
export const KEY_STATUSES = ['next', 'active', 'retiring', 'retired', 'revoked'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** The statuses whose keys still verify tokens (and, except HS keys, are in the JWKS). */
export const USABLE_STATUSES = ['next', 'active', 'retiring'] as const;
export type UsableKeyStatus = (typeof USABLE_STATUSES)[number];

/** The one key that signs new tokens, ready for `crypto.sign` (no parsing per call). */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  /** The private key (asymmetric algorithms) or the secret key (HS256/HS512). */
  privateKey: KeyObject;
}

/** A JWK with public members only (RFC 7517 §4, RFC 7518 §6): never `d`, never `k`. */
export type PublicJwk = {
  kty: 'RSA' | 'EC' | 'OKP';
  kid: string;
  alg: string;
  use: 'sig';
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
};

/** What the database knows about a key, without its encrypted private part. */
export interface KeyMetadata {
  kid: string;
  alg: SigningAlgorithm;
  status: KeyStatus;
  createdAt: Date;
  activatedAt: Date | null;
  retireAt: Date | null;
}

export function isSymmetric(alg: SigningAlgorithm): boolean {
  return alg === 'HS256' || alg === 'HS512';
}
