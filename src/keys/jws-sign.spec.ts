import { compactVerify, createLocalJWKSet, jwtVerify } from 'jose';
import { generateKeyMaterial, keyObjectsFrom } from './key-material';
import { signJws } from './jws-sign';
import { isSymmetric, SigningAlgorithm, SigningKey } from './signing-key';

const ALGORITHMS: SigningAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256', 'HS512'];

async function loadedKey(alg: SigningAlgorithm) {
  const material = await generateKeyMaterial(alg);
  const objects = keyObjectsFrom(alg, material.privateBytes, material.storedJwk);
  const signingKey: SigningKey = { kid: material.kid, alg, privateKey: objects.privateKey };
  return { material, objects, signingKey };
}

describe(signJws.name, () => {
  it.each(ALGORITHMS)('signs %s tokens that jose verifies', async (alg) => {
    const { material, objects, signingKey } = await loadedKey(alg);
    const now = Math.floor(Date.now() / 1000);

    const token = signJws({ typ: 'at+jwt' }, { sub: 'u1', iat: now, exp: now + 60 }, signingKey);

    const key = isSymmetric(alg)
      ? objects.verificationKey
      : createLocalJWKSet({ keys: [material.storedJwk] });
    const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: [alg] });
    expect(protectedHeader).toEqual({ typ: 'at+jwt', alg, kid: material.kid });
    expect(payload.sub).toBe('u1');
  });

  it('takes alg and kid from the key, never from the header given', async () => {
    const { material, signingKey } = await loadedKey('ES256');

    const token = signJws({ alg: 'none', kid: 'other' }, { sub: 'u1' }, signingKey);

    const jwks = createLocalJWKSet({ keys: [material.storedJwk] });
    const { protectedHeader } = await compactVerify(token, jwks);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: material.kid });
  });

  it('produces a signature that fails under another key', async () => {
    const signer = await loadedKey('RS256');
    const other = await loadedKey('RS256');

    const token = signJws({}, { sub: 'u1' }, signer.signingKey);

    const jwks = createLocalJWKSet({
      keys: [{ ...other.material.storedJwk, kid: signer.material.kid }],
    });
    await expect(compactVerify(token, jwks)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });
});
