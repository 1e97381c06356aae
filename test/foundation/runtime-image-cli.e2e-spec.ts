import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CommandRun, linesOf, runCommand } from './cli-run';
import { dockerIgnores, RuntimeImage, simulateRuntimeImage } from './runtime-image';
import { createTestDatabase } from '../support/test-database';

const MODULE_NOT_FOUND = /MODULE_NOT_FOUND|Cannot find module/;

/**
 * The documented CLIs where the image runs them (`docker compose exec warden npm run …`): the
 * runtime stage's files, replayed from docker/Dockerfile without Docker, against a database
 * given by DATABASE_URL as docker-compose.yml gives it.
 */
describe('The CLIs in the runtime image (docker/Dockerfile simulated)', () => {
  let image: RuntimeImage;
  let database: { url: string; drop: () => Promise<void> };
  const npmRun = (args: string[], stdin?: string): Promise<CommandRun> =>
    runCommand('npm', ['run', ...args], {
      cwd: image.dir,
      stdin,
      env: {
        ...image.env,
        DATABASE_URL: database.url,
        KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        BCRYPT_COST: '4',
        LOG_LEVEL: 'silent',
        npm_config_update_notifier: 'false',
      },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    image = await simulateRuntimeImage();
  });
  afterAll(async () => {
    await database.drop();
    await rm(image.dir, { recursive: true, force: true });
  });

  it('holds the compiled service and the build check, but no sources to build from', () => {
    expect(image.env.NODE_ENV).toBe('production');
    expect(existsSync(join(image.dir, 'dist', 'src', 'main.js'))).toBe(true);
    expect(existsSync(join(image.dir, 'scripts', 'build-if-needed.js'))).toBe(true);
    expect(existsSync(join(image.dir, 'src'))).toBe(false);
    expect(dockerIgnores('scripts/build-if-needed.js')).toBe(false);
    expect(dockerIgnores('packages/nest-auth/dist/index.js')).toBe(true);
  });

  it.each([
    [
      'users:create-admin',
      ['users:create-admin', '--', '--username', 'root'],
      'an image admin pass 1\n',
      /Created the administrator 'root'/,
    ],
    [
      'clients:create',
      ['clients:create', '--', '--name', 'reports', '--permission', 'reports:read'],
      undefined,
      /^client_secret=\S+$/m,
    ],
    ['migration:run', ['migration:run'], undefined, /Nothing to apply: schema is up to date/],
    ['keys:rotate', ['keys:rotate'], undefined, /Rotated: active \S+, next \S+/],
  ])('runs npm run %s', async (_name, args, stdin, success) => {
    const run = await npmRun(args, stdin);
    const output = `${run.stdout}${run.stderr}`;

    expect(output).not.toMatch(MODULE_NOT_FOUND);
    expect(output).not.toContain('Building Warden');
    expect({ code: run.code, output }).toEqual({ code: 0, output: expect.stringMatching(success) });
  });

  it('says in one line when dist/ is incomplete, rather than trying to build it', async () => {
    await rm(join(image.dir, 'dist', 'src', 'main.js'));
    const run = await runCommand(process.execPath, ['scripts/build-if-needed.js'], {
      cwd: image.dir,
      env: {},
    });

    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([
      `${join(image.dir, 'dist')} is incomplete and there are no sources to build it from`,
    ]);
  });
});
