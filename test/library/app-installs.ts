// The install steps of the package-install test: each app is created, installed and compiled as
// a stranger would, from the packed tarball, sharing npm's one cache.
import { execFile } from 'node:child_process';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createNestApp,
  Footprint,
  measureFootprint,
  nestNewPackageJson,
  NestVersions,
  typescriptCompile,
  writeSnippets,
} from './nest-app';
import { INSTALL_FLAGS, newestVersion, npm, PackedLibrary } from './npm';
import { importedPackages, megabytes, Snippet } from './readme-snippets';

const run = promisify(execFile);
const startedAt = Date.now();

/** What apps install today to verify JWKS-signed tokens in Nest: the README's comparison. */
export const USUAL_STACK = [
  '@nestjs/jwt',
  '@nestjs/passport',
  'passport',
  'passport-jwt',
  'jwks-rsa',
];

/** One line per step, so a slow CI run shows where it is. */
export function progress(step: string): void {
  console.log(`[package-install +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${step}`);
}

/** Runs `script` in a fresh Node process inside the app; it prints one JSON value. */
export async function loadInApp(app: string, script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: app, timeout: 30_000 });
  return JSON.parse(stdout) as unknown;
}

/** The optional peers of the packed package (its sub-paths' integrations), at their ranges. */
export function optionalPeers(packed: PackedLibrary): string[] {
  const { peerDependencies, peerDependenciesMeta = {} } = packed.manifest;
  return Object.keys(peerDependenciesMeta)
    .filter((name) => peerDependenciesMeta[name].optional === true)
    .map((name) => `${name}@${peerDependencies[name]}`);
}

/** The newest published 12.x of the packages an app is created with, and of Fastify's adapter. */
export async function newestNest(cwd: string): Promise<NestVersions & { platformFastify: string }> {
  const names = ['common', 'core', 'platform-express', 'platform-fastify'];
  const [common, core, platformExpress, platformFastify] = await Promise.all(
    names.map((name) => newestVersion(`@nestjs/${name}`, '^12.0.0', cwd)),
  );
  return { common, core, platformExpress, platformFastify };
}

export interface MeasuredInstall {
  bare: Footprint;
  withLibrary: Footprint;
  /** The bare app with the usual stack instead of the package. */
  withStack: Footprint;
}

/**
 * Creates the app, installs it bare and measures it; then, at the same time, installs the tarball
 * into it and the usual stack into a copy of the bare app, and measures both.
 */
export async function installAndMeasure(
  app: string,
  nest: NestVersions,
  tarball: string,
): Promise<MeasuredInstall> {
  await createNestApp(app, nestNewPackageJson('fresh-app', nest));
  await npm(['install', ...INSTALL_FLAGS], app);
  const bare = await measureFootprint(app);
  progress(`bare app: ${summary(bare)}`);
  const stackApp = `${app}-usual-stack`;
  await cp(app, stackApp, { recursive: true, verbatimSymlinks: true });

  const [withLibrary, withStack] = await Promise.all([
    npm(['install', ...INSTALL_FLAGS, tarball], app).then(() => measureFootprint(app)),
    npm(['install', ...INSTALL_FLAGS, ...USUAL_STACK], stackApp).then(() =>
      measureFootprint(stackApp),
    ),
  ]);
  await rm(stackApp, { recursive: true, force: true });
  progress(`bare app + @warden/nest-auth: ${summary(withLibrary)} (${growth(bare, withLibrary)})`);
  progress(`bare app + the usual stack: ${summary(withStack)} (${growth(bare, withStack)})`);
  return { bare, withLibrary, withStack };
}

/** Creates the app, installs it with the tarball and `extras` in one go, compiles the README. */
export async function installAndCompile(
  app: string,
  nest: NestVersions,
  tarball: string,
  extras: readonly string[],
  snippets: readonly Snippet[],
): Promise<void> {
  await createNestApp(app, nestNewPackageJson('fresh-app', nest));
  await npm(['install', ...INSTALL_FLAGS, tarball, ...extras], app);
  await compileReadme(app, snippets);
}

/** Starts `work` now; the promise settles with its error, or undefined, and never rejects. */
export function inBackground(work: () => Promise<void>): Promise<Error | undefined> {
  return work().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
}

/**
 * Writes every README block into the app and compiles them with the app's own tsc; throws with
 * the diagnostics (or the packages a block imports that the app lacks).
 */
export async function compileReadme(app: string, snippets: readonly Snippet[]): Promise<void> {
  progress(`compiling ${snippets.length} README blocks in ${app}`);
  await writeSnippets(app, snippets);
  const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const installed = { ...manifest.dependencies, ...manifest.devDependencies };
  const missing = snippets.flatMap((snippet) =>
    importedPackages(snippet)
      .filter((name) => !(name in installed))
      .map((name) => `${snippet.file} imports ${name}`),
  );
  if (missing.length > 0)
    throw new Error(`README blocks import packages the app lacks: ${missing.join('; ')}`);
  const compiled = await typescriptCompile(app, 'tsconfig.build.json');
  if (!compiled.ok || compiled.output !== '')
    throw new Error(`tsc -p tsconfig.build.json in ${app}:\n${compiled.output}`);
}

/** The versions of the Nest packages installed in the app (their exports hide package.json). */
export async function installedNest(app: string): Promise<Record<string, string>> {
  const names = ['common', 'core', 'platform-express', 'platform-fastify'];
  const versions = await Promise.all(
    names.map(async (name) => {
      const manifest = join(app, 'node_modules', '@nestjs', name, 'package.json');
      return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
    }),
  );
  return Object.fromEntries(names.map((name, index) => [name, versions[index]]));
}

function summary(footprint: Footprint): string {
  return `${footprint.packages} packages, ${megabytes(footprint.bytes)} MB`;
}

function growth(from: Footprint, to: Footprint): string {
  const bytes = to.bytes - from.bytes;
  return `+${to.packages - from.packages} packages, +${megabytes(bytes)} MB (${bytes} bytes)`;
}
