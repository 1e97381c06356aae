import { Type } from 'class-transformer';
import { IsString, Length, ValidateNested } from 'class-validator';
import { parseJsonBody } from './json-body';
import { JsonBodyValidationPipe } from './json-body-validation.pipe';

class LoginLikeDto {
  @IsString()
  username!: string;
}

class ItemDto {
  @IsString()
  name!: string;
}

class OrderDto {
  @Length(3, 10)
  @IsString()
  reference!: string;

  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];
}

const json = (text: string): unknown => parseJsonBody(new TextEncoder().encode(text), 32);

describe(JsonBodyValidationPipe.name, () => {
  const sut = new JsonBodyValidationPipe({ whitelist: true, transform: true });

  it('refuses a repeated member in a body validated against a DTO', async () => {
    await expect(
      sut.transform(json('{"username":"a","username":"b"}'), {
        type: 'body',
        metatype: LoginLikeDto,
      }),
    ).rejects.toMatchObject({ code: 'ERR_BODY_DUPLICATE_MEMBER' });
  });

  it('validates a body without repeats as the ValidationPipe does', async () => {
    await expect(
      sut.transform(json('{"username":"a"}'), { type: 'body', metatype: LoginLikeDto }),
    ).resolves.toEqual(Object.assign(new LoginLikeDto(), { username: 'a' }));
  });

  it('passes an untyped body through for its own pipe (the OAuth endpoints)', async () => {
    const body = json('{"token":"a","token":"b"}');
    await expect(sut.transform(body, { type: 'body', metatype: Object })).resolves.toBe(body);
  });

  it('refuses an invalid body with ERR_VALIDATION: one {field, message} per failed constraint', async () => {
    const strict = new JsonBodyValidationPipe({ whitelist: true, forbidNonWhitelisted: true });

    const refusal = strict.transform(json('{"reference":7,"items":[{"name":1}],"extra":1}'), {
      type: 'body',
      metatype: OrderDto,
    });

    await expect(refusal).rejects.toMatchObject({
      code: 'ERR_VALIDATION',
      details: {
        errors: [
          { field: 'extra', message: 'property extra should not exist' },
          { field: 'reference', message: 'reference must be a string' },
          {
            field: 'reference',
            message:
              'reference must be longer than or equal to 3 and shorter than or equal to 10 characters',
          },
          { field: 'items.0.name', message: 'name must be a string' },
        ],
      },
    });
    await expect(refusal).rejects.toMatchObject({
      message: expect.stringMatching(/characters; items\.0\.name must be a string$/) as unknown,
    });
  });

  it('still bounds the list by maxErrorMessagesLength', async () => {
    const bounded = new JsonBodyValidationPipe({ maxErrorMessagesLength: 1 });

    const refusal = bounded.transform(json('{"reference":7,"items":[{"name":1}]}'), {
      type: 'body',
      metatype: OrderDto,
    });

    await expect(refusal).rejects.toMatchObject({
      message: expect.stringMatching(/further validation errors were omitted$/) as unknown,
    });
  });
});
