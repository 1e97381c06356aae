import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { AttackTarget } from './attack-target';
import {
  alterPaddingBits,
  b64u,
  compact,
  flipSignatureBit,
  json,
  signRaw,
  toDer,
} from './hostile-tokens';

/** What the catalogue forges from: a logged-in session at a running Warden, and its clock. */
export interface HostileContext {
  target: Pick<
    AttackTarget,
    'session' | 'header' | 'claims' | 'serverSigned' | 'withClaims' | 'withHeader'
  >;
  /** The verifier's "now", in epoch seconds (with a clock tolerance of 0). */
  now: number;
  /** The published JWK of the key that signed the session's token. */
  publicJwk: Record<string, unknown>;
  /** A listener that records fetches: `jku`/`x5u` point at it. */
  listenerUrl: string;
}

export type HostileToken = readonly [name: string, token: string];

const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });

export function attackerJwk(): Record<string, unknown> {
  return { ...attacker.publicKey.export({ format: 'jwk' }), kid: 'attacker', alg: 'RS256' };
}

/**
 * One of every kind of hostile token of the attack suite (RFC 8725, RFC 9068 §4), in one list,
 * for verifiers the Warden-side suites do not reach (the consumer example's AuthModule). Every
 * entry must be refused with 401 `error="invalid_token"`; ECDSA cases join when Warden signs
 * ES256.
 */
export function hostileTokens(context: HostileContext): HostileToken[] {
  return [
    ...algNone(context),
    ...structure(context),
    ...confusion(context),
    ...pointers(context),
    ...kids(context),
    ...headers(context),
    ...claims(context),
    ...(context.target.header.alg === 'ES256' ? ecdsa(context) : []),
  ];
}

function algNone({ target }: HostileContext): HostileToken[] {
  const [, payload, signature] = target.session.access_token.split('.');
  return ['none', 'None', 'NONE', 'nOnE'].flatMap((alg): HostileToken[] => {
    const header = json({ ...target.header, alg });
    return [
      [`alg ${alg}, empty signature`, compact(header, json(target.claims), '')],
      [`alg ${alg}, two segments`, `${b64u(header)}.${b64u(json(target.claims))}`],
      [`alg ${alg}, a real signature`, `${b64u(header)}.${payload}.${signature}`],
      [`alg ${alg}, signed by the server key`, target.serverSigned(header, json(target.claims))],
    ];
  });
}

function structure({ target }: HostileContext): HostileToken[] {
  const valid = target.session.access_token;
  const [header, payload, signature] = valid.split('.');
  const standard = (segment: string) => Buffer.from(segment, 'base64url').toString('base64');
  return [
    ['one segment', header],
    ['four segments', `${valid}.${signature}`],
    ['a trailing dot', `${valid}.`],
    ['a leading dot', `.${valid}`],
    ['an empty payload', `${header}..${signature}`],
    ['a truncated signature', valid.slice(0, -4)],
    ['one altered signature bit', flipSignatureBit(valid)],
    ['signature altered in its base64 padding bits', alterPaddingBits(valid)],
    ['standard base64 (+/=) signature', `${header}.${payload}.${standard(signature)}`],
    ['padded base64url signature', `${valid}==`],
    ['a tab inside', `${valid.slice(0, 20)}\t${valid.slice(20)}`],
    ['a non-ASCII character', `${valid.slice(0, -1)}é`],
    ['a header that is not JSON', `${b64u('{"alg":"RS256"')}.${payload}.${signature}`],
    ['a header that is a JSON array', `${b64u('["RS256"]')}.${payload}.${signature}`],
    ['a payload that is null', `${header}.${b64u('null')}.${signature}`],
    ['a JWE shape (five segments)', `${header}..${b64u('iv')}.${payload}.${b64u('tag')}`],
    [
      'a 10 KB header',
      target.serverSigned(json({ ...target.header, pad: 'x'.repeat(10240) }), json(target.claims)),
    ],
    ['a refresh token', target.session.refresh_token],
  ];
}

/** HMAC keyed with the published public key in every encoding (RFC 8725 §2.1). */
function confusion({ target, publicJwk }: HostileContext): HostileToken[] {
  const publicKey = createPublicKey({ key: publicJwk as never, format: 'jwk' });
  const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const secrets: Array<[string, Buffer | string]> = [
    ['PEM', pem],
    ['PEM without its final newline', pem.trimEnd()],
    ['DER', publicKey.export({ format: 'der', type: 'spki' })],
    ['JWK JSON as published', json(publicJwk)],
    ['JWK JSON of the key alone', json(publicKey.export({ format: 'jwk' }))],
  ];
  const forged = secrets.flatMap(([name, secret]) =>
    (['HS256', 'HS512'] as const).map((alg): HostileToken => [
      `${alg} keyed with the public key as ${name}`,
      signRaw(alg, secret, json({ ...target.header, alg }), json(target.claims)),
    ]),
  );
  return [
    ...forged,
    ['an attacker key under the server kid', attackerSigned(target, target.header)],
    ['PS256 over the server kid', attackerSigned(target, { ...target.header, alg: 'PS256' })],
  ];
}

/** Keys named or embedded by the token (RFC 8725 §3.10): never fetched, never trusted. */
function pointers({ target, listenerUrl }: HostileContext): HostileToken[] {
  const extras: Array<[string, Record<string, unknown>]> = [
    ['jwk (embedded key)', { jwk: attackerJwk() }],
    ['jwk with its own kid', { jwk: attackerJwk(), kid: 'attacker' }],
    ['jku', { jku: `${listenerUrl}/jwks.json` }],
    ['jku with its own kid', { jku: `${listenerUrl}/jwks.json`, kid: 'attacker' }],
    ['x5u', { x5u: `${listenerUrl}/cert.pem`, kid: 'attacker' }],
    [
      'x5c',
      { x5c: [attacker.publicKey.export({ format: 'der', type: 'spki' }).toString('base64')] },
    ],
  ];
  return extras.flatMap(([name, extra]): HostileToken[] => [
    [`${name}, attacker-signed`, attackerSigned(target, { ...target.header, ...extra })],
    [`${name}, server-signed`, target.withHeader(extra)],
  ]);
}

