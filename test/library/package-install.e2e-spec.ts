import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tampered } from '../admin/admin.fixtures';
import {
  compileReadme,
  inBackground,
  installAndCompile,
  installAndMeasure,
  installedNest,
  loadInApp,
  MeasuredInstall,
  newestNest,
  optionalPeers,
  progress,
} from './app-installs';
import { AppProcess, startApp } from './app-process';
import { NestVersions, typecheckAlone } from './nest-app';
import { INSTALL_FLAGS, npm, PackedLibrary, packLibrary } from './npm';
import { footprintLimit, readmeSnippets, Snippet } from './readme-snippets';
import { kidOf, startWardenIssuer, subOf, WardenIssuer } from './warden-issuer';

const LIBRARY = join(__dirname, '..', '..', 'packages', 'nest-auth');
/** @nestjs/core 12.0.0 declares peers on Nest 11, so npm refuses it: 12.0.1 is the oldest that installs. */
const OLDEST = '12.0.1';
const PLATFORMS = [
  { name: 'Express', entry: 'main.js' },
  { name: 'Fastify', entry: 'main-fastify.js' },
] as const;
/** Longer than the global 60 s on purpose: an `npm install` of a fresh Nest app, then tsc. */
const INSTALL_TIMEOUT = 240_000;

describe('@warden/nest-auth packed and installed into fresh Nest 12 apps', () => {
  let work: string;
  let packed: PackedLibrary;
  let readme: string;
  let snippets: Snippet[];
  let issuer: WardenIssuer;
  const running = new Set<AppProcess>();
  /** Settles once the oldest app is installed and compiled: with its error, if any. */
  let oldestReady: Promise<Error | undefined> | undefined;
  const oldestApp = (): string => join(work, 'oldest');

  /** The compiled app as a process trusting the test's Warden; stopped after the file at worst. */
  async function start(app: string, entry: string): Promise<AppProcess> {
    progress(`starting ${app}/dist/${entry}`);
    const started = await startApp(app, entry, issuer.appEnv);
    running.add(started);
    return started;
  }

  async function stop(started: AppProcess | undefined): Promise<void> {
    if (started === undefined) return;
    running.delete(started);
    await started.stop();
  }

  beforeAll(async () => {
    readme = await readFile(join(LIBRARY, 'README.md'), 'utf8');
    snippets = readmeSnippets(readme);
    work = await mkdtemp(join(tmpdir(), 'warden-package-'));
    progress(`npm pack ${LIBRARY} into ${work}`);
    packed = await packLibrary(LIBRARY, work);
    // The oldest app shares no step with the newest one: it installs and compiles meanwhile.
    oldestReady = inBackground(() => {
      const extras = [`@nestjs/platform-fastify@${OLDEST}`, ...optionalPeers(packed)];
      progress(`installing an app on Nest ${OLDEST} with the tarball and ${extras.join(', ')}`);
      const nest = { common: OLDEST, core: OLDEST, platformExpress: OLDEST };
      return installAndCompile(oldestApp(), nest, packed.tarball, extras, snippets);
    });
    progress('starting Warden on PostgreSQL');
    issuer = await startWardenIssuer();
    // Longer than the global 60 s on purpose: `npm pack` and Warden's boot share the machine with
    // the oldest app's install, started in the background above.
  }, 120_000);

  afterAll(async () => {
    await oldestReady;
    await Promise.all([...running].map((app) => app.stop()));
    await issuer?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true, maxRetries: 5 });
  });

  it('packs the compiled library, its README, CHANGELOG and LICENSE, and nothing else', () => {
    const docs = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
    const others = packed.files.filter((file) => !file.startsWith('dist/') && !docs.includes(file));

    expect(packed.files).toEqual(
      expect.arrayContaining([...docs, 'dist/index.js', 'dist/index.d.ts']),
    );
    expect(others).toEqual([]);
    expect(packed.files.filter((file) => /\.spec\.|\.tsbuildinfo$/.test(file))).toEqual([]);
    expect(packed.manifest.dependencies ?? {}).toEqual({});
  });

  describe('on the newest Nest 12', () => {
    let app: string;
    let newest: NestVersions & { platformFastify: string };
    let measured: MeasuredInstall;

    beforeAll(async () => {
      app = join(work, 'newest');
      newest = await newestNest(work);
      progress(`newest Nest 12: ${JSON.stringify(newest)}`);
      measured = await installAndMeasure(app, newest, packed.tarball);
    }, INSTALL_TIMEOUT);

    it("grows the app by no more than the README's footprint limit, and less than the usual stack", () => {
      const { bare, withLibrary, withStack } = measured;
      const limit = footprintLimit(readme);
      const packages = withLibrary.packages - bare.packages;
      const bytes = withLibrary.bytes - bare.bytes;

      expect(packages).toBeGreaterThanOrEqual(1);
      expect(packages).toBeLessThanOrEqual(limit.packages);
      expect(bytes).toBeLessThanOrEqual(limit.bytes);
      expect(packages).toBeLessThan(withStack.packages - bare.packages);
      expect(bytes).toBeLessThan(withStack.bytes - bare.bytes);
    });

    it('loads its main entry with none of the optional peers installed', async () => {
      const loaded = await loadInApp(
        app,
        `const entry = require('@warden/nest-auth');
         let swagger = 'loaded';
         try { require('@warden/nest-auth/swagger'); } catch (error) { swagger = error.code; }
         process.stdout.write(JSON.stringify({ exports: Object.keys(entry), swagger }));`,
      );

      expect(loaded).toEqual({
        exports: expect.arrayContaining(['AuthModule', 'RequiresAuth', 'CurrentUser']),
        // The sub-path needs @nestjs/swagger, which the package does not bring along.
        swagger: 'MODULE_NOT_FOUND',
      });
    });

    describe('with Fastify and the optional peers added', () => {
      beforeAll(async () => {
        const fastify = `@nestjs/platform-fastify@${newest.platformFastify}`;
        progress(`installing ${fastify} and the optional peers`);
        await npm(['install', ...INSTALL_FLAGS, fastify, ...optionalPeers(packed)], app);
        await compileReadme(app, snippets);
      }, INSTALL_TIMEOUT);

      it('compiled every README block under the tsconfig of nest new', () => {
        const outputs = snippets.map((snippet) =>
          snippet.file.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js'),
        );

        expect(outputs).toEqual(expect.arrayContaining(['dist/main.js', 'dist/main-fastify.js']));
        expect(outputs.filter((output) => !existsSync(join(app, output)))).toEqual([]);
      });

      it('would refuse the README controller with a value import of Principal (TS1272)', async () => {
        const controller = snippets.find((snippet) => snippet.code.includes('type Principal,'));
        if (controller === undefined) throw new Error('no README block imports `type Principal`');
        const probe = await typecheckAlone(
          app,
          'probe/value-import.ts',
          controller.code.replace('type Principal,', 'Principal,'),
        );

        expect(probe.ok).toBe(false);
        expect(probe.output).toContain('error TS1272');
      });

      it('loads every sub-path export once its optional peers are installed', async () => {
        const specifiers = Object.keys(packed.manifest.exports)
          .filter((path) => path !== './package.json')
          .map((path) => `@warden/nest-auth${path.slice(1)}`);
        const exported = await loadInApp(
          app,
          `const names = ${JSON.stringify(specifiers)};
           const loaded = names.map((name) => [name, Object.keys(require(name))]);
           process.stdout.write(JSON.stringify(Object.fromEntries(loaded)));`,
        );

        expect(exported).toEqual({
          '@warden/nest-auth': expect.arrayContaining(['AuthModule', 'WardenAuthGuard']),
          '@warden/nest-auth/swagger': expect.arrayContaining(['Roles', 'ApiWardenAuth']),
          '@warden/nest-auth/passport': expect.arrayContaining(['WardenJwtStrategy']),
          '@warden/nest-auth/terminus': expect.arrayContaining(['WardenKeysHealthIndicator']),
        });
      });

      describe.each(PLATFORMS)('running on $name', ({ entry }) => {
        let server: AppProcess;
        let kidsAtStart: string[];

        beforeAll(async () => {
          kidsAtStart = await issuer.publishedKids();
          server = await start(app, entry);
        });

        afterAll(() => stop(server));

        it('serves the @Public() route without a token', async () => {
          const response = await server.request('/health');

          expect(response.status).toBe(200);
          expect(await response.json()).toEqual({ ok: true });
        });

        it('refuses a guarded route without a token, with a Bearer challenge', async () => {
          const response = await server.request('/me');

          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
          expect(await response.json()).toMatchObject({
            statusCode: 401,
            code: 'ERR_TOKEN_MISSING',
          });
        });

        it('refuses a guarded route with a bad token, naming invalid_token', async () => {
          const response = await server.request(
            '/me',
            tampered(await issuer.tokenOf(issuer.reader)),
          );

          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
          expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_INVALID' });
        });

        it("accepts Warden's tokens and hands the principal to the handler", async () => {
          const token = await issuer.tokenOf(issuer.reader);
          const response = await server.request('/me', token);

          expect(response.status).toBe(200);
          expect(await response.json()).toMatchObject({ sub: subOf(token) });
          expect((await server.request('/reports', token)).status).toBe(200);
          expect((await server.request('/admin', await issuer.tokenOf(issuer.admin))).status).toBe(
            200,
          );
        });

        it('answers 403 to a valid token lacking the @Permissions or @Roles requirement', async () => {
          const token = await issuer.tokenOf(issuer.plain);
          const refused = await server.request('/reports', token);

          expect(refused.status).toBe(403);
          expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
          expect(await refused.json()).toMatchObject({
            code: 'ERR_INSUFFICIENT_SCOPE',
            required: { permissions: ['reports:read'] },
          });
          expect((await server.request('/admin', token)).status).toBe(403);
        });

        it('accepts a token of the newest key after two rotations in a row', async () => {
          progress('rotating Warden keys twice');
          await issuer.rotateKeys();
          await issuer.rotateKeys();
          const newestToken = await issuer.tokenOf(issuer.reader);
          // Created after the app fetched the key set: the app has to fetch it again.
          expect(kidsAtStart).not.toContain(kidOf(newestToken));

          const response = await server.request('/me', newestToken);

          expect(response.status).toBe(200);
          expect(await response.json()).toMatchObject({ sub: subOf(newestToken) });
        });
      });
    });
  });

  describe(`on the oldest Nest 12 that installs (${OLDEST})`, () => {
    beforeAll(async () => {
      const failure = await oldestReady;
      if (failure !== undefined) throw failure;
    }, INSTALL_TIMEOUT);

    it('keeps the Nest versions it was created with', async () => {
      expect(await installedNest(oldestApp())).toEqual({
        common: OLDEST,
        core: OLDEST,
        'platform-express': OLDEST,
        'platform-fastify': OLDEST,
      });
    });

    it.each(PLATFORMS)('guards its routes on $name', async ({ entry }) => {
      const server = await start(oldestApp(), entry);
      const token = await issuer.tokenOf(issuer.reader);
      try {
        expect((await server.request('/health')).status).toBe(200);
        const refused = await server.request('/me');
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
        expect((await server.request('/me', token)).status).toBe(200);
      } finally {
        await stop(server);
      }
    });
  });
});
