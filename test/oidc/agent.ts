import { findForm, type HtmlForm } from './html';

/**
 * A browser without a browser: fetch with a cookie jar for the issuer's origin, that follows
 * the issuer's own redirects and stops at a page or at a redirect that leaves the issuer (to a
 * client's redirect_uri). Forms are posted as a browser posts them, Origin header included.
 */

export interface Step {
  status: number;
  headers: Headers;
  /** The URL this step answered. */
  url: URL;
  /** The page (empty for a redirect). */
  html: string;
  /** Where a redirect points. */
  location?: URL;
}

const MAX_REDIRECTS = 10;

export class UserAgent {
  private readonly jar = new Map<string, string>();
  private readonly origin: string;

  constructor(issuer: string) {
    this.origin = new URL(issuer).origin;
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  /** Plants a cookie, as an attacker who can write cookies for the host would. */
  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }

  /** One request, no redirect followed; cookies sent and stored for the issuer's origin only. */
  async request(url: URL | string, form?: Record<string, string>): Promise<Step> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html' };
    const ours = target.origin === this.origin;
    if (ours && this.jar.size > 0) {
      headers.cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = this.origin;
    }
    const response = await fetch(target, {
      method: form ? 'POST' : 'GET',
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    if (ours) this.store(response.headers.getSetCookie());
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      url: target,
      html: await response.text(),
      location: location === null ? undefined : new URL(location, target),
    };
  }

  /** GET, then the issuer's own redirects: the page shown, or the redirect that leaves. */
  open(url: URL | string): Promise<Step> {
    return this.follow(this.request(url));
  }

  /**
   * Posts the form of `step` whose action is `action`: its hidden inputs, changed by `changes`
   * (a value of undefined leaves that input out), then follows as `open` does.
   */
  submit(
    step: Step,
    action: string,
    changes: Record<string, string | undefined> = {},
  ): Promise<Step> {
    const form = requireForm(step, action);
    const fields: Record<string, string> = { ...form.hidden };
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) delete fields[name];
      else fields[name] = value;
    }
    return this.follow(this.request(new URL(form.action, step.url), fields));
  }

  private async follow(first: Promise<Step>): Promise<Step> {
    let step = await first;
    for (let hops = 0; hops < MAX_REDIRECTS; hops += 1) {
      const redirected = step.status >= 300 && step.status < 400 && step.location;
      if (!redirected || step.location?.origin !== this.origin) return step;
      step = await this.request(step.location);
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects from ${step.url.href}`);
  }

  private store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      const expired = attributes.some((attribute) => {
        const [key, raw = ''] = attribute.split('=');
        if (key.toLowerCase() === 'max-age') return Number(raw) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(raw) <= Date.now();
        return false;
      });
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
}

export function requireForm(step: Step, action: string): HtmlForm {
  const form = findForm(step.html, action);
  if (!form) {
    const snippet = step.html.replace(/\s+/g, ' ').slice(0, 400);
    throw new Error(`no form ${action} on ${step.url.pathname} (${step.status}): ${snippet}`);
  }
  return form;
}

/** Whether `step` redirects away from the issuer (to a client). */
export function leaves(step: Step, issuer: string): step is Step & { location: URL } {
  return step.location !== undefined && step.location.origin !== new URL(issuer).origin;
}
