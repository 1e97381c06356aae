import type { Provider } from '@nestjs/common';
import { AUTH_MODULE_OPTIONS, AuthModuleOptions } from './auth.module.options';
import { assertAuthModuleOptions } from './auth.module.options.check';
import { CLOCK, Clock, SystemClock } from './common/clock';
import { KEY_RESOLVER, KeyResolver } from './policy/key-resolver';
import type { JwsAlgorithm } from './policy/jwt/jws-header.check';
import { POLICY_MODULE_OPTIONS, PolicyModuleOptions } from './policy/policy-module.options';
import { IntrospectionClient } from './policy/remote/introspection.client';
import { RemoteJwksKeyResolver } from './policy/remote/remote-jwks.key-resolver';
import { SharedSecretKeyResolver } from './policy/remote/shared-secret.key-resolver';

/** The options after the start-up check: every other provider depends on this one. */
export const CHECKED_AUTH_OPTIONS = Symbol('warden:checked-auth-options');

/** The key source the options name: a remote JWKS, a shared secret, or the app's own resolver. */
export function createKeyResolver(options: AuthModuleOptions, clock: Clock): KeyResolver {
  if (options.keyResolver !== undefined) return options.keyResolver;
  if (options.secret !== undefined) {
    return new SharedSecretKeyResolver(options.secret, options.algorithms[0] as 'HS256' | 'HS512');
  }
  return new RemoteJwksKeyResolver({
    jwksUri: options.jwksUri as string,
    algorithms: options.algorithms,
    allowedThumbprints: options.allowedThumbprints,
    cacheMaxAge: options.jwksCacheMaxAge,
    cooldown: options.jwksCooldown,
    now: () => clock.now().getTime(),
  });
}

/** The policy core's options: the verifier's rules, the key source and the revocation check. */
export function policyOptionsFromAuthOptions(
  options: AuthModuleOptions,
  keyResolver: KeyResolver,
  clock: Clock,
): PolicyModuleOptions {
  const revocationChecker =
    options.introspection === undefined
      ? options.revocationChecker
      : new IntrospectionClient(options.introspection, { now: () => clock.now().getTime() });
  const tokenUses = options.requiredTokenUse;
  return {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [...options.algorithms] as JwsAlgorithm[],
    clockTolerance: options.clockTolerance,
    maxTokenTtl: options.maxTokenTtl,
    cacheSize: options.cacheSize,
    tokenUses: tokenUses === undefined || Array.isArray(tokenUses) ? tokenUses : [tokenUses],
    keyResolver,
    revocationChecker,
  };
}

export const AUTH_MODULE_PROVIDERS: Provider[] = [
  {
    provide: CHECKED_AUTH_OPTIONS,
    useFactory: (options: AuthModuleOptions) => {
      assertAuthModuleOptions(options);
      return options;
    },
    inject: [AUTH_MODULE_OPTIONS],
  },
  {
    provide: CLOCK,
    useFactory: (options: AuthModuleOptions) => options.clock ?? new SystemClock(),
    inject: [CHECKED_AUTH_OPTIONS],
  },
  { provide: KEY_RESOLVER, useFactory: createKeyResolver, inject: [CHECKED_AUTH_OPTIONS, CLOCK] },
  {
    provide: POLICY_MODULE_OPTIONS,
    useFactory: policyOptionsFromAuthOptions,
    inject: [CHECKED_AUTH_OPTIONS, KEY_RESOLVER, CLOCK],
  },
];
