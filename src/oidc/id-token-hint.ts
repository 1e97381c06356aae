import { constants, createHmac, KeyObject, timingSafeEqual, verify } from 'node:crypto';
import type { ResolvedKey } from '@warden/nest-auth';

/** What a logout request learns from an `id_token_hint` this server signed. */
export interface IdTokenHint {
  sub: string;
  clientId: string;
  sid?: string;
}

/** ID tokens are far smaller; anything longer is not one of ours. */
const MAX_HINT_LENGTH = 8192;

/**
 * OIDC RP-Initiated Logout §2: the `id_token_hint` must be an ID token this server issued; an
 * expired one is still a good hint (the RP may log out long after the login). Checks the
 * signature with the key its `kid` names (which must be one of ours, for the key's own `alg`)
 * and the issuer; undefined for anything else.
 */
export function readIdTokenHint(
  token: string,
  issuer: string,
  keyOf: (kid: string) => ResolvedKey | undefined,
): IdTokenHint | undefined {
  if (token.length > MAX_HINT_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decode(parts[0]);
  const claims = decode(parts[1]);
  if (!header || !claims || typeof header.kid !== 'string') return undefined;
  const key = keyOf(header.kid);
  if (!key || header.alg !== key.alg) return undefined;
  const signature = Buffer.from(parts[2], 'base64url');
  if (!signatureHolds(`${parts[0]}.${parts[1]}`, signature, key.alg, key.key)) return undefined;
  if (claims.iss !== issuer || typeof claims.sub !== 'string') return undefined;
  const clientId = typeof claims.aud === 'string' ? claims.aud : undefined;
  if (clientId === undefined) return undefined;
  return {
    sub: claims.sub,
    clientId,
    ...(typeof claims.sid === 'string' && { sid: claims.sid }),
  };
}

function decode(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The verifying side of src/keys/jws-sign.ts (RFC 7518 §3, RFC 8037 §3.1). */
function signatureHolds(input: string, signature: Buffer, alg: string, key: KeyObject): boolean {
  const data = Buffer.from(input, 'ascii');
  switch (alg) {
    case 'RS256':
      return verify('sha256', data, key, signature);
    case 'PS256':
      return verify(
        'sha256',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
        signature,
      );
    case 'ES256':
      return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    case 'EdDSA':
      return verify(null, data, key, signature);
    case 'HS256':
    case 'HS512': {
      const mac = createHmac(alg === 'HS256' ? 'sha256' : 'sha512', key)
        .update(data)
        .digest();
      return mac.length === signature.length && timingSafeEqual(mac, signature);
    }
    default:
      return false;
  }
}