function kids({ target }: HostileContext): HostileToken[] {
  const values: Array<[string, unknown]> = [
    ['path traversal', '../../../../etc/passwd'],
    ['SQL', "x'; DROP TABLE signing_keys; --"],
    ['shell', '$(touch /tmp/pwned); `id` | cat'],
    ['a NUL byte', 'kid\u0000'],
    ['10 KB long', 'k'.repeat(10 * 1024)],
    ['300 characters', 'k'.repeat(300)],
    ['empty', ''],
    ['a number', 1],
    ['an object', { $ne: null }],
    ['null', null],
  ];
  return values.map(([name, kid]): HostileToken => [`kid ${name}`, target.withHeader({ kid })]);
}

function headers({ target }: HostileContext): HostileToken[] {
  const { alg, kid } = target.header as { alg: string; kid: string };
  const duplicates = [
    `{"alg":"none","typ":"at+jwt","kid":"${kid}","alg":"${alg}"}`,
    `{"alg":"${alg}","typ":"at+jwt","kid":"${kid}","alg":"none"}`,
    `{"alg":"${alg}","typ":"JWT","kid":"${kid}","typ":"at+jwt"}`,
    `{"alg":"${alg}","typ":"at+jwt","kid":"other","kid":"${kid}"}`,
  ];
  return [
    ['an unknown crit extension', target.withHeader({ crit: ['x-warden'], 'x-warden': 1 })],
    ['an empty crit list', target.withHeader({ crit: [] })],
    ['typ missing', target.withHeader({ typ: undefined })],
    ['typ JWT', target.withHeader({ typ: 'JWT' })],
    ['typ dpop+jwt', target.withHeader({ typ: 'dpop+jwt' })],
    ['typ as an array', target.withHeader({ typ: ['at+jwt'] })],
    ...duplicates.map((header, index): HostileToken => [
      `duplicate header members #${index + 1}`,
      target.serverSigned(header, json(target.claims)),
    ]),
  ];
}

/** Signed by the server key, so only the claim rule refuses them (tolerance 0 at `now`). */
function claims({ target, now }: HostileContext): HostileToken[] {
  const { claims: valid } = target;
  const overrides: Array<[string, Record<string, unknown>]> = [
    ['iss of another issuer', { iss: 'https://evil.example' }],
    ['iss with a trailing slash', { iss: `${String(valid.iss)}/` }],
    ['iss missing', { iss: undefined }],
    ['aud of another audience', { aud: 'another-api' }],
    ['aud missing', { aud: undefined }],
    ['exp equal to now', { exp: now }],
    ['exp as a string', { exp: String(now + 600) }],
    ['exp missing', { exp: undefined }],
    ['nbf in the future', { nbf: now + 1 }],
    ['iat in the future', { iat: now + 1, exp: now + 600 }],
    ['jti missing', { jti: undefined }],
    ['token_use refresh', { token_use: 'refresh' }],
    ['token_use id', { token_use: 'id' }],
  ];
  const { roles: _roles, permissions: _permissions, ...ungranted } = valid;
  const escalation = '{"roles":["admin"],"permissions":["keys:read","keys:rotate"]}';
  const idToken = {
    iss: valid.iss,
    sub: valid.sub,
    aud: 'some-client',
    nonce: 'n-0S6_WzA2Mj',
    iat: now,
    exp: now + 300,
  };
  return [
    ...overrides.map(([name, change]): HostileToken => [name, target.withClaims(change)]),
    [
      'exp as 1e400',
      target.serverSigned(
        json(target.header),
        json({ ...valid, exp: 0 }).replace(/"exp":0/, '"exp":1e400'),
      ),
    ],
    [
      '__proto__ standing in for roles and permissions',
      target.serverSigned(
        json(target.header),
        json(ungranted).replace(/^\{/, `{"__proto__":${escalation},`),
      ),
    ],
    [
      'an ID-token-like JWT',
      target.serverSigned(json({ ...target.header, typ: 'JWT' }), json(idToken)),
    ],
  ];
}

/** ES256 takes the 64-byte R || S only (RFC 7518 §3.4; CVE-2022-21449). */
function ecdsa({ target }: HostileContext): HostileToken[] {
  const valid = target.session.access_token;
  const input = valid.slice(0, valid.lastIndexOf('.'));
  const signature = Buffer.from(valid.slice(valid.lastIndexOf('.') + 1), 'base64url');
  return [
    ['ECDSA all-zero R || S', `${input}.${b64u(Buffer.alloc(64))}`],
    ['ECDSA R = S = 0 in DER', `${input}.${b64u(Buffer.from('3006020100020100', 'hex'))}`],
    ['ECDSA the valid signature DER-encoded', `${input}.${b64u(toDer(signature))}`],
    [
      'ECDSA S zero',
      `${input}.${b64u(Buffer.concat([signature.subarray(0, 32), Buffer.alloc(32)]))}`,
    ],
  ];
}

function attackerSigned(target: HostileContext['target'], header: Record<string, unknown>) {
  const alg = header.alg === 'PS256' ? 'PS256' : 'RS256';
  return signRaw(alg, attacker.privateKey, json(header), json(target.claims));
}
