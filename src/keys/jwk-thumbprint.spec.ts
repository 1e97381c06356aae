import { calculateJwkThumbprint } from 'jose';
import { jwkThumbprint } from './jwk-thumbprint';

/** RFC 7638 §3.1: the example RSA key and its published thumbprint. */
const RFC_7638_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};

describe(jwkThumbprint.name, () => {
  it('matches the example of RFC 7638 §3.1', () => {
    expect(jwkThumbprint(RFC_7638_KEY)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it.each([
    {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    },
    { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' },
    {
      kty: 'oct',
      k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
    },
  ])('agrees with jose for kty $kty', async (jwk) => {
    expect(jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
  });

  it('ignores members outside the required set', () => {
    const { kid: _kid, alg: _alg, ...bare } = RFC_7638_KEY;
    expect(jwkThumbprint({ ...RFC_7638_KEY, d: 'private', use: 'sig' })).toBe(jwkThumbprint(bare));
  });

  it('refuses an unknown key type or a missing member', () => {
    expect(() => jwkThumbprint({ kty: 'XYZ' })).toThrow(TypeError);
    expect(() => jwkThumbprint({ kty: 'RSA', e: 'AQAB' })).toThrow(TypeError);
  });
});
