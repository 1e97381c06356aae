import { calculateJwkThumbprint } from 'jose';
import { generateKeyMaterial } from './key-material';
import { SigningAlgorithm } from './signing-key';

describe(generateKeyMaterial.name, () => {
  it.each<[SigningAlgorithm, Record<string, unknown>]>([
    ['RS256', { kty: 'RSA', e: 'AQAB' }],
    ['PS256', { kty: 'RSA', e: 'AQAB' }],
    ['ES256', { kty: 'EC', crv: 'P-256' }],
    ['EdDSA', { kty: 'OKP', crv: 'Ed25519' }],
  ])('makes a %s key whose kid is its RFC 7638 thumbprint', async (alg, expected) => {
    const sut = await generateKeyMaterial(alg);

    expect(sut.storedJwk).toMatchObject({ ...expected, alg, use: 'sig', kid: sut.kid });
    expect(sut.kid).toBe(await calculateJwkThumbprint(sut.storedJwk, 'sha256'));
    expect(Object.keys(sut.storedJwk).sort()).not.toContain('d');
  });

  it('makes 2048-bit RSA keys', async () => {
    const sut = await generateKeyMaterial('RS256');

    expect(Buffer.from((sut.storedJwk as { n: string }).n, 'base64url')).toHaveLength(256);
  });

  it.each<SigningAlgorithm>(['HS256', 'HS512'])(
    'makes a %s secret of 64 random bytes, never stored in the JWK',
    async (alg) => {
      const sut = await generateKeyMaterial(alg);

      expect(sut.privateBytes).toHaveLength(64);
      expect(sut.storedJwk).toEqual({ kty: 'oct', kid: sut.kid, alg, use: 'sig' });
    },
  );
});
