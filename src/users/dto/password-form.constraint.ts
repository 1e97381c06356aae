import {
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { passwordFormProblem } from '../password/password-rules';

/** The OpenAPI description of a new password (registration and password change). */
export const NEW_PASSWORD_DESCRIPTION =
  'At least 8 characters and at most 72 bytes of UTF-8 (bcrypt reads no further), both counted ' +
  'after Unicode NFKC normalisation; any printable character, spaces included, but no control ' +
  'characters and not only whitespace; not a commonly used password, nor the username or email';

/**
 * A new password's form: no control characters, not only whitespace, 8 characters to 72 bytes
 * after NFKC. The same rule the users service applies, reported as a field message (400).
 */
@ValidatorConstraint({ name: 'passwordForm' })
export class PasswordFormConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && passwordFormProblem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    const value: unknown = args.value;
    const problem = typeof value === 'string' ? passwordFormProblem(value) : undefined;
    return (problem ?? 'password must be a string').replace(/^password/, args.property);
  }
}
