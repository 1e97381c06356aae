import { WardenError } from '../warden-error';

/** 503: introspection is required and the introspection endpoint did not answer usefully. */
export class IntrospectionUnavailableError extends WardenError {
  readonly code = 'ERR_INTROSPECTION_UNAVAILABLE';

  constructor(readonly reason: string) {
    super('Token introspection is unavailable; try again shortly', { retryAfter: 5 });
  }
}

/**
 * 503: the app holds no key for the token's kid and cannot reach the issuer's JWKS to look, so
 * it cannot tell a valid token from a bad one. Answering 401 here would log users out of an app
 * whose only fault is having started while the issuer was down.
 */
export class KeysUnavailableError extends WardenError {
  readonly code = 'ERR_KEYS_UNAVAILABLE';

  constructor(
    readonly reason: string,
    retryAfter: number,
  ) {
    super('The issuer keys are unavailable; try again shortly', { retryAfter });
  }
}
