import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { SystemClock } from '@warden/nest-auth';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { ConfigValidationError, loadConfig } from '../config';
import { base64Key, ConfigValueError } from '../config/env-parsers';
import { dataSourceOptions, describeDatabaseUrl } from '../database/data-source-options';
import { openCliDatabase } from '../database/cli-database';
import { runMigrations } from '../database/run-migrations';
import { DatabaseClock } from './database-clock';
import { ENCRYPTION_KEY_BYTES } from './key-encryption';
import { resolveKeyEncryptionKey } from './key-encryption-key.provider';
import { KeyRotationService } from './key-rotation.service';
import { rewrapKeys } from './key-rewrap';
import { KeyDecryptionError } from './keys.errors';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningKeysRepository } from './signing-keys.repository';
import { writeFileSync, renameSync } from 'node:fs';

/**
 * `npm run keys:rotate`: one rotation now, exactly as the scheduled job and POST /keys/rotate
 * make it; running replicas pick it up through NOTIFY.
 * `npm run keys:rewrap`: re-encrypts every key and TOTP secret under a new KEY_ENCRYPTION_KEY
 * read from stdin (`openssl rand -base64 32 | tee new.key | npm run keys:rewrap`), so it never
 * shows in `ps`.
 */
async function main(): Promise<void> {
  const [command] = process.argv.slice(2);
  if (command !== 'rotate' && command !== 'rewrap') {
    throw new UsageError(`Unknown command "${command ?? ''}": use rotate or rewrap`);
  }
  const config = loadConfig();
  const encryptionKey = resolveKeyEncryptionKey(config, { warn: say });
  const newKey = command === 'rewrap' ? await readNewKey() : undefined;
  const database = await openCliDatabase(config, say);
  const url = database.url;
  say(`Database: ${describeDatabaseUrl(url)}`);
  const dataSource = await new DataSource(
    dataSourceOptions(url, { entities: [SigningKeyEntity, AuditEventEntity], logging: ['error'] }),
  ).initialize();
  try {
    await runMigrations(dataSource);
    const repository = new SigningKeysRepository(dataSource);
    if (newKey) {
      const moved = await rewrapKeys(dataSource, repository, encryptionKey.key, newKey);
      if (encryptionKey.file) replaceFile(encryptionKey.file, newKey);
      say(
        `Re-encrypted ${moved.signingKeys} key(s) and ${moved.totpSecrets} second-factor ` +
          'secret(s). Set the new KEY_ENCRYPTION_KEY on every replica and restart them; until ' +
          'then they keep serving but refuse to create keys, and two-factor sign-in fails.',
      );
      return;
    }
    const clock = new SystemClock();
    const rotation = new KeyRotationService(
      dataSource,
      repository,
      new DatabaseClock(clock),
      encryptionKey.key,
      config,
      new AuditService(dataSource.getRepository(AuditEventEntity), clock),
    );
    const result = await rotation.rotate({ reason: 'cli', actor: 'cli' });
    say(
      `Rotated: active ${result.activeKid}, next ${result.nextKid}, ` +
        `${result.retiringKid} retiring until ${result.retireAt?.toISOString()}`,
    );
  } finally {
    await dataSource.destroy();
    await database.close();
  }
}

class UsageError extends Error {}

async function readNewKey(): Promise<Buffer> {
  if (process.stdin.isTTY) say('Paste the new key encryption key (base64), then Ctrl-D:');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  try {
    return base64Key(ENCRYPTION_KEY_BYTES)(Buffer.concat(chunks).toString('utf8').trim());
  } catch (error) {
    if (!(error instanceof ConfigValueError)) throw error;
    throw new UsageError(`The new key on stdin ${error.message}`);
  }
}

/** The development key file follows the rewrap, written aside first and renamed over. */
function replaceFile(file: string, key: Buffer): void {
  writeFileSync(`${file}.new`, `${key.toString('base64')}\n`, { mode: 0o600 });
  renameSync(`${file}.new`, file);
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

main().catch((error: unknown) => {
  const known =
    error instanceof ConfigValidationError ||
    error instanceof UsageError ||
    error instanceof KeyDecryptionError;
  const message = known
    ? error.message
    : `Key command failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
