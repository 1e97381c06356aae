import {
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { passwordLengthProblem } from '../password/password-rules';

/** 8..72 bytes of UTF-8, checked with the same rule the users service applies. */
@ValidatorConstraint({ name: 'passwordLength' })
export class PasswordLengthConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && passwordLengthProblem(value) === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    const value: unknown = args.value;
    const problem = typeof value === 'string' ? passwordLengthProblem(value) : undefined;
    return (problem ?? 'password must be a string').replace(/^password/, args.property);
  }
}
