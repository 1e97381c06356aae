import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { clientSubject, ServiceClient } from '../clients/service-client';
import { RefreshTokenService } from '../refresh-token.service';
import { RevocationService } from '../revocation.service';
import type { SessionContext } from '../session-context';
import { IntrospectionService } from './introspection.service';
import { couldBe, lookupOrder } from './token-introspection';

/**
 * RFC 7009 revocation. An access token's jti is denied until its `exp` (on every replica, via
 * RevocationService); a refresh token revokes its whole family and the access tokens issued
 * with it (§2.1: "SHOULD also invalidate ... tokens based on the same authorization grant").
 *
 * A client revokes only tokens issued to it (§2.1: the server "verifies whether the token was
 * issued to the client making the revocation request"): the `client_id` of an access token, the
 * client a refresh token is bound to. Anything else — unknown, invalid, expired, already
 * revoked, or another client's — is answered like an invalid token: 200 and no effect (§2.2),
 * so revocation reveals nothing about other clients' tokens.
 */
@Injectable()
export class OAuthRevocationService {
  private readonly logger = new Logger(OAuthRevocationService.name);

  constructor(
    private readonly introspection: IntrospectionService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: RevocationService,
    private readonly audit: AuditService,
  ) {}

  async revoke(
    client: ServiceClient,
    token: string,
    hint?: string,
    context: SessionContext = {},
  ): Promise<void> {
    for (const kind of lookupOrder(hint)) {
      if (!couldBe(kind, token)) continue;
      const revoked =
        kind === 'access_token'
          ? await this.revokeAccessToken(client, token, context)
          : await this.revokeRefreshToken(client, token, context);
      if (revoked) return;
    }
    this.logger.debug('Revocation of an unknown, invalid or foreign token: nothing to do');
  }

  private async revokeAccessToken(
    client: ServiceClient,
    token: string,
    context: SessionContext,
  ): Promise<boolean> {
    const principal = await this.introspection.verifiedAccessToken(token);
    if (principal?.clientId !== client.clientId) return false;
    const { jti, exp } = principal.claims;
    await this.revocation.revokeAccessTokens([{ jti, exp }]);
    await this.record(client, principal.sub, context, { tokenUse: principal.tokenUse, jti });
    return true;
  }

  private async revokeRefreshToken(
    client: ServiceClient,
    token: string,
    context: SessionContext,
  ): Promise<boolean> {
    const stored = await this.refreshTokens.find(token);
    if (!stored || stored.clientId !== client.clientId) return false;
    if (stored.revokedAt !== null) return true;
    await this.refreshTokens.revokeFamilies([stored.familyId]);
    const subject = stored.userId ?? clientSubject(client.clientId);
    await this.record(client, subject, context, { tokenUse: 'refresh', familyId: stored.familyId });
    return true;
  }

  private record(
    client: ServiceClient,
    subject: string,
    context: SessionContext,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      type: 'token.revoked',
      actor: clientSubject(client.clientId),
      subject,
      ip: context.ip,
      details: { reason: 'oauth_revoke', ...details },
    });
  }
}
