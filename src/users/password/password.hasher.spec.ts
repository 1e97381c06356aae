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
});
