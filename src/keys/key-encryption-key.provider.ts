import { Logger, Provider } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../config';
import { ENCRYPTION_KEY_BYTES } from './key-encryption';

/** The 32-byte key that encrypts private keys at rest (a Buffer). */
export const KEY_ENCRYPTION_KEY = Symbol.for('warden:key-encryption-key');

export const DEVELOPMENT_KEY_FILE = 'key-encryption.key';

/** The development key file this configuration uses; undefined when KEY_ENCRYPTION_KEY is set. */
export function developmentKeyFileOf(config: AppConfig): string | undefined {
  return config.keys.encryptionKey ? undefined : join(config.dataDir, DEVELOPMENT_KEY_FILE);
}

/**
 * The one line for a development key file deleted while the database still holds signing keys
 * encrypted with it: a new file cannot decrypt them, so say what happened and both ways out.
 */
export function lostDevelopmentKeyMessage(file: string): string {
  return (
    `${file} is missing, but the database holds signing keys encrypted with the key it held: ` +
    'restore the file from a backup, or delete the development data (users, clients, keys) ' +
    'with npm run dev:reset'
  );
}

export interface KeyEncryptionKeySource {
  key: Buffer;
  /** Set when the key came from (or was just written to) the development key file. */
  file?: string;
}

/**
 * KEY_ENCRYPTION_KEY from the configuration; outside production (config validation refuses a
 * production start without it) a key generated once into DATA_DIR, so a developer's keys
 * survive restarts. Losing that file means losing the keys: hence the warning.
 */
export function resolveKeyEncryptionKey(
  config: AppConfig,
  logger: Pick<Logger, 'warn'>,
): KeyEncryptionKeySource {
  if (config.keys.encryptionKey) return { key: config.keys.encryptionKey };
  if (config.nodeEnv === 'production') {
    throw new Error('KEY_ENCRYPTION_KEY is required when NODE_ENV=production');
  }
  const file = join(config.dataDir, DEVELOPMENT_KEY_FILE);
  let key: Buffer;
  if (existsSync(file)) {
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== ENCRYPTION_KEY_BYTES) {
      throw new Error(`${file} does not hold a ${ENCRYPTION_KEY_BYTES}-byte base64 key`);
    }
  } else {
    key = randomBytes(ENCRYPTION_KEY_BYTES);
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  }
  logger.warn(
    `KEY_ENCRYPTION_KEY is unset: signing keys are encrypted with the development key in ${file}. ` +
      'Set KEY_ENCRYPTION_KEY in production.',
  );
  return { key, file };
}

export const keyEncryptionKeyProvider: Provider = {
  provide: KEY_ENCRYPTION_KEY,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Buffer =>
    resolveKeyEncryptionKey(config, new Logger('KeyEncryptionKey')).key,
};
