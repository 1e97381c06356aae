import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './ports';
import { TEST_ENV } from './test-app';

const ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface ServiceProcess {
  process: ChildProcess;
  port: number;
  baseUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * Runs the compiled service (`npm start`'s entry point) as a real process. The environment is
 * given in full: nothing leaks in from the test runner's own.
 */
export async function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      ...TEST_ENV,
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    listeners.forEach((listener) => listener());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const waitFor = (pattern: RegExp, timeoutMs = 30000): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (!pattern.test(output)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${pattern}; output so far:\n${output}`));
      }, timeoutMs);
      const onExit = (): void => {
        cleanup();
        if (pattern.test(output)) resolve();
        else reject(new Error(`Process exited before ${pattern}; output:\n${output}`));
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
      };
      listeners.add(check);
      child.once('exit', onExit);
      check();
    });

  return {
    process: child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    waitFor,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * `startService`, with every process it started killed after each test (call at describe level:
 * it registers the afterEach hook).
 */
export function startServicePerTest(): (env: Record<string, string>) => Promise<ServiceProcess> {
  const running: ServiceProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
  });
  return async (env) => {
    const service = await startService(env);
    running.push(service);
    return service;
  };
}
