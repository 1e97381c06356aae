import { registerDecorator, ValidationOptions } from 'class-validator';
import { MAX_REQUESTED_AUDIENCES } from './token-target';

/** The longest audience value a request may carry (an API identifier is at most 200). */
export const MAX_AUDIENCE_LENGTH = 2000;

function isAudience(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_AUDIENCE_LENGTH;
}

/**
 * One audience, or a list of 1 to 10 (RFC 8707 §2 `resource` and RFC 8693 §2.1 `audience` may
 * repeat). Whether each is allowed is the token endpoint's decision (`invalid_target`).
 */
export function IsAudienceList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isAudienceList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `$property must be a string or 1 to ${MAX_REQUESTED_AUDIENCES} strings of at most ${MAX_AUDIENCE_LENGTH} characters`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (!Array.isArray(value)) return isAudience(value);
          return (
            value.length > 0 && value.length <= MAX_REQUESTED_AUDIENCES && value.every(isAudience)
          );
        },
      },
    });
  };
}
