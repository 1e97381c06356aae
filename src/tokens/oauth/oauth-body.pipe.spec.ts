import { parseJsonBody } from '../../common/json-body';
import { parseFormBody } from '../../common/form-body';
import { TokenHintRequestDto } from './dto/token-hint-request.dto';
import { OAuthBodyPipe } from './oauth-body.pipe';

const json = (text: string): unknown => parseJsonBody(new TextEncoder().encode(text), 32);

describe(OAuthBodyPipe.name, () => {
  const sut = new OAuthBodyPipe(TokenHintRequestDto);

  it('accepts a JSON body naming each parameter once', async () => {
    await expect(sut.transform(json('{"token":"abc","token_type_hint":""}'))).resolves.toEqual(
      expect.objectContaining({ token: 'abc' }),
    );
  });

  it('refuses a JSON member named twice as invalid_request (RFC 6749 §3.1)', async () => {
    await expect(sut.transform(json('{"token":"first","token":"second"}'))).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_REQUEST',
      message: 'Parameter token is repeated',
    });
  });

  it('refuses a repeat spelled with an escape', async () => {
    await expect(sut.transform(json('{"token":"a","\\u0074oken":"b"}'))).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_REQUEST',
    });
  });

  it('refuses a form field sent twice, as before', async () => {
    await expect(sut.transform(parseFormBody('token=a&token=b'))).rejects.toMatchObject({
      code: 'ERR_OAUTH_INVALID_REQUEST',
    });
  });
});
