import { WardenError } from '../common/errors';
import { DatabaseUnreachableError } from '../database/database-probe';
import { EmbeddedDatabaseError } from '../database/embedded-database.errors';
import { lostDevelopmentKeyMessage } from '../keys/key-encryption-key.provider';
import { isAddressInUse, PortInUseError } from './http-listen';

export interface StartupContext {
  port: number;
  /** The development key file, when it was missing as start-up began (a new one was made). */
  lostKeyFile?: string;
}

/** A stored signing key that does not decrypt under the key Warden was given. */
export function isUndecryptableKey(error: unknown): boolean {
  return error instanceof WardenError && error.code === 'ERR_KEY_DECRYPTION';
}

/**
 * The one line for a start-up failure the operator can fix (a port, a database, a key file),
 * or undefined for anything else: a bug, logged with its stack.
 */
export function describeStartupFailure(
  error: unknown,
  context: StartupContext,
): string | undefined {
  if (
    error instanceof PortInUseError ||
    error instanceof EmbeddedDatabaseError ||
    error instanceof DatabaseUnreachableError
  ) {
    return error.message;
  }
  if (isAddressInUse(error)) return new PortInUseError(context.port).message;
  if (context.lostKeyFile && isUndecryptableKey(error)) {
    return lostDevelopmentKeyMessage(context.lostKeyFile);
  }
  if (error instanceof WardenError) return `${error.code}: ${error.message}`;
  return undefined;
}
