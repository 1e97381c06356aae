import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { duplicateMemberOf } from './json-body';
import { DuplicateBodyMemberError } from './json-body.errors';

/**
 * The global ValidationPipe, which also refuses a JSON body that repeats a member name where
 * the body is validated against a DTO: JSON.parse kept the last value, another reader may take
 * the first, so the request is ambiguous (400 `ERR_BODY_DUPLICATE_MEMBER`). Bodies typed
 * `Record<string, unknown>` (the OAuth endpoints) pass through to their own pipe, as before.
 */
export class JsonBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      const duplicate = duplicateMemberOf(value);
      if (duplicate !== undefined) throw new DuplicateBodyMemberError(duplicate);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
