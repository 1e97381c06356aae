import type { RenderedPage } from './pages/page-views';
import type { StartedBrowserSession } from './browser-session.service';

/** What a step of the authorization flow answers: a page, or a redirect (303). */
export type AuthorizationOutcome =
  { kind: 'page'; page: RenderedPage } | { kind: 'redirect'; location: string };

/** A step that signed the user in: the outcome, and the session whose cookie it sets. */
export interface SignedInOutcome {
  outcome: AuthorizationOutcome;
  session?: StartedBrowserSession;
}

export function redirectTo(location: string): AuthorizationOutcome {
  return { kind: 'redirect', location };
}

export function showPage(page: RenderedPage): AuthorizationOutcome {
  return { kind: 'page', page };
}

/**
 * RFC 6749 §4.1.2 with RFC 9207 §2: the redirect URI with `parameters` added to its query (its
 * own query is kept, §3.1.2) and the issuer as `iss` when given. Undefined values are left out.
 */
export function redirectLocation(
  redirectUri: string,
  parameters: Readonly<Record<string, string | undefined>>,
  issuer?: string,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries({ ...parameters, iss: issuer })) {
    if (value !== undefined) url.searchParams.append(name, value);
  }
  return url.toString();
}
