/**
 * Names whose values are credentials. Each is censored at the top of a log object and one level
 * down (pino's `*.name`), so `log.info({ password })` and `log.info({ body: { password } })` are
 * both safe. OWASP ASVS 5 V16.2.5: logs hold no credential, token or key material.
 */
const CREDENTIAL_NAMES = [
  'authorization',
  'cookie',
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'password_hash',
  'client_secret',
  'clientSecret',
  'secret',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'subject_token',
  'actor_token',
  'token',
  'metricsToken',
  'encryptionKey',
  'privateKey',
  'private_key_enc',
  // A JWK's private member (RFC 7518 §6.2.2.1, §6.3.2.1).
  'd',
];

/** Headers that carry credentials, wherever a request or response object is logged. */
const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
];

/** Everything that may hold a credential, censored before a log line is written. */
export const REDACTED_PATHS: readonly string[] = [
  ...CREDENTIAL_NAMES.flatMap((name) => [name, `*.${name}`]),
  ...CREDENTIAL_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
];

export const REDACTION_CENSOR = '[redacted]';
