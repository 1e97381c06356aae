import type { AuthModuleOptions } from './auth.module.options';
import {
  assertAuthModuleOptions,
  AuthModuleOptionsError,
  authModuleOptionsProblems,
} from './auth.module.options.check';
import { TOKEN_USES, TokenUsePreset } from './token-uses';

function options(overrides: Partial<AuthModuleOptions> = {}): AuthModuleOptions {
  return {
    issuer: 'https://warden.test',
    audience: 'reports',
    jwksUri: 'https://warden.test/.well-known/jwks.json',
    algorithms: ['RS256'],
    ...overrides,
  };
}

const SECRET = 'x'.repeat(32);

describe('authModuleOptionsProblems', () => {
  it('accepts each of the three key sources on its own', () => {
    expect(authModuleOptionsProblems(options())).toEqual([]);
    expect(
      authModuleOptionsProblems(
        options({ jwksUri: undefined, secret: SECRET, algorithms: ['HS256'] }),
      ),
    ).toEqual([]);
    expect(
      authModuleOptionsProblems(
        options({ jwksUri: undefined, keyResolver: { resolve: () => undefined } }),
      ),
    ).toEqual([]);
  });

  it.each<[string, Partial<AuthModuleOptions>]>([
    ['no key source', { jwksUri: undefined }],
    ['two key sources', { keyResolver: { resolve: () => undefined } }],
    ['an empty algorithm list', { algorithms: [] }],
    ['an unknown algorithm', { algorithms: ['none' as 'RS256'] }],
    ['HS256 with a JWKS (public keys only)', { algorithms: ['RS256', 'HS256'] }],
    ['a misspelt option', { jwksCoolDown: 5 } as Partial<AuthModuleOptions>],
    ["the other module's name for an option", { isGlobal: true } as Partial<AuthModuleOptions>],
    ['a non-boolean exposeRefusalReasons', { exposeRefusalReasons: 'yes' as unknown as boolean }],
    ['a zero jwksWaitTimeout', { jwksWaitTimeout: 0 }],
    [
      'introspection and a revocation checker together',
      {
        introspection: { url: 'https://w.test/i', clientId: 'c', clientSecret: 's' },
        revocationChecker: { isRevoked: () => false },
      },
    ],
    ['a clock tolerance above 300 s', { clockTolerance: 301 }],
    ['a negative clock tolerance', { clockTolerance: -1 }],
    ['a zero maxTokenTtl', { maxTokenTtl: 0 }],
    ['an empty issuer', { issuer: '' }],
    ['an empty audience list', { audience: [] }],
    ['a non-http jwksUri', { jwksUri: 'file:///etc/jwks.json' }],
    ['a zero jwksCacheMaxAge', { jwksCacheMaxAge: 0 }],
    ['an unknown token use', { requiredTokenUse: 'refresh' as 'access' }],
    [
      'introspection without credentials',
      { introspection: { url: 'https://w.test', clientId: '', clientSecret: '' } },
    ],
  ])('refuses %s', (_name, overrides) => {
    expect(authModuleOptionsProblems(options(overrides))).toHaveLength(1);
  });

  it.each<[string, Partial<AuthModuleOptions>]>([
    ['a short secret', { secret: 'short', algorithms: ['HS256'] }],
    ['a secret with an asymmetric algorithm', { secret: SECRET, algorithms: ['RS256'] }],
    ['a 32-byte secret for HS512', { secret: SECRET, algorithms: ['HS512'] }],
  ])('refuses %s in shared-secret mode', (_name, overrides) => {
    expect(authModuleOptionsProblems(options({ jwksUri: undefined, ...overrides }))).not.toEqual(
      [],
    );
  });

  describe('requiredTokenUse', () => {
    const presets = Object.keys(TOKEN_USES) as TokenUsePreset[];

    it.each(presets)('accepts the preset %s, as its list and as its name', (preset) => {
      expect(authModuleOptionsProblems(options({ requiredTokenUse: TOKEN_USES[preset] }))).toEqual(
        [],
      );
      expect(authModuleOptionsProblems(options({ requiredTokenUse: preset }))).toEqual([]);
    });

    it('accepts one token use, or a list of them', () => {
      expect(authModuleOptionsProblems(options({ requiredTokenUse: 'service' }))).toEqual([]);
      expect(
        authModuleOptionsProblems(options({ requiredTokenUse: ['access', 'delegated'] })),
      ).toEqual([]);
    });

    it('lists every allowed value when a preset name is misspelt', () => {
      const problems = authModuleOptionsProblems(
        options({ requiredTokenUse: 'user' as TokenUsePreset }),
      );

      expect(problems).toEqual([
        'requiredTokenUse "user" is not allowed: use a preset (users, services, delegates, ' +
          'usersAndDelegates, machines, any), a token use (access, service, delegated) or a ' +
          'non-empty list of token uses',
      ]);
    });

    it.each<[string, unknown]>([
      ['a preset name inside a list (a preset goes alone)', ['users']],
      ['an empty list, which would admit no token', []],
      ['a list with one unknown use', ['access', 'refresh']],
      ['a name of Object.prototype', 'toString'],
      ['a value of the wrong type', 42],
    ])('refuses %s, naming the value', (_name, requiredTokenUse) => {
      const problems = authModuleOptionsProblems(
        options({ requiredTokenUse: requiredTokenUse as TokenUsePreset }),
      );

      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`requiredTokenUse ${JSON.stringify(requiredTokenUse)} is not`);
    });
  });

  it('names the unknown option, so a typo is found at start-up', () => {
    expect(
      authModuleOptionsProblems(options({ audiences: 'x' } as Partial<AuthModuleOptions>)),
    ).toEqual(['unknown option audiences']);
  });

  it('allows HMAC algorithms with a key resolver of the app (which may hold secrets)', () => {
    expect(
      authModuleOptionsProblems(
        options({
          jwksUri: undefined,
          keyResolver: { resolve: () => undefined },
          algorithms: ['HS256', 'RS256'],
        }),
      ),
    ).toEqual([]);
  });

  it('throws one error listing every problem', () => {
    const bad = options({ clockTolerance: 600, algorithms: [], jwksUri: undefined });

    expect(() => assertAuthModuleOptions(bad)).toThrow(AuthModuleOptionsError);
    expect(authModuleOptionsProblems(bad)).toHaveLength(3);
  });
});
