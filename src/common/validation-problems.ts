import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';

/**
 * What the global ValidationPipe would say of `plain` as a `dto` (whitelist, unknown properties
 * refused), as messages: the command-line tools validate their input by the very DTOs of the
 * routes they stand in for. `skipMissing` leaves out the rules of properties not given.
 */
export async function validationProblems(
  dto: new () => object,
  plain: Record<string, unknown>,
  { skipMissing = false } = {},
): Promise<string[]> {
  const errors = await validate(plainToInstance(dto, plain), {
    whitelist: true,
    forbidNonWhitelisted: true,
    skipMissingProperties: skipMissing,
  });
  return errors.flatMap(messagesOf);
}

function messagesOf(error: ValidationError): string[] {
  return [...Object.values(error.constraints ?? {}), ...(error.children ?? []).flatMap(messagesOf)];
}
