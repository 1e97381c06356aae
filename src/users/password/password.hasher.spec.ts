import { hash } from 'bcrypt';
import { parseConfig } from '../../config';
import { PasswordHasher } from './password.hasher';

describe(PasswordHasher.name, () => {
  const config = parseConfig({ NODE_ENV: 'test', BCRYPT_COST: '4' });
  const sut = new PasswordHasher(config);
  sut.onModuleInit();

  it('hashes with bcrypt at the configured cost and verifies', async () => {
    const passwordHash = await sut.hash('correct horse');

    expect(passwordHash).toMatch(/^\$2b\$04\$/);
    await expect(sut.verify('correct horse', passwordHash)).resolves.toBe(true);
    await expect(sut.verify('wrong horse', passwordHash)).resolves.toBe(false);
  });

  it('never matches the dummy hash', async () => {
    await expect(sut.verifyAgainstDummy('anything at all')).resolves.toBe(false);
  });

  it('asks for a rehash when the cost changed', async () => {
    const other = new PasswordHasher(parseConfig({ NODE_ENV: 'test', BCRYPT_COST: '5' }));

    expect(sut.needsRehash(await sut.hash('correct horse'))).toBe(false);
    expect(sut.needsRehash(await other.hash('correct horse'))).toBe(true);
  });

  it('hashes and compares the NFKC form, so "ﬁ" and "fi" are one password', async () => {
    const passwordHash = await sut.hash('ﬁsh and chips');

    await expect(sut.verify('fish and chips', passwordHash)).resolves.toBe(true);
    await expect(sut.verify('ﬁsh and chips', passwordHash)).resolves.toBe(true);
  });

  it('still matches a hash of the password as typed before normalisation, asking for a rehash', async () => {
    const legacyHash = await hash('ﬁsh and chips', 4);

    await expect(sut.check('ﬁsh and chips', legacyHash)).resolves.toEqual({
      matches: true,
      needsRehash: true,
    });
    await expect(sut.check('fish and chips', legacyHash)).resolves.toMatchObject({
      matches: false,
    });
  });

  it('never matches a password longer than 72 bytes, even when its first 72 bytes do', async () => {
    const first72 = 'a'.repeat(72);
    const passwordHash = await hash(first72, 4);

    await expect(sut.verify(first72, passwordHash)).resolves.toBe(true);
    await expect(sut.verify(`${first72}b`, passwordHash)).resolves.toBe(false);
  });
});
