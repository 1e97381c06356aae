import { policy } from '../policy/policy.builder';
import { requirePolicy } from './requires-auth.decorator';

/**
 * A token from a multi-factor login (`acr` is MFA_ACR, or `amr` names a second factor, RFC
 * 8176). Implies `@RequiresAuth()`; on a class and a method both apply, and it stacks with
 * `@Roles`/`@Permissions`/`@Policy` (all must hold). Otherwise 401 with RFC 9470's
 * `error="insufficient_user_authentication", acr_values="urn:warden:acr:mfa"` challenge.
 *
 * @example
 * ```ts
 * @RequiresMfa()
 * @Post('payouts')
 * payout() {}
 * ```
 */
export const RequiresMfa = (): ClassDecorator & MethodDecorator =>
  requirePolicy(policy().requireMfa().build());
