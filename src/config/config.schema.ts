import { isAbsolute, resolve } from 'node:path';
import {
  AppConfig,
  LOG_FORMATS,
  LOG_LEVELS,
  LogFormat,
  NODE_ENVIRONMENTS,
  NodeEnvironment,
  SIGNING_ALGORITHMS,
} from './app-config';
import {
  base64Key,
  bearerToken,
  boolean,
  ConfigValueError,
  cronExpression,
  csv,
  intInRange,
  nonEmptyString,
  oneOf,
  port,
  positiveInt,
  url,
} from './env-parsers';
import { adminPasswordProblem } from '../users/admin-account';

export type Environment = Readonly<Record<string, string | undefined>>;

/** What the process knows of its surroundings besides the environment (defaults depend on it). */
export interface RuntimeFacts {
  /** Whether standard output is a terminal: a person is reading the logs. */
  stdoutIsTty: boolean;
}

/** Every problem found in the environment, one line each, so an operator fixes them in one go. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * The declared variables and their defaults. `.env.example` mirrors this table; a test keeps the
 * two in step.
 */
export const CONFIG_DEFAULTS = {
  NODE_ENV: 'development',
  HOST: '0.0.0.0',
  PORT: '3000',
  LOG_LEVEL: 'info',
  // Empty: pretty when NODE_ENV=development and stdout is a terminal, else json.
  LOG_FORMAT: '',
  DATA_DIR: '.data',
  DATABASE_URL: '',
  JWT_ISSUER: 'http://localhost:3000',
  JWT_AUDIENCE: 'warden',
  ACCESS_TOKEN_TTL: '900',
  REFRESH_TOKEN_TTL: '2592000',
  REFRESH_REUSE_GRACE: '2',
  SERVICE_TOKEN_TTL: '300',
  API_TOKEN_TTL_MAX: '28800',
  CLOCK_TOLERANCE: '5',
  SIGNING_ALG: 'RS256',
  KEY_ROTATION_INTERVAL: '604800',
  KEY_ROTATION_CRON: '*/10 * * * *',
  KEY_GRACE_PERIOD: '86400',
  JWKS_MAX_AGE: '300',
  KEY_ENCRYPTION_KEY: '',
  KEY_RELOAD_INTERVAL: '5',
  BCRYPT_COST: '12',
  LOGIN_MAX_ATTEMPTS: '5',
  LOGIN_LOCK_SECONDS: '900',
  LOGIN_ACCOUNT_MAX_ATTEMPTS: '20',
  THROTTLE_LIMIT: '30',
  THROTTLE_TTL: '60',
  // Empty: the per-IP throttle counts in PostgreSQL.
  REDIS_URL: '',
  REGISTRATION_ENABLED: 'true',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: '',
  MFA_REQUIRED_ROLES: '',
  MFA_ISSUER: 'Warden',
  SESSION_IDLE_TTL: '86400',
  SESSION_ABSOLUTE_TTL: '604800',
  AUTHORIZATION_CODE_TTL: '60',
  THEME_DIR: '',
  CORS_ORIGINS: '',
  BODY_LIMIT: '102400',
  BODY_MAX_DEPTH: '32',
  REQUEST_TIMEOUT_MS: '15000',
  METRICS_TOKEN: '',
  AUDIT_RETENTION_DAYS: '90',
  // Empty: true, except false when NODE_ENV=production.
  DOCS_ENABLED: '',
} as const satisfies Record<string, string>;

export type ConfigVariable = keyof typeof CONFIG_DEFAULTS;

/** The clock tolerance is a security bound: a generous one silently extends every token's life. */
export const MAX_CLOCK_TOLERANCE = 300;

