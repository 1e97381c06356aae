import { PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { duplicateMemberOf } from '../../common/json-body';
import { OAuthInvalidRequestError } from './oauth.errors';
import { StringFieldRules } from './string-field-rules';

type DtoClass<T> = new () => T;

/**
 * Validates the body of an OAuth endpoint (form or JSON) into `dto`, the RFC 6749 way rather
 * than the global ValidationPipe's: unrecognized parameters are ignored (§3.2: "MUST ignore
 * unrecognized request parameters"), empty ones count as absent (§3.2), a repeated one is
 * `invalid_request` (§3.2; a repeated JSON member is recorded by the JSON body parser, since
 * JSON.parse keeps only the last value), and so is any other failure. The handler's parameter
 * is typed `Record<string, unknown>` so the global pipe passes it through untouched.
 *
 * `repeatable` names the parameters an extension lets repeat, kept as arrays: RFC 8707 §2
 * `resource` and RFC 8693 §2.1 `audience` ("multiple ... parameters may be used").
 */
export class OAuthBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T>> {
  private readonly simple: StringFieldRules;

  constructor(
    private readonly dto: DtoClass<T>,
    private readonly repeatable: readonly string[] = [],
  ) {
    this.simple = new StringFieldRules(dto);
  }

  async transform(value: unknown): Promise<T> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new OAuthInvalidRequestError('The request body must be a form or a JSON object');
    }
    const duplicate = duplicateMemberOf(value);
    if (duplicate !== undefined) {
      throw new OAuthInvalidRequestError(`Parameter ${duplicate.slice(0, 64)} is repeated`);
    }
    const present: Record<string, unknown> = {};
    for (const [name, parameter] of Object.entries(value)) {
      if (Array.isArray(parameter) && !this.repeatable.includes(name)) {
        throw new OAuthInvalidRequestError(`Parameter ${name} is repeated or not a string`);
      }
      if (parameter === '' || parameter === null || parameter === undefined) continue;
      present[name] = parameter;
    }
    // The usual body, a few short strings, is checked without class-validator; anything else,
    // every refusal included, is class-validator's (its wording is the error description).
    const accepted = this.simple.accept(this.dto, present);
    if (accepted !== undefined) return accepted;
    const instance = plainToInstance(this.dto, present, { excludeExtraneousValues: false });
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: false });
    if (errors.length > 0) throw new OAuthInvalidRequestError(describe(errors));
    return instance;
  }
}

function describe(errors: readonly ValidationError[]): string {
  return errors
    .flatMap((error) => Object.values(error.constraints ?? {}))
    .slice(0, 5)
    .join('; ');
}
