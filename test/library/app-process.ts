// The compiled app as its own process, the way `node dist/main` runs it in production.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface AppProcess {
  baseUrl: string;
  /** GET `path`, with `token` as a Bearer token when given. */
  request: (path: string, token?: string) => Promise<Response>;
  output: () => string;
  stop: () => Promise<void>;
}

/** The main files log this once listening (see the README's src/main.ts). */
const LISTENING = /Listening on (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts `node dist/<entry>` in `appDir` with exactly `env` (plus PATH), on a port the kernel
 * picks (PORT=0), and resolves once the app logs its URL.
 */
export async function startApp(
  appDir: string,
  entry: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<AppProcess> {
  const child = spawn(process.execPath, [join('dist', entry)], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`no "Listening on" line within ${timeoutMs} ms`),
      timeoutMs,
    );
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const url = LISTENING.exec(output)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve(url);
    };
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not start: ${reason}; output:\n${output}`));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('exit', (code) => fail(`exited with ${code}`));
  });
  return {
    baseUrl,
    request: (path, token) =>
      fetch(`${baseUrl}${path}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      }),
    output: () => output,
    stop: () => stopProcess(child, exited),
  };
}

/** SIGTERM, then SIGKILL if the process is still there after five seconds. */
async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
