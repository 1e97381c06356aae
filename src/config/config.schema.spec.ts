import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DEFAULTS, ConfigValidationError, parseConfig } from './config.schema';

const KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, '/srv/warden');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe(parseConfig.name, () => {
  it('builds a complete configuration from defaults alone', () => {
    const sut = parseConfig({}, '/srv/warden');

    expect(sut).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      dataDir: '/srv/warden/.data',
      databaseUrl: undefined,
      jwt: {
        accessTokenTtl: 900,
        refreshTokenTtl: 2592000,
        serviceTokenTtl: 300,
        apiTokenTtlMax: 28800,
        clockTolerance: 5,
      },
      keys: { signingAlg: 'RS256', jwksMaxAge: 300, gracePeriod: 86400, encryptionKey: undefined },
      auth: { bcryptCost: 12, registrationEnabled: true, adminPassword: undefined },
    });
  });

  it('reads every kind of value', () => {
    const sut = parseConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/warden',
      SIGNING_ALG: 'EdDSA',
      REGISTRATION_ENABLED: 'false',
      KEY_ENCRYPTION_KEY: KEY,
      CORS_ORIGINS: 'https://a.example, https://b.example',
      DATA_DIR: '/var/lib/warden',
    });

    expect(sut.port).toBe(8080);
    expect(sut.databaseUrl).toBe('postgres://u:p@db:5432/warden');
    expect(sut.keys.signingAlg).toBe('EdDSA');
    expect(sut.auth.registrationEnabled).toBe(false);
    expect(sut.keys.encryptionKey).toEqual(Buffer.alloc(32, 7));
    expect(sut.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(sut.dataDir).toBe('/var/lib/warden');
  });

  it('takes REDIS_URL as a redis:// or rediss:// URL, unset by default', () => {
    expect(parseConfig({}, '/srv/warden').auth.redisUrl).toBeUndefined();
    expect(parseConfig({ REDIS_URL: 'rediss://cache:6380/2' }).auth.redisUrl).toBe(
      'rediss://cache:6380/2',
    );
    expect(problemsOf({ REDIS_URL: 'http://cache:6379' })).toEqual([
      'REDIS_URL must be a URL (redis or rediss)',
    ]);
  });

  it('reports a bad integer with the variable, the rule and the value', () => {
    expect(problemsOf({ ACCESS_TOKEN_TTL: 'abc' })).toEqual([
      'ACCESS_TOKEN_TTL must be a positive integer, got "abc"',
    ]);
  });

  it('reports every problem at once, one line each', () => {
    const problems = problemsOf({
      PORT: '99999',
      SIGNING_ALG: 'none',
      BCRYPT_COST: '40',
      REGISTRATION_ENABLED: 'maybe',
    });

    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/^PORT must be an integer from 0 to 65535/m);
    expect(problems.join('\n')).toMatch(
      /^SIGNING_ALG must be one of RS256, PS256, ES256, EdDSA, HS256, HS512/m,
    );
    expect(problems.join('\n')).toMatch(/^BCRYPT_COST must be an integer from 4 to 15/m);
    expect(problems.join('\n')).toMatch(/^REGISTRATION_ENABLED must be true or false/m);
  });

  it('refuses a grace period shorter than the longest token TTL plus the JWKS max-age', () => {
    const short = { ACCESS_TOKEN_TTL: '900', JWKS_MAX_AGE: '300', API_TOKEN_TTL_MAX: '600' };
    expect(problemsOf({ ...short, KEY_GRACE_PERIOD: '1000' })).toEqual([
      'KEY_GRACE_PERIOD must be at least the longest token TTL + JWKS_MAX_AGE (1200 s), got 1000',
    ]);
    expect(problemsOf({ ...short, KEY_GRACE_PERIOD: '1200' })).toEqual([]);
  });

  it('counts the longest lifetime an API may set among the token TTLs', () => {
    expect(problemsOf({ API_TOKEN_TTL_MAX: '86400', JWKS_MAX_AGE: '300' })).toEqual([
      'KEY_GRACE_PERIOD must be at least the longest token TTL + JWKS_MAX_AGE (86700 s), got 86400',
    ]);
  });

  it('requires an encryption key in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'KEY_ENCRYPTION_KEY is required when NODE_ENV=production (32 bytes, base64)',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEY })).toEqual([]);
  });

  it('never echoes a secret it refuses', () => {
    const problems = problemsOf({
      KEY_ENCRYPTION_KEY: 'c2hvcnQtc2VjcmV0',
      DATABASE_URL: 'mysql://user:hunter2@db/x',
    });

    expect(problems).toEqual([
      'DATABASE_URL must be a URL (postgres or postgresql)',
      'KEY_ENCRYPTION_KEY must be 32 bytes encoded as base64',
    ]);
    expect(problems.join()).not.toMatch(/hunter2|c2hvcnQtc2VjcmV0/);
  });

  it('caps the clock tolerance', () => {
    expect(problemsOf({ CLOCK_TOLERANCE: '301' })).toEqual([
      'CLOCK_TOLERANCE must be an integer from 0 to 300, got "301"',
    ]);
  });

  it('keeps audit events 90 days by default, from 1 day to 100 years', () => {
    expect(parseConfig({}).audit.retentionDays).toBe(90);
    expect(parseConfig({ AUDIT_RETENTION_DAYS: '36500' }).audit.retentionDays).toBe(36500);
    expect(problemsOf({ AUDIT_RETENTION_DAYS: '0' })).toEqual([
      'AUDIT_RETENTION_DAYS must be an integer from 1 to 36500, got "0"',
    ]);
    expect(problemsOf({ AUDIT_RETENTION_DAYS: '7.5' })).toHaveLength(1);
  });

  it('treats an empty value as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });
});

describe('.env.example', () => {
  const example = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
  const declared = new Map(
    example
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

  it('lists every variable with its default, and nothing else', () => {
    expect(Object.fromEntries(declared)).toEqual(CONFIG_DEFAULTS);
  });

  it('explains every variable in a comment line above it', () => {
    const lines = example.split('\n');
    for (const name of declared.keys()) {
      const index = lines.findIndex((line) => line.startsWith(`${name}=`));
      expect({ name, comment: lines[index - 1]?.startsWith('# ') }).toEqual({
        name,
        comment: true,
      });
    }
  });
});
