import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuditEventInput } from '../audit/audit-event';
import { AuditService } from '../audit/audit.service';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import {
  generateRefreshToken,
  hashRefreshToken,
  isRefreshTokenFormat,
} from './refresh-token.secret';
import type { Authentication } from './authentication';
import { clientSubject } from './clients/service-client';
import { RefreshTokensRepository, StoredRefreshToken } from './refresh-tokens.repository';
import { RevocationService } from './revocation.service';
import type { SessionContext } from './session-context';
import { RefreshTokenInvalidError, RefreshTokenReusedError } from './tokens.errors';
import type { UserEntity } from '../users/user.entity';

/** A refresh token belongs to a user (sessions, password grant) or to a client. */
export interface RefreshTokenOwner {
  userId?: string;
  clientId?: string;
}

/** The access token issued together with a refresh token. */
export interface AccessTokenRef {
  jti: string;
  /** Epoch seconds. */
  exp: number;
}

export interface NewRefreshToken extends RefreshTokenOwner {
  /** The new family's id, when the caller needs it first (the access token's `sid`). */
  familyId?: string;
  scope?: string;
  /** The audiences the family is granted (RFC 8707 §2.2); absent: the default audience. */
  audiences?: readonly string[];
  accessToken?: AccessTokenRef;
  /** How the login authenticated the user; kept by every rotation. */
  authentication?: Authentication;
  context?: SessionContext;
  /** An event recorded in the same statement as the token (both commit, or neither does). */
  auditEvent?: AuditEventInput;
}

export interface IssuedRefreshToken {
  /** The opaque token: returned to the client once, never stored. */
  token: string;
  id: string;
  familyId: string;
  /** The family's absolute expiry. */
  expiresAt: Date;
}

export type SpentRefreshToken = Omit<StoredRefreshToken, 'usedAt' | 'revokedAt'>;

/** What a rotation's caller issues for the spent token: its result and the new access token. */
export interface RotationStep<T> {
  value: T;
  accessToken?: AccessTokenRef;
}

/**
 * Opaque refresh tokens in families (docs/architecture.md §3): 256 random bits, stored as SHA-256,
 * one use each. A family lives REFRESH_TOKEN_TTL from its first token, however often it rotates.
 */
@Injectable()
export class RefreshTokenService {
  private readonly logger = new Logger(RefreshTokenService.name);

