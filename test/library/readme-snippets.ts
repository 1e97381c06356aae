// What the library's README promises, read from the README itself so that the README and the
// package-install test cannot drift apart: its ```ts blocks (each one file of an app) and the
// limits of its footprint table.

/** One ```ts block of the README: the file its first line names, and its text. */
export interface Snippet {
  file: string;
  code: string;
}

/** The most a fresh app may grow by installing the package. */
export interface FootprintLimit {
  packages: number;
  bytes: number;
}

/** A block must open with its path, e.g. `// src/app.module.ts`, so it can be written as a file. */
const FILE_LINE = /^\/\/ (src\/[\w./-]+\.ts)\s*$/;
const TS_BLOCK = /^```ts\n([\s\S]*?)^```$/gm;
const BYTES_PER_MB = 1_000_000;

/** Every ```ts block of the markdown, in order; throws on a block that names no file. */
export function readmeSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  for (const [, code] of markdown.matchAll(TS_BLOCK)) {
    const firstLine = code.split('\n', 1)[0];
    const file = FILE_LINE.exec(firstLine)?.[1];
    if (file === undefined)
      throw new Error(`README ts block does not start with "// src/<file>.ts": ${firstLine}`);
    if (snippets.some((snippet) => snippet.file === file))
      throw new Error(`README names ${file} in two ts blocks`);
    snippets.push({ file, code });
  }
  return snippets;
}

/**
 * The package names a snippet imports (`@scope/name/sub` -> `@scope/name`), relative imports and
 * Node built-ins left out.
 */
export function importedPackages(snippet: Snippet): string[] {
  const names = new Set<string>();
  for (const [, specifier] of snippet.code.matchAll(/\bfrom\s+'([^']+)'/g)) {
    if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...names];
}

/**
 * The limit row of the README's footprint table: a row whose first cell says **limit**, with the
 * package count (`+3`) and the size (`+1 MB`) in its next two cells.
 */
export function footprintLimit(markdown: string): FootprintLimit {
  const row = markdown.split('\n').find((line) => /^\|\s*\*\*limit\*\*/.test(line));
  if (row === undefined) throw new Error('README footprint table has no **limit** row');
  const cells = row.split('|').map((cell) => cell.trim());
  const packages = /^\+(\d+)$/.exec(cells[2] ?? '');
  const size = /^\+(\d+(?:\.\d+)?) MB$/.exec(cells[3] ?? '');
  if (packages === null || size === null)
    throw new Error(`README footprint limit row is not "| **limit** ... | +N | +N MB |": ${row}`);
  return { packages: Number(packages[1]), bytes: Number(size[1]) * BYTES_PER_MB };
}

/** Bytes as the README writes them: megabytes with one decimal. */
export function megabytes(bytes: number): string {
  return (bytes / BYTES_PER_MB).toFixed(1);
}
