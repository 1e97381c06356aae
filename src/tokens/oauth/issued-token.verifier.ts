import { Inject, Injectable } from '@nestjs/common';
import {
  AccessTokenVerifier,
  CLOCK,
  epochSeconds,
  WardenAuthService,
  type Clock,
  type Principal,
} from '@warden/nest-auth';
import { ApiRegistry } from '../../apis/api-registry.service';
import { MAX_REQUESTED_AUDIENCES } from '../../apis/token-target';
import { APP_CONFIG, AppConfig } from '../../config';
import { LocalKeyResolver } from '../../keys/local-key.resolver';
import { policyOptionsFromConfig } from '../../policy/policy-options.from-config';
import { RevocationService } from '../revocation.service';
import { longestTokenLifetime } from '../token-lifetime';

/** Verifiers kept for audience sets other than the default; a new set past this starts over. */
const MAX_VERIFIERS = 64;

/**
 * Verifies any access token this service issued, whatever registered API it is for: the
 * endpoints that take a token as data (introspection, revocation, a token exchange's subject
 * token) serve every API, while the guard of the service's own routes accepts only the service's
 * audience. The same strict checks as the guard (signature, key, claims, revocation); the token's
 * `aud` must name the built-in audience or a currently registered API, so the tokens of a deleted
 * API are no longer introspected as active.
 */
@Injectable()
export class IssuedTokenVerifier {
  private readonly verifiers = new Map<string, AccessTokenVerifier>();

  constructor(
    private readonly auth: WardenAuthService,
    private readonly apis: ApiRegistry,
    private readonly keys: LocalKeyResolver,
    private readonly revocation: RevocationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The principal of a valid token; throws the library's AuthenticationError otherwise. */
  async verify(token: string): Promise<Principal> {
    const named = unverifiedAudiences(token).filter((aud) => !this.apis.isBuiltIn(aud));
    if (named.length === 0) return this.auth.verifyToken(token);
    const registered = (await this.apis.findAll(named)).map((api) => api.identifier);
    // None registered: the default verifier refuses it as `aud mismatch` (or for what else is wrong).
    if (registered.length === 0) return this.auth.verifyToken(token);
    return this.verifierFor([this.config.jwt.audience, ...registered]).verify(token);
  }

  private verifierFor(audiences: readonly string[]): AccessTokenVerifier {
    const key = [...audiences].sort().join('\n');
    let verifier = this.verifiers.get(key);
    if (verifier === undefined) {
      if (this.verifiers.size >= MAX_VERIFIERS) this.verifiers.clear();
      verifier = new AccessTokenVerifier(
        {
          ...policyOptionsFromConfig(this.config),
          audience: audiences,
          maxTokenTtl: longestTokenLifetime(this.config.jwt),
          now: () => epochSeconds(this.clock),
        },
        this.keys,
        this.revocation,
      );
      this.verifiers.set(key, verifier);
    }
    return verifier;
  }
}

/**
 * The `aud` a compact JWS claims, read before any check only to pick the verifier that then checks
 * everything; empty for anything that does not look like one (the verifier refuses it).
 */
export function unverifiedAudiences(token: string): string[] {
  const parts = token.split('.');
  if (parts.length !== 3) return [];
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null) return [];
    const aud = (payload as { aud?: unknown }).aud;
    const list = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
    if (list.length > MAX_REQUESTED_AUDIENCES) return [];
    return list.filter((value): value is string => typeof value === 'string');
  } catch {
    return [];
  }
}
