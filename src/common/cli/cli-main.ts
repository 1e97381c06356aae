import { Logger, LoggerService } from '@nestjs/common';
import { ConfigValidationError } from '../../config';
import { EmbeddedDatabaseError } from '../../database/embedded-database.errors';
import { WardenError } from '../errors/warden-error';

/** An expected refusal (bad arguments, a mismatch): its message is the whole story. */
export class CliRefusal extends Error {
  override readonly name = 'CliRefusal';
}

/** Ctrl-C at a prompt: the terminal is in raw mode then, so no SIGINT is raised for it. */
export class CliInterrupted extends Error {
  override readonly name = 'CliInterrupted';

  constructor() {
    super('Interrupted');
  }
}

/** What a command prints for a person: stderr, so stdout holds only its result. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** A command's result, on stdout (what a script captures). */
export function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/**
 * The services a command reuses log through Nest's Logger; outside an application that would be
 * Nest's console logger on stdout. Here only their warnings and errors are shown, on stderr.
 */
class StderrLogger implements LoggerService {
  log(): void {}
  warn(message: unknown): void {
    note(String(message));
  }
  error(message: unknown): void {
    note(String(message));
  }
}

/**
 * Runs a command's `main`: a known problem (configuration, a refusal, a domain error such as a
 * taken username, an embedded database in use) is one line and exit code 1, with no stack; a
 * Ctrl-C at a prompt is exit code 130, like a shell's.
 */
export function runCommand(main: () => Promise<void>, failure: string): void {
  Logger.overrideLogger(new StderrLogger());
  main().catch((error: unknown) => {
    if (error instanceof CliInterrupted) process.exit(130);
    note(describeFailure(error, failure));
    process.exit(1);
  });
}

function describeFailure(error: unknown, failure: string): string {
  if (error instanceof ConfigValidationError) return error.message;
  if (error instanceof CliRefusal || error instanceof EmbeddedDatabaseError) return error.message;
  // A domain error of the service names itself by its stable code, as the API's 4xx bodies do.
  if (error instanceof WardenError) return `${failure}: ${error.message} (${error.code})`;
  return `${failure}: ${error instanceof Error ? error.message : String(error)}`;
}
