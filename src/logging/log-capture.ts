import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line, parsed: for tests that read what was logged. */
export class LogCapture implements DestinationStream {
  readonly lines: Array<Record<string, unknown>> = [];

  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }

  /** Everything written, as text, for scans that must find no secret anywhere. */
  text(): string {
    return this.lines.map((line) => JSON.stringify(line)).join('\n');
  }
}
