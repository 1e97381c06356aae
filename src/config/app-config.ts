export const SIGNING_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'HS256', 'HS512'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The one typed configuration of the service, built and validated once at start-up. */
export interface AppConfig {
  nodeEnv: NodeEnvironment;
  host: string;
  port: number;
  logLevel: LogLevel;
  /** `pretty` (pino-pretty) for a person at a terminal; `json` lines for everything else. */
  logFormat: LogFormat;
  /** Directory for local state: the embedded database and the development encryption key. */
  dataDir: string;
  /** Unset: an embedded PostgreSQL under `dataDir` is started. */
  databaseUrl: string | undefined;
  jwt: {
    issuer: string;
    audience: string;
    accessTokenTtl: number;
    refreshTokenTtl: number;
    /**
     * Seconds after a refresh during which a concurrent duplicate of the spent token is refused
     * without revoking its family (a client racing itself, not a thief).
     */
    refreshReuseGrace: number;
    serviceTokenTtl: number;
    /** The longest `access_token_ttl` an API may have (its tokens live at most this long). */
    apiTokenTtlMax: number;
    clockTolerance: number;
  };
  keys: {
    signingAlg: SigningAlgorithm;
    rotationInterval: number;
    rotationCron: string;
    gracePeriod: number;
    jwksMaxAge: number;
    /** 32 bytes; undefined outside production means "generate one under dataDir". */
    encryptionKey: Buffer | undefined;
    /** How often each replica re-reads the key set, in seconds (a backstop to LISTEN/NOTIFY). */
    reloadInterval: number;
  };
  auth: {
    bcryptCost: number;
    loginMaxAttempts: number;
    loginLockSeconds: number;
    /**
     * Failures against one account from all addresses (each address counting at most
     * loginMaxAttempts) after which every further attempt waits a growing delay.
     */
    loginAccountMaxAttempts: number;
    throttleLimit: number;
    throttleTtl: number;
    /** Unset: the per-IP throttle's counters live in PostgreSQL; set: in this Redis. */
    redisUrl: string | undefined;
    registrationEnabled: boolean;
    adminUsername: string;
    adminPassword: string | undefined;
  };
  mfa: {
    /**
     * Users holding one of these roles must have a second factor: until they enrol, a login
     * gets only a token that can enrol (docs/architecture.md §3 "Two-factor sign-in").
     */
    requiredRoles: string[];
    /** The issuer an authenticator app shows beside the account (the otpauth URI's `issuer`). */
    issuer: string;
  };
  /** The OpenID provider's browser side (docs/architecture.md §3 "Sign in with Warden"). */
  oidc: {
    /** Seconds a single sign-on session lives without use. */
    sessionIdleTtl: number;
    /** Seconds a single sign-on session lives at most, however much it is used. */
    sessionAbsoluteTtl: number;
    /** Seconds an authorization code may wait to be redeemed. */
    authorizationCodeTtl: number;
    /** A directory whose templates, `strings.json` and `warden.css` replace the shipped ones. */
    themeDir: string | undefined;
  };
  http: {
    corsOrigins: string[];
    bodyLimit: number;
    /** Deepest nesting of arrays and objects a JSON body may have. */
    bodyMaxDepth: number;
    requestTimeoutMs: number;
  };
  operations: {
    /** Unset: GET /metrics is open. Set: it needs `Authorization: Bearer <metricsToken>`. */
    metricsToken: string | undefined;
    /** Whether the Swagger UI (/docs) and the OpenAPI document (/docs-json) are served. */
    docsEnabled: boolean;
  };
  audit: {
    /** Days an audit event is kept; the hourly retention job deletes older ones. */
    retentionDays: number;
  };
}
