import type { AuthModuleOptions, JwsAlgorithm } from '@warden/nest-auth';
import type { AppConfig } from '../config/app-config';

const ASYMMETRIC: readonly JwsAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * The service's verifier rules from its configuration: its own issuer and audience, and the
 * longest lifetime it issues (docs/architecture.md §3: delegated tokens never exceed 300 s).
 * Algorithms: every asymmetric one, so tokens of a retiring key stay valid after SIGNING_ALG
 * changes (each key still verifies only its own alg), and HMAC only when the service signs with it.
 */
export function policyOptionsFromConfig(
  config: AppConfig,
): Pick<
  AuthModuleOptions,
  'issuer' | 'audience' | 'algorithms' | 'clockTolerance' | 'maxTokenTtl'
> {
  return {
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    algorithms: [...new Set([...ASYMMETRIC, config.keys.signingAlg])],
    clockTolerance: config.jwt.clockTolerance,
    maxTokenTtl: Math.max(config.jwt.accessTokenTtl, config.jwt.serviceTokenTtl, 300),
  };
}
