import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from '../../packages/nest-auth/src/clock';
import { AuditEventEntity } from '../../src/audit/audit-event.entity';
import { AuditService } from '../../src/audit/audit.service';
import { AppConfig, parseConfig } from '../../src/config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/run-migrations';
import { DatabaseClock } from '../../src/keys/database-clock';
import { KeyRotationService } from '../../src/keys/key-rotation.service';
import { KeySetBootstrap } from '../../src/keys/key-set.bootstrap';
import { KeyStoreService } from '../../src/keys/key-store.service';
import { SigningKeyEntity } from '../../src/keys/signing-key.entity';
import { SigningKeysRepository } from '../../src/keys/signing-keys.repository';
import { TEST_ENV } from '../support/test-app';

/** The keys services of one "replica", wired by hand on its own data source (no Nest). */
export interface KeyServices {
  config: AppConfig;
  dataSource: DataSource;
  repository: SigningKeysRepository;
  rotation: KeyRotationService;
  store: KeyStoreService;
  /** What the app does at start-up: first keys if there are none, then the store's first load. */
  start: () => Promise<void>;
  close: () => Promise<void>;
}

export interface KeyServicesOptions {
  encryptionKey?: Buffer;
  clock?: Clock;
  env?: Record<string, string>;
}

export const newEncryptionKey = (): Buffer => randomBytes(32);

export async function openKeyServices(
  databaseUrl: string,
  { encryptionKey = newEncryptionKey(), clock = new SystemClock(), env = {} }: KeyServicesOptions,
): Promise<KeyServices> {
  const config = parseConfig({
    ...TEST_ENV,
    DATABASE_URL: databaseUrl,
    KEY_ENCRYPTION_KEY: encryptionKey.toString('base64'),
    ...env,
  });
  const dataSource = await new DataSource(
    dataSourceOptions(databaseUrl, {
      entities: [SigningKeyEntity, AuditEventEntity],
      logging: false,
    }),
  ).initialize();
  await runMigrations(dataSource);
  const repository = new SigningKeysRepository(dataSource);
  const store = new KeyStoreService(dataSource, repository, encryptionKey, config, clock);
  const rotation = new KeyRotationService(
    dataSource,
    repository,
    new DatabaseClock(clock),
    encryptionKey,
    config,
    new AuditService(dataSource.getRepository(AuditEventEntity), clock),
    undefined,
    store,
  );
  const bootstrap = new KeySetBootstrap(rotation, store);
  return {
    config,
    dataSource,
    repository,
    rotation,
    store,
    start: () => bootstrap.onModuleInit(),
    close: async () => {
      await store.onModuleDestroy();
      await dataSource.destroy();
    },
  };
}

export interface KeyRow {
  kid: string;
  alg: string;
  status: string;
  public_jwk: Record<string, unknown>;
  private_key_enc: Buffer;
  retire_at: Date | null;
}

/** The raw rows, read outside the application code. */
export async function readKeyRows(databaseUrl: string): Promise<KeyRow[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<KeyRow>('SELECT * FROM signing_keys ORDER BY created_at');
    return rows;
  } finally {
    await client.end();
  }
}
