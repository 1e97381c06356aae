import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { fieldErrorsOf } from './errors/field-errors';
import { RequestValidationError } from './errors/validation.errors';
import { duplicateMemberOf } from './json-body';
import { DuplicateBodyMemberError } from './json-body.errors';

/**
 * The global ValidationPipe, which also refuses a JSON body that repeats a member name where
 * the body is validated against a DTO: JSON.parse kept the last value, another reader may take
 * the first, so the request is ambiguous (400 `ERR_BODY_DUPLICATE_MEMBER`). Bodies typed
 * `Record<string, unknown>` (the OAuth endpoints) pass through to their own pipe, as before.
 * A failed validation is a RequestValidationError (400 `ERR_VALIDATION` with one
 * `{field, message}` per failed constraint), so it answers in the envelope of every other error.
 */
export class JsonBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      const duplicate = duplicateMemberOf(value);
      if (duplicate !== undefined) throw new DuplicateBodyMemberError(duplicate);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }

  // Called from ValidationPipe's constructor (an `exceptionFactory` option still wins).
  override createExceptionFactory(): (errors?: ValidationError[]) => RequestValidationError {
    return (errors = []) => {
      if (this.isDetailedOutputDisabled) return new RequestValidationError([]);
      // The pipe's maxErrorMessagesLength still bounds what a hostile body can make us list.
      const budget = { remaining: this.maxErrorMessagesLength, isExceeded: false };
      const kept = this.limitValidationErrors(errors, budget);
      return new RequestValidationError(fieldErrorsOf(kept), { truncated: budget.isExceeded });
    };
  }
}
