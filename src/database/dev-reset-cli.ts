import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ConfigValidationError, loadConfig } from '../config';
import { developmentKeyFileOf } from '../keys/key-encryption-key.provider';
import { embeddedFilesOf, relocatedClusterOf } from './embedded-location';
import { isRunning, lockHolderOf } from './embedded-lock';
import { readRunning, registryFileOf } from './embedded-registry';

/**
 * `npm run dev:reset [-- --yes]`: deletes DATA_DIR's embedded database and development key
 * file, the way out when the key file is lost. It asks first (y/N) unless given --yes, refuses
 * while a Warden runs on that data, and refuses outright when DATABASE_URL is set: it never
 * touches a real server.
 */
async function main(): Promise<void> {
  const confirmed = process.argv.slice(2).some((arg) => arg === '--yes' || arg === '-y');
  const config = loadConfig();
  if (config.databaseUrl) {
    throw new RefusalError(
      'DATABASE_URL is set: dev:reset only deletes the embedded database under DATA_DIR and ' +
        'never touches a real server',
    );
  }
  const holder = await runningHolder(config.dataDir);
  if (holder !== undefined) {
    throw new RefusalError(
      `a Warden is running on ${config.dataDir} (pid ${holder}): stop it first`,
    );
  }
  const keyFile = developmentKeyFileOf(config);
  const targets = [
    ...embeddedFilesOf(config.dataDir),
    ...(keyFile && existsSync(keyFile) ? [keyFile] : []),
    ...(existsSync(registryFileOf(config.dataDir)) ? [registryFileOf(config.dataDir)] : []),
  ];
  if (targets.length === 0) {
    say(`Nothing to reset: ${config.dataDir} holds no embedded database or key file`);
    return;
  }
  say(`This deletes every user, client and signing key of the development data:`);
  for (const target of targets) say(`  ${target}`);
  if (!confirmed && !(await ask('Delete them? [y/N] '))) {
    say('Nothing deleted');
    return;
  }
  for (const target of targets) await rm(target, { recursive: true, force: true });
  say('Deleted. The next npm start begins with an empty database and a new key file.');
}

class RefusalError extends Error {}

/** The Warden recorded in pg.json, else the server holding the cluster's lock, if alive. */
async function runningHolder(dataDir: string): Promise<number | undefined> {
  const running = readRunning(dataDir);
  if (running && isRunning(running.pid)) return running.pid;
  return lockHolderOf(relocatedClusterOf(dataDir) ?? join(dataDir, 'pg'));
}

async function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new RefusalError('Not asked on a terminal: run npm run dev:reset -- --yes to confirm');
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigValidationError || error instanceof RefusalError;
  const message = known
    ? error.message
    : `Reset failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
