import { constants, createHmac, KeyObject, sign } from 'node:crypto';

/**
 * Hand-made tokens for the attack suite. Header and payload are given as JSON *text*, so a test
 * can write what no JSON encoder would produce (duplicate members, odd spacing, huge numbers).
 */
export type AttackAlg = 'RS256' | 'PS256' | 'ES256' | 'EdDSA' | 'HS256' | 'HS512';

export function b64u(value: string | Buffer): string {
  return (typeof value === 'string' ? Buffer.from(value, 'utf8') : value).toString('base64url');
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** `b64u(header).b64u(payload).signature`, with the signature given raw or already encoded. */
export function compact(
  headerJson: string,
  payloadJson: string,
  signature: Buffer | string,
): string {
  const encoded = typeof signature === 'string' ? signature : b64u(signature);
  return `${b64u(headerJson)}.${b64u(payloadJson)}.${encoded}`;
}

/** Signs `b64u(header).b64u(payload)` with `key` as `alg`, whatever the header says. */
export function signRaw(
  alg: AttackAlg,
  key: KeyObject | Buffer | string,
  headerJson: string,
  payloadJson: string,
): string {
  const signingInput = `${b64u(headerJson)}.${b64u(payloadJson)}`;
  return `${signingInput}.${b64u(signatureOf(alg, key, Buffer.from(signingInput, 'ascii')))}`;
}

function signatureOf(alg: AttackAlg, key: KeyObject | Buffer | string, data: Buffer): Buffer {
  switch (alg) {
    case 'HS256':
      return createHmac('sha256', key).update(data).digest();
    case 'HS512':
      return createHmac('sha512', key).update(data).digest();
    case 'RS256':
      return sign('sha256', data, key);
    case 'PS256':
      return sign('sha256', data, {
        key: key as KeyObject,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
    case 'ES256':
      return sign('sha256', data, { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return sign(null, data, key);
  }
}

/** The decoded header and payload of a token Warden issued, to copy and alter. */
export function decode(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >,
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The same token with the last signature character changed only in its unused low bits: a
 * lenient base64url decoder yields exactly the same signature bytes (RFC 4648 §3.5).
 */
export function alterPaddingBits(token: string): string {
  const lastDot = token.lastIndexOf('.');
  const signature = token.slice(lastDot + 1);
  const unusedBits = signature.length % 4 === 2 ? 0x0f : signature.length % 4 === 3 ? 0x03 : 0;
  if (unusedBits === 0) throw new Error('signature has no padding bits');
  const last = ALPHABET.indexOf(signature[signature.length - 1]);
  const altered = ALPHABET[(last & ~unusedBits) | 1];
  return `${token.slice(0, token.length - 1)}${altered}`;
}

/** The signature segment changed in one real bit (a different signature). */
export function flipSignatureBit(token: string): string {
  const lastDot = token.lastIndexOf('.');
  const bytes = Buffer.from(token.slice(lastDot + 1), 'base64url');
  bytes[0] ^= 0x01;
  return `${token.slice(0, lastDot + 1)}${b64u(bytes)}`;
}

/** An IEEE P1363 (R || S) ECDSA signature in the DER form other APIs use (RFC 3279 §2.2.3). */
export function toDer(rs: Buffer): Buffer {
  const integer = (value: Buffer): Buffer => {
    let bytes = value;
    while (bytes.length > 1 && bytes[0] === 0 && bytes[1] < 0x80) bytes = bytes.subarray(1);
    if (bytes[0] >= 0x80) bytes = Buffer.concat([Buffer.alloc(1), bytes]);
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
  };
  const body = Buffer.concat([integer(rs.subarray(0, 32)), integer(rs.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
