import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config';
import { loadPageAssets } from './page-assets';
import { PageRenderer } from './page-renderer.service';

const rendererWith = (env: Record<string, string> = {}) =>
  new PageRenderer(parseConfig({ NODE_ENV: 'test', ...env }));

describe('shipped page assets', () => {
  const sut = rendererWith();

  it('compile whole from beside the module, every template and string present', () => {
    const assets = loadPageAssets(undefined);

    expect(Object.keys(assets.templates).sort()).toEqual(
      ['consent', 'error', 'layout', 'logged-out', 'login', 'logout', 'mfa'].map(
        (n) => `${n}.html`,
      ),
    );
    expect(assets.strings.get('login.username')).toBe('Username or email');
    expect(assets.css).toContain(':focus-visible');
  });

  it('ships colour pairs of at least 4.5:1 (WCAG 2.2 AA)', () => {
    const colours = new Map(
      [...sut.stylesheet().css.matchAll(/--([a-z-]+): (#[0-9a-f]{6});/g)].map((m) => [m[1], m[2]]),
    );
    const pairs = [
      ['text', 'surface'],
      ['text', 'background'],
      ['muted', 'surface'],
      ['muted', 'background'],
      ['on-primary', 'primary'],
      ['on-primary', 'primary-hover'],
      ['primary', 'surface'],
      ['primary-hover', 'background'],
      ['error-text', 'error-surface'],
    ];

    for (const [foreground, background] of pairs) {
      expect(contrast(colours.get(foreground), colours.get(background))).toBeGreaterThanOrEqual(
        4.5,
      );
    }
  });
});

/** WCAG 2.2 contrast ratio of two `#rrggbb` colours. */
function contrast(first: string | undefined, second: string | undefined): number {
  const luminance = (hex: string | undefined) => {
    if (hex === undefined) throw new Error('colour not found in warden.css');
    const [r, g, b] = [1, 3, 5]
      .map((at) => parseInt(hex.slice(at, at + 2), 16) / 255)
      .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

describe(`${PageRenderer.name} with THEME_DIR`, () => {
  let themeDir: string;
  const withTheme = () => rendererWith({ THEME_DIR: themeDir });

  beforeEach(() => {
    themeDir = mkdtempSync(join(tmpdir(), 'warden-theme-'));
    mkdirSync(join(themeDir, 'templates'));
  });
  afterEach(() => rmSync(themeDir, { recursive: true, force: true }));

  const write = (file: string, text: string) => writeFileSync(join(themeDir, file), text);

  it('replaces a template, some strings and the stylesheet, keeping the rest', () => {
    write('templates/login.html', '<p class="themed">{{t:login.intro}}</p>{{{hidden}}}');
    write(
      'strings.json',
      JSON.stringify({ 'login.intro': 'Welcome to {client}', 'page.lang': 'fr' }),
    );
    write('warden.css', 'body { color: #000; }');

    const sut = withTheme();
    const login = sut.login({ action: '/l', hidden: [['csrf_token', 't']], clientName: '<App>' });

    expect(login.html).toContain('<html lang="fr">');
    expect(login.html).toContain('<p class="themed">Welcome to &lt;App&gt;</p>');
    expect(login.html).toContain('<input type="hidden" name="csrf_token" value="t">');
    expect(login.html).toContain('<h1>Sign in</h1>');
    expect(sut.mfa({ action: '/m', hidden: [], clientName: 'A' }).html).toContain('Recovery code');
    expect(sut.stylesheet().css).toBe('body { color: #000; }');
    expect(sut.stylesheet().etag).not.toBe(rendererWith().stylesheet().etag);
  });

  it('fails at start-up on a theme template naming an unknown variable, naming the file', () => {
    write('templates/consent.html', '<p>{{client}} {{secret}}</p>');

    expect(withTheme).toThrow(join(themeDir, 'templates', 'consent.html'));
    expect(withTheme).toThrow('unknown variable {{secret}}');
  });

  it('fails at start-up on theme strings it cannot use, naming the file', () => {
    write('strings.json', JSON.stringify({ 'scope.email': 'See {email}' }));
    expect(withTheme).toThrow(`${join(themeDir, 'strings.json')}: the string "scope.email"`);

    write('strings.json', '{ not json');
    expect(withTheme).toThrow('is not valid JSON');

    write('strings.json', JSON.stringify({ 'login.title': 7 }));
    expect(withTheme).toThrow('"login.title" must be a string');
  });

  it('fails at start-up when THEME_DIR is not a directory', () => {
    expect(() => rendererWith({ THEME_DIR: join(themeDir, 'missing') })).toThrow(
      'THEME_DIR is not a directory',
    );
  });
});