/** A shorter METRICS_TOKEN is guessable; 16 characters of b64token are ~96 bits. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

export function parseConfig(
  env: Environment,
  cwd: string = process.cwd(),
  runtime: RuntimeFacts = { stdoutIsTty: false },
): AppConfig {
  const problems: string[] = [];

  function read<T>(name: ConfigVariable, parse: (raw: string) => T): T {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? CONFIG_DEFAULTS[name] : raw;
    try {
      return parse(value);
    } catch (error) {
      if (!(error instanceof ConfigValueError)) throw error;
      problems.push(`${name} ${error.message}`);
      return undefined as T;
    }
  }
  function readOptional<T>(name: ConfigVariable, parse: (raw: string) => T): T | undefined {
    const raw = env[name];
    return raw === undefined || raw === '' ? undefined : read(name, parse);
  }

  const nodeEnv = read('NODE_ENV', oneOf(NODE_ENVIRONMENTS));
  const dataDir = read('DATA_DIR', nonEmptyString);
  const config: AppConfig = {
    nodeEnv,
    host: read('HOST', nonEmptyString),
    port: read('PORT', port),
    logLevel: read('LOG_LEVEL', oneOf(LOG_LEVELS)),
    logFormat: readOptional('LOG_FORMAT', oneOf(LOG_FORMATS)) ?? defaultLogFormat(nodeEnv, runtime),
    dataDir: dataDir && (isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir)),
    databaseUrl: readOptional('DATABASE_URL', url(['postgres', 'postgresql'])),
    jwt: {
      issuer: read('JWT_ISSUER', url(['http', 'https'])),
      audience: read('JWT_AUDIENCE', nonEmptyString),
      accessTokenTtl: read('ACCESS_TOKEN_TTL', positiveInt),
      refreshTokenTtl: read('REFRESH_TOKEN_TTL', positiveInt),
      refreshReuseGrace: read('REFRESH_REUSE_GRACE', intInRange(0, 60)),
      serviceTokenTtl: read('SERVICE_TOKEN_TTL', positiveInt),
      apiTokenTtlMax: read('API_TOKEN_TTL_MAX', positiveInt),
      clockTolerance: read('CLOCK_TOLERANCE', intInRange(0, MAX_CLOCK_TOLERANCE)),
    },
    keys: {
      signingAlg: read('SIGNING_ALG', oneOf(SIGNING_ALGORITHMS)),
      rotationInterval: read('KEY_ROTATION_INTERVAL', positiveInt),
      rotationCron: read('KEY_ROTATION_CRON', cronExpression),
      gracePeriod: read('KEY_GRACE_PERIOD', positiveInt),
      jwksMaxAge: read('JWKS_MAX_AGE', intInRange(0, 86400)),
      encryptionKey: readOptional('KEY_ENCRYPTION_KEY', base64Key(32)),
      reloadInterval: read('KEY_RELOAD_INTERVAL', intInRange(1, 300)),
    },
    auth: {
      bcryptCost: read('BCRYPT_COST', intInRange(4, 15)),
      loginMaxAttempts: read('LOGIN_MAX_ATTEMPTS', positiveInt),
      loginLockSeconds: read('LOGIN_LOCK_SECONDS', positiveInt),
      loginAccountMaxAttempts: read('LOGIN_ACCOUNT_MAX_ATTEMPTS', positiveInt),
      throttleLimit: read('THROTTLE_LIMIT', positiveInt),
      throttleTtl: read('THROTTLE_TTL', positiveInt),
      redisUrl: readOptional('REDIS_URL', url(['redis', 'rediss'])),
      registrationEnabled: read('REGISTRATION_ENABLED', boolean),
      adminUsername: read('ADMIN_USERNAME', nonEmptyString),
      adminPassword: readOptional('ADMIN_PASSWORD', nonEmptyString),
    },
    mfa: {
      requiredRoles: read('MFA_REQUIRED_ROLES', csv),
      issuer: read('MFA_ISSUER', nonEmptyString),
    },
    oidc: {
      sessionIdleTtl: read('SESSION_IDLE_TTL', positiveInt),
      sessionAbsoluteTtl: read('SESSION_ABSOLUTE_TTL', positiveInt),
      // RFC 6749 §4.1.2: a code lives 10 minutes at most; a minute is plenty for a redirect.
      authorizationCodeTtl: read('AUTHORIZATION_CODE_TTL', intInRange(1, 600)),
      themeDir: readOptional('THEME_DIR', nonEmptyString),
    },
    http: {
      corsOrigins: read('CORS_ORIGINS', csv),
      bodyLimit: read('BODY_LIMIT', positiveInt),
      bodyMaxDepth: read('BODY_MAX_DEPTH', intInRange(2, 256)),
      requestTimeoutMs: read('REQUEST_TIMEOUT_MS', positiveInt),
    },
    operations: {
      metricsToken: readOptional('METRICS_TOKEN', bearerToken(MIN_METRICS_TOKEN_LENGTH)),
      // The API description is a map for an attacker too: off in production unless asked for.
      docsEnabled: readOptional('DOCS_ENABLED', boolean) ?? nodeEnv !== 'production',
    },
    audit: {
      retentionDays: read('AUDIT_RETENTION_DAYS', intInRange(1, 36500)),
    },
  };

  const encryptionKeyMissing = (env.KEY_ENCRYPTION_KEY ?? '') === '';
  if (nodeEnv === 'production' && encryptionKeyMissing) {
    problems.push('KEY_ENCRYPTION_KEY is required when NODE_ENV=production (32 bytes, base64)');
  }
  problems.push(...crossFieldProblems(config));
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}

/** Colours and short lines for a person at a terminal; JSON for collectors and files. */
function defaultLogFormat(nodeEnv: NodeEnvironment, runtime: RuntimeFacts): LogFormat {
  return nodeEnv === 'development' && runtime.stdoutIsTty ? 'pretty' : 'json';
}

function crossFieldProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  const { jwt, keys } = config;
  const longestTokenTtl = Math.max(jwt.accessTokenTtl, jwt.serviceTokenTtl, jwt.apiTokenTtlMax);
  // docs/architecture.md §4: a retiring key must stay published until every token it signed has
  // expired and every verifier's cached JWKS has been refreshed.
  const minimumGrace = longestTokenTtl + keys.jwksMaxAge;
  if (Number.isFinite(minimumGrace) && keys.gracePeriod < minimumGrace) {
    problems.push(
      `KEY_GRACE_PERIOD must be at least the longest token TTL + JWKS_MAX_AGE (${minimumGrace} s), got ${keys.gracePeriod}`,
    );
  }
  const { adminPassword, adminUsername } = config.auth;
  if (adminPassword !== undefined) {
    // Registration's rules (length, common passwords, not the name): checked here, before the
    // database is touched, rather than failing after the migrations when the admin is created.
    const problem = adminPasswordProblem(
      adminPassword,
      adminUsername ?? CONFIG_DEFAULTS.ADMIN_USERNAME,
    );
    if (problem) problems.push(problem);
  }
  const { sessionIdleTtl, sessionAbsoluteTtl } = config.oidc;
  if (sessionIdleTtl > sessionAbsoluteTtl) {
    problems.push('SESSION_IDLE_TTL must not exceed SESSION_ABSOLUTE_TTL');
  }
  return problems;
}
