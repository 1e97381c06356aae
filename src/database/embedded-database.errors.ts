/**
 * A problem with the embedded PostgreSQL that the person starting Warden can fix. Its message is
 * the one line Warden prints for it: what happened, where, and the way out. Never a stack.
 */
export class EmbeddedDatabaseError extends Error {
  override readonly name = 'EmbeddedDatabaseError';

  /** A live server (or the Warden that started it) already owns the cluster directory. */
  static inUse(dir: string, pid: number): EmbeddedDatabaseError {
    return new EmbeddedDatabaseError(
      `another Warden is using ${dir} (pid ${pid}): stop it, or set DATA_DIR or DATABASE_URL`,
    );
  }

  /** As root the server runs as `postgres`, which must be able to reach its data directory. */
  static unreachable(dir: string, blocked: string, reason: string): EmbeddedDatabaseError {
    return new EmbeddedDatabaseError(
      `the postgres user cannot reach ${dir} (${reason}): run chmod o+x ${blocked}, ` +
        'or set DATA_DIR to a directory it can enter, or set DATABASE_URL',
    );
  }

  static notACluster(dir: string): EmbeddedDatabaseError {
    return new EmbeddedDatabaseError(
      `${dir} exists but holds no PostgreSQL cluster: remove it, or run npm run dev:reset`,
    );
  }

  /** initdb or the server refused to start; of what it said, the line naming the error is kept. */
  static failed(what: string, output: string): EmbeddedDatabaseError {
    const lines = output.trim().split('\n').filter(Boolean);
    const reason = lines.findLast((line) => /FATAL|PANIC|ERROR|error:/.test(line)) ?? lines.at(-1);
    return new EmbeddedDatabaseError(`${what}: ${reason?.trim() ?? 'no output'}`);
  }
}
