import { IsString } from 'class-validator';
import { parseJsonBody } from './json-body';
import { JsonBodyValidationPipe } from './json-body-validation.pipe';

class LoginLikeDto {
  @IsString()
  username!: string;
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
});
