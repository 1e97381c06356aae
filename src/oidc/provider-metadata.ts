import type { AppConfig } from '../config';
import type { AuthorizationServerMetadataDto } from '../tokens/oauth/dto/authorization-server-metadata.dto';
import { MFA_GRANT_TYPE, SUPPORTED_GRANT_TYPES } from '../tokens/clients/service-client';
import { OIDC_SCOPES } from './oidc-scope';

/** Confidential clients' methods; `none` is a public client, at the token endpoint only. */
const SECRET_METHODS = ['client_secret_basic', 'client_secret_post'];

/** OIDC Core §5.1 claims this server issues (ID token and UserInfo). */
const CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'amr',
  'acr',
  'azp',
  'sid',
  'preferred_username',
  'name',
  'email',
  'email_verified',
];

/**
 * One description of the server for both documents, so they never disagree: RFC 8414's
 * `/.well-known/oauth-authorization-server` and OIDC Discovery 1.0's
 * `/.well-known/openid-configuration`. Every URL derives from JWT_ISSUER, which must be the
 * service's public base URL (RFC 8414 §3.3, OIDC Discovery §4.3: `issuer` equals the URL the
 * document was fetched from, less the well-known suffix).
 */
export function providerMetadata(config: AppConfig): AuthorizationServerMetadataDto {
  const issuer = config.jwt.issuer;
  const base = issuer.replace(/\/+$/, '');
  return {
    issuer,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/.well-known/jwks.json`,
    end_session_endpoint: `${base}/oauth/logout`,
    introspection_endpoint: `${base}/oauth/introspect`,
    revocation_endpoint: `${base}/oauth/revoke`,
    scopes_supported: [...OIDC_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...SUPPORTED_GRANT_TYPES, MFA_GRANT_TYPE],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [...SECRET_METHODS, 'none'],
    introspection_endpoint_auth_methods_supported: SECRET_METHODS,
    revocation_endpoint_auth_methods_supported: [...SECRET_METHODS, 'none'],
    authorization_response_iss_parameter_supported: true,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [config.keys.signingAlg],
    claims_supported: CLAIMS,
    prompt_values_supported: ['none', 'login', 'consent'],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    claims_parameter_supported: false,
  };
}
