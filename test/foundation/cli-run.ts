import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { TEST_ENV } from '../support/test-app';

/**
 * Helpers of the process tests of the first-administrator and client CLIs: a compiled command
 * run as `npm run` runs it, with its stdout and stderr kept apart (a secret must be on stdout
 * only), and a look at the database they wrote.
 */

export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const DIST = join(__dirname, '..', '..', 'dist', 'src');

/** Runs `command` with a complete environment (nothing from the runner's), `stdin` piped in. */
export function runCommand(
  command: string,
  args: string[],
  options: { env: Record<string, string>; stdin?: string; cwd?: string },
): Promise<CommandRun> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** A compiled CLI (`dist/src/<script>`), run by this Node with TEST_ENV under `env`. */
export function runCompiledCli(
  script: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<CommandRun> {
  return runCommand(process.execPath, [join(DIST, script), ...args], {
    env: { ...TEST_ENV, ...env },
    stdin,
  });
}

/** Whether util-linux `script` is there to give a command a terminal (for the prompt tests). */
export function canRunInTerminal(): boolean {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function queryRows<T = Record<string, unknown>>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The non-empty lines of a command's output. */
export function linesOf(output: string): string[] {
  return output.split('\n').filter((line) => line.trim() !== '');
}

/** What to type once the terminal shows `after` (a prompt). */
export interface TerminalAnswer {
  after: RegExp;
  type: string;
}

/**
 * Runs a compiled CLI on a terminal of its own (util-linux `script`), typing each answer once
 * its prompt shows. What the terminal displayed comes back as `stdout` (a terminal has one
 * screen): whatever was echoed is in it.
 */
export function runCompiledCliInTerminal(
  script: string,
  args: string[],
  env: Record<string, string>,
  answers: TerminalAnswer[],
): Promise<CommandRun> {
  const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;
  const commandLine = [process.execPath, join(DIST, script), ...args].map(quote).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', commandLine, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...TEST_ENV, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  let stderr = '';
  const pending = [...answers];
  let typedAt = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
    // Answers are matched against what followed the previous answer, one prompt at a time.
    while (pending.length > 0 && pending[0].after.test(screen.slice(typedAt))) {
      typedAt = screen.length;
      child.stdin.write(pending.shift()!.type);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.once('close', (code) => {
      child.stdin.destroy();
      resolve({ code, stdout: screen, stderr });
    }),
  );
}
