import { clientCorsAnswer, CorsRequest, isClientCorsPath } from './client-cors';

const APP = 'https://app.example.com';
const allows = (origin: string) => origin === APP;

function request(overrides: Partial<CorsRequest> = {}): CorsRequest {
  return {
    method: 'POST',
    url: '/oauth/token',
    origin: APP,
    requestMethod: undefined,
    ...overrides,
  };
}

describe(clientCorsAnswer.name, () => {
  it('names an allowed origin on a request, with Vary and no credentials', () => {
    expect(clientCorsAnswer(request(), allows)).toEqual({
      preflight: false,
      headers: { Vary: 'Origin', 'Access-Control-Allow-Origin': APP },
    });
  });

  it('answers an allowed preflight with the methods of the path, the headers and max age', () => {
    const sut = clientCorsAnswer(
      request({ method: 'OPTIONS', url: '/userinfo?x=1', requestMethod: 'GET' }),
      allows,
    );

    expect(sut).toEqual({
      preflight: true,
      headers: {
        Vary: 'Origin',
        'Access-Control-Allow-Origin': APP,
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'authorization, content-type',
        'Access-Control-Max-Age': '600',
      },
    });
  });

  it('gives an unlisted origin no CORS header, and its preflight a bare answer', () => {
    const other = { origin: 'https://evil.example' };

    expect(clientCorsAnswer(request(other), allows)).toEqual({
      preflight: false,
      headers: { Vary: 'Origin' },
    });
    expect(
      clientCorsAnswer(request({ ...other, method: 'OPTIONS', requestMethod: 'POST' }), allows),
    ).toEqual({ preflight: true, headers: { Vary: 'Origin' } });
  });

  it('takes an OPTIONS without Origin or request method for no preflight', () => {
    expect(clientCorsAnswer(request({ method: 'OPTIONS' }), allows)?.preflight).toBe(false);
    expect(
      clientCorsAnswer(
        request({ method: 'OPTIONS', origin: undefined, requestMethod: 'POST' }),
        allows,
      )?.preflight,
    ).toBe(false);
  });

  it('leaves every other path alone', () => {
    expect(clientCorsAnswer(request({ url: '/auth/login' }), allows)).toBeUndefined();
    expect(clientCorsAnswer(request({ url: '/oauth/introspect' }), allows)).toBeUndefined();
    expect(clientCorsAnswer(request({ url: '/oauth/token/x' }), allows)).toBeUndefined();
  });
});

describe(isClientCorsPath.name, () => {
  it('matches the paths with or without a query string', () => {
    expect(isClientCorsPath('/.well-known/jwks.json?v=2')).toBe(true);
    expect(isClientCorsPath('/.well-known/openid-configuration')).toBe(true);
    expect(isClientCorsPath('/clients')).toBe(false);
  });
});
