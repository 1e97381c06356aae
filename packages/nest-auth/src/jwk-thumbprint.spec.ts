import { jwkThumbprint, publicJwkThumbprint } from './jwk-thumbprint';

/** RFC 7638 §3.1: the example RSA key and its published thumbprint. */
const RFC_7638_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
};
const RFC_7638_THUMBPRINT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
const EC_KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
};
/** RFC 8037 §A.1 public key, whose thumbprint §A.3 publishes. */
const OKP_KEY = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
const OCT_KEY = {
  kty: 'oct',
  k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
};

describe(jwkThumbprint.name, () => {
  it('matches the example of RFC 7638 §3.1', () => {
    expect(jwkThumbprint(RFC_7638_KEY)).toBe(RFC_7638_THUMBPRINT);
  });

  // OKP: RFC 8037 §A.3. EC and oct: what jose's calculateJwkThumbprint gives for these keys.
  it.each([
    { jwk: EC_KEY, expected: 'oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U' },
    { jwk: OKP_KEY, expected: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' },
    { jwk: OCT_KEY, expected: 'y_x3gCJnL6oKGBBIXScabduwxTVy2Wd2bzRVEUbdUzc' },
  ])('gives the known thumbprint for kty $jwk.kty', ({ jwk, expected }) => {
    expect(jwkThumbprint(jwk)).toBe(expected);
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

describe(publicJwkThumbprint.name, () => {
  it.each([RFC_7638_KEY, EC_KEY, OKP_KEY])('agrees with jwkThumbprint for kty $kty', (jwk) => {
    expect(publicJwkThumbprint(jwk)).toBe(jwkThumbprint(jwk));
  });

  it('has no thumbprint for a shared secret, an unknown type or a missing member', () => {
    expect(publicJwkThumbprint(OCT_KEY)).toBeUndefined();
    expect(publicJwkThumbprint({ kty: 'XYZ' })).toBeUndefined();
    expect(publicJwkThumbprint({ kty: 'RSA', e: 'AQAB' })).toBeUndefined();
    expect(publicJwkThumbprint({ kty: 7 })).toBeUndefined();
  });
});
