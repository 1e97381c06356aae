import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { describeDatabaseUrl } from './data-source-options';

/** DATABASE_URL did not answer: the message is the one line Warden prints, never a stack. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

export interface DatabaseProbeOptions {
  attempts?: number;
  /** The wait after the first failure; each later one doubles it. */
  firstDelayMs?: number;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Waits until DATABASE_URL accepts a connection, before anything else starts: 5 attempts, 0.5,
 * 1, 2 and 4 s apart (under 10 s in all for a refused connection), one line per failure, so a
 * server still booting beside Warden (docker compose) is waited for and a wrong URL is reported
 * at once. Refusals no retry can cure (SQLSTATE class 28, a bad login; 3D, no such database)
 * end the wait at the first attempt.
 */
export async function waitForDatabase(
  url: string,
  logger: { warn(message: string): void },
  { attempts = 5, firstDelayMs = 500, connectTimeoutMs = 2000, signal }: DatabaseProbeOptions = {},
): Promise<void> {
  const shown = describeDatabaseUrl(url);
  for (let attempt = 1; ; attempt += 1) {
    const failure = await connectOnce(url, connectTimeoutMs);
    if (failure === undefined) return;
    if (failure.final) {
      throw new DatabaseUnreachableError(`the database ${shown} refused Warden: ${failure.reason}`);
    }
    if (attempt >= attempts) {
      throw new DatabaseUnreachableError(
        `cannot reach the database ${shown} after ${attempts} attempts (${failure.reason}): ` +
          'check DATABASE_URL and that the server is running',
      );
    }
    const delayMs = firstDelayMs * 2 ** (attempt - 1);
    logger.warn(
      `Database ${shown} not reachable (attempt ${attempt}/${attempts}: ${failure.reason}); ` +
        `retrying in ${delayMs / 1000} s`,
    );
    await sleep(delayMs, undefined, { signal }).catch((error: unknown) => {
      throw signal?.aborted ? signal.reason : error;
    });
  }
}

async function connectOnce(
  url: string,
  connectionTimeoutMillis: number,
): Promise<{ reason: string; final: boolean } | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis });
  client.on('error', () => undefined); // a failed connect also emits 'error'
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      reason: reasonOf(error),
      final: typeof code === 'string' && /^(28|3D)/.test(code),
    };
  }
}

/**
 * Node reports a connection refused on every address of a name as an AggregateError with an
 * empty message. Read by shape, not class: errors may come from another realm (a test's VM).
 */
function reasonOf(error: unknown): string {
  const { errors, message, code } = (error ?? {}) as {
    errors?: unknown;
    message?: unknown;
    code?: unknown;
  };
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.map((inner: unknown) => reasonOf(inner)).join('; ');
  }
  if (typeof message === 'string' && message !== '') return message;
  return String(code ?? error);
}
