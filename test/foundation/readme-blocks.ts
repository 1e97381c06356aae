// What the service README promises a reader who pastes its examples, read from the README itself
// so that the two cannot drift apart: its ```sh blocks (run in order against a live service),
// the status codes their comments state, and the configuration errors its ```console blocks show.

/** One fenced block: its info string, its lines and the README line it starts on (1-based). */
export interface FencedBlock {
  info: string;
  lines: string[];
  line: number;
  /** Set by a `<!-- readme-test: skip (why) -->` comment right before the fence. */
  skipped: boolean;
}

/** One curl command of a ```sh block, and the status code the README states for it, if any. */
export interface CurlStep {
  /** README line of the command's first line. */
  line: number;
  command: string;
  expectedStatus?: number;
}

/** A ```console example of a configuration the service refuses, and what it prints. */
export interface ConfigurationExample {
  line: number;
  env: Record<string, string>;
  output: string[];
}

const FENCE = /^```(\S*)\s*$/;
const SKIP_MARKER = /^<!--\s*readme-test:\s*skip\s*\(.+\)\s*-->$/;
/** Other spellings of a shell block would silently escape the test: use sh, or console/text. */
const UNTESTED_SHELLS = new Set(['bash', 'shell', 'zsh']);
const CURL = /(^|[\s(|;&])curl\s/g;
const STATUS_COMMENT = /^#\s*(\d{3})\b/;
const PROMPT_START = /^\$ (.*?)\s*npm start$/;
const ASSIGNMENT = /^([A-Z][A-Z0-9_]*)=(\S*)$/;

export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = markdown.split('\n');
  let previous = '';
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index]);
    if (open === null) {
      if (lines[index].trim() !== '') previous = lines[index].trim();
      continue;
    }
    const start = index;
    const body: string[] = [];
    while (++index < lines.length && !lines[index].startsWith('```')) body.push(lines[index]);
    if (index === lines.length) throw new Error(`README line ${start + 1}: unclosed code block`);
    if (UNTESTED_SHELLS.has(open[1]))
      throw new Error(
        `README line ${start + 1}: use \`\`\`sh (tested) or \`\`\`console, not ${open[1]}`,
      );
    blocks.push({
      info: open[1],
      lines: body,
      line: start + 1,
      skipped: SKIP_MARKER.test(previous),
    });
    previous = '';
  }
  return blocks;
}

/** The ```sh blocks a reader runs one after the other, in README order. */
export function shellBlocks(markdown: string): FencedBlock[] {
  return fencedBlocks(markdown).filter((block) => block.info === 'sh' && !block.skipped);
}

/**
 * Every curl command of the blocks, in order, with the status its README comment states: a
 * trailing comment starting with the code (`... # 204`), or the first comment line starting with
 * one after the command (`# 201 {...}`), possibly after an `echo` of its captured answer.
 */
export function curlSteps(blocks: FencedBlock[]): CurlStep[] {
  const steps: CurlStep[] = [];
  for (const block of blocks) {
    let last: CurlStep | undefined;
    for (const { text, line } of logicalLines(block)) {
      const { code, comment } = splitComment(text);
      const stated = STATUS_COMMENT.exec(comment);
      const curls = code.match(CURL)?.length ?? 0;
      if (curls > 1) throw new Error(`README line ${line}: one curl per command, please`);
      if (curls === 1) {
        last = { line, command: code.trim() };
        if (stated) last.expectedStatus = Number(stated[1]);
        steps.push(last);
        continue;
      }
      if (stated === null || code.trim() !== '') continue;
      if (last === undefined || last.expectedStatus !== undefined)
        throw new Error(
          `README line ${line}: "${comment}" follows no curl command without a status`,
        );
      last.expectedStatus = Number(stated[1]);
    }
  }
  return steps;
}

/**
 * The ```console blocks that show "Invalid configuration:": each opens with
 * `$ NAME=value ... npm start`, followed by exactly what the service prints.
 */
export function configurationExamples(markdown: string): ConfigurationExample[] {
  return fencedBlocks(markdown)
    .filter((block) => block.lines.includes('Invalid configuration:'))
    .map((block) => {
      const [command, ...output] = block.lines;
      const assignments = PROMPT_START.exec(command)?.[1];
      if (assignments === undefined)
        throw new Error(`README line ${block.line + 1}: expected "$ NAME=value ... npm start"`);
      const env: Record<string, string> = {};
      for (const word of assignments.split(/\s+/).filter(Boolean)) {
        const assignment = ASSIGNMENT.exec(word);
        if (assignment === null)
          throw new Error(`README line ${block.line + 1}: "${word}" is not NAME=value`);
        env[assignment[1]] = assignment[2];
      }
      return { line: block.line, env, output };
    });
}

/** A block's lines with backslash continuations joined, each with its README line number. */
function logicalLines(block: FencedBlock): { text: string; line: number }[] {
  const joined: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  block.lines.forEach((raw, offset) => {
    const line = block.line + 1 + offset;
    const continued = raw.endsWith('\\');
    const text = continued ? raw.slice(0, -1) : raw;
    pending = pending
      ? { text: `${pending.text} ${text.trim()}`, line: pending.line }
      : { text, line };
    if (continued) return;
    joined.push(pending);
    pending = undefined;
  });
  if (pending) joined.push(pending);
  return joined;
}

/** Splits off a shell comment: a `#` outside quotes that starts a word. */
function splitComment(text: string): { code: string; comment: string } {
  let quote: "'" | '"' | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quote === "'") {
      if (char === "'") quote = undefined;
    } else if (char === '\\') {
      index++;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1]))) {
      return { code: text.slice(0, index), comment: text.slice(index).trim() };
    }
  }
  return { code: text, comment: '' };
}
