import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { TEST_ENV } from '../support/test-app';

/**
 * Helpers of the process-level start-up specs: a throw-away DATA_DIR, the embedded servers
 * running on it, and the compiled command-line tools run against it.
 */

export const LISTENING = /Warden is listening on http:\/\/127\.0\.0\.1:\d+/;

/** A DATA_DIR inside a fresh directory of the given mode (0755: any user may enter it). */
export async function tempDataDir(parentMode = 0o755): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'warden-start-'));
  await chmod(parent, parentMode);
  return join(parent, 'data');
}

/** Where the cluster of `dataDir` lives: DATA_DIR/pg, or where its pointer file says. */
export function clusterDirOf(dataDir: string): string {
  const pointer = join(dataDir, 'pg.location');
  return existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : join(dataDir, 'pg');
}

/** The PostgreSQL processes serving `clusterDir` (the postmaster's command line names it). */
export function postgresProcessesFor(clusterDir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(`-D ${clusterDir} `))
    .map((line) => Number.parseInt(line.trim(), 10));
}

/** Removes the DATA_DIR, its parent and a relocated cluster; stops a server a failed test left. */
export async function removeDataDir(dataDir: string): Promise<void> {
  const clusterDir = clusterDirOf(dataDir);
  for (const pid of postgresProcessesFor(clusterDir)) process.kill(pid, 'SIGKILL');
  if (clusterDir !== join(dataDir, 'pg')) {
    await rm(dirname(clusterDir), { recursive: true, force: true, maxRetries: 5 });
  }
  await rm(dirname(dataDir), { recursive: true, force: true, maxRetries: 5 });
}

export interface CliResult {
  code: number | null;
  output: string;
}

/** Runs a compiled CLI (`dist/src/<script>`) on `env`, as `npm run` would, stdin not a TTY. */
export function runCli(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  const entry = join(__dirname, '..', '..', 'dist', 'src', script);
  const child = spawn(process.execPath, [entry, ...args], {
    env: { PATH: process.env.PATH ?? '', ...TEST_ENV, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

/** The kids a running service publishes. */
export async function publishedKids(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/.well-known/jwks.json`);
  const { keys } = (await response.json()) as { keys: { kid: string }[] };
  return keys.map((key) => key.kid).sort();
}

/** No line of a stack trace, whatever the logger. */
export const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$|\\n\s+at /m;
