import { authenticationOf } from '../authentication';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, epochSeconds, isAuthenticationError, MAX_ACTOR_DEPTH } from '@warden/nest-auth';
import type { ActorClaim, Clock, Principal } from '@warden/nest-auth';
import { ApiRegistry } from '../../apis/api-registry.service';
import { attributeClaims, permittedFor } from '../../apis/token-target';
import { DELEGATED_TOKEN_MAX_TTL } from '../access-token-claims.builder';
import { AccessTokenIssuer } from '../access-token.issuer';
import { clientSubject, ServiceClient } from '../clients/service-client';
import { RevocationService } from '../revocation.service';
import { narrowPermissions, parseScope, scopeString } from '../scope';
import type { SessionContext } from '../session-context';
import { ACCESS_TOKEN_TYPE } from './dto/oauth-token-response.dto';
import type { TokenRequestDto } from './dto/token-request.dto';
import { IssuedTokenVerifier } from './issued-token.verifier';
import { InvalidGrantError, OAuthInvalidRequestError } from './oauth.errors';
import { OAuthTokenResponse, oauthTokenResponse } from './oauth-token-response';
import { audiencesOfRequest } from './requested-audiences';
import { SubjectAttributes } from './subject-attributes';

/**
 * RFC 8693 token exchange with the authenticated client as the actor: a `delegated` token for
 * the subject token's `sub`, carrying the subject's roles and the permissions both the subject
 * and the acting client hold, or a requested subset of those (never more: a client holding
 * `reports:read` acting for an administrator gets at most `reports:read`),
 * `act: {sub: "client:<id>", act?: <the subject token's act>}` (§4.1),
 * and an `exp` no later than the subject token's and at most 300 s away (docs/architecture.md §3).
 *
 * `audience` and `resource` (§2.1) name the API the delegated token is for (a gateway exchanging
 * a user's token for a short-lived token for `internal-api`): this service's own audience, or a
 * registered API among the acting client's `allowed_audiences`; anything else is
 * `invalid_target`. The token then carries only what the target API defines (subject ∩ client ∩
 * API), lives no longer than the API's lifetime, and carries the API's claims of the subject's
 * attributes. The subject token may be for any registered API.
 */
@Injectable()
export class TokenExchangeService {
  constructor(
    private readonly verifier: IssuedTokenVerifier,
    private readonly issuer: AccessTokenIssuer,
    private readonly revocation: RevocationService,
    private readonly audit: AuditService,
    private readonly apis: ApiRegistry,
    private readonly attributes: SubjectAttributes,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async exchange(
    client: ServiceClient,
    request: TokenRequestDto,
    context: SessionContext = {},
  ): Promise<OAuthTokenResponse> {
    const subjectToken = this.checkRequest(request);
    const requested = parseScope(request.scope);
    const subject = await this.verifySubject(subjectToken);
    const permissions = narrowPermissions(delegable(subject, client), requested);
    const target = await this.apis.targetFor({
      requested: audiencesOfRequest(request),
      allowed: client.allowedAudiences,
      tokenUse: 'delegated',
      defaultTtl: this.issuer.defaultTtl('delegated'),
    });
    const act = actorChain(clientSubject(client.clientId), subject.actor);
    const issued = this.issuer.issue(
      {
        sub: subject.sub,
        tokenUse: 'delegated',
        clientId: client.clientId,
        roles: subject.roles,
        permissions: permittedFor(target, permissions),
        username: subject.username,
        scope: scopeString(requested),
        act,
        sid: sessionOf(subject),
        // The user's login is the subject token's: a delegation adds no factor.
        authentication: authenticationOf(subject),
        customClaims: attributeClaims(target, await this.attributes.of(subject.sub, target)),
      },
      {
        ttl: Math.min(target.ttl, DELEGATED_TOKEN_MAX_TTL),
        audience: target.aud,
        notAfter: subject.claims.exp,
        earliestIssuedAt: this.revocation.earliestIssuedAt(subject.sub),
      },
    );
    await this.audit.record({
      type: 'token.exchanged',
      actor: clientSubject(client.clientId),
      subject: subject.sub,
      ip: context.ip,
      details: { jti: issued.claims.jti, subjectJti: subject.claims.jti, act },
    });
    return oauthTokenResponse(
      { ...issued, scope: issued.claims.scope },
      { issued_token_type: ACCESS_TOKEN_TYPE },
    );
  }

  /** The parameters of RFC 8693 §2.1 this server supports; returns the subject token. */
  private checkRequest(request: TokenRequestDto): string {
    if (request.subject_token === undefined) {
      throw new OAuthInvalidRequestError('subject_token is required');
    }
    if (request.subject_token_type !== ACCESS_TOKEN_TYPE) {
      throw new OAuthInvalidRequestError(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    if (request.actor_token !== undefined || request.actor_token_type !== undefined) {
      throw new OAuthInvalidRequestError(
        'actor_token is not supported: the authenticated client is the actor',
      );
    }
    const wanted = request.requested_token_type;
    if (wanted !== undefined && wanted !== ACCESS_TOKEN_TYPE) {
      throw new OAuthInvalidRequestError(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
    }
    return request.subject_token;
  }

  /** The strict verifier decides: revoked, expired, foreign or malformed is `invalid_grant`. */
  private async verifySubject(token: string): Promise<Principal> {
    let subject: Principal;
    try {
      subject = await this.verifier.verify(token);
    } catch (error) {
      if (isAuthenticationError(error)) {
        throw new InvalidGrantError('The subject token is invalid, expired or revoked');
      }
      throw error;
    }
    // Within the verifiers' clock tolerance a token may verify after its exp; nothing is left
    // of its lifetime to delegate.
    if (subject.claims.exp <= epochSeconds(this.clock)) {
      throw new InvalidGrantError('The subject token is invalid, expired or revoked');
    }
    if (actorDepth(subject.actor) >= MAX_ACTOR_DEPTH) {
      throw new InvalidGrantError('The delegation chain of the subject token is too long');
    }
    return subject;
  }
}

/**
 * docs/architecture.md §5 "No escalation": a delegate never carries what its actor does not hold.
 */
function delegable(subject: Principal, actor: ServiceClient): string[] {
  const actorHolds = new Set(actor.permissions);
  return subject.permissions.filter((permission) => actorHolds.has(permission));
}

/**
 * The delegated token's `sid`: the subject's session, so ending that session ends the
 * delegation too; for a subject without one (a service token), the subject token itself, so
 * revoking it by jti (RFC 7009) ends what was delegated from it.
 */
function sessionOf(subject: Principal): string {
  const { sid, jti } = subject.claims;
  return typeof sid === 'string' ? sid : jti;
}

/** RFC 8693 §4.1: the new actor outermost, the subject token's chain nested inside it. */
function actorChain(actor: string, previous: ActorClaim | undefined): ActorClaim {
  return previous === undefined ? { sub: actor } : { sub: actor, act: copyActor(previous) };
}

function copyActor(actor: ActorClaim): ActorClaim {
  return actor.act === undefined
    ? { sub: actor.sub }
    : { sub: actor.sub, act: copyActor(actor.act) };
}

function actorDepth(actor: ActorClaim | undefined): number {
  let depth = 0;
  for (let current = actor; current !== undefined; current = current.act) depth += 1;
  return depth;
}
