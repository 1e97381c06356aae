import { authMethodChangeProblem, ClientShape, clientRuleProblems } from './client-rules';

function shape(overrides: Partial<ClientShape> = {}): ClientShape {
  return {
    grantTypes: ['client_credentials'],
    redirectUris: [],
    tokenEndpointAuthMethod: 'client_secret_basic',
    ...overrides,
  };
}

describe(clientRuleProblems.name, () => {
  it.each([
    ['a service client', shape()],
    [
      'a web app with its redirect URI',
      shape({ grantTypes: ['authorization_code'], redirectUris: ['https://a.example/cb'] }),
    ],
    [
      'a public client with code and refresh',
      shape({
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://localhost:3000/cb'],
        tokenEndpointAuthMethod: 'none',
      }),
    ],
  ])('accepts %s', (_case, client) => {
    expect(clientRuleProblems(client)).toEqual([]);
  });

  it('wants a redirect URI for the authorization code grant', () => {
    const sut = clientRuleProblems(shape({ grantTypes: ['authorization_code'] }));

    expect(sut).toEqual([{ field: 'redirect_uris', message: expect.any(String) as unknown }]);
  });

  it('names every grant a public client may not use', () => {
    const sut = clientRuleProblems(
      shape({
        grantTypes: ['authorization_code', 'client_credentials', 'password'],
        redirectUris: ['https://a.example/cb'],
        tokenEndpointAuthMethod: 'none',
      }),
    );

    expect(sut).toEqual([
      { field: 'grant_types', message: expect.stringContaining('client_credentials, password') },
    ]);
  });

  it('lists both problems at once', () => {
    const sut = clientRuleProblems(
      shape({ grantTypes: ['authorization_code', 'password'], tokenEndpointAuthMethod: 'none' }),
    );

    expect(sut.map((problem) => problem.field)).toEqual(['redirect_uris', 'grant_types']);
  });
});

describe(authMethodChangeProblem.name, () => {
  it.each([
    ['client_secret_basic', undefined],
    ['client_secret_basic', 'client_secret_post'],
    ['client_secret_post', 'client_secret_basic'],
    ['none', 'none'],
  ] as const)('lets %s become %s', (stored, requested) => {
    expect(authMethodChangeProblem(stored, requested)).toBeUndefined();
  });

  it.each([
    ['none', 'client_secret_basic'],
    ['client_secret_post', 'none'],
  ] as const)('refuses %s becoming %s', (stored, requested) => {
    expect(authMethodChangeProblem(stored, requested)).toMatchObject({
      field: 'token_endpoint_auth_method',
      message: expect.stringContaining('secret would have to appear or vanish') as unknown,
    });
  });
});
