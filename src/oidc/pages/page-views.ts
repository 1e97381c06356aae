/** What the authorization flow may tell a user on the login and second-factor pages. */
export const PAGE_ERROR_KEYS = [
  'invalid_credentials',
  'account_locked',
  'throttled',
  'invalid_code',
  'mfa_expired',
  'csrf',
  'invalid_request',
  'unknown_client',
  'redirect_uri',
  'server',
] as const;
export type PageErrorKey = (typeof PAGE_ERROR_KEYS)[number];

/** A page ready to send: the controller copies status, headers and body onto the reply. */
export interface RenderedPage {
  status: number;
  html: string;
  headers: Record<string, string>;
}

/** Name and value pairs sent back with the form (the CSRF token, the request's parameters). */
export type HiddenFields = ReadonlyArray<readonly [string, string]>;

interface FormView {
  /** The form's `action`, a path of this service (`/oauth/authorize/login`). */
  action: string;
  hidden: HiddenFields;
  /**
   * Full URLs the browser may be redirected to after the post (the client's redirect_uri):
   * their origins join the CSP `form-action`, which Chromium applies to that redirect too.
   */
  formTargets?: readonly string[];
}

export interface LoginView extends FormView {
  clientName: string;
  /** Prefilled (login_hint, or what was typed before a failure). */
  username?: string;
  error?: PageErrorKey;
  /** 200 unless given (401 after a wrong password, 429 when locked). */
  status?: number;
}

export interface MfaView extends FormView {
  clientName: string;
  error?: PageErrorKey;
  status?: number;
}

export interface ConsentScope {
  name: string;
  /** A permission scope (`orders:read`): described as "Use the permission {name}". */
  permission: boolean;
}

export interface ConsentView extends FormView {
  clientName: string;
  scopes: ReadonlyArray<ConsentScope>;
}

export interface LogoutView extends FormView {
  /** The client asking for the logout, when the id_token_hint named one. */
  clientName?: string;
}

export interface ErrorView {
  /** An OAuth error code (`invalid_request`), or a PageErrorKey. */
  error: string;
  /** Shown escaped under the text for the code. */
  description?: string;
  status: number;
}

export interface Stylesheet {
  css: string;
  /** A strong entity tag of the CSS, for `ETag` and `If-None-Match`. */
  etag: string;
}
