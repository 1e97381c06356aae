import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'src', 'index.js');

// Service-only code and its database stack: a library consumer must never load them.
const FORBIDDEN =
  /[\\/](dist[\\/]src[\\/](users|tokens|database|keys)|node_modules[\\/](typeorm|pg|@nestjs[\\/]typeorm))[\\/]/;

/**
 * Loads `specifier` in a fresh Node process (as an app depending on Warden would) and lists the
 * modules it pulled in that a library consumer must never load, plus what the module exports.
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

describe('the library entry (dist/src/index.js)', () => {
  beforeAll(() => {
    if (!existsSync(ENTRY))
      throw new Error('Build first (npx nest build): dist/src/index.js is missing');
  });

  it('resolves by package name and exports the public API', async () => {
    const { exports } = await probe('warden');

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
      ]),
    );
  });

  it('loads no service module, no TypeORM and no pg', async () => {
    expect((await probe(ENTRY)).forbidden).toEqual([]);
  });

  it('would see them if they were loaded (the probe is not blind)', async () => {
    const { forbidden } = await probe(join(ROOT, 'dist', 'src', 'app.module.js'));

    expect(forbidden.some((file) => /node_modules[\\/]typeorm[\\/]/.test(file))).toBe(true);
    expect(forbidden.some((file) => /dist[\\/]src[\\/]users[\\/]/.test(file))).toBe(true);
  });

  it('packs the compiled entry and its type declarations (npm pack)', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
    });
    const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const files = pack.files.map((file) => file.path);

    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'dist/src/index.js', 'dist/src/index.d.ts']),
    );
    expect(files.some((file) => file.startsWith('src/') || file.startsWith('test/'))).toBe(false);
  });
});
