import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { CliInterrupted, CliRefusal } from './cli-main';
import { HiddenPrompt, readPipedSecret, TerminalInput } from './secret-input';

/** A terminal's input as HiddenPrompt sees it: keys are "typed" with type(). */
class FakeTerminal extends EventEmitter implements TerminalInput {
  isRaw = false;
  readonly modes: boolean[] = [];

  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    this.modes.push(mode);
    return this;
  }
  setEncoding(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  type(keys: string): void {
    this.emit('data', keys);
  }
}

/** What the prompt showed. */
class Screen extends Writable {
  text = '';

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

describe(HiddenPrompt.name, () => {
  let terminal: FakeTerminal;
  let screen: Screen;
  let sut: HiddenPrompt;
  beforeEach(() => {
    terminal = new FakeTerminal();
    screen = new Screen();
    sut = new HiddenPrompt(terminal, screen);
  });

  it('reads a line in raw mode, set before the prompt shows, and shows none of it', async () => {
    const answer = sut.ask('Password: ');
    expect(terminal.isRaw).toBe(true);
    terminal.type('correct horse\r');

    await expect(answer).resolves.toBe('correct horse');
    expect(screen.text).toBe('Password: \n');
  });

  it('stays raw between prompts and keeps keys typed ahead for the next one', async () => {
    const first = sut.ask('Password: ');
    terminal.type('one two three\rone two three\r');
    await expect(first).resolves.toBe('one two three');

    await expect(sut.ask('Repeat it: ')).resolves.toBe('one two three');
    sut.close();
    expect(terminal.modes).toEqual([true, false]);
  });

  it('edits with backspace and Ctrl-U, and drops arrow keys', async () => {
    const answer = sut.ask('Password: ');
    terminal.type('wrong\u0015pass\u007f\u007fss\u001b[Dword\u001bOA\r');

    await expect(answer).resolves.toBe('password');
  });

  it('removes a whole character on backspace, not half of it', async () => {
    const answer = sut.ask('Password: ');
    terminal.type('key🔑🔑\u007f\r');

    await expect(answer).resolves.toBe('key🔑');
  });

  it('turns Ctrl-C into an interruption, and a closed terminal into a refusal', async () => {
    const interrupted = sut.ask('Password: ');
    terminal.type('abc\u0003');
    await expect(interrupted).rejects.toBeInstanceOf(CliInterrupted);

    const closed = sut.ask('Password: ');
    terminal.emit('end');
    await expect(closed).rejects.toBeInstanceOf(CliRefusal);
  });
});

describe(readPipedSecret.name, () => {
  const piped = (text: string) => readPipedSecret(Readable.from([Buffer.from(text)]));

  it('takes stdin less the one line end echo adds, spaces kept', async () => {
    await expect(piped('  spaced secret  \n')).resolves.toBe('  spaced secret  ');
    await expect(piped('crlf secret\r\n')).resolves.toBe('crlf secret');
    await expect(piped('no line end')).resolves.toBe('no line end');
  });

  it('refuses nothing, and several lines', async () => {
    await expect(piped('\n')).rejects.toBeInstanceOf(CliRefusal);
    await expect(piped('one\ntwo\n')).rejects.toThrow('stdin holds several lines');
  });
});
