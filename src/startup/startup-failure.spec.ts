import { DatabaseUnreachableError } from '../database/database-probe';
import { EmbeddedDatabaseError } from '../database/embedded-database.errors';
import { KeyDecryptionError } from '../keys/keys.errors';
import { PortInUseError } from './http-listen';
import { describeStartupFailure } from './startup-failure';

describe(describeStartupFailure.name, () => {
  const context = { port: 3000 };

  it('gives the one line of every failure an operator can fix', () => {
    expect(describeStartupFailure(new PortInUseError(3000), context)).toBe(
      'port 3000 is in use: set PORT',
    );
    expect(describeStartupFailure(EmbeddedDatabaseError.inUse('/d/pg', 42), context)).toBe(
      'another Warden is using /d/pg (pid 42): stop it, or set DATA_DIR or DATABASE_URL',
    );
    expect(describeStartupFailure(new DatabaseUnreachableError('no answer'), context)).toBe(
      'no answer',
    );
  });

  it('reads a listen EADDRINUSE as the port in use, whoever threw it', () => {
    const error = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    expect(describeStartupFailure(error, context)).toBe('port 3000 is in use: set PORT');
  });

  it('explains an undecryptable key by a lost development key file, when it was lost', () => {
    const error = new KeyDecryptionError('kid-1');

    expect(
      describeStartupFailure(error, { ...context, lostKeyFile: '/d/key-encryption.key' }),
    ).toMatch(/^\/d\/key-encryption\.key is missing, .*restore the file .*npm run dev:reset$/);
    expect(describeStartupFailure(error, context)).toMatch(
      /^ERR_KEY_DECRYPTION: Signing key kid-1/,
    );
  });

  it('leaves a bug undescribed, to be logged with its stack', () => {
    expect(describeStartupFailure(new TypeError('x is undefined'), context)).toBeUndefined();
  });
});
