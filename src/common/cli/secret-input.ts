import { CliInterrupted, CliRefusal } from './cli-main';

/**
 * A secret piped to a command (`echo "$PW" | npm run …`): the whole of stdin less the one line
 * end `echo` adds. Secrets never come from arguments, which `ps` shows to every user.
 */
export async function readPipedSecret(
  input: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk));
  const secret = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (secret === '') throw new CliRefusal('Nothing on stdin: pipe the password in, one line');
  if (/[\r\n]/.test(secret)) throw new CliRefusal('stdin holds several lines: send one');
  return secret;
}

// Escape sequences of arrow and function keys: not part of what was typed. (Matching control
// characters is the point here.)
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\u001b\[[0-9;]*[@-~]|\u001bO.|\u001b/g;
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACE = new Set(['\u007f', '\b']);

/** What HiddenPrompt uses of a terminal's input (a tty.ReadStream). */
export interface TerminalInput {
  readonly isRaw: boolean;
  setRawMode(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  pause(): unknown;
  resume(): unknown;
  on(event: 'data', listener: (text: string) => void): unknown;
  once(event: 'end', listener: () => void): unknown;
  off(event: 'data', listener: (text: string) => void): unknown;
  off(event: 'end', listener: () => void): unknown;
}

/**
 * Lines typed at a terminal without echo, for passwords. The terminal is put in raw mode before
 * the first prompt shows and stays so until close(): a person typing as soon as a prompt
 * appears could otherwise beat the mode change and see the password echoed. Keys typed ahead
 * of the next prompt are kept for it.
 */
export class HiddenPrompt {
  private pending = '';

  constructor(
    private readonly input: TerminalInput,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {}

  async ask(question: string): Promise<string> {
    if (!this.input.isRaw) {
      this.input.setRawMode(true);
      this.input.setEncoding('utf8');
    }
    this.output.write(question);
    try {
      return await this.readLine();
    } finally {
      this.input.pause();
      this.output.write('\n');
    }
  }

  /** Gives the terminal back as it was. */
  close(): void {
    if (this.input.isRaw) this.input.setRawMode(false);
    this.input.pause();
  }

  private readLine(): Promise<string> {
    let line = '';
    return new Promise((resolve, reject) => {
      const finish = (outcome: () => void): void => {
        this.input.off('data', onData);
        this.input.off('end', onEnd);
        outcome();
      };
      const onData = (text: string): void => {
        const characters = [...text.replace(ESCAPE_SEQUENCE, '')];
        for (const [index, character] of characters.entries()) {
          if (character === CTRL_C) return finish(() => reject(new CliInterrupted()));
          if (character === '\r' || character === '\n' || character === CTRL_D) {
            this.pending = characters.slice(index + 1).join('');
            return finish(() => resolve(line));
          }
          if (BACKSPACE.has(character)) line = [...line].slice(0, -1).join('');
          else if (character === CTRL_U) line = '';
          else line += character;
        }
      };
      const onEnd = (): void => finish(() => reject(new CliRefusal('The terminal closed')));
      this.input.on('data', onData);
      this.input.once('end', onEnd);
      const typedAhead = this.pending;
      this.pending = '';
      if (typedAhead !== '') onData(typedAhead);
      this.input.resume();
    });
  }
}
