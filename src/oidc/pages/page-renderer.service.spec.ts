import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../config';
import { SHIPPED_PAGES_DIR } from './page-assets';
import { PAGE_ERROR_KEYS, PageRenderer, RenderedPage } from './page-renderer.service';

const HOSTILE = `"><script>alert('x')</script>\`<img src=x onerror=alert(1)>`;
const HOSTILE_ESCAPED =
  '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#96;&lt;img src=x onerror=alert(1)&gt;';
const hidden = [
  ['csrf_token', 'tok"en<&>'],
  ['state', HOSTILE],
] as const;

const rendererWith = (env: Record<string, string> = {}) =>
  new PageRenderer(parseConfig({ NODE_ENV: 'test', ...env }));

/** Every page the renderer makes, with hostile data wherever the caller supplies any. */
function everyPage(sut: PageRenderer): Record<string, RenderedPage> {
  const form = { action: '/oauth/authorize/login', hidden, clientName: HOSTILE };
  return {
    login: sut.login({ ...form, username: HOSTILE }),
    loginFailed: sut.login({ ...form, error: 'invalid_credentials', status: 401 }),
    mfa: sut.mfa({ ...form, action: '/oauth/authorize/mfa', error: 'invalid_code' }),
    consent: sut.consent({ ...form, scopes: [{ name: HOSTILE, permission: true }] }),
    logout: sut.logout({ action: '/oauth/logout', hidden, clientName: HOSTILE }),
    loggedOut: sut.loggedOut(),
    error: sut.error({ error: HOSTILE, description: HOSTILE, status: 400 }),
  };
}

const attributesOf = (tag: string) =>
  new Map([...tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1], m[2] ?? '']));
