import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What DATA_DIR/pg.json says about the embedded server a Warden process is running, so the
 * command-line tools use that server instead of tripping on its lock, and a second Warden on
 * the same DATA_DIR is told who holds it.
 */
export interface RunningEmbedded {
  /** The Warden process (service or CLI) that started the server and will stop it. */
  pid: number;
  postgresPid: number;
  port: number;
  clusterDir: string;
}

export function registryFileOf(dataDir: string): string {
  return join(dataDir, 'pg.json');
}

export function readRunning(dataDir: string): RunningEmbedded | undefined {
  try {
    const entry = JSON.parse(readFileSync(registryFileOf(dataDir), 'utf8')) as RunningEmbedded;
    const valid =
      [entry.pid, entry.postgresPid, entry.port].every(Number.isSafeInteger) &&
      typeof entry.clusterDir === 'string';
    return valid ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** Written aside, then renamed over: a reader never sees half a record. */
export function recordRunning(dataDir: string, entry: RunningEmbedded): void {
  const file = registryFileOf(dataDir);
  writeFileSync(`${file}.${process.pid}`, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  renameSync(`${file}.${process.pid}`, file);
}

/** Synchronous, so it also runs from a process 'exit' handler. */
export function forgetRunning(dataDir: string): void {
  rmSync(registryFileOf(dataDir), { force: true });
}
