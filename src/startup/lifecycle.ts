import { constants } from 'node:os';

/** A log method called as `(message)` or `(details, message)`, as pino's are. */
type LogLine = (detailsOrMessage: unknown, message?: string) => void;

export interface LifecycleLogger {
  info: LogLine;
  error: LogLine;
  fatal: LogLine;
}

type Step = () => Promise<void>;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Until the logger exists (reading the configuration is synchronous), lines go to stderr. */
const toStderr: LogLine = (detailsOrMessage, message) =>
  void process.stderr.write(`${message ?? String(detailsOrMessage)}\n`);
const stderrLogger: LifecycleLogger = { info: toStderr, error: toStderr, fatal: toStderr };

/**
 * The process from start to stop. Its signal handlers are installed before anything else
 * runs, so a Ctrl-C at any moment (PostgreSQL initialising or starting, migrations running,
 * serving) undoes what was started, last started first, and never leaves the embedded server
 * behind. A signal during start-up exits 128 + its number (130, 143), as a shell reports it;
 * once serving, a signal is the normal way to stop and exits 0.
 */
export class Lifecycle {
  private state: 'starting' | 'running' | 'stopping' = 'starting';
  private readonly steps: Step[] = [];
  private readonly aborter = new AbortController();
  private log: LifecycleLogger = stderrLogger;

  static install(): Lifecycle {
    const lifecycle = new Lifecycle();
    for (const signal of STOP_SIGNALS) process.on(signal, () => void lifecycle.stop(signal));
    return lifecycle;
  }

  useLogger(log: LifecycleLogger): void {
    this.log = log;
  }

  /** Aborted when a signal arrives during start-up: pass it to whatever can be interrupted. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** `step` runs on stop, before every step registered earlier. */
  onStop(step: Step): void {
    this.steps.unshift(step);
  }

  running(): void {
    if (this.state === 'starting') this.state = 'running';
  }

  /**
   * Start-up failed: one fatal line, undo, exit 1. After a signal the failure is only the
   * interruption's echo and says nothing more.
   */
  async fail(line: string, error?: unknown): Promise<void> {
    if (this.state === 'stopping') return;
    this.state = 'stopping';
    if (error === undefined) this.log.fatal(line);
    else this.log.fatal({ err: error }, line);
    await this.undo();
    process.exit(1);
  }

  private async stop(signal: (typeof STOP_SIGNALS)[number]): Promise<void> {
    if (this.state === 'stopping') return;
    const duringStartUp = this.state === 'starting';
    this.state = 'stopping';
    this.log.info(
      duringStartUp
        ? `${signal} received during start-up: stopping what has started`
        : `${signal} received: closing the HTTP server, then the database`,
    );
    this.aborter.abort(new Error(`${signal} received during start-up`));
    await this.undo();
    if (duringStartUp) process.exit(128 + constants.signals[signal]);
    this.log.info('Warden stopped');
    process.exit(0);
  }

  private async undo(): Promise<void> {
    for (const step of this.steps.splice(0)) {
      await step().catch((error: unknown) => this.log.error({ err: error }, 'Error while closing'));
    }
  }
}
