import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'packages', 'nest-auth');
const ENTRY = join(PACKAGE, 'dist', 'index.js');

// What an app that installs only the main entry must never load: the service, its database
// stack, and the optional integrations (each behind its own sub-path).
const FORBIDDEN =
  /[\\/](dist[\\/]src[\\/]|node_modules[\\/](typeorm|pg|@nestjs[\\/](typeorm|swagger|passport|terminus)|passport|passport-jwt|passport-strategy|jsonwebtoken)[\\/])/;

/**
 * Loads `specifier` in a fresh Node process, as an app depending on the library would, and lists
 * the modules it pulled in that it must not have, plus what the module exports.
 */
async function probe(specifier: string): Promise<{ forbidden: string[]; exports: string[] }> {
  const script = `
    const loaded = require(${JSON.stringify(specifier)});
    const forbidden = Object.keys(require.cache).filter((file) => ${FORBIDDEN}.test(file));
    process.stdout.write(JSON.stringify({ forbidden, exports: Object.keys(loaded) }));
  `;
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT });
  return JSON.parse(stdout) as { forbidden: string[]; exports: string[] };
}

describe('the library package (@warden/nest-auth)', () => {
  beforeAll(() => {
    if (!existsSync(ENTRY)) {
      throw new Error('Build first (npm run build): packages/nest-auth/dist/index.js is missing');
    }
  });

  it('resolves by package name and exports the public API', async () => {
    const { exports } = await probe('@warden/nest-auth');

    expect(exports).toEqual(
      expect.arrayContaining([
        'AuthModule',
        'RequiresAuth',
        'Roles',
        'Permissions',
        'Policy',
        'Public',
        'CurrentUser',
        'Claims',
        'policy',
        'WardenAuthGuard',
        'RemoteJwksKeyResolver',
        'JwksHealthIndicator',
        'TokenExpiredError',
        'KeysUnavailableError',
      ]),
    );
  });

  it('loads no service code, no database stack and no optional integration', async () => {
    expect((await probe('@warden/nest-auth')).forbidden).toEqual([]);
  });

  it.each([
    ['swagger', /@nestjs[\\/]swagger/, ['RequiresAuth', 'Roles', 'Permissions', 'Policy']],
    ['passport', /passport-jwt/, ['WardenJwtStrategy', 'WardenBearerStrategy']],
    ['terminus', /@nestjs[\\/]terminus/, ['WardenKeysHealthIndicator']],
  ])('offers the %s integration as a sub-path', async (name, loads, names) => {
    const { forbidden, exports } = await probe(`@warden/nest-auth/${name}`);

    expect(exports).toEqual(expect.arrayContaining(names));
    // The probe is not blind: the sub-path does load its integration...
    expect(forbidden.some((file) => loads.test(file))).toBe(true);
    // ...and still nothing of the service.
    expect(forbidden.filter((file) => /dist[\\/]src[\\/]|typeorm|[\\/]pg[\\/]/.test(file))).toEqual(
      [],
    );
  });

  it('declares only peer dependencies, the optional ones marked so', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
      private?: boolean;
      dependencies?: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    const required = Object.keys(manifest.peerDependencies).filter(
      (name) => manifest.peerDependenciesMeta[name]?.optional !== true,
    );

    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(required.sort()).toEqual(['@nestjs/common', '@nestjs/core', 'reflect-metadata', 'rxjs']);
    expect(manifest.peerDependencies['@nestjs/core']).toBe('^12.0.1');
  });

  it('packs its build, README, CHANGELOG and licence, and nothing else', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: PACKAGE,
    });
    const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const files = pack.files.map((file) => file.path);

    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/swagger/index.js',
        'dist/passport/index.js',
        'dist/terminus/index.js',
      ]),
    );
    expect(
      files.filter((file) => !/^(dist\/|package\.json$|README|CHANGELOG|LICENSE)/.test(file)),
    ).toEqual([]);
    expect(files.filter((file) => /\.spec\.|\.map$|tsbuildinfo/.test(file))).toEqual([]);
  });
});
