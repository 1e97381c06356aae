import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

/**
 * Headless Chromium for browser tests, driven by playwright-core, which downloads no browser:
 * it runs the system's (Debian's `chromium` package, which .ci/run installs) or CHROMIUM_PATH.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium keeps calling home (updates, sync, field
 * trials), which floods a closed network with connections that can never succeed.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every wait of a browser step (navigation, click, fill) ends within this. */
export const STEP_TIMEOUT_MS = 15_000;

/** Where screenshots land; test-output/ is scratch space, not part of the sources. */
export const SCREENSHOT_DIR = resolve(__dirname, '../../test-output/screenshots');

/** Starts Chromium, or fails loudly: a missing browser is a broken setup, not a skipped test. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) ` +
        'or point CHROMIUM_PATH at a Chromium binary',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 30_000,
  });
}

/** A fresh context (no cookies, no storage): one per test, like a new browser profile. */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...options });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  return context;
}

/** A full-page PNG under test-output/screenshots/; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Copies a saved screenshot to a path relative to the repository (e.g. docs/images/). */
export async function publishScreenshot(saved: string, target: string): Promise<void> {
  const destination = resolve(__dirname, '../..', target);
  await mkdir(dirname(destination), { recursive: true });
  await copyFile(saved, destination);
}
