import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  buildEndSessionUrl,
  calculatePKCECodeChallenge,
  type Configuration,
  discovery,
  fetchUserInfo,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
} from 'openid-client';

/**
 * A relying party as an application developer would write one with openid-client: default
 * OpenID discovery of the issuer, code flow with PKCE (S256), state and nonce, a server-side
 * session behind its own cookie, and RP-initiated logout. Browser tests sign in to it.
 */

export type Tokens = Awaited<ReturnType<typeof authorizationCodeGrant>>;

export interface RelyingPartyClient {
  issuer: string;
  clientId: string;
  /** Absent for a public client (token_endpoint_auth_method `none`). */
  clientSecret?: string;
}

export interface RelyingParty {
  url: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Discovers the issuer as this registered client; until then every route answers 503. */
  configure: (client: RelyingPartyClient) => Promise<void>;
  /** The openid-client configuration (for a test's own grant requests as this client). */
  configuration: () => Configuration;
  /** The tokens of the last successful callback, kept after a logout. */
  lastTokens: () => Tokens | undefined;
  close: () => Promise<void>;
}

interface Session {
  pending?: { state: string; nonce: string; verifier: string };
  signedIn?: { username: string; idToken: string };
  logoutState?: string;
}

/** Authorization request parameters a test may pass through `/login?...`. */
const PASSED_THROUGH = ['prompt', 'max_age', 'login_hint'];

const SCOPE = 'openid profile email offline_access';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html><head><title>RP</title></head><body>${body}</body></html>`);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location });
  response.end();
}

/** Listens on a free loopback port at once, so its redirect URIs can be registered. */
export async function startRelyingParty(): Promise<RelyingParty> {
  const sessions = new Map<string, Session>();
  let config: Configuration | undefined;
  let tokens: Tokens | undefined;
  let cookieName = 'rp_session';

  const sessionOf = (request: IncomingMessage, response: ServerResponse): Session => {
    const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim());
    const id = cookies.find((c) => c.startsWith(`${cookieName}=`))?.slice(cookieName.length + 1);
    const existing = id === undefined ? undefined : sessions.get(id);
    if (existing) return existing;
    const fresh: Session = {};
    const newId = randomBytes(16).toString('base64url');
    sessions.set(newId, fresh);
    response.setHeader('set-cookie', `${cookieName}=${newId}; HttpOnly; SameSite=Lax; Path=/`);
    return fresh;
  };

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    current: Configuration,
  ): Promise<void> {
    const here = new URL(request.url ?? '/', base);
    const session = sessionOf(request, response);
    switch (here.pathname) {
      case '/': {
        const who = session.signedIn?.username;
        if (who === undefined) return page(response, 200, '<a href="/login">Sign in</a>');
        const greeting = `<p>Signed in as ${escapeHtml(who)}</p><a href="/logout">Sign out</a>`;
        return page(response, 200, greeting);
      }
      case '/login': {
        const pending = { state: randomState(), nonce: randomNonce(), verifier: '' };
        pending.verifier = randomPKCECodeVerifier();
        session.pending = pending;
        const parameters: Record<string, string> = {
          redirect_uri: redirectUri,
          scope: SCOPE,
          state: pending.state,
          nonce: pending.nonce,
          code_challenge: await calculatePKCECodeChallenge(pending.verifier),
          code_challenge_method: 'S256',
        };
        for (const name of PASSED_THROUGH) {
          const value = here.searchParams.get(name);
          if (value !== null) parameters[name] = value;
        }
        return redirect(response, buildAuthorizationUrl(current, parameters).href);
      }
      case '/callback': {
        const pending = session.pending;
        if (!pending) return page(response, 400, '<p>Sign-in failed: no pending sign-in</p>');
        session.pending = undefined;
        const result = await authorizationCodeGrant(current, here, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
        });
        const claims = result.claims();
        if (!claims) throw new Error('no ID token');
        const info = await fetchUserInfo(current, result.access_token, claims.sub);
        tokens = result;
        const username = info.preferred_username ?? claims.sub;
        session.signedIn = { username, idToken: result.id_token ?? '' };
        return redirect(response, '/');
      }
      case '/logout': {
        const idToken = session.signedIn?.idToken;
        if (idToken === undefined) return redirect(response, '/');
        session.signedIn = undefined;
        session.logoutState = randomState();
        const parameters = {
          id_token_hint: idToken,
          post_logout_redirect_uri: postLogoutRedirectUri,
          state: session.logoutState,
        };
        return redirect(response, buildEndSessionUrl(current, parameters).href);
      }
      case '/logged-out': {
        const expected = session.logoutState;
        session.logoutState = undefined;
        const state = here.searchParams.get('state');
        if (expected === undefined || state !== expected) {
          return page(response, 400, '<p>Unexpected logout response</p>');
        }
        return page(response, 200, '<p>Signed out</p><a href="/login">Sign in</a>');
      }
      default:
        return page(response, 404, '<p>Not found</p>');
    }
  }

  const server = createServer((request, response) => {
    if (!config) return page(response, 503, '<p>Not configured</p>');
    handle(request, response, config).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      if (!response.headersSent)
        page(response, 400, `<p>Sign-in failed: ${escapeHtml(reason)}</p>`);
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Cookies ignore ports: each relying party on 127.0.0.1 needs a cookie name of its own.
  cookieName = `rp_session_${port}`;
  const base = `http://127.0.0.1:${port}`;
  const redirectUri = `${base}/callback`;
  const postLogoutRedirectUri = `${base}/logged-out`;

  return {
    url: `${base}/`,
    redirectUri,
    postLogoutRedirectUri,
    configure: async ({ issuer, clientId, clientSecret }) => {
      config = await discovery(new URL(issuer), clientId, clientSecret, undefined, {
        execute: [allowInsecureRequests],
      });
    },
    configuration: () => {
      if (!config) throw new Error('relying party not configured');
      return config;
    },
    lastTokens: () => tokens,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
