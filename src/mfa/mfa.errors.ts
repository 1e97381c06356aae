import { WardenError } from '../common/errors';

/**
 * The password was right and the account has a second factor: the login goes on at
 * `POST /auth/login/mfa` (or the OAuth `mfa` grant) with `mfa_token`.
 */
export class MfaRequiredError extends WardenError {
  readonly code = 'ERR_MFA_REQUIRED';

  constructor(
    readonly mfaToken: string,
    readonly expiresIn: number,
  ) {
    super('A second factor is required: send a code with the mfa_token', {
      mfa_token: mfaToken,
      expires_in: expiresIn,
    });
  }
}

/** A wrong, replayed or already used code (TOTP or recovery): the same answer for each. */
export class InvalidMfaCodeError extends WardenError {
  readonly code = 'ERR_INVALID_MFA_CODE';

  constructor() {
    super('Invalid authentication code');
  }
}

/** Unknown, expired, spent, or another client's `mfa_token`: log in again. */
export class MfaTokenInvalidError extends WardenError {
  readonly code = 'ERR_MFA_TOKEN_INVALID';

  constructor() {
    super('The mfa_token is invalid or has expired; log in again');
  }
}

export class MfaAlreadyEnabledError extends WardenError {
  readonly code = 'ERR_MFA_ALREADY_ENABLED';

  constructor() {
    super('Two-factor sign-in is already enabled for this account');
  }
}

export class MfaNotStartedError extends WardenError {
  readonly code = 'ERR_MFA_NOT_STARTED';

  constructor() {
    super('Start the enrolment first: POST /auth/mfa/totp');
  }
}

export class MfaNotEnabledError extends WardenError {
  readonly code = 'ERR_MFA_NOT_ENABLED';

  constructor() {
    super('Two-factor sign-in is not enabled for this account');
  }
}
