/**
 * Small, dependency-free parsers for environment variables. Each returns the parsed value or
 * throws a ConfigValueError whose message completes the sentence "<NAME> must be ...".
 */
export class ConfigValueError extends Error {}

const describe = (raw: string): string => JSON.stringify(raw);

export function positiveInt(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigValueError(`must be a positive integer, got ${describe(raw)}`);
  }
  return Number(raw);
}

export function nonNegativeInt(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigValueError(`must be a non-negative integer, got ${describe(raw)}`);
  }
  return Number(raw);
}

export function intInRange(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new ConfigValueError(`must be an integer from ${min} to ${max}, got ${describe(raw)}`);
    }
    return value;
  };
}

export function port(raw: string): number {
  return intInRange(0, 65535)(raw);
}

export function boolean(raw: string): boolean {
  const normalized = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  throw new ConfigValueError(`must be true or false, got ${describe(raw)}`);
}

export function oneOf<T extends string>(allowed: readonly T[]): (raw: string) => T {
  return (raw) => {
    const match = allowed.find((candidate) => candidate === raw.trim());
    if (match === undefined) {
      throw new ConfigValueError(`must be one of ${allowed.join(', ')}, got ${describe(raw)}`);
    }
    return match;
  };
}

export function nonEmptyString(raw: string): string {
  if (raw.trim() === '') throw new ConfigValueError('must not be empty');
  return raw.trim();
}

export function url(protocols: readonly string[]): (raw: string) => string {
  return (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw.trim());
    } catch {
      // The raw value may hold a password: never echo it.
      throw new ConfigValueError(`must be a URL (${protocols.join(' or ')})`);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      throw new ConfigValueError(`must be a URL (${protocols.join(' or ')})`);
    }
    return raw.trim();
  };
}

export function base64Key(bytes: number): (raw: string) => Buffer {
  return (raw) => {
    const decoded = Buffer.from(raw.trim(), 'base64');
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw.trim()) || decoded.length !== bytes) {
      // Never echo a secret, not even a malformed one.
      throw new ConfigValueError(`must be ${bytes} bytes encoded as base64`);
    }
    return decoded;
  };
}

/** RFC 6750 §2.1 b64token: what a bearer token may contain, so it fits an Authorization header. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export function bearerToken(minLength: number): (raw: string) => string {
  return (raw) => {
    const token = raw.trim();
    if (token.length < minLength || !B64TOKEN.test(token)) {
      // A secret: never echoed, not even a malformed one.
      throw new ConfigValueError(
        `must be at least ${minLength} characters of A-Z a-z 0-9 - . _ ~ + / (an RFC 6750 bearer token)`,
      );
    }
    return token;
  };
}

export function cronExpression(raw: string): string {
  const fields = raw.trim().split(/\s+/);
  if (
    fields.length < 5 ||
    fields.length > 6 ||
    !fields.every((f) => /^[\d*/,\-A-Za-z?LW#]+$/.test(f))
  ) {
    throw new ConfigValueError(
      `must be a cron expression with 5 or 6 fields, got ${describe(raw)}`,
    );
  }
  return fields.join(' ');
}

export function csv(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
