import type { AuthModuleOptions } from './auth.module.options';
import { WardenError } from './warden-error';
import { verifierOptionsProblems } from './jwt/access-token-verifier.options';
import { isHttpUrl, isNameList, isNonEmpty, isPositiveInteger } from './option-values';
import { tokenUseProblem, tokenUsesOf } from './token-uses';

/** Thrown at start-up when AuthModule options are unusable; the message lists every problem. */
export class AuthModuleOptionsError extends WardenError {
  readonly code = 'ERR_AUTH_MODULE_OPTIONS';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid AuthModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const HMAC = new Set(['HS256', 'HS512']);
/** Every option AuthModuleOptions declares: anything else is a typo, refused at start-up. */
const KNOWN_OPTIONS: ReadonlySet<string> = new Set<keyof AuthModuleOptions>([
  'issuer',
  'audience',
  'jwksUri',
  'secret',
  'keyResolver',
  'algorithms',
  'clockTolerance',
  'jwksCacheMaxAge',
  'jwksCooldown',
  'jwksWaitTimeout',
  'allowedThumbprints',
  'requiredTokenUse',
  'maxTokenTtl',
  'cacheSize',
  'introspection',
  'revocationChecker',
  'onVerification',
  'exposeRefusalReasons',
  'clock',
]);

/** Every problem of the options at once (an empty list when they are usable). */
export function authModuleOptionsProblems(options: AuthModuleOptions): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  if (typeof options !== 'object' || options === null) return ['options must be an object'];
  for (const key of Object.keys(options)) {
    check(KNOWN_OPTIONS.has(key), `unknown option ${key}`);
  }
  const algorithms: readonly string[] = Array.isArray(options.algorithms) ? options.algorithms : [];
  const sources = [options.jwksUri, options.secret, options.keyResolver];
  const sourceCount = sources.filter((source) => source !== undefined).length;
  // issuer, audience, algorithms, clockTolerance and maxTokenTtl: the verifier's own check.
  problems.push(...verifierOptionsProblems(options));
  check(sourceCount === 1, 'exactly one of jwksUri, secret or keyResolver is required');
  if (options.secret !== undefined) checkSecret(options.secret, algorithms, check);
  // A JWKS publishes public keys only: an HMAC algorithm there is a key-confusion opening.
  if (options.jwksUri !== undefined) {
    check(!algorithms.some((alg) => HMAC.has(alg)), 'HS256/HS512 are not allowed with jwksUri');
  }
  if (options.jwksUri !== undefined)
    check(isHttpUrl(options.jwksUri), 'jwksUri must be an http(s) URL');
  check(
    isPositiveInteger(options.jwksCacheMaxAge ?? 1),
    'jwksCacheMaxAge must be a positive integer',
  );
  check(isPositiveInteger((options.jwksCooldown ?? 0) + 1), 'jwksCooldown must be an integer >= 0');
  check(
    isPositiveInteger(options.jwksWaitTimeout ?? 1),
    'jwksWaitTimeout must be a positive integer (milliseconds)',
  );
  check(
    options.exposeRefusalReasons === undefined || typeof options.exposeRefusalReasons === 'boolean',
    'exposeRefusalReasons must be a boolean',
  );
  check(
    options.onVerification === undefined || typeof options.onVerification === 'function',
    'onVerification must be a function',
  );
  if (options.allowedThumbprints !== undefined) {
    check(options.jwksUri !== undefined, 'allowedThumbprints needs jwksUri');
    check(isNameList(options.allowedThumbprints), 'allowedThumbprints must be non-empty strings');
  }
  if (options.requiredTokenUse !== undefined) {
    const requirement: unknown = options.requiredTokenUse;
    check(tokenUsesOf(requirement) !== undefined, tokenUseProblem(requirement));
  }
  if (options.introspection !== undefined) {
    check(
      options.revocationChecker === undefined,
      'introspection and revocationChecker exclude each other',
    );
    const { url, clientId, clientSecret } = options.introspection;
    check(isHttpUrl(url), 'introspection.url must be an http(s) URL');
    check(
      isNonEmpty(clientId) && isNonEmpty(clientSecret),
      'introspection needs client credentials',
    );
  }
  return problems;
}

/** Throws AuthModuleOptionsError unless the options are usable. */
export function assertAuthModuleOptions(options: AuthModuleOptions): void {
  const problems = authModuleOptionsProblems(options);
  if (problems.length > 0) throw new AuthModuleOptionsError(problems);
}

function checkSecret(
  secret: string | Buffer,
  algorithms: readonly string[],
  check: (ok: boolean, problem: string) => void,
): void {
  const bytes = typeof secret === 'string' ? Buffer.byteLength(secret, 'utf8') : secret.length;
  check(
    algorithms.length === 1 && HMAC.has(algorithms[0]),
    'secret needs exactly one algorithm, HS256 or HS512',
  );
  // RFC 7518 §3.2: a key at least as long as the hash output.
  check(bytes >= 32, 'secret must be at least 32 bytes');
  if (algorithms.includes('HS512'))
    check(bytes >= 64, 'secret must be at least 64 bytes for HS512');
}
