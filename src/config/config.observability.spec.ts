import { ConfigValidationError, parseConfig } from './config.schema';

const KEY = Buffer.alloc(32, 7).toString('base64');
const TOKEN = 'scrape-me-0123456789abcdef';

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, '/srv/warden');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe(`${parseConfig.name}: logging, /metrics and /docs`, () => {
  describe('LOG_FORMAT', () => {
    const formatOf = (env: Record<string, string>, stdoutIsTty: boolean): string =>
      parseConfig(env, '/srv/warden', { stdoutIsTty }).logFormat;

    it('is pretty by default only for a person at a terminal in development', () => {
      expect(formatOf({}, true)).toBe('pretty');
      expect(formatOf({}, false)).toBe('json');
      expect(formatOf({ NODE_ENV: 'test' }, true)).toBe('json');
      expect(formatOf({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEY }, true)).toBe('json');
    });

    it('takes an explicit choice whatever the terminal', () => {
      expect(formatOf({ LOG_FORMAT: 'json' }, true)).toBe('json');
      expect(formatOf({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
      expect(
        formatOf({ LOG_FORMAT: 'pretty', NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEY }, false),
      ).toBe('pretty');
    });

    it('refuses anything else', () => {
      expect(problemsOf({ LOG_FORMAT: 'text' })).toEqual([
        'LOG_FORMAT must be one of json, pretty, got "text"',
      ]);
    });
  });

  describe('METRICS_TOKEN', () => {
    it('is unset by default: /metrics is open', () => {
      expect(parseConfig({}).operations.metricsToken).toBeUndefined();
    });

    it('reads a token', () => {
      expect(parseConfig({ METRICS_TOKEN: ` ${TOKEN} ` }).operations.metricsToken).toBe(TOKEN);
    });

    it.each(['too-short', 'has a space in it, so no', 'quote"d-0123456789abcdef'])(
      'refuses %j without echoing it',
      (token) => {
        const problems = problemsOf({ METRICS_TOKEN: token });

        expect(problems).toEqual([
          'METRICS_TOKEN must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + / (an RFC 6750 bearer token)',
        ]);
        expect(problems.join()).not.toContain(token);
      },
    );
  });

  describe('DOCS_ENABLED', () => {
    it('defaults to true, except in production', () => {
      expect(parseConfig({}).operations.docsEnabled).toBe(true);
      expect(parseConfig({ NODE_ENV: 'test' }).operations.docsEnabled).toBe(true);
      expect(
        parseConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEY }).operations.docsEnabled,
      ).toBe(false);
    });

    it('takes an explicit choice in any environment', () => {
      expect(parseConfig({ DOCS_ENABLED: 'false' }).operations.docsEnabled).toBe(false);
      expect(
        parseConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEY, DOCS_ENABLED: 'true' })
          .operations.docsEnabled,
      ).toBe(true);
    });

    it('refuses a value that is not a boolean', () => {
      expect(problemsOf({ DOCS_ENABLED: 'sometimes' })).toEqual([
        'DOCS_ENABLED must be true or false, got "sometimes"',
      ]);
    });
  });
});
