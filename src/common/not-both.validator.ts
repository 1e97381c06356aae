import {
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

/** The property it decorates and `other` are alternatives: a body may not give both. */
@ValidatorConstraint({ name: 'notBoth' })
class NotBothConstraint implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const [other] = args.constraints as [string];
    return (args.object as Record<string, unknown>)[other] === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    const [other] = args.constraints as [string];
    return `give either ${other} or ${args.property}, not both`;
  }
}

/**
 * Refuses a body naming both this property and `other`, so which one counted is never
 * ambiguous (a login by username or email, a second factor by code or recovery code).
 */
export function NotBoth(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options,
      validator: NotBothConstraint,
    });
}
