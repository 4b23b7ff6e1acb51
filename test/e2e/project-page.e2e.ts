/**
 * First journey: a partner contributor signs in, sees their own project's page, and cannot see
 * another project's. The pages are checked with axe (WCAG 2.1 AA), and sign-in works without
 * JavaScript.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '#db/seed/demo-accounts';
import { checkA11y, launchBrowser, newPage, reportA11ySummary, signIn } from './support/browser';

const PARTNER_EMAIL = 'partner.tno.ecofed@demo.ipcei.test';
const PARTNER_NAME = DEMO_ACCOUNTS.find((account) => account.email === PARTNER_EMAIL)?.name ?? '(missing demo account)';
/** Partners of MISD, a project this partner is not in: none of them may show on the 404 page. */
const MISD_PARTNER_NAMES = ['Asperitas', 'Deerns'];

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('project page of a partner contributor', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    reportA11ySummary();
  });

  it('the sign-in page is accessible (signed out, Dutch by default)', async () => {
    const page = await newPage(browser);
    try {
      const response = await page.goto('/inloggen');
      expect(response?.status()).toBe(200);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
      await expect(page.getByLabel('E-mailadres', { exact: true }).isVisible()).resolves.toBe(true);
      await checkA11y(page, 'sign-in page (signed out)');
    } finally {
      await page.context().close();
    }
  });

  it('shows the partner their own project, and a 404 without details for another project', async () => {
    const page = await newPage(browser);
    try {
      await signIn(page, PARTNER_EMAIL, DEMO_PASSWORD);
      await page.getByText(PARTNER_NAME).first().waitFor({ state: 'visible', timeout: 10_000 });

      const response = await page.goto('/projecten/ECOFED');
      expect(response?.status()).toBe(200);
      const heading = page.getByRole('heading', { level: 1 });
      await expect(heading.count()).resolves.toBe(1);
      expect(await heading.innerText()).toContain('ECOFED');
      await checkA11y(page, '/projecten/ECOFED (partner)');

      const other = await page.goto('/projecten/MISD');
      expect(other?.status()).toBe(404);
      const body = await page.content();
      for (const name of MISD_PARTNER_NAMES) {
        expect(body, `the 404 page must not mention MISD partner ${name}`).not.toContain(name);
      }
      await checkA11y(page, '/projecten/MISD (404 for partner)');
    } finally {
      await page.context().close();
    }
  });

  it('shows those MISD partner names to a MISD member (so the 404 check above is not vacuous)', async () => {
    const page = await newPage(browser);
    try {
      await signIn(page, 'penvoerder.misd@demo.ipcei.test', DEMO_PASSWORD);
      const response = await page.goto('/projecten/MISD');
      expect(response?.status()).toBe(200);
      const body = await page.content();
      for (const name of MISD_PARTNER_NAMES) expect(body).toContain(name);
    } finally {
      await page.context().close();
    }
  });

  it('signs in without JavaScript', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    try {
      await signIn(page, PARTNER_EMAIL, DEMO_PASSWORD);
      expect(new URL(page.url()).pathname).not.toBe('/inloggen');
      await page.getByText(PARTNER_NAME).first().waitFor({ state: 'visible', timeout: 10_000 });
    } finally {
      await page.context().close();
    }
  });
});