const inputsOf = (html: string) => [...html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
const visibleInputs = (html: string) =>
  inputsOf(html)
    .map(attributesOf)
    .filter((input) => input.get('type') !== 'hidden');
const inputNamed = (html: string, name: string) =>
  visibleInputs(html).find((input) => input.get('name') === name);

describe(PageRenderer.name, () => {
  const sut = rendererWith();
  const pages = everyPage(sut);

  it.each(Object.keys(pages))(
    '%s: a whole document in the shared layout, without script',
    (key) => {
      const { html, headers } = pages[key];

      expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(html).toMatch(/<meta charset="utf-8"\s*\/?>/);
      expect(html).toMatch(
        /<meta name="viewport" content="width=device-width, initial-scale=1"\s*\/?>/,
      );
      expect(html).toMatch(/<link rel="stylesheet" href="\/oauth\/assets\/warden.css"\s*\/?>/);
      expect(html).toMatch(/<main\b[^>]*>[\s\S]*<h1>[^<]+<\/h1>[\s\S]*<\/main>/);
      // Attribute values emptied first: escaped data inside them is text, not markup.
      const markup = html.replace(/"[^"]*"/g, '""');
      expect(markup).not.toMatch(/<script|<style|<[a-z][^>]*\s(?:style|on[a-z]+)=/i);
      expect(headers['Content-Security-Policy']).toContain("default-src 'none'");
      expect(headers['Cache-Control']).toBe('no-store');
    },
  );

  it.each(Object.keys(pages))('%s: supplied data comes out escaped', (key) => {
    const { html } = pages[key];

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    if (key !== 'loggedOut') expect(html).toContain(HOSTILE_ESCAPED);
  });

  it.each(Object.keys(pages))('%s: each input has a label, and one field has the focus', (key) => {
    const { html } = pages[key];
    const labels = new Set([...html.matchAll(/<label for="([^"]+)">/g)].map((m) => m[1]));
    const inputs = visibleInputs(html);

    for (const input of inputs) expect(labels).toContain(input.get('id'));
    expect(inputs.filter((input) => input.has('autofocus'))).toHaveLength(inputs.length ? 1 : 0);
  });

  it('sends hidden fields, escaped, in every form', () => {
    const { html } = pages.mfa;
    const forms = html.match(/<form method="post" action="\/oauth\/authorize\/mfa">/g) ?? [];

    expect(forms).toHaveLength(2);
    const tokens = html.match(
      /<input type="hidden" name="csrf_token" value="tok&quot;en&lt;&amp;&gt;">/g,
    );
    expect(tokens).toHaveLength(2);
    expect(html.match(/name="state" value="&quot;&gt;&lt;script&gt;/g)).toHaveLength(2);
  });

  it('login: username and password inputs, the username prefilled and focus on the password', () => {
    const { html, status } = pages.login;

    expect(status).toBe(200);
    expect(html).toContain('<form method="post" action="/oauth/authorize/login">');
    expect(html).toContain('<label for="username">Username or email</label>');
    expect(inputNamed(html, 'username')?.get('autocomplete')).toBe('username');
    expect(inputNamed(html, 'username')?.get('value')).toBe(HOSTILE_ESCAPED);
    expect(inputNamed(html, 'password')?.get('autocomplete')).toBe('current-password');
    expect(inputNamed(html, 'password')?.get('type')).toBe('password');
    expect(inputNamed(html, 'password')?.has('autofocus')).toBe(true);
    expect(html).toContain('<button type="submit">Sign in</button>');
    expect(html).not.toContain('role="alert"');
  });

  it('login: without a username the focus is on it', () => {
    const { html } = sut.login({ action: '/l', hidden: [], clientName: 'App' });

    expect(inputNamed(html, 'username')?.has('autofocus')).toBe(true);
    expect(inputNamed(html, 'username')?.get('value')).toBe('');
  });

  it('login: an error is an alert that the fields name, with the given status', () => {
    const { html, status } = pages.loginFailed;

    expect(status).toBe(401);
    expect(html).toContain(
      '<div class="alert" role="alert" id="page-error"><p>The username or password is incorrect.</p></div>',
    );
    for (const name of ['username', 'password']) {
      expect(inputNamed(html, name)?.get('aria-describedby')).toBe('page-error');
      expect(inputNamed(html, name)?.get('aria-invalid')).toBe('true');
    }
  });

  it('login: an error that is not about the fields does not mark them invalid', () => {
    const page = sut.login({ action: '/l', hidden: [], clientName: 'A', error: 'account_locked' });

    expect(page.html).toContain('role="alert"');
    expect(inputNamed(page.html, 'username')?.get('aria-describedby')).toBe('page-error');
    expect(inputNamed(page.html, 'username')?.has('aria-invalid')).toBe(false);
  });

  it('mfa: a one-time code input and a clearly labelled recovery code', () => {
    const { html } = pages.mfa;
    const code = inputNamed(html, 'code');

    expect(code?.get('inputmode')).toBe('numeric');
    expect(code?.get('autocomplete')).toBe('one-time-code');
    expect(code?.get('pattern')).toBe('[0-9]{6}');
    expect(code?.get('aria-invalid')).toBe('true');
    expect(html).toContain('<summary>Use a recovery code instead</summary>');
    expect(html).toContain('<label for="recovery_code">Recovery code</label>');
    expect(inputNamed(html, 'recovery_code')).toBeDefined();
  });

  it('consent: names the client, describes each scope, and offers allow and deny', () => {
    const { html, status } = sut.consent({
      action: '/oauth/authorize/consent',
      hidden,
      clientName: 'Photo App',
      scopes: [
        { name: 'openid', permission: false },
        { name: 'email', permission: false },
        { name: 'orders:read', permission: true },
        { name: 'custom', permission: false },
        { name: '__proto__', permission: false },
        { name: 'openid', permission: true },
      ],
    });

    expect(status).toBe(200);
    expect(html).toContain('<p>Photo App is asking to:</p>');
    expect(html).toContain('<li>Confirm who you are with your Warden account</li>');
    expect(html).toContain('<li>See your email address and whether it is verified</li>');
    expect(html).toContain('<li>Use the permission orders:read</li>');
    expect(html).toContain('<li>Use the scope custom</li>');
    expect(html).toContain('<li>Use the scope __proto__</li>');
    expect(html).toContain('<li>Use the permission openid</li>');
    expect(html).toContain('<button type="submit" name="decision" value="allow">Allow</button>');
    expect(html).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
  });

  it('logout: asks to confirm, naming the client when known', () => {
    const withClient = sut.logout({ action: '/oauth/logout', hidden, clientName: 'Photo App' });
    const withoutClient = sut.logout({ action: '/oauth/logout', hidden });

    expect(withClient.html).toContain('<p>Photo App asks you to sign out of Warden.</p>');
    expect(withoutClient.html).toContain('<p>Do you want to sign out of Warden?</p>');
    expect(withClient.html).toContain(
      '<button type="submit" name="decision" value="logout">Sign out</button>',
    );
    expect(pages.loggedOut.html).toContain('You are signed out.');
  });

  it('error: a text for the code, or a generic one, and the description escaped', () => {
    const known = sut.error({ error: 'invalid_request', description: 'Bad <x>', status: 400 });
    const unknown = sut.error({ error: 'constructor', status: 500 });

    expect(known.status).toBe(400);
    expect(known.html).toContain('<p>The application sent an invalid sign-in request.</p>');
    expect(known.html).toContain('<p class="description">Bad &lt;x&gt;</p>');
    expect(unknown.status).toBe(500);
    expect(unknown.html).toContain('The request could not be completed.');
    expect(unknown.html).not.toContain('class="description"');
  });

  it('has a text for every page error', () => {
    for (const error of PAGE_ERROR_KEYS) {
      const { html } = sut.login({ action: '/l', hidden: [], clientName: 'A', error });
      expect(html).not.toContain('The request could not be completed');
    }
  });

  it("puts the form targets' origins in form-action", () => {
    const page = sut.consent({
      action: '/oauth/authorize/consent',
      hidden: [],
      clientName: 'A',
      scopes: [],
      formTargets: ['https://app.example/cb?x=1', 'not a url'],
    });

    expect(page.headers['Content-Security-Policy']).toContain(
      "form-action 'self' https://app.example;",
    );
    expect(pages.error.headers['Content-Security-Policy']).toContain("form-action 'self';");
  });

  it('serves the stylesheet with a stable strong entity tag', () => {
    const { css, etag } = sut.stylesheet();

    expect(css).toBe(readFileSync(join(SHIPPED_PAGES_DIR, 'warden.css'), 'utf8'));
    expect(css).toContain(':focus-visible');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(rendererWith().stylesheet().etag).toBe(etag);
  });
});
