import type { Browser, BrowserContext, Page } from 'playwright-core';
import { refreshTokenGrant } from 'openid-client';
import type { OAuthTestApp } from '../oauth/oauth.fixtures';
import { launchBrowser, newContext, publishScreenshot, saveScreenshot } from '../support/browser';
import { RelyingParty, startRelyingParty } from '../support/relying-party';
import {
  Account,
  createOidcApp,
  createOidcClient,
  enrolledAccount,
  LOGIN_ACTION,
  MFA_ACTION,
  OidcClientOptions,
  registeredAccount,
} from './oidc.fixtures';

/**
 * "Sign in with Warden" in a real browser: headless Chromium, relying parties written with
 * openid-client on their own loopback ports, the hosted pages exactly as a person sees them.
 */
describe('OpenID sign-in in a browser', () => {
  let sut: OAuthTestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Two first-party apps (SSO between them) and a third-party one (consent). */
  let photos: RelyingParty;
  let notes: RelyingParty;
  let calendar: RelyingParty;
  /** Console messages about the Content-Security-Policy: the pages must live within theirs. */
  let cspViolations: string[];

  async function relyingParty(options: OidcClientOptions): Promise<RelyingParty> {
    const rp = await startRelyingParty();
    const client = await createOidcClient(sut, {
      redirectUris: [rp.redirectUri],
      postLogoutRedirectUris: [rp.postLogoutRedirectUri],
      authMethod: 'client_secret_post',
      ...options,
    });
    await rp.configure({
      issuer: sut.config.jwt.issuer,
      clientId: client.client_id,
      clientSecret: client.client_secret,
    });
    return rp;
  }

  const loginForm = () => page.locator(`form[action="${LOGIN_ACTION}"]`);
  const submitOf = (form: ReturnType<Page['locator']>) =>
    form.locator('button[type="submit"], input[type="submit"], button:not([type])').first();

  async function clickSignIn(rp: RelyingParty): Promise<void> {
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in' }).click();
  }

  async function fillLogin(who: Pick<Account, 'username' | 'password'>): Promise<void> {
    await page.getByLabel('Username or email').fill(who.username);
    await page.getByLabel(/password/i).fill(who.password);
  }

  async function expectSignedIn(rp: RelyingParty, who: Pick<Account, 'username'>): Promise<void> {
    await page.getByText(`Signed in as ${who.username}`).waitFor();
    expect(page.url()).toBe(rp.url);
  }

  async function signInWithForm(rp: RelyingParty, who: Account): Promise<void> {
    await clickSignIn(rp);
    await fillLogin(who);
    await submitOf(loginForm()).click();
    await expectSignedIn(rp, who);
  }

  beforeAll(async () => {
    sut = await createOidcApp();
    browser = await launchBrowser();
    photos = await relyingParty({ name: 'Photos' });
    notes = await relyingParty({ name: 'Notes' });
    calendar = await relyingParty({ name: 'Acme Calendar', firstParty: false, authMethod: 'none' });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([photos, notes, calendar].map((rp) => rp?.close()));
    await sut?.close();
  });
  beforeEach(async () => {
    context = await newContext(browser);
    page = await context.newPage();
    cspViolations = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });
  afterEach(() => context.close());

  it('signs in with the form, then to a second app by SSO, and asks consent for a third party', async () => {
    const who = await registeredAccount(sut);
    await clickSignIn(photos);
    await loginForm().waitFor();
    await page.waitForLoadState('load');
    await publishScreenshot(await saveScreenshot(page, 'login.png'), 'docs/images/oidc-login.png');
    await fillLogin(who);
    await submitOf(loginForm()).click();
    await expectSignedIn(photos, who);

    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await clickSignIn(notes);
    await expectSignedIn(notes, who);
    expect(posts).toEqual([]);

    await clickSignIn(calendar);
    const allow = page.locator('button[name="decision"][value="allow"]');
    await allow.waitFor();
    await expect(page.getByText('Acme Calendar').first().isVisible()).resolves.toBe(true);
    await page.waitForLoadState('load');
    const consent = await saveScreenshot(page, 'consent.png');
    await publishScreenshot(consent, 'docs/images/oidc-consent.png');
    await allow.click();
    await expectSignedIn(calendar, who);
    expect(cspViolations).toEqual([]);
  });

  it('asks an enrolled user for the second factor, and accepts a TOTP code', async () => {
    const { account: who, code } = await enrolledAccount(sut);
    await clickSignIn(photos);
    await fillLogin(who);
    await submitOf(loginForm()).click();

    // The page has a second form for a recovery code; this is the authenticator's.
    const mfaForm = page.locator(`form[action="${MFA_ACTION}"]`, {
      has: page.locator('input[name="code"]'),
    });
    await mfaForm.waitFor();
    expect(await mfaForm.ariaSnapshot()).toMatch(/textbox "[^"]+"/);
    await mfaForm.locator('input[name="code"]').fill(code());
    await submitOf(mfaForm).click();

    await expectSignedIn(photos, who);
    expect(cspViolations).toEqual([]);
  });

  it("logs out from one app: the SSO session ends, and that app's refresh token with it", async () => {
    const who = await registeredAccount(sut);
    await signInWithForm(photos, who);
    await clickSignIn(notes);
    await expectSignedIn(notes, who);
    const photosTokens = photos.lastTokens();
    const notesTokens = notes.lastTokens();

    await page.goto(photos.url);
    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.locator('button[name="decision"][value="logout"]').click();
    await page.getByText('Signed out').waitFor();

    expect(new URL(page.url()).pathname).toBe('/logged-out');
    // Notes keeps its own session (no back-channel logout); its next sign-in meets the form.
    await page.goto(`${notes.url}login`);
    await expect(page.getByLabel('Username or email').isVisible()).resolves.toBe(true);
    for (const [rp, tokens] of [
      [photos, photosTokens],
      [notes, notesTokens],
    ] as const) {
      await expect(
        refreshTokenGrant(rp.configuration(), tokens?.refresh_token ?? ''),
      ).rejects.toMatchObject({ error: 'invalid_grant' });
    }
    expect(cspViolations).toEqual([]);
  });

  it('works without JavaScript, consent included, and consent by keyboard', async () => {
    await context.close();
    context = await newContext(browser, { javaScriptEnabled: false });
    page = await context.newPage();
    const who = await registeredAccount(sut);

    await signInWithForm(photos, who);
    await clickSignIn(calendar);
    const allow = page.locator('button[name="decision"][value="allow"]');
    await allow.focus();
    await page.keyboard.press('Enter');

    await expectSignedIn(calendar, who);
  });

  it('shows the form again for prompt=login, to a signed-in browser', async () => {
    const who = await registeredAccount(sut);
    await signInWithForm(photos, who);

    await page.goto(`${photos.url}login?prompt=login`);

    await loginForm().waitFor();
    await fillLogin(who);
    await submitOf(loginForm()).click();
    await expectSignedIn(photos, who);
  });

  it('can be used with the keyboard alone, every input named for assistive technology', async () => {
    const who = await registeredAccount(sut);
    await clickSignIn(photos);
    await loginForm().waitFor();
    // An expression, not a function: the tests compile without the DOM's types.
    const focusedName = () =>
      page.evaluate<string | null>('document.activeElement?.getAttribute("name") ?? null');

    expect(await page.getByLabel('Username or email').getAttribute('name')).toBe('username');
    expect(await page.getByLabel(/password/i).getAttribute('name')).toBe('password');
    expect(await loginForm().ariaSnapshot()).not.toMatch(/textbox(?! ")/);
    for (let presses = 0; presses < 15 && (await focusedName()) !== 'username'; presses += 1) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedName()).toBe('username');
    await page.keyboard.type(who.username);
    await page.keyboard.press('Tab');
    expect(await focusedName()).toBe('password');
    await page.keyboard.type(who.password);
    await page.keyboard.press('Enter');

    await expectSignedIn(photos, who);
  });
});
