import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PAGE_ERROR_KEYS } from './page-views';
import {
  compileTemplate,
  CompiledTemplate,
  placeholdersOf,
  Strings,
  TemplateError,
  TemplateSchema,
} from './template';

/**
 * The shipped templates, strings.json and warden.css sit beside this module both in src/ (jest
 * runs the TypeScript) and in dist/src/ (nest-cli.json copies them there as assets), as
 * users/password/common-passwords.txt does.
 */
export const SHIPPED_PAGES_DIR = __dirname;
export const STRINGS_FILE = 'strings.json';
export const STYLESHEET_FILE = 'warden.css';

/** Each template and the names it may use: the renderer supplies exactly these. */
export const PAGE_TEMPLATES = {
  'layout.html': { values: ['lang', 'title'], fragments: ['content'] },
  'login.html': {
    values: ['action', 'client', 'username'],
    fragments: ['hidden', 'error', 'username_attributes', 'password_attributes'],
  },
  'mfa.html': { values: ['action', 'client'], fragments: ['hidden', 'error', 'code_attributes'] },
  'consent.html': { values: ['action', 'client'], fragments: ['hidden', 'scopes'] },
  'logout.html': { values: ['action', 'client', 'intro'], fragments: ['hidden'] },
  'logged-out.html': { values: [], fragments: [] },
  'error.html': { values: ['code', 'message'], fragments: ['description'] },
} as const satisfies Record<string, TemplateSchema>;
export type PageTemplate = keyof typeof PAGE_TEMPLATES;

/**
 * Strings the renderer formats itself rather than through a template, with the placeholders
 * it fills; checked at load so a theme's `{typo}` fails at start-up too.
 */
const CODE_STRINGS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/^page\.lang$/, []],
  [/^[a-z_]+\.title$/, []],
  [/^logout\.intro$/, []],
  [/^logout\.intro_client$/, ['client']],
  [/^scope\./, ['name']],
  [/^error\./, []],
];

const REQUIRED_STRINGS = [
  'page.lang',
  ...['login', 'mfa', 'consent', 'logout', 'logged_out', 'error_page'].map(
    (page) => `${page}.title`,
  ),
  'logout.intro',
  'logout.intro_client',
  'scope.permission',
  'scope.other',
  'error.generic',
  ...PAGE_ERROR_KEYS.map((key) => `error.${key}`),
];

export interface PageAssets {
  readonly templates: Readonly<Record<PageTemplate, CompiledTemplate>>;
  readonly strings: Strings;
  readonly css: string;
}

/**
 * Reads and checks everything the pages need, once. A file of `themeDir` replaces the shipped
 * one; its strings.json is merged over the shipped strings, so a theme may reword a few only.
 * Throws TemplateError, naming the file, for anything a page could not be rendered with.
 */
export function loadPageAssets(themeDir: string | undefined): PageAssets {
  const theme = themeDir === undefined ? undefined : themeDirectory(themeDir);
  const locate = (file: string): string => {
    const themed = theme === undefined ? undefined : join(theme, file);
    return themed !== undefined && existsSync(themed) ? themed : join(SHIPPED_PAGES_DIR, file);
  };

  const shippedStrings = join(SHIPPED_PAGES_DIR, STRINGS_FILE);
  const stringsFile = locate(STRINGS_FILE);
  const strings = readStrings(shippedStrings);
  if (stringsFile !== shippedStrings) {
    for (const [key, text] of readStrings(stringsFile)) strings.set(key, text);
  }
  checkStrings(stringsFile, strings);

  const templates = {} as Record<PageTemplate, CompiledTemplate>;
  for (const [name, schema] of Object.entries(PAGE_TEMPLATES) as [PageTemplate, TemplateSchema][]) {
    const file = locate(join('templates', name));
    templates[name] = compileTemplate(file, readText(file), schema, strings);
  }
  return { templates, strings, css: readText(locate(STYLESHEET_FILE)) };
}

function themeDirectory(themeDir: string): string {
  const directory = resolve(themeDir);
  // A mistyped THEME_DIR silently showing the default pages would look like a broken theme.
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new TemplateError(directory, 'THEME_DIR is not a directory');
  }
  return directory;
}

function readText(file: string): string {
  // An editor's byte order mark would otherwise land in the middle of a page.
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function readStrings(file: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText(file));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TemplateError(file, `is not valid JSON (${reason})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TemplateError(file, 'must be one JSON object of "key": "text" pairs');
  }
  // A Map, not the object: a key such as "__proto__" or "constructor" is then only a key.
  const strings = new Map<string, string>();
  for (const [key, text] of Object.entries(parsed)) {
    if (typeof text !== 'string') throw new TemplateError(file, `"${key}" must be a string`);
    strings.set(key, text);
  }
  return strings;
}

function checkStrings(file: string, strings: Strings): void {
  for (const key of REQUIRED_STRINGS) {
    if (!strings.has(key)) throw new TemplateError(file, `the string "${key}" is missing`);
  }
  for (const [key, text] of strings) {
    const allowed = CODE_STRINGS.find(([pattern]) => pattern.test(key))?.[1];
    if (allowed === undefined) continue;
    const unknown = placeholdersOf(text).find((name) => !allowed.includes(name));
    if (unknown !== undefined) {
      throw new TemplateError(file, `the string "${key}" uses {${unknown}}, which it cannot have`);
    }
  }
}
