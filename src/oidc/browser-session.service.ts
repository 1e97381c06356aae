import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '@warden/nest-auth';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import type { Authentication } from '../tokens/authentication';
import { RefreshTokenService } from '../tokens/refresh-token.service';
import type { SessionContext } from '../tokens/session-context';
import type { PublicUser } from '../users/public-user';
import { UsersService } from '../users/users.service';
import { isRandomToken, randomToken } from './browser-cookies';
import { BrowserSessionsRepository, StoredBrowserSession } from './browser-sessions.repository';

/** A live single sign-on session and its user. */
export interface BrowserSession {
  id: string;
  user: PublicUser;
  authentication: Authentication;
}

export interface StartedBrowserSession extends BrowserSession {
  /** The cookie value (256 random bits): given to the browser once, stored as SHA-256. */
  cookie: string;
  /** Seconds until its absolute end: the cookie's Max-Age. */
  maxAge: number;
}

/** Touching `last_seen_at` on every request would be a write per page; once a minute will do. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Single sign-on (docs/architecture.md §8): the hosted login page's server-side sessions. One
 * ends at its absolute lifetime (SESSION_ABSOLUTE_TTL), after SESSION_IDLE_TTL unused, at
 * logout, and with every other session of its user (a new password, "log out everywhere",
 * deactivation: the user's token cut-off).
 */
@Injectable()
export class BrowserSessionService {
  private readonly logger = new Logger(BrowserSessionService.name);

  constructor(
    private readonly repository: BrowserSessionsRepository,
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(
    user: PublicUser,
    authentication: Authentication,
    context: SessionContext,
  ): Promise<StartedBrowserSession> {
    const now = this.clock.now();
    const cookie = randomToken();
    const id = randomUUID();
    const maxAge = this.config.oidc.sessionAbsoluteTtl;
    await this.repository.insert({
      id,
      tokenHash: digest(cookie),
      userId: user.id,
      amr: authentication.amr,
      acr: authentication.acr,
      authTime: new Date(authentication.authTime * 1000),
      createdAt: now,
      expiresAt: new Date(now.getTime() + maxAge * 1000),
    });
    await this.audit.record({
      type: 'session.started',
      actor: user.id,
      subject: user.id,
      ip: context.ip,
      details: { sid: id, amr: [...authentication.amr] },
    });
    return { id, user, authentication, cookie, maxAge };
  }

  /** The live session of a cookie value; undefined for none, an ended or an expired one. */
  async resolve(cookie: string | undefined): Promise<BrowserSession | undefined> {
    if (!isRandomToken(cookie)) return undefined;
    const stored = await this.repository.findByHash(digest(cookie));
    if (!stored) return undefined;
    const session = await this.live(stored);
    if (session && this.clock.now().getTime() - stored.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repository.touch(stored.id, this.clock.now());
    }
    return session;
  }

  /** Whether the session of this id (an ID token's `sid`) is still live. */
  async isLive(id: string): Promise<boolean> {
    const stored = await this.repository.findById(id);
    return stored !== undefined && (await this.live(stored)) !== undefined;
  }

  /** The user of the session of this id, live or not; undefined when there is none. */
  async ownerOf(id: string): Promise<string | undefined> {
    return (await this.repository.findById(id))?.userId;
  }

  /** Records that the refresh family was started under the session: its logout ends it. */
  linkFamily(sessionId: string, familyId: string, clientId: string): Promise<void> {
    return this.repository.linkFamily(sessionId, familyId, clientId);
  }

  /** Ends the session and revokes every refresh family (of every app) started under it. */
  async end(id: string, context: SessionContext, reason: string): Promise<void> {
    const stored = await this.repository.findById(id);
    if (!stored) return;
    const families = await this.repository.end(id, this.clock.now());
    await this.refreshTokens.revokeFamilies(families);
    await this.audit.record({
      type: 'session.ended',
      actor: stored.userId,
      subject: stored.userId,
      ip: context.ip,
      details: { sid: id, reason, sessions: families.length },
    });
    this.logger.log(`Single sign-on session ended (${reason}, ${families.length} families)`);
  }

  /**
   * A new sign-in in a browser whose session is `previous`: the same user's session continues
   * under the new one (its apps stay signed in; re-authentication for `prompt=login` or
   * `max_age` is no logout); another user's ends, with its apps' refresh families.
   */
  async replace(
    previous: BrowserSession,
    next: StartedBrowserSession,
    context: SessionContext,
  ): Promise<void> {
    if (previous.user.id !== next.user.id) {
      await this.end(previous.id, context, 'replaced');
      return;
    }
    await this.repository.supersede(previous.id, next.id, this.clock.now());
  }

  purgeExpired(): Promise<number> {
    return this.repository.deleteExpired(this.clock.now());
  }

  private async live(stored: StoredBrowserSession): Promise<BrowserSession | undefined> {
    const now = this.clock.now().getTime();
    if (stored.endedAt !== null || stored.expiresAt.getTime() <= now) return undefined;
    if (now - stored.lastSeenAt.getTime() > this.config.oidc.sessionIdleTtl * 1000) {
      return undefined;
    }
    const user = await this.users.findById(stored.userId);
    if (!user?.isActive) return undefined;
    const validAfter = await this.users.tokensValidAfter(user.id);
    if (validAfter && stored.createdAt < validAfter) return undefined;
    return {
      id: stored.id,
      user,
      authentication: {
        amr: stored.amr,
        acr: stored.acr,
        authTime: Math.floor(stored.authTime.getTime() / 1000),
      },
    };
  }
}

function digest(cookie: string): Buffer {
  return createHash('sha256').update(cookie).digest();
}
