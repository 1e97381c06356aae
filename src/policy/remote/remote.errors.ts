import { WardenError } from '../../common/errors/warden-error';

/** 503: introspection is required and the introspection endpoint did not answer usefully. */
export class IntrospectionUnavailableError extends WardenError {
  readonly code = 'ERR_INTROSPECTION_UNAVAILABLE';

  constructor(readonly reason: string) {
    super('Token introspection is unavailable; try again shortly');
  }
}
