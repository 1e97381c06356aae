import type { ValidationError } from '@nestjs/common';
import type { FieldError } from './validation.errors';

/**
 * class-validator's error tree as a flat list, one entry per failed constraint, in the order
 * Nest's ValidationPipe lists its messages: a property's own constraints, then its children's.
 * The field is the property's dotted path (`roles`, `items.0.name`); a rule with `each: true`
 * on an array of primitives fails on the array itself, so its field names the array.
 */
export function fieldErrorsOf(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath === '' ? String(error.property) : `${parentPath}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}
