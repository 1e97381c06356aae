import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CLOCK, type Clock } from '@warden/nest-auth';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { clientSubject, type ServiceClient } from '../tokens/clients/service-client';
import { InvalidGrantError } from '../tokens/oauth/oauth.errors';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import type { AuthorizationRequest } from './authorization-request';
import { isRandomToken, randomToken } from './browser-cookies';
import type { BrowserSession } from './browser-session.service';
import {
  AuthorizationCodeGrant,
  AuthorizationCodesRepository,
} from './authorization-codes.repository';
import { verifierMatches } from './pkce';

/** A redeemed code: its grant, and the digest that records the tokens issued from it. */
export interface RedeemedCode {
  grant: AuthorizationCodeGrant;
  codeHash: Buffer;
}

export interface CodeRedemption {
  code: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

/** Spent codes stay this long past their expiry, so a late replay still revokes (§4.1.2). */
const REPLAY_MEMORY_MS = 24 * 3600 * 1000;

/**
 * Authorization codes (RFC 6749 §4.1.2): 256 random bits, stored as SHA-256, single use,
 * AUTHORIZATION_CODE_TTL seconds, bound to the client, the redirect URI and the PKCE challenge.
 */
@Injectable()
export class AuthorizationCodeService {
  private readonly logger = new Logger(AuthorizationCodeService.name);

  constructor(
    private readonly repository: AuthorizationCodesRepository,
    private readonly refreshTokens: RefreshTokenService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async issue(request: AuthorizationRequest, session: BrowserSession): Promise<string> {
    const code = randomToken();
    const now = this.clock.now();
    await this.repository.insert(digest(code), {
      clientId: request.client.clientId,
      userId: session.user.id,
      browserSessionId: session.id,
      redirectUri: request.redirectUri,
      scope: request.scopes.join(' '),
      audiences: request.resources.length > 0 ? request.resources : null,
      nonce: request.nonce ?? null,
      codeChallenge: request.codeChallenge ?? null,
      amr: [...session.authentication.amr],
      acr: session.authentication.acr,
      authTime: new Date(session.authentication.authTime * 1000),
      expiresAt: new Date(now.getTime() + this.config.oidc.authorizationCodeTtl * 1000),
      createdAt: now,
    });
    return code;
  }

  /**
   * Spends the code and checks it was issued to `client` for this redirect URI and verifier.
   * Any failure is InvalidGrantError (RFC 6749 §5.2), and spends the code all the same: a code
   * tried with a wrong verifier is not left for a second guess. A code presented again revokes
   * the tokens issued from it (RFC 6749 §4.1.2, RFC 9700 §4.5.3).
   */
  async redeem(client: ServiceClient, redemption: CodeRedemption): Promise<RedeemedCode> {
    if (!isRandomToken(redemption.code)) throw invalidCode();
    const codeHash = digest(redemption.code);
    const now = this.clock.now();
    const grant = await this.repository.spend(codeHash, now);
    if (!grant) {
      await this.revokeReplayed(codeHash, client);
      throw invalidCode();
    }
    if (grant.clientId !== client.clientId) throw invalidCode();
    if (grant.expiresAt.getTime() <= now.getTime()) throw invalidCode();
    // RFC 6749 §4.1.3: the same redirect_uri as the authorization request, exactly.
    if (redemption.redirectUri !== grant.redirectUri) {
      throw new InvalidGrantError('redirect_uri does not match the authorization request');
    }
    assertVerifier(grant.codeChallenge, redemption.codeVerifier);
    return { grant, codeHash };
  }

  /**
   * Records the family issued from the code. A replay that came in meanwhile saw no family to
   * revoke: the family is revoked here, and the grant refused.
   */
  async recordFamily(redeemed: RedeemedCode, familyId: string): Promise<void> {
    const replayed = await this.repository.recordFamily(redeemed.codeHash, familyId);
    if (!replayed) return;
    await this.refreshTokens.revokeFamilies([familyId]);
    throw invalidCode();
  }

  purgeExpired(): Promise<number> {
    return this.repository.deleteExpired(new Date(this.clock.now().getTime() - REPLAY_MEMORY_MS));
  }

  private async revokeReplayed(codeHash: Buffer, client: ServiceClient): Promise<void> {
    const replayed = await this.repository.markReplayed(codeHash, this.clock.now());
    if (!replayed) return;
    if (replayed.familyId) await this.refreshTokens.revokeFamilies([replayed.familyId]);
    await this.audit.record({
      type: 'token.revoked',
      actor: clientSubject(client.clientId),
      details: { reason: 'authorization_code_replayed', sessions: replayed.familyId ? 1 : 0 },
    });
    this.logger.warn('An authorization code was presented twice; its tokens are revoked');
  }
}

/** RFC 7636 §4.6, and RFC 9700 §2.1.1: a verifier for a code issued without a challenge fails. */
function assertVerifier(challenge: string | null, verifier: string | undefined): void {
  if (challenge === null) {
    if (verifier !== undefined) throw new InvalidGrantError('No code_challenge was sent');
    return;
  }
  if (verifier === undefined) throw new InvalidGrantError('code_verifier is required');
  if (!verifierMatches(verifier, challenge)) throw new InvalidGrantError('Wrong code_verifier');
}

function invalidCode(): InvalidGrantError {
  return new InvalidGrantError('The authorization code is invalid, expired or used');
}

function digest(code: string): Buffer {
  return createHash('sha256').update(code).digest();
}
