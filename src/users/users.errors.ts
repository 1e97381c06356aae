import { WardenError } from '../common/errors';

export class UsernameTakenError extends WardenError {
  readonly code = 'ERR_USERNAME_TAKEN';

  constructor() {
    super('Username already taken', { field: 'username' });
  }
}

export class EmailTakenError extends WardenError {
  readonly code = 'ERR_EMAIL_TAKEN';

  constructor() {
    super('Email already registered', { field: 'email' });
  }
}

export class UserNotFoundError extends WardenError {
  readonly code = 'ERR_USER_NOT_FOUND';

  constructor() {
    super('User not found');
  }
}

export class UnknownRoleError extends WardenError {
  readonly code = 'ERR_UNKNOWN_ROLE';

  constructor(roles: string[]) {
    super(`Unknown role(s): ${roles.join(', ')}`, { field: 'roles', roles });
  }
}

export class RegistrationDisabledError extends WardenError {
  readonly code = 'ERR_REGISTRATION_DISABLED';

  constructor() {
    super('Registration is disabled');
  }
}

export class InvalidPasswordError extends WardenError {
  readonly code = 'ERR_INVALID_PASSWORD';

  constructor(message: string, field = 'password') {
    super(message, { field });
  }
}

/**
 * Unknown user, wrong password and inactive account all give this one error, with the same
 * message, so a caller learns nothing about which accounts exist.
 */
export class InvalidCredentialsError extends WardenError {
  readonly code = 'ERR_INVALID_CREDENTIALS';

  constructor() {
    super('Invalid credentials');
  }
}

export class AccountLockedError extends WardenError {
  readonly code = 'ERR_ACCOUNT_LOCKED';

  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed logins; try again later', { retryAfter: retryAfterSeconds });
  }
}
