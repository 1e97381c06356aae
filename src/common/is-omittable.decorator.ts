import { ValidateIf } from 'class-validator';

/**
 * A JSON body field that may be left out, but is validated whenever it is present, `null`
 * included. class-validator's `@IsOptional()` also skips `null`, which would hand a service an
 * `{"email": null}` it never expects.
 *
 * @example
 * ```ts
 * @IsOmittable()
 * @IsEmail()
 * email?: string;
 * ```
 */
export const IsOmittable = (): PropertyDecorator =>
  ValidateIf((_object: unknown, value: unknown) => value !== undefined);
