import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config';
import { DEVELOPMENT_KEY_FILE, resolveKeyEncryptionKey } from './key-encryption-key.provider';

describe(resolveKeyEncryptionKey.name, () => {
  let dataDir: string;
  const logger = (): { warn: jest.Mock } => ({ warn: jest.fn() });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'warden-kek-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses KEY_ENCRYPTION_KEY when set, writing nothing', () => {
    const key = Buffer.alloc(32, 9);
    const config = parseConfig({ DATA_DIR: dataDir, KEY_ENCRYPTION_KEY: key.toString('base64') });
    const log = logger();

    const sut = resolveKeyEncryptionKey(config, log);

    expect(sut).toEqual({ key });
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('creates a development key once (mode 0600), warns, and reads the same key back', () => {
    const config = parseConfig({ DATA_DIR: dataDir });
    const log = logger();

    const first = resolveKeyEncryptionKey(config, log);
    const second = resolveKeyEncryptionKey(config, log);

    const file = join(dataDir, DEVELOPMENT_KEY_FILE);
    expect(first.file).toBe(file);
    expect(first.key).toHaveLength(32);
    expect(second.key.equals(first.key)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key.toString('base64'));
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('KEY_ENCRYPTION_KEY is unset'));
    expect(String(log.warn.mock.calls[0][0])).not.toContain(first.key.toString('base64'));
  });
});
