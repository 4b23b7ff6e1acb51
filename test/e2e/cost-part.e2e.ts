/**
 * A cost part people can fill in (issue 13): Eurofiber fills its MISD 2025 part from empty with
 * five categories — one line offered, "Regel toevoegen" for each next one, no explanation typed to
 * get more lines — sees a personnel line's amount as soon as hours and wage are typed, removes a
 * line, reads the summary at 375 px, and adds a line without JavaScript.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import { checkA11y, launchBrowser, newPage, reportA11ySummary, screenshot, signIn } from './support/browser';

const EMAIL = 'partner.eurofiber@demo.ipcei.test';
const PARTS = '/projecten/MISD/rapporten/2025/kosten';
const chromiumPath = inject('chromiumPath');

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);
const categories = (page: Page) => page.locator('#costs select[id$=".category"]');

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
}

async function openOwnPart(page: Page) {
  await page.goto(PARTS);
  await Promise.all([page.waitForURL(/\/kosten\/[0-9a-f-]{36}$/), page.locator('main a', { hasText: 'Deel van Eurofiber invullen' }).click()]);
  await settle(page);
  return page.url();
}

describe.skipIf(!chromiumPath)('a cost part filled in from empty', () => {
  let browser: Browser;
  let partUrl = '';

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    reportA11ySummary();
  });

  it('fills five categories from one empty line, with the personnel amount shown while typing', async () => {
    const page = await newPage(browser);
    try {
      await signIn(page, EMAIL, DEMO_PASSWORD);
      partUrl = await openOwnPart(page);
      // One line is offered, not three.
      await expect(categories(page).count()).resolves.toBe(1);

      await byId(page, 'costs-lines.0.category').selectOption('personnel');
      await byId(page, 'costs-lines.0.employeeRef').fill('EF-2001');
      await byId(page, 'costs-lines.0.hours').fill('1.200,5');
      // Eurofiber works with loonkosten plus vaste opslag: the rate comes from the wage costs.
      await byId(page, 'costs-lines.0.wage').fill('80.000');
      // € 80.000 × 1,5 ÷ 1.720 = € 69,77 an hour; × 1.200,5 h = € 83.758,89.
      await expect.poll(() => byId(page, 'costs-lines.0.lineAmount').innerText()).toContain('83.758,89');

      const rows: Array<[string, string]> = [
        ['equipment', '20.000,00'],
        ['materials', '5.000'],
        ['third_party', '12.500,50'],
        ['other', '1.250'],
      ];
      for (const [i, [category, amount]] of rows.entries()) {
        const n = i + 1;
        await page.locator('#costs button[name="intent"][value="add"]').click();
        await byId(page, `costs-lines.${n}.category`).waitFor({ state: 'visible' });
        // The new line's category takes focus.
        await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(`costs-lines.${n}.category`);
        await byId(page, `costs-lines.${n}.category`).selectOption(category);
        await byId(page, `costs-lines.${n}.amount`).fill(amount);
      }
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.locator('#costs button[name="intent"][value="save"]:not(.visually-hidden)').click(),
      ]);
      await settle(page);
      // Saved as a draft: no error summary, and the checks (not a refused save) list what is open.
      await expect(page.locator('.error-summary').count()).resolves.toBe(0);
      await page.goto(partUrl);
      await settle(page);
      await expect(categories(page).evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value))).resolves.toEqual([
        'personnel',
        'equipment',
        'materials',
        'third_party',
        'other',
      ]);
      await checkA11y(page, 'cost part with five categories');

      // Remove the materials line: the line after it moves up and takes focus.
      await page.locator('#costs button[name="intent"][value="remove:2"]').click();
      await expect(categories(page).count()).resolves.toBe(4);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('costs-lines.2.category');
      await expect(byId(page, 'costs-lines.2.category').inputValue()).resolves.toBe('third_party');

      // At 375 px the summary with its deviation column fits the screen.
      await page.setViewportSize({ width: 375, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, 'cost-part-375');
    } finally {
      await page.context().close();
    }
  }, 240_000);

  it('adds a line without JavaScript, keeping what was typed', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    try {
      await signIn(page, EMAIL, DEMO_PASSWORD);
      await page.goto(partUrl);
      const before = await categories(page).count();
      await byId(page, `costs-lines.0.description`).fill('Netwerkengineers');
      await Promise.all([page.waitForURL(/\?lege=1$/), page.locator('#costs button[name="intent"][value="add"]').click()]);
      await expect(categories(page).count()).resolves.toBe(before + 1);
      await expect(byId(page, 'costs-lines.0.description').inputValue()).resolves.toBe('Netwerkengineers');
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
