/**
 * Browser helpers for the end-to-end tests (test/e2e/**\/*.e2e.ts).
 *
 * The server and the Chromium path come from test/e2e/global-setup.ts through vitest's
 * provide/inject. A test file skips itself when no Chromium was found (outside CI):
 *
 *   const chromiumPath = inject('chromiumPath');
 *   describe.skipIf(!chromiumPath)('...', () => { ... });
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { demoTotpCode } from '#db/seed/demo-accounts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the app under test listens, e.g. http://127.0.0.1:40123 ('' when browser tests are skipped). */
    baseURL: string;
    /** Chromium's executable ('' when it is missing and browser tests are skipped). */
    chromiumPath: string;
    /** JSON-lines file where every axe check of the run is logged ('' when skipped); summed up at teardown. */
    a11yLogFile: string;
  }
}

/** Chromium flags for a closed network, as root, without a display. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function baseURL(): string {
  return inject('baseURL');
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = inject('chromiumPath');
  if (!executablePath) throw new Error('No Chromium: this test file should have been skipped (describe.skipIf).');
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface NewPageOptions {
  /** Browser locale (Accept-Language); default nl-NL. */
  locale?: string;
  /** false to browse as a user without JavaScript. Default true. */
  javaScriptEnabled?: boolean;
}

/** A page in a fresh context (own cookies) with the app's base URL. Close it with `page.context().close()`. */
export async function newPage(browser: Browser, options: NewPageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    locale: options.locale ?? 'nl-NL',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(60_000);
  return context.newPage();
}

/**
 * Signs in through the real form on /inloggen (in either language: the fields are found by their
 * deterministic ids) and waits until the app has navigated away from it. Staff accounts have
 * multi-factor sign-in: the code of the demo account's published TOTP secret is entered on
 * /inloggen/code.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/inloggen');
  await page.locator('#signin-email').fill(email);
  await page.locator('#signin-password').fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/inloggen', { timeout: 30_000 }).catch(async (error) => {
      throw new Error(`Sign-in as ${email} did not leave ${page.url()}${await alertText(page)}: ${String(error)}`);
    }),
    page.locator('#signin button[type="submit"]').click(),
  ]);
  if (new URL(page.url()).pathname === '/inloggen/code') {
    await page.locator('#mfa-code').fill(demoTotpCode(email));
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/inloggen'), { timeout: 30_000 }).catch(async (error) => {
        throw new Error(`The MFA code for ${email} was not accepted on ${page.url()}${await alertText(page)}: ${String(error)}`);
      }),
      page.locator('#mfa button[type="submit"]').click(),
    ]);
  }
}

async function alertText(page: Page): Promise<string> {
  const alert = await page
    .getByRole('alert')
    .allInnerTexts()
    .catch(() => []);
  return alert.length ? ` (message: ${alert.join(' | ')})` : '';
}

/** Signs out through the header button (the session ends on the server). */
export async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === '/inloggen'), page.locator('form[action="/uitloggen"] button').click()]);
}

/** Switches the UI language with the header button and waits for the page in the other language. */
export async function switchLanguage(page: Page): Promise<'nl' | 'en'> {
  const before = await page.locator('html').getAttribute('lang');
  const target = before === 'nl' ? 'en' : 'nl';
  await Promise.all([
    page.waitForFunction((lang) => document.documentElement.lang === lang, target, { timeout: 30_000 }),
    page.locator('form[action="/taal"] button').click(),
  ]);
  await page.waitForLoadState('load');
  return target;
}

/**
 * axe on the page as it is, then in the other language (header switch), then back: every page the
 * journeys visit is checked in Dutch and in English. Also checks the page language is set and the
 * switch button carries the other language's lang.
 */
export async function checkA11yBothLanguages(page: Page, label: string): Promise<void> {
  const first = await page.locator('html').getAttribute('lang');
  expect(['nl', 'en'], `html lang on ${label}`).toContain(first);
  await expect(page.locator('form[action="/taal"] button').getAttribute('lang')).resolves.toBe(first === 'nl' ? 'en' : 'nl');
  await checkA11y(page, `${label} [${first}]`);
  const other = await switchLanguage(page);
  await checkA11y(page, `${label} [${other}]`);
  await switchLanguage(page);
}

// ---------------------------------------------------------------------------------------------
// Screenshots (docs/screenshots/, shown in the README)

const SCREENSHOT_DIR = path.resolve(fileURLToPath(new URL('../../../docs/screenshots', import.meta.url)));

/** A PNG of the page's top (at most `maxHeight` CSS px) at its current viewport width. */
export async function screenshot(page: Page, name: string, maxHeight = 1800): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const size = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight }));
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: size.width, height: Math.min(size.height, maxHeight) } });
  return file;
}

// ---------------------------------------------------------------------------------------------
// Accessibility (axe-core)

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const a11yStats = { pages: 0, violations: 0, wcag22: 0, labels: [] as string[] };

function describeViolations(violations: Violation[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes
        .slice(0, 3)
        .map((node) => `      - ${JSON.stringify(node.target)}`)
        .join('\n');
      const more = v.nodes.length > 3 ? `\n      … and ${v.nodes.length - 3} more` : '';
      return `  • ${v.id} [${v.impact ?? 'unknown'}] ${v.help} (${v.nodes.length} element(s))\n    ${v.helpUrl}\n${targets}${more}`;
    })
    .join('\n');
}

/**
 * Runs axe on the page as it is now: WCAG 2.0/2.1 A and AA rules must find nothing (fails the test
 * with a readable list otherwise). The WCAG 2.2 AA rules run in the same pass and are only logged.
 */
export async function checkA11y(page: Page, label: string): Promise<Violation[]> {
  // One axe run with the 2.0/2.1 and the 2.2 tags; a rule tagged only wcag22aa is logged, not failed.
  const results = await new AxeBuilder({ page }).withTags([...WCAG_TAGS, 'wcag22aa']).analyze();
  const violations = results.violations.filter((v) => v.tags.some((tag) => WCAG_TAGS.includes(tag)));
  const wcag22Only = results.violations.filter((v) => !violations.includes(v));
  a11yStats.pages += 1;
  a11yStats.violations += violations.length;
  a11yStats.wcag22 += wcag22Only.length;
  a11yStats.labels.push(label);
  console.log(
    `[a11y] ${label}: ${violations.length} WCAG 2.1 AA violation(s); WCAG 2.2 AA (logged only): ${wcag22Only.length}` +
      (wcag22Only.length ? ` (${wcag22Only.map((v) => v.id).join(', ')})` : ''),
  );

  const logFile = inject('a11yLogFile');
  if (logFile) {
    const entry = { label, url: page.url(), violations: violations.map((v) => v.id), wcag22: wcag22Only.length };
    fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
  }

  const message = violations.length
    ? `axe found ${violations.length} accessibility violation(s) on ${label} (${page.url()}):\n${describeViolations(violations)}`
    : '';
  expect(violations.length, message).toBe(0);
  return violations;
}

/** Prints how many pages axe checked in this file and what it found; call it from afterAll. */
export function reportA11ySummary(): void {
  if (a11yStats.pages === 0) return;
  console.log(
    `[a11y] summary: ${a11yStats.pages} page(s) checked (${a11yStats.labels.join('; ')}), ` +
      `${a11yStats.violations} WCAG 2.1 AA violation(s), ${a11yStats.wcag22} WCAG 2.2 AA violation(s) logged`,
  );
}