  constructor(
    private readonly repository: RefreshTokensRepository,
    private readonly revocation: RevocationService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Starts a new family. */
  async issue(input: NewRefreshToken): Promise<IssuedRefreshToken> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.jwt.refreshTokenTtl * 1000);
    return this.insert(input, input.familyId ?? randomUUID(), expiresAt);
  }

  /**
   * Spends `token` and issues its successor in the same family, with what `next` issues for it
   * (the new access token). Throws RefreshTokenInvalidError for an unknown, expired or revoked
   * token, and RefreshTokenReusedError for a spent one, after revoking its whole family
   * (RFC 6749 §10.4), except within REFRESH_REUSE_GRACE of its spending: then it is refused as
   * invalid and the family lives on. A RefreshTokenInvalidError thrown by `next` (the owner is
   * gone or disabled) ends the family.
   *
   * `next` is given the token's owning user, read in the same statement as the token (null for
   * a client's token or a user deleted since). It runs before the spending transaction, so its
   * own queries never wait for a second pooled connection while this one holds a row lock; if
   * the token is spent by a concurrent request meanwhile, what `next` issued is discarded and
   * this call is refused like any other presentation of a spent token.
   */
  async rotate<T>(
    token: string,
    context: SessionContext,
    next: (current: SpentRefreshToken, owner: UserEntity | null) => Promise<RotationStep<T>>,
  ): Promise<{ refreshToken: IssuedRefreshToken; value: T }> {
    if (!isRefreshTokenFormat(token)) throw new RefreshTokenInvalidError();
    const tokenHash = hashRefreshToken(token);
    const found = await this.repository.findWithOwner(tokenHash);
    const current = found?.token;
    if (!current || !this.isUsable(current)) return this.refuse(current, context);
    let step: RotationStep<T>;
    try {
      step = await next(current, found.owner);
    } catch (error) {
      if (error instanceof RefreshTokenInvalidError) await this.revokeFamilies([current.familyId]);
      throw error;
    }
    const successor = generateRefreshToken();
    const successorId = randomUUID();
    // The one atomic spend decides between concurrent refreshes of the same token.
    const spent = await this.repository.spendAndSucceed(tokenHash, this.clock.now(), {
      id: successorId,
      tokenHash: hashRefreshToken(successor),
      userAgent: context.userAgent?.slice(0, 512) ?? null,
      ip: context.ip ?? null,
      accessTokenJti: step.accessToken?.jti ?? null,
      accessTokenExp: step.accessToken?.exp ?? null,
    });
    if (!spent) return this.refuse(await this.repository.findByHash(tokenHash), context);
    this.metrics?.tokensIssued.inc({ token_use: 'refresh' });
    return {
      refreshToken: {
        token: successor,
        id: successorId,
        familyId: current.familyId,
        expiresAt: current.expiresAt,
      },
      value: step.value,
    };
  }

  /** Revokes the family of `token` when it belongs to `owner`; false when it does not. */
  async revokeFamilyOf(token: string, owner: RefreshTokenOwner): Promise<boolean> {
    if (!isRefreshTokenFormat(token)) return false;
    const stored = await this.repository.findByHash(hashRefreshToken(token));
    if (!stored || !sameOwner(stored, owner)) return false;
    await this.revokeFamilies([stored.familyId]);
    return true;
  }

  /** Revokes the session(s) the access token `jti` of `userId` was issued with. */
  async revokeFamiliesOfAccessToken(jti: string, userId: string): Promise<number> {
    const familyIds = await this.repository.familiesOfAccessToken(jti, userId);
    await this.revokeFamilies(familyIds);
    return familyIds.length;
  }

  /** Revokes every live family of the user; returns how many. */
  async revokeAllForUser(userId: string): Promise<number> {
    const familyIds = await this.repository.liveFamiliesOfUser(userId, this.clock.now());
    await this.revokeFamilies(familyIds);
    return familyIds.length;
  }

  /** Revokes every live family issued to the client (the client was deleted); returns how many. */
  async revokeAllForClient(clientId: string): Promise<number> {
    const familyIds = await this.repository.liveFamiliesOfClient(clientId, this.clock.now());
    await this.revokeFamilies(familyIds);
    return familyIds.length;
  }

  /** The stored row of an opaque token (introspection, revocation); undefined if unknown. */
  async find(token: string): Promise<StoredRefreshToken | undefined> {
    if (!isRefreshTokenFormat(token)) return undefined;
    return this.repository.findByHash(hashRefreshToken(token));
  }

  /** Whether the token can still be spent: unspent, unrevoked and its family unexpired. */
  isActive(token: StoredRefreshToken): boolean {
    return this.isUsable(token);
  }

  /**
   * Revokes every token of these families and denies the access tokens issued with them, and
   * the family ids themselves: tokens carry theirs as `sid`, so the tokens delegated from the
   * session die with it. One transaction; memory changes after its commit.
   */
  async revokeFamilies(familyIds: readonly string[]): Promise<void> {
    if (familyIds.length === 0) return;
    const now = this.clock.now();
    await this.revocation.commit(async (manager) => ({
      tokens: [
        ...(await this.repository.revokeFamilies(familyIds, now, manager)),
        ...this.revocation.sessionDenials(familyIds),
      ],
    }));
  }

  /** Deletes the tokens of families that expired; returns how many rows went. */
  purgeExpired(): Promise<number> {
    return this.repository.deleteExpired(this.clock.now());
  }

  private async insert(
    input: NewRefreshToken,
    familyId: string,
    expiresAt: Date,
  ): Promise<IssuedRefreshToken> {
    const token = generateRefreshToken();
    this.metrics?.tokensIssued.inc({ token_use: 'refresh' });
    const id = await this.repository.insert(
      {
        familyId,
        userId: input.userId ?? null,
        clientId: input.clientId ?? null,
        tokenHash: hashRefreshToken(token),
        scope: input.scope ?? null,
        audiences: input.audiences === undefined ? null : [...input.audiences],
        expiresAt,
        createdAt: this.clock.now(),
        userAgent: input.context?.userAgent?.slice(0, 512) ?? null,
        ip: input.context?.ip ?? null,
        accessTokenJti: input.accessToken?.jti ?? null,
        accessTokenExp: input.accessToken?.exp ?? null,
        authentication: input.authentication ?? null,
      },
      undefined,
      input.auditEvent && this.audit.rowOf(input.auditEvent),
    );
    return { token, id, familyId, expiresAt };
  }

  private withinReuseGrace(usedAt: Date): boolean {
    // Either way round: replicas' clocks may differ a little, never by the grace.
    const sinceUse = Math.abs(this.clock.now().getTime() - usedAt.getTime());
    return sinceUse < this.config.jwt.refreshReuseGrace * 1000;
  }

  private isUsable(token: StoredRefreshToken): boolean {
    return token.usedAt === null && token.revokedAt === null && token.expiresAt > this.clock.now();
  }

  /**
   * Why a token cannot be spent. A spent one is reuse and ends its family, unless it was spent
   * less than REFRESH_REUSE_GRACE seconds ago: then it is a client racing itself (two tabs, a
   * retry after a lost response), and ending the family would also kill the pair the winning
   * request just received.
   */
  private async refuse(
    stored: StoredRefreshToken | undefined,
    context: SessionContext,
  ): Promise<never> {
    if (!stored || stored.usedAt === null) throw new RefreshTokenInvalidError();
    if (stored.revokedAt === null && this.withinReuseGrace(stored.usedAt)) {
      this.logger.debug(`Refresh token of family ${stored.familyId} spent concurrently`);
      throw new RefreshTokenInvalidError();
    }
    // RFC 6749 §10.4, RFC 9700 §4.14.2: a spent token presented again means two parties hold it.
    await this.revokeFamilies([stored.familyId]);
    this.logger.warn(`Refresh token reuse detected: family ${stored.familyId} revoked`);
    const owner = stored.userId ?? clientSubject(stored.clientId ?? '');
    await this.audit.record({
      type: 'token.reuse_detected',
      actor: owner,
      subject: owner,
      ip: context.ip,
      details: { familyId: stored.familyId, userAgent: context.userAgent },
    });
    throw new RefreshTokenReusedError();
  }
}

function sameOwner(token: StoredRefreshToken, owner: RefreshTokenOwner): boolean {
  return (
    (token.userId ?? undefined) === owner.userId && (token.clientId ?? undefined) === owner.clientId
  );
}
