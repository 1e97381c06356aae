// npm as a stranger runs it: the ordinary client, one cache (npm's own, shared by every install
// of the run, so the registry is asked once per package), and none of the settings that `npm test`
// hands its children (npm_config_*), which would otherwise leak this repository into the app.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Flags of every install: the cache first, no audit or funding requests. */
export const INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'] as const;

/** The environment of the test runner less what npm or jest put there for their own children. */
export function strangerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD' && name !== 'NODE_ENV',
    ),
  );
}

/** Runs npm in `cwd`; on failure the error carries the end of npm's output. */
export async function npm(
  args: readonly string[],
  cwd: string,
  timeoutMs = 150_000,
): Promise<string> {
  try {
    const { stdout } = await run('npm', [...args], {
      cwd,
      env: strangerEnv(),
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${tail}`, { cause: error });
  }
}

export interface PackedLibrary {
  /** Absolute path of the .tgz. */
  tarball: string;
  /** The paths inside the package, as `npm pack` lists them. */
  files: string[];
  /** The packed package.json. */
  manifest: {
    name: string;
    version: string;
    exports: Record<string, unknown>;
    dependencies?: Record<string, string>;
    peerDependencies: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
}

/**
 * `npm pack` of the library into `destination`. Scripts are skipped: `npm test` has built dist/
 * already, and a prepack rebuild here would race other test files reading it.
 */
export async function packLibrary(libraryDir: string, destination: string): Promise<PackedLibrary> {
  if (!existsSync(join(libraryDir, 'dist', 'index.js')))
    throw new Error(
      `${libraryDir}/dist/index.js is missing: build the library first (npm run build -w @warden/nest-auth)`,
    );
  const stdout = await npm(
    ['pack', '--ignore-scripts', '--json', '--pack-destination', destination],
    libraryDir,
  );
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  const manifest = JSON.parse(
    await readFile(join(libraryDir, 'package.json'), 'utf8'),
  ) as PackedLibrary['manifest'];
  return {
    tarball: join(destination, packed.filename),
    files: packed.files.map((file) => file.path),
    manifest,
  };
}

/** The newest stable version of `name` within `range`, as the registry says now. */
export async function newestVersion(name: string, range: string, cwd: string): Promise<string> {
  const stdout = await npm(['view', `${name}@${range}`, 'version', '--json'], cwd, 60_000);
  const parsed = JSON.parse(stdout) as string | string[];
  const stable = (Array.isArray(parsed) ? parsed : [parsed]).filter((version) =>
    /^\d+\.\d+\.\d+$/.test(version),
  );
  if (stable.length === 0) throw new Error(`no stable ${name}@${range} on the registry`);
  return stable.sort(compareVersions).at(-1) as string;
}

function compareVersions(left: string, right: string): number {
  const a = left.split('.').map(Number);
  const b = right.split('.').map(Number);
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
