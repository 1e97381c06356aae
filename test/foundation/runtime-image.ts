import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * The file set of docker/Dockerfile's runtime stage, made without Docker: its COPY lines are
 * replayed into a temporary directory (from the build context through .dockerignore, or from
 * the build stage, whose /app is this checkout once built), and its `npm ci --omit=dev
 * --omit=optional` by linking only the packages package-lock.json installs for production.
 * A test can then run the documented `npm run …` commands where the image would.
 */

const ROOT = join(__dirname, '..', '..');

export interface RuntimeImage {
  dir: string;
  /** The stage's ENV lines. */
  env: Record<string, string>;
}

interface Stage {
  name: string;
  workdir: string;
  instructions: string[];
}

export async function simulateRuntimeImage(): Promise<RuntimeImage> {
  const stages = parseStages(readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8'));
  const runtime = stages.find((stage) => stage.name === 'runtime');
  if (!runtime) throw new Error('docker/Dockerfile has no stage named runtime');
  const dir = await mkdtemp(join(tmpdir(), 'warden-image-'));
  const env: Record<string, string> = {};
  for (const instruction of runtime.instructions) {
    const [keyword, ...words] = instruction.split(/\s+/);
    if (keyword === 'ENV') Object.assign(env, parseEnv(words));
    if (keyword === 'COPY') await replayCopy(words, dir, stages);
    if (keyword === 'RUN' && /\bnpm ci\b/.test(instruction)) await linkProductionModules(dir);
  }
  return { dir, env };
}

/** Whether .dockerignore keeps `path` (relative to the context) out of the build context. */
export function dockerIgnores(path: string): boolean {
  const patterns = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const parts = path.split('/');
  const candidates = parts.map((_part, index) => parts.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const matcher = globToRegExp(negated ? pattern.slice(1) : pattern);
    if (candidates.some((candidate) => matcher.test(candidate))) ignored = !negated;
  }
  return ignored;
}

function parseStages(dockerfile: string): Stage[] {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(instruction);
    if (from)
      stages.push({ name: from[1] ?? String(stages.length), workdir: '/', instructions: [] });
    const stage = stages.at(-1);
    if (!stage || from) continue;
    const workdir = /^WORKDIR\s+(\S+)/.exec(instruction);
    if (workdir) stage.workdir = workdir[1];
    stage.instructions.push(instruction);
  }
  return stages;
}

function parseEnv(words: string[]): Record<string, string> {
  if (words.length === 2 && !words[0].includes('=')) return { [words[0]]: words[1] };
  return Object.fromEntries(words.map((word) => word.split('=', 2) as [string, string]));
}

async function replayCopy(words: string[], dir: string, stages: Stage[]): Promise<void> {
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  const destination = paths.pop()!;
  const fromStage = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  for (const source of paths) {
    const relative = fromStage ? fromBuildStage(source, fromStage, stages) : source;
    if (!fromStage && dockerIgnores(relative)) {
      throw new Error(`COPY ${source}: .dockerignore leaves it out of the build context`);
    }
    const from = join(ROOT, relative);
    if (!existsSync(from)) throw new Error(`COPY ${source}: ${from} does not exist`);
    const into = destination.endsWith('/')
      ? join(dir, destination, basename(relative))
      : join(dir, destination);
    await mkdir(dirname(into), { recursive: true });
    await cp(from, into, { recursive: true });
  }
}

/** A path of the build stage (under its WORKDIR) is that path of this checkout. */
function fromBuildStage(source: string, stageName: string, stages: Stage[]): string {
  const stage = stages.find((candidate) => candidate.name === stageName);
  if (!stage) throw new Error(`COPY --from=${stageName}: no such stage`);
  const prefix = `${stage.workdir.replace(/\/$/, '')}/`;
  if (!source.startsWith(prefix)) throw new Error(`COPY --from: ${source} is outside ${prefix}`);
  return source.slice(prefix.length);
}

/**
 * `npm ci --omit=dev --omit=optional`, by links into this checkout's node_modules: only the
 * top-level packages the lockfile marks neither dev nor optional, and the workspace package as
 * the image holds it (copied above).
 */
async function linkProductionModules(dir: string): Promise<void> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<
      string,
      {
        dev?: boolean;
        optional?: boolean;
        devOptional?: boolean;
        link?: boolean;
        resolved?: string;
      }
    >;
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (key.split('node_modules/').length !== 2 || !key.startsWith('node_modules/')) continue;
    if (entry.dev || entry.optional || entry.devOptional) continue;
    const target = entry.link ? join(dir, entry.resolved!) : join(ROOT, key);
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await symlink(target, join(dir, key));
  }
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split('')
    .map((character, index, all) => {
      if (character === '*' && all[index + 1] === '*') return '';
      if (character === '*' && all[index - 1] === '*') return '.*';
      if (character === '*') return '[^/]*';
      if (character === '?') return '[^/]';
      return character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`);
}
