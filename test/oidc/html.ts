/**
 * Just enough HTML reading to drive the hosted pages without a browser: the forms, their
 * inputs and buttons, attribute values decoded as a browser would decode them.
 */

export interface HtmlInput {
  name: string;
  type: string;
  value: string;
  id?: string;
}

export interface HtmlForm {
  action: string;
  method: string;
  inputs: HtmlInput[];
  buttons: { name?: string; value?: string; text: string }[];
  /** What the form sends without user input: its hidden inputs (name → value). */
  hidden: Record<string, string>;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** HTML character references (named ones the pages use, decimal and hex) decoded. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      return String.fromCodePoint(parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

// A tag's attributes may hold '>' inside quotes; a quoted value is read whole.
const ATTRIBUTES = `((?:[^>"']|"[^"]*"|'[^']*')*)`;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    attributes[match[1].toLowerCase()] = decodeEntities(value);
  }
  return attributes;
}

const text = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, '')).trim();

export function formsOf(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  const formPattern = new RegExp(`<form\\b${ATTRIBUTES}>([\\s\\S]*?)</form>`, 'gi');
  for (const [, attributeSource, body] of html.matchAll(formPattern)) {
    const attributes = attributesOf(attributeSource);
    const inputs = [...body.matchAll(new RegExp(`<input\\b${ATTRIBUTES}>`, 'gi'))].map(
      ([, source]) => {
        const input = attributesOf(source);
        return {
          name: input.name ?? '',
          type: (input.type ?? 'text').toLowerCase(),
          value: input.value ?? '',
          id: input.id,
        };
      },
    );
    const buttonPattern = new RegExp(`<button\\b${ATTRIBUTES}>([\\s\\S]*?)</button>`, 'gi');
    const buttons = [...body.matchAll(buttonPattern)].map(([, source, content]) => {
      const button = attributesOf(source);
      return { name: button.name, value: button.value, text: text(content) };
    });
    const hidden: Record<string, string> = {};
    for (const input of inputs) if (input.type === 'hidden') hidden[input.name] = input.value;
    forms.push({
      action: attributes.action ?? '',
      method: (attributes.method ?? 'get').toLowerCase(),
      inputs,
      buttons,
      hidden,
    });
  }
  return forms;
}

/** The form posting to `action` (its path), or undefined. */
export function findForm(html: string, action: string): HtmlForm | undefined {
  return formsOf(html).find((form) => form.action.split('?')[0] === action);
}

/** The text of every element marked role="alert". */
export function alertsOf(html: string): string[] {
  // Opening tags one by one: an element around the alert must not hide it from the search.
  const opening = new RegExp(`<(\\w+)\\b${ATTRIBUTES}>`, 'gi');
  const alerts: string[] = [];
  for (const match of html.matchAll(opening)) {
    if (attributesOf(match[2]).role !== 'alert') continue;
    const start = match.index + match[0].length;
    const end = html.toLowerCase().indexOf(`</${match[1].toLowerCase()}>`, start);
    alerts.push(text(html.slice(start, end < 0 ? undefined : end)));
  }
  return alerts;
}

/** The label text of every `<label for=...>`, by the id it names. */
export function labelsOf(html: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const pattern = new RegExp(`<label\\b${ATTRIBUTES}>([\\s\\S]*?)</label>`, 'gi');
  for (const [, source, content] of html.matchAll(pattern)) {
    const target = attributesOf(source).for;
    if (target !== undefined) labels[target] = text(content);
  }
  return labels;
}
