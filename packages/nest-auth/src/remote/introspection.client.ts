import { Logger } from '@nestjs/common';
import type { AccessTokenClaims } from '../access-token-claims';
import type { RevocationChecker } from '../revocation-checker';
import { IntrospectionUnavailableError } from './remote.errors';

export interface IntrospectionOptions {
  /** The RFC 7662 endpoint, e.g. `https://auth.example.com/oauth/introspect`. */
  url: string;
  /** This app's client credentials at the issuer (RFC 7662 §2.1: the caller authenticates). */
  clientId: string;
  clientSecret: string;
  /** How long an `active: true` answer is trusted, in seconds. Default 10. */
  cacheTtl?: number;
  /** When the endpoint cannot answer: refuse the token (false, default) or accept it. */
  failOpen?: boolean;
  /** Per-request timeout in milliseconds. Default 3000. */
  timeoutMs?: number;
}

export interface IntrospectionClientDependencies {
  now?: () => number;
  fetch?: typeof fetch;
}

const MAX_CACHED_ANSWERS = 10_000;

/**
 * Asks the issuer whether a token is still active (RFC 7662), for apps that must honour a
 * revocation at once rather than at the token's expiry. Plugs into the verifier as its
 * RevocationChecker, so it only ever sees tokens that already verified locally. Answers are
 * cached briefly: `active: true` for `cacheTtl`, `active: false` until the token expires (an
 * inactive token never becomes active again). Concurrent checks of one token share one request.
 *
 * @example
 * ```ts
 * AuthModule.forRoot({
 *   ...,
 *   introspection: { url: 'https://auth.example.com/oauth/introspect', clientId, clientSecret },
 * })
 * ```
 */
export class IntrospectionClient implements RevocationChecker {
  private readonly logger = new Logger(IntrospectionClient.name);
  private readonly answers = new Map<string, { active: boolean; until: number }>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly authorization: string;
  private readonly cacheTtlMs: number;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private requests = 0;

  constructor(
    private readonly options: IntrospectionOptions,
    dependencies: IntrospectionClientDependencies = {},
  ) {
    // RFC 6749 §2.3.1: each part form-urlencoded before Basic encoding.
    const credentials = `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`;
    this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    this.cacheTtlMs = (options.cacheTtl ?? 10) * 1000;
    this.now = dependencies.now ?? Date.now;
    this.fetchImpl = dependencies.fetch ?? ((input, init) => fetch(input, init));
  }

  /** How many introspection requests were sent. */
  get requestCount(): number {
    return this.requests;
  }

  async isRevoked(claims: AccessTokenClaims, token: string): Promise<boolean> {
    const now = this.now();
    const cached = this.answers.get(token);
    if (cached !== undefined && now < cached.until) return !cached.active;
    let pending = this.pending.get(token);
    if (pending === undefined) {
      pending = this.introspect(token).finally(() => this.pending.delete(token));
      this.pending.set(token, pending);
    }
    let active: boolean;
    try {
      active = await pending;
    } catch (error) {
      if (!(error instanceof IntrospectionUnavailableError)) throw error;
      this.logger.warn(`Token introspection failed: ${error.reason}`);
      if (this.options.failOpen === true) return false;
      throw error;
    }
    this.remember(token, active, active ? now + this.cacheTtlMs : claims.exp * 1000);
    return !active;
  }

  private async introspect(token: string): Promise<boolean> {
    this.requests++;
    let response: Response;
    try {
      response = await this.fetchImpl(this.options.url, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 3000),
      });
    } catch (error) {
      throw new IntrospectionUnavailableError(error instanceof Error ? error.message : 'fetch');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new IntrospectionUnavailableError(`HTTP ${response.status}`);
    }
    const body = (await response.json().catch(() => undefined)) as { active?: unknown } | undefined;
    // RFC 7662 §2.2: `active` is the one required member, a boolean.
    if (typeof body?.active !== 'boolean') {
      throw new IntrospectionUnavailableError('response without a boolean "active"');
    }
    return body.active;
  }

  private remember(token: string, active: boolean, until: number): void {
    if (this.answers.size >= MAX_CACHED_ANSWERS) {
      const oldest = this.answers.keys().next();
      if (oldest.done !== true) this.answers.delete(oldest.value);
    }
    this.answers.set(token, { active, until });
  }
}
