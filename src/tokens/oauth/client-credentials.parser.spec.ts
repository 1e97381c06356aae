import { thrownCode } from '../../../test/support/thrown-code';
import { parseClientCredentials } from './client-credentials.parser';

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

describe(parseClientCredentials.name, () => {
  it('reads client_secret_basic', () => {
    expect(parseClientCredentials({ authorization: basic('svc', 's3cret') })).toEqual({
      clientId: 'svc',
      clientSecret: 's3cret',
      method: 'client_secret_basic',
    });
  });

  it('form-decodes both parts of the Basic credentials (RFC 6749 §2.3.1)', () => {
    const sut = parseClientCredentials({ authorization: basic('my%3Aclient', 'a+b%2Fc%25') });

    expect(sut).toMatchObject({ clientId: 'my:client', clientSecret: 'a b/c%' });
  });

  it('splits at the first colon only', () => {
    const sut = parseClientCredentials({ authorization: basic('svc', 'x:y') });

    expect(sut.clientSecret).toBe('x:y');
  });

  it('reads client_secret_post', () => {
    expect(
      parseClientCredentials({ authorization: undefined, clientId: 'svc', clientSecret: 's' }),
    ).toEqual({ clientId: 'svc', clientSecret: 's', method: 'client_secret_post' });
  });

  it('reads a bare body client_id as a public client naming itself', () => {
    expect(parseClientCredentials({ authorization: undefined, clientId: 'spa' })).toEqual({
      clientId: 'spa',
      method: 'none',
    });
  });

  it('accepts a body client_id naming the Basic client', () => {
    const sut = parseClientCredentials({ authorization: basic('svc', 's'), clientId: 'svc' });

    expect(sut.method).toBe('client_secret_basic');
  });

  it('refuses two methods at once with invalid_request', () => {
    expect(
      thrownCode(() =>
        parseClientCredentials({ authorization: basic('svc', 's'), clientSecret: 's' }),
      ),
    ).toBe('ERR_OAUTH_INVALID_REQUEST');
  });

  it.each([
    ['no credentials', { authorization: undefined }],
    ['a secret without its id', { authorization: undefined, clientSecret: 's' }],
    ['an empty body id', { authorization: undefined, clientId: '' }],
    ['a Bearer header with a body id', { authorization: 'Bearer abc', clientId: 'spa' }],
    ['a Bearer header', { authorization: 'Bearer abc' }],
    ['bad base64', { authorization: 'Basic ***' }],
    ['no colon', { authorization: `Basic ${Buffer.from('svc').toString('base64')}` }],
    ['an empty secret', { authorization: basic('svc', '') }],
    ['a broken escape', { authorization: basic('svc', '%E0%A4%A') }],
    ['another body client_id', { authorization: basic('svc', 's'), clientId: 'other' }],
  ])('refuses %s with invalid_client', (_case, sources) => {
    expect(thrownCode(() => parseClientCredentials(sources))).toBe('ERR_INVALID_CLIENT');
  });
});
