import { type FieldError, RequestValidationError } from '../../common/errors/validation.errors';
import {
  GRANT_TYPES,
  PUBLIC_CLIENT_GRANT_TYPES,
  type TokenEndpointAuthMethod,
} from './service-client';

/** What the rules across a client's fields look at: the client as it is, or would be. */
export interface ClientShape {
  grantTypes: readonly string[];
  redirectUris: readonly string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
}

/**
 * The rules across fields that each field's own validation cannot see, as field errors (empty
 * when the client keeps them): the authorization code grant needs somewhere to send the code
 * (RFC 6749 §3.1.2.2: a registered redirect URI), and a public client, having no secret, only
 * the grants that rest on none (PKCE-bound codes and their refresh tokens).
 *
 * @example
 * ```ts
 * const problems = clientRuleProblems({ ...stored, ...change });
 * if (problems.length > 0) throw new RequestValidationError(problems);
 * ```
 */
export function clientRuleProblems(client: ClientShape): FieldError[] {
  const problems: FieldError[] = [];
  const codeGrant = client.grantTypes.includes(GRANT_TYPES.authorizationCode);
  if (codeGrant && client.redirectUris.length === 0) {
    problems.push({
      field: 'redirect_uris',
      message: 'redirect_uris must list at least one URI when grant_types has authorization_code',
    });
  }
  const refused = client.grantTypes.filter((grant) => !isPublicGrant(grant));
  if (client.tokenEndpointAuthMethod === 'none' && refused.length > 0) {
    problems.push({
      field: 'grant_types',
      message:
        'a public client (token_endpoint_auth_method none) may only use authorization_code ' +
        `and refresh_token; not ${refused.join(', ')}`,
    });
  }
  return problems;
}

/**
 * A registered client stays public or confidential: turning one into the other would make a
 * secret appear (which nobody would ever see) or vanish (leaving whoever holds it to be taken
 * for the client by id alone). Switching between the two secret methods is fine.
 */
export function authMethodChangeProblem(
  stored: TokenEndpointAuthMethod,
  requested: TokenEndpointAuthMethod | undefined,
): FieldError | undefined {
  if (requested === undefined || (stored === 'none') === (requested === 'none')) return undefined;
  return {
    field: 'token_endpoint_auth_method',
    message:
      `token_endpoint_auth_method cannot change from ${stored} to ${requested}: a client stays ` +
      'public (none, no secret) or confidential (a secret), since a secret would have to ' +
      'appear or vanish; register a new client instead',
  };
}

function isPublicGrant(grantType: string): boolean {
  return (PUBLIC_CLIENT_GRANT_TYPES as readonly string[]).includes(grantType);
}

/** 400 `ERR_VALIDATION` naming each field of a rule across fields the client would break. */
export function assertClientRules(client: ClientShape): void {
  const problems = clientRuleProblems(client);
  if (problems.length > 0) throw new RequestValidationError(problems);
}
