import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const CLUSTER_SCRIPT = join(__dirname, 'pg-cluster.js');

/**
 * A PostgreSQL of one test file's own, in a child process, that the test can stop (an outage)
 * and start again on the same port, its data kept.
 */
export class OwnCluster {
  private child: ChildProcess | undefined;
  url = '';
  port = 0;

  constructor(private readonly dir: string) {}

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [CLUSTER_SCRIPT, this.dir, ...(this.port ? [String(this.port)] : [])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const line = output.split('\n').find((candidate) => candidate.startsWith('{'));
        if (line) resolve(JSON.parse(line) as { url: string; port: number });
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.once('exit', (code) => reject(new Error(`cluster exited ${code}: ${output}`)));
    });
    this.url = ready.url;
    this.port = ready.port;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
