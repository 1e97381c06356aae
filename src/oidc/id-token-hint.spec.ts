import { generateKeyMaterial, keyObjectsFrom } from '../keys/key-material';
import { signJws } from '../keys/jws-sign';
import type { SigningAlgorithm } from '../keys/signing-key';
import { readIdTokenHint } from './id-token-hint';

const ISSUER = 'https://id.example.com';
const ALGORITHMS: SigningAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256', 'HS512'];

async function keyPair(alg: SigningAlgorithm) {
  const material = await generateKeyMaterial(alg);
  const objects = keyObjectsFrom(alg, material.privateBytes, material.storedJwk);
  return {
    signing: { kid: material.kid, alg, privateKey: objects.privateKey },
    resolved: { kid: material.kid, alg, key: objects.verificationKey },
  };
}

describe(readIdTokenHint.name, () => {
  it.each(ALGORITHMS)(
    'reads an ID token this server signed with %s, expired or not',
    async (alg) => {
      const { signing, resolved } = await keyPair(alg);
      const token = signJws(
        { typ: 'JWT' },
        { iss: ISSUER, sub: 'u1', aud: 'c1', sid: 's1', exp: 1 },
        signing,
      );
      const keyOf = (kid: string) => (kid === resolved.kid ? resolved : undefined);
      expect(readIdTokenHint(token, ISSUER, keyOf)).toEqual({
        sub: 'u1',
        clientId: 'c1',
        sid: 's1',
      });
    },
  );

  it('refuses a foreign key, another issuer, a changed payload and an alg swap', async () => {
    const { signing, resolved } = await keyPair('ES256');
    const other = await keyPair('ES256');
    const keyOf = (kid: string) => (kid === resolved.kid ? resolved : undefined);
    const claims = { iss: ISSUER, sub: 'u1', aud: 'c1' };
    const token = signJws({ typ: 'JWT' }, claims, signing);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');

    expect(readIdTokenHint(signJws({}, claims, other.signing), ISSUER, keyOf)).toBeUndefined();
    expect(readIdTokenHint(token, 'https://other.example', keyOf)).toBeUndefined();
    expect(readIdTokenHint(`${header}.${forged}.${signature}`, ISSUER, keyOf)).toBeUndefined();
    const swapped = Buffer.from(JSON.stringify({ alg: 'HS256', kid: resolved.kid })).toString(
      'base64url',
    );
    expect(readIdTokenHint(`${swapped}.${token.split('.')[1]}.${signature}`, ISSUER, keyOf)).toBe(
      undefined,
    );
    expect(readIdTokenHint('not.a.token', ISSUER, keyOf)).toBeUndefined();
  });
});
