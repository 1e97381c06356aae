// A fresh Nest 12 app as `nest new` lays it out (@nestjs/schematics, application/files/ts), with
// the dependencies a stranger's app starts from, and what it weighs on disk.
import { execFile } from 'node:child_process';
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Snippet } from './readme-snippets';

const run = promisify(execFile);

/** The versions of the Nest packages an app is created with. */
export interface NestVersions {
  common: string;
  core: string;
  platformExpress: string;
}

/**
 * The `dependencies` and `devDependencies` of `nest new` that the app itself needs (its test and
 * lint tooling left out): the framework, reflect-metadata, rxjs, typescript, @types/node.
 */
export function nestNewPackageJson(name: string, nest: NestVersions): Record<string, unknown> {
  return {
    name,
    version: '0.0.1',
    private: true,
    license: 'UNLICENSED',
    scripts: { build: 'tsc -p tsconfig.build.json', 'start:prod': 'node dist/main' },
    dependencies: {
      '@nestjs/common': nest.common,
      '@nestjs/core': nest.core,
      '@nestjs/platform-express': nest.platformExpress,
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.1',
    },
    devDependencies: { '@types/node': '^24.0.0', typescript: '^6.0.2' },
  };
}

/**
 * `nest new`'s tsconfig.json (strict mode, its default) as of @nestjs/schematics 12: nodenext,
 * isolatedModules and emitDecoratorMetadata, the combination that makes a type used in a
 * decorated signature an error (TS1272) unless it is imported as a type. `types` leaves out
 * "jest", which the app here does not install.
 */
export const NEST_NEW_TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    resolvePackageJsonExports: true,
    esModuleInterop: true,
    isolatedModules: true,
    declaration: true,
    removeComments: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    target: 'ES2023',
    types: ['node'],
    sourceMap: true,
    outDir: './dist',
    rootDir: '.',
    incremental: true,
    skipLibCheck: true,
    strict: true,
    strictPropertyInitialization: false,
  },
};

/** `nest new`'s tsconfig.build.json: the app's own sources, into dist/. */
export const NEST_NEW_TSCONFIG_BUILD = {
  extends: './tsconfig.json',
  compilerOptions: { rootDir: './src' },
  include: ['src'],
  exclude: ['node_modules', 'test', 'dist', '**/*spec.ts'],
};

/** Writes package.json and the two tsconfig files of a new app into `dir`. */
export async function createNestApp(
  dir: string,
  packageJson: Record<string, unknown>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeJson(join(dir, 'package.json'), packageJson);
  await writeJson(join(dir, 'tsconfig.json'), NEST_NEW_TSCONFIG);
  await writeJson(join(dir, 'tsconfig.build.json'), NEST_NEW_TSCONFIG_BUILD);
}

/** Writes each snippet to the file it names, relative to the app. */
export async function writeSnippets(dir: string, snippets: readonly Snippet[]): Promise<void> {
  for (const snippet of snippets) {
    await mkdir(dirname(join(dir, snippet.file)), { recursive: true });
    await writeFile(join(dir, snippet.file), snippet.code);
  }
}

/** The app's own `tsc`; resolves with its exit status and diagnostics. */
export async function typescriptCompile(
  dir: string,
  project: string,
): Promise<{ ok: boolean; output: string }> {
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    const { stdout } = await run(process.execPath, [tsc, '-p', project], {
      cwd: dir,
      timeout: 120_000,
    });
    return { ok: true, output: stdout };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

/**
 * Type-checks one file of `code` at `file` (outside src/) under the app's tsconfig.json, nothing
 * emitted: to show what the compiler says about a variant of a README block.
 */
export async function typecheckAlone(
  dir: string,
  file: string,
  code: string,
): Promise<{ ok: boolean; output: string }> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), code);
  const project = {
    extends: './tsconfig.json',
    compilerOptions: { noEmit: true, incremental: false },
    files: [file],
  };
  await writeJson(join(dir, 'tsconfig.alone.json'), project);
  return typescriptCompile(dir, 'tsconfig.alone.json');
}

/** Installed packages and the bytes of their files. */
export interface Footprint {
  packages: number;
  bytes: number;
}

/**
 * Packages are the entries of package-lock.json (each installed copy of a package), bytes the
 * sizes of the regular files under node_modules (symlinks such as .bin/ entries not followed).
 */
export async function measureFootprint(dir: string): Promise<Footprint> {
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { link?: boolean }>;
  };
  const packages = Object.entries(lock.packages).filter(
    ([path, entry]) => path !== '' && entry.link !== true,
  ).length;
  return { packages, bytes: await fileBytes(join(dir, 'node_modules')) };
}

async function fileBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await fileBytes(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
