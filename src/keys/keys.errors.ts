import { WardenError } from '../common/errors';

/** No active signing key is loaded: nothing can be signed until one is (503). */
export class NoActiveKeyError extends WardenError {
  readonly code = 'ERR_NO_ACTIVE_KEY';
  constructor() {
    super('No active signing key is loaded');
  }
}

/**
 * A stored key does not decrypt under KEY_ENCRYPTION_KEY: the wrong key was configured, or the
 * row was altered. Start-up stops here; generating a replacement would invalidate every token.
 */
export class KeyDecryptionError extends WardenError {
  readonly code = 'ERR_KEY_DECRYPTION';
  constructor(readonly kid: string) {
    super(
      `Signing key ${kid} cannot be decrypted with the configured KEY_ENCRYPTION_KEY ` +
        '(wrong key, or the stored key was altered). Warden will not generate a replacement: ' +
        'configure the key it was encrypted with, or re-encrypt with npm run keys:rewrap.',
    );
  }
}

export class SigningKeyNotFoundError extends WardenError {
  readonly code = 'ERR_KEY_NOT_FOUND';
  constructor(kid: string) {
    super('No such signing key', { kid });
  }
}

/** Only keys that still verify (next, active, retiring) can be revoked. */
export class KeyNotRevocableError extends WardenError {
  readonly code = 'ERR_KEY_NOT_REVOCABLE';
  constructor(kid: string, status: string) {
    super(`Signing key is already ${status}`, { kid, status });
  }
}
