import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { TokenHintRequestDto } from './dto/token-hint-request.dto';
import { TokenRequestDto } from './dto/token-request.dto';
import { StringFieldRules } from './string-field-rules';

/** What OAuthBodyPipe's class-validator path makes of the parameters: the instance, or null. */
async function slowPath<T extends object>(
  dto: new () => T,
  present: Record<string, unknown>,
): Promise<T | null> {
  const instance = plainToInstance(dto, present);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: false });
  return errors.length === 0 ? instance : null;
}

const BODIES: Record<string, unknown>[] = [
  { grant_type: 'client_credentials' },
  { grant_type: 'client_credentials', scope: 'reports:read', unknown: 'ignored' },
  { grant_type: 'password', username: 'alice', password: 'x'.repeat(1024) },
  { grant_type: 'password', username: 'alice', password: 'x'.repeat(1025) },
  { grant_type: 'client_credentials', client_id: 'id', client_secret: 's' },
  { grant_type: 'x'.repeat(200) },
  { grant_type: 'x'.repeat(201) },
  // Surrogate pairs count once for MaxLength: longer in code units, still within the bound.
  { grant_type: '\u{1F600}'.repeat(150) },
  { scope: 'reports:read' },
  { grant_type: 42 },
  { grant_type: 'client_credentials', scope: { nested: true } },
  { grant_type: 'client_credentials', audience: 'internal-api' },
  { grant_type: 'client_credentials', resource: 'https://billing.example.com' },
  { token: 'abc', token_type_hint: 'refresh_token' },
];

describe(StringFieldRules.name, () => {
  it.each<new () => object>([TokenRequestDto, TokenHintRequestDto])(
    'accepts only what class-validator accepts, as the same instance (%p)',
    async (dto) => {
      const rules = new StringFieldRules(dto);
      for (const body of BODIES) {
        const fast = rules.accept(dto, body);
        if (fast === undefined) continue;
        const slow = await slowPath(dto, body);
        expect({ body, fast: { ...fast }, instance: fast instanceof dto }).toEqual({
          body,
          fast: { ...slow },
          instance: true,
        });
      }
    },
  );

  it('takes the usual client_credentials body without class-validator', () => {
    const accepted = new StringFieldRules(TokenRequestDto).accept(TokenRequestDto, {
      grant_type: 'client_credentials',
      scope: 'reports:read',
      extra: 'dropped',
    });
    expect(accepted).toBeInstanceOf(TokenRequestDto);
    expect({ ...accepted }).toEqual({ grant_type: 'client_credentials', scope: 'reports:read' });
  });

  it.each([
    ['a required parameter is missing', { scope: 'reports:read' }],
    ['a bound is passed in code units', { grant_type: 'x'.repeat(201) }],
    ['a value is no string', { grant_type: ['a', 'b'] }],
    ['a parameter has a custom validator', { grant_type: 'x', audience: 'internal-api' }],
  ])('leaves the decision to class-validator when %s', (_reason, body) => {
    expect(new StringFieldRules(TokenRequestDto).accept(TokenRequestDto, body)).toBeUndefined();
  });
});
