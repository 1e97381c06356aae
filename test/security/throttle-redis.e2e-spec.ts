import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FakeClock } from '../../src/common/fake-clock';
import { freePort } from '../support/ports';
import { createTestApp, TestApp } from '../support/test-app';
import { badClientToken } from './support/throttle.fixtures';

function redisServerPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** A throwaway redis-server on a free loopback port, nothing persisted. */
class RedisServer {
  private child: ChildProcess | undefined;

  constructor(
    private readonly binary: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir];
    const child = spawn(this.binary, [...args, '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

const binary = redisServerPath();
if (!binary)
  console.info('throttle-redis.e2e-spec: skipped, redis-server is not installed on this machine');
const describeWithRedis = binary ? describe : describe.skip;

/** REDIS_URL set: the per-IP throttle counts in Redis, one script call per request. */
describeWithRedis('per-IP throttle in Redis (skipped when redis-server is not installed)', () => {
  const LIMIT = 10;
  const TTL = 3600;
  let dir: string;
  let redis: RedisServer;
  let replicas: TestApp[] = [];
  let clocked: TestApp;
  const clock = new FakeClock(new Date());

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'warden-redis-'));
    redis = new RedisServer(binary ?? 'redis-server', dir, await freePort());
    await redis.start();
    const env = {
      THROTTLE_LIMIT: String(LIMIT),
      THROTTLE_TTL: String(TTL),
      REDIS_URL: redis.url,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
    const first = await createTestApp(env);
    replicas = [first];
    for (let i = 1; i < 3; i++)
      replicas.push(await createTestApp(env, { databaseUrl: first.databaseUrl }));
    // Redis database 1: the same address and route make the same key as on the replicas.
    clocked = await createTestApp(
      { ...env, THROTTLE_LIMIT: '2', THROTTLE_TTL: '60', REDIS_URL: `${redis.url}/1` },
      { clock },
    );
  });
  afterAll(async () => {
    await clocked?.close();
    for (const replica of [...replicas].reverse()) await replica.close();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets exactly THROTTLE_LIMIT requests through across three replicas', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => badClientToken(replicas[i % 3])),
    );
    const refused = answers.filter((answer) => answer.status === 429);
    console.info(`Redis, three replicas, 40 requests: ${40 - refused.length} through`);
    expect(answers.filter((answer) => answer.status !== 429)).toHaveLength(LIMIT);
    for (const { headers } of refused)
      expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = await replicas[0].app
      .get(DataSource)
      .query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM throttle_counters');
    expect(rows).toEqual([{ count: 0 }]);
  });

  it('ends the block and the window on the clock it is given', async () => {
    const statuses = [];
    for (let hit = 0; hit < 3; hit++) statuses.push((await badClientToken(clocked)).status);
    expect(statuses).toEqual([401, 401, 429]);
    clock.advance(59);
    expect((await badClientToken(clocked)).headers.get('retry-after')).toBe('1');
    clock.advance(1);
    expect((await badClientToken(clocked)).status).toBe(401);
  });

  it('fails open while Redis is down, and counts again when it is back', async () => {
    expect((await badClientToken(replicas[0])).status).toBe(429);
    await redis.stop();
    // Uncounted: the route answers for itself (the database is up), never 500 nor 429.
    for (let i = 0; i < 3; i++) expect((await badClientToken(replicas[0])).status).toBe(401);
    await redis.start();
    // The client reconnects on its own schedule; the count in Redis went with the old server.
    let status = (await badClientToken(replicas[0])).status;
    for (let attempt = 0; status === 401 && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await badClientToken(replicas[0])).status;
    }
    expect(status).toBe(429);
  });
});
