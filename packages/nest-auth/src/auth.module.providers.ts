import type { Provider } from '@nestjs/common';
import type { TokenUse } from './access-token-claims';
import { AUTH_MODULE_OPTIONS, AuthModuleOptions } from './auth.module.options';
import { assertAuthModuleOptions } from './auth.module.options.check';
import { AUTH_CLOCK, type Clock, SystemClock } from './clock';
import { KEY_RESOLVER, KeyResolver } from './key-resolver';
import { IntrospectionClient } from './remote/introspection.client';
import { RemoteJwksKeyResolver } from './remote/remote-jwks.key-resolver';
import { SharedSecretKeyResolver } from './remote/shared-secret.key-resolver';
import { type RequiredTokenUse, tokenUsesOf } from './token-uses';
import type { RevocationChecker } from './revocation-checker';
import { VERIFIER_SETUP, VerifierSetup } from './verifier-setup';

/** The options after the start-up check: every other provider depends on this one. */
export const CHECKED_AUTH_OPTIONS = Symbol('warden:checked-auth-options');

/** The key source the options name: a remote JWKS, a shared secret, or the app's own resolver. */
export function createKeyResolver(options: AuthModuleOptions, clock: Clock): KeyResolver {
  const own = options.keyResolver;
  // Nest runs the lifecycle hooks of every provider's value: an app's resolver that is itself a
  // Nest provider would run its hooks twice if it were this provider's value too.
  if (own instanceof RemoteJwksKeyResolver) return own;
  if (own !== undefined) return { resolve: (kid) => own.resolve(kid) };
  if (options.secret !== undefined) {
    return new SharedSecretKeyResolver(options.secret, options.algorithms[0] as 'HS256' | 'HS512');
  }
  return new RemoteJwksKeyResolver({
    jwksUri: options.jwksUri as string,
    algorithms: options.algorithms,
    allowedThumbprints: options.allowedThumbprints,
    cacheMaxAge: options.jwksCacheMaxAge,
    cooldown: options.jwksCooldown,
    waitTimeoutMs: options.jwksWaitTimeout,
    now: () => clock.now().getTime(),
  });
}

/**
 * Introspection (RFC 7662), the app's own check, or none. Never a provider's value, for the
 * reason given in createKeyResolver (the service's checker has init and destroy hooks).
 */
export function createRevocationChecker(
  options: AuthModuleOptions,
  clock: Clock,
): RevocationChecker | undefined {
  if (options.introspection === undefined) return options.revocationChecker;
  return new IntrospectionClient(options.introspection, { now: () => clock.now().getTime() });
}

/** The verifier's rules, the key source and the revocation check, as WardenAuthService needs them. */
export function verifierSetupOf(
  options: AuthModuleOptions,
  keyResolver: KeyResolver,
  clock: Clock,
): VerifierSetup {
  return {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [...options.algorithms],
    clockTolerance: options.clockTolerance,
    maxTokenTtl: options.maxTokenTtl,
    cacheSize: options.cacheSize,
    tokenUses: verifierTokenUses(options.requiredTokenUse),
    keyResolver,
    revocationChecker: createRevocationChecker(options, clock),
    onVerification: options.onVerification,
  };
}

/**
 * The list the verifier takes, of a preset name, a single use or a list. A value the start-up check
 * refuses never gets here; were it to, no token use would pass rather than all of them.
 */
function verifierTokenUses(
  requirement: RequiredTokenUse | undefined,
): readonly TokenUse[] | undefined {
  return requirement === undefined ? undefined : (tokenUsesOf(requirement) ?? []);
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
    provide: AUTH_CLOCK,
    useFactory: (options: AuthModuleOptions) => options.clock ?? new SystemClock(),
    inject: [CHECKED_AUTH_OPTIONS],
  },
  {
    provide: KEY_RESOLVER,
    useFactory: createKeyResolver,
    inject: [CHECKED_AUTH_OPTIONS, AUTH_CLOCK],
  },
  {
    provide: VERIFIER_SETUP,
    useFactory: verifierSetupOf,
    inject: [CHECKED_AUTH_OPTIONS, KEY_RESOLVER, AUTH_CLOCK],
  },
];
