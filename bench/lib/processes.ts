import { ChildProcess, spawn } from 'node:child_process';

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

const running = new Set<RunningProcess>();

/** Starts a Node script and resolves once its output matches `ready`, or `ready()` holds. */
export async function startNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp | (() => Promise<boolean>),
  timeoutMs = 60000,
  /** How often a `ready()` function is polled; finer when the time to readiness is measured. */
  pollMs = 200,
): Promise<RunningProcess> {
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} not ready in time:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (ready instanceof RegExp && ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    if (typeof ready === 'function') {
      const poll = (): void => {
        void ready().then((ok) => {
          if (ok) {
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode === null) {
            setTimeout(poll, pollMs);
          }
        });
      };
      poll();
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output}`));
    });
  });
  const handle: RunningProcess = {
    child,
    output: () => output,
    stop: async () => {
      running.delete(handle);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(handle);
  return handle;
}

/** Stops everything still running: a benchmark that throws leaves nothing behind. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((process) => process.stop()));
}
