/**
 * Browser helpers for the end-to-end tests (test/e2e/**\/*.e2e.ts).
 *
 * The server and the Chromium path come from test/e2e/global-setup.ts through vitest's
 * provide/inject. A test file skips itself when no Chromium was found (outside CI):
 *
 *   const chromiumPath = inject('chromiumPath');
 *   describe.skipIf(!chromiumPath)('...', () => { ... });
 */
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

/** Signs in through the real form on /inloggen and waits until the app has navigated away from it. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/inloggen');
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/inloggen', { timeout: 30_000 }).catch(async (error) => {
      const alert = await page
        .getByRole('alert')
        .allInnerTexts()
        .catch(() => []);
      throw new Error(
        `Sign-in as ${email} did not leave ${page.url()}` + (alert.length ? ` (message: ${alert.join(' | ')})` : '') + `: ${String(error)}`,
      );
    }),
    page.getByRole('button', { name: 'Inloggen', exact: true }).click(),
  ]);
  // Staff accounts have multi-factor sign-in: the demo accounts' TOTP secrets are published.
  if (new URL(page.url()).pathname === '/inloggen/code') {
    await page.getByLabel('Code van 6 cijfers', { exact: true }).fill(demoTotpCode(email));
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/inloggen'), { timeout: 30_000 }),
      page.getByRole('button', { name: 'Inloggen', exact: true }).click(),
    ]);
  }
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
 * with a readable list otherwise). The WCAG 2.2 AA rules are run too, and only logged.
 */
export async function checkA11y(page: Page, label: string): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations;
  a11yStats.pages += 1;
  a11yStats.violations += violations.length;
  a11yStats.labels.push(label);

  try {
    const wcag22 = await new AxeBuilder({ page }).withTags(['wcag22aa']).analyze();
    a11yStats.wcag22 += wcag22.violations.length;
    console.log(
      `[a11y] ${label}: ${violations.length} WCAG 2.1 AA violation(s); WCAG 2.2 AA (logged only): ${wcag22.violations.length}` +
        (wcag22.violations.length ? ` (${wcag22.violations.map((v) => v.id).join(', ')})` : ''),
    );
  } catch (error) {
    console.log(`[a11y] ${label}: WCAG 2.2 AA run failed (not counted): ${String(error)}`);
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
