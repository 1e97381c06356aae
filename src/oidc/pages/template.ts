/**
 * The hosted pages' template language, small on purpose so a theme author can read all of it:
 * `{{name}}` inserts a value HTML-escaped, `{{{name}}}` inserts a fragment the renderer built
 * (already escaped), `{{t:key}}` inserts a string of strings.json, escaped, its `{placeholder}`s
 * filled from the values. There are no conditionals or loops: the renderer builds those parts.
 * Everything a template names is checked when it is compiled, at start-up, so a typo in a theme
 * stops the service rather than breaking a sign-in page at request time.
 */

/** The names a template may use: values are escaped on insertion, fragments are not. */
export interface TemplateSchema {
  readonly values: readonly string[];
  readonly fragments: readonly string[];
}

export type Strings = ReadonlyMap<string, string>;
export type TemplateValues = Readonly<Record<string, string>>;

export interface CompiledTemplate {
  /** The file it came from, for error messages. */
  readonly file: string;
  render(values: TemplateValues, fragments: TemplateValues): string;
}

/** A template or string that cannot be used; the message names the file. */
export class TemplateError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'TemplateError';
  }
}

type Part =
  | { readonly kind: 'html'; readonly html: string }
  | { readonly kind: 'value' | 'fragment'; readonly name: string };

const TAG = /\{\{\{([^{}]*)\}\}\}|\{\{([^{}]*)\}\}/g;
const NAME = /^[a-z][a-z0-9_]*$/;
const STRING_KEY = /^t:([A-Za-z0-9_.:-]+)$/;
const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;

// The backtick too: old Internet Explorer treated it as an attribute quote.
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text made safe for both element content and a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (character) => ESCAPES[character]);
}

/** The `{placeholder}` names a string uses, in order. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** A string with its placeholders filled in (not escaped: the caller escapes the result). */
export function formatString(text: string, values: TemplateValues): string {
  return text.replace(PLACEHOLDER, (_placeholder, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`No value for the placeholder {${name}}`);
    return values[name];
  });
}

export function compileTemplate(
  file: string,
  source: string,
  schema: TemplateSchema,
  strings: Strings,
): CompiledTemplate {
  const parts: Part[] = [];
  let position = 0;
  for (const match of source.matchAll(TAG)) {
    parts.push(literal(file, source.slice(position, match.index)));
    position = match.index + match[0].length;
    const [, fragment, tag] = match;
    if (fragment !== undefined) parts.push(fragmentPart(file, fragment.trim(), schema));
    else parts.push(...tagParts(file, tag.trim(), schema, strings));
  }
  parts.push(literal(file, source.slice(position)));
  return { file, render: (values, fragments) => renderParts(file, parts, values, fragments) };
}

function literal(file: string, text: string): Part {
  // A stray brace pair is a tag the author mistyped; printing it would hide the mistake.
  if (text.includes('{{') || text.includes('}}')) {
    throw new TemplateError(file, `malformed tag near "${text.slice(0, 40)}"`);
  }
  return { kind: 'html', html: text };
}

function fragmentPart(file: string, name: string, schema: TemplateSchema): Part {
  if (schema.fragments.includes(name)) return { kind: 'fragment', name };
  // Inserting a value unescaped would be an injection; say so rather than "unknown".
  if (schema.values.includes(name)) {
    throw new TemplateError(file, `{{{${name}}}} would insert a value unescaped; use {{${name}}}`);
  }
  throw new TemplateError(file, `unknown fragment {{{${name}}}}`);
}

function tagParts(file: string, tag: string, schema: TemplateSchema, strings: Strings): Part[] {
  const key = STRING_KEY.exec(tag)?.[1];
  if (key !== undefined) return stringParts(file, key, schema, strings);
  if (NAME.test(tag) && schema.values.includes(tag)) return [{ kind: 'value', name: tag }];
  if (schema.fragments.includes(tag)) {
    throw new TemplateError(file, `{{${tag}}} is a fragment; insert it with {{{${tag}}}}`);
  }
  throw new TemplateError(file, `unknown variable {{${tag}}}`);
}

/** A string is split once, at compile time, into escaped text and the values it names. */
function stringParts(file: string, key: string, schema: TemplateSchema, strings: Strings): Part[] {
  const text = strings.get(key);
  if (text === undefined) throw new TemplateError(file, `unknown string {{t:${key}}}`);
  const parts: Part[] = [];
  let position = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!schema.values.includes(name)) {
      throw new TemplateError(
        file,
        `string "${key}" uses {${name}}, which this page does not have`,
      );
    }
    parts.push({ kind: 'html', html: escapeHtml(text.slice(position, match.index)) });
    parts.push({ kind: 'value', name });
    position = match.index + match[0].length;
  }
  parts.push({ kind: 'html', html: escapeHtml(text.slice(position)) });
  return parts;
}

function renderParts(
  file: string,
  parts: readonly Part[],
  values: TemplateValues,
  fragments: TemplateValues,
): string {
  let html = '';
  for (const part of parts) {
    if (part.kind === 'html') html += part.html;
    else if (part.kind === 'value') html += escapeHtml(lookup(file, values, part.name));
    else html += lookup(file, fragments, part.name);
  }
  return html;
}

function lookup(file: string, from: TemplateValues, name: string): string {
  // A missing value is the renderer's bug, not the theme's: fail loudly rather than print "".
  if (!Object.hasOwn(from, name)) throw new Error(`${file}: no value given for ${name}`);
  return from[name];
}
