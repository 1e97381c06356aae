import { WardenError } from './warden-error';

/** One failed constraint of a request: where (a dotted path such as `items.0.name`) and why. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * 400 `ERR_VALIDATION`: the request broke its DTO's rules. `errors` lists one entry per failed
 * constraint; the message joins them into one sentence, each nested one prefixed with its
 * parent's path as Nest's ValidationPipe writes it (`items.0.name must be a string`).
 */
export class RequestValidationError extends WardenError {
  readonly code = 'ERR_VALIDATION';

  constructor(errors: readonly FieldError[], { truncated = false } = {}) {
    super(sentenceOf(errors, truncated), { errors: errors.map((error) => ({ ...error })) });
  }
}

function sentenceOf(errors: readonly FieldError[], truncated: boolean): string {
  const messages = errors.map(({ field, message }) => {
    const parent = field.lastIndexOf('.');
    return parent < 0 ? message : `${field.slice(0, parent)}.${message}`;
  });
  if (truncated) messages.push('further validation errors were omitted');
  return messages.length > 0 ? messages.join('; ') : 'Validation failed';
}
