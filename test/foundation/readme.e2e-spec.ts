import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess, startService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';
import { configurationExamples, curlSteps, shellBlocks } from './readme-blocks';
import { readmeScript } from './readme-script';

const REPOSITORY = join(__dirname, '..', '..');
const README = readFileSync(join(REPOSITORY, 'README.md'), 'utf8');
const ENTRY = join(REPOSITORY, 'dist', 'src', 'main.js');
const LISTENING = /Warden is listening on http:\/\/127\.0\.0\.1:\d+/;
// The whole walk (start, every block, stop) fits in jest's 60 s; the blocks get most of it.
const SCRIPT_TIMEOUT_MS = 40000;

interface Run {
  code: number | null;
  output: string;
}

/** Runs a program to its end (or its timeout), stdout and stderr interleaved as a reader sees them. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(file, args, {
      env,
      timeout,
      cwd: tmpdir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('README examples', () => {
  describe('the sh blocks, run in order against a fresh service', () => {
    let service: ServiceProcess | undefined;
    let dataDir: string;
    let databaseUrl: string;
    let drop: (() => Promise<void>) | undefined;
    const adminPassword = `readme ${randomBytes(12).toString('base64url')}`;

    beforeAll(async () => {
      ({ url: databaseUrl, drop } = await createTestDatabase());
      dataDir = await mkdtemp(join(tmpdir(), 'warden-readme-'));
      // No KEY_ENCRYPTION_KEY: the reader's development key file, which keys:rewrap replaces.
      service = await startService({
        DATABASE_URL: databaseUrl,
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: adminPassword,
      });
      await service.waitFor(LISTENING, 30000);
    });

    afterAll(async () => {
      await service?.stop('SIGKILL');
      await drop?.();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('run as written and answer with every status code they state', async () => {
      const blocks = shellBlocks(README);
      const steps = curlSteps(blocks);
      const statusFile = join(dataDir, 'statuses');
      const scriptFile = join(dataDir, 'readme.sh');
      await writeFile(scriptFile, readmeScript(blocks, service!.baseUrl, statusFile));

      const result = await run(
        'bash',
        [scriptFile],
        {
          PATH: process.env.PATH,
          HOME: dataDir,
          // What a reader's CLIs see: the same database and data directory as the service.
          NODE_ENV: 'test',
          DATABASE_URL: databaseUrl,
          DATA_DIR: dataDir,
          ADMIN_PASSWORD: adminPassword,
        },
        SCRIPT_TIMEOUT_MS,
      );

      if (result.code !== 0)
        throw new Error(`The README's sh blocks failed (exit ${result.code}):\n${result.output}`);
      const statuses = (await readFile(statusFile, 'utf8')).trim().split('\n').map(Number);
      expect(statuses).toHaveLength(steps.length);
      const mismatches = steps
        .map((step, index) => ({ ...step, actual: statuses[index] }))
        .filter((step) => step.expectedStatus !== undefined && step.actual !== step.expectedStatus)
        .map(
          (step) =>
            `README line ${step.line}: ${step.expectedStatus} stated, ${step.actual} answered`,
        );
      expect(mismatches).toEqual([]);
      // Most calls state what they answer; a README that stops saying so tests little.
      expect(steps.filter((step) => step.expectedStatus !== undefined).length).toBeGreaterThan(15);
    });
  });

  it('shows the configuration errors the service really prints', async () => {
    const examples = configurationExamples(README);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const dataDir = await mkdtemp(join(tmpdir(), 'warden-readme-config-'));
      try {
        // Only the example's variables on top of the defaults: nothing from the runner's env.
        const result = await run(
          process.execPath,
          [ENTRY],
          { PATH: process.env.PATH, DATA_DIR: dataDir, ...example.env },
          15000,
        );
        expect({
          line: example.line,
          code: result.code,
          output: result.output.trimEnd().split('\n'),
        }).toEqual({
          line: example.line,
          code: 1,
          output: example.output,
        });
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  });
});
