/**
 * Accessibility beyond axe's rules: keyboard only with visible focus, the error-summary pattern,
 * sign-in without JavaScript, reflow at 320 CSS px and at 200% zoom, page language and parts in the
 * other language, locale formats; and the public pages (sign-in, accessibility and privacy
 * statements) checked by axe in Dutch and in English.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import { checkA11y, checkA11yBothLanguages, launchBrowser, newPage, reportA11ySummary, screenshot, signIn } from './support/browser';

const chromiumPath = inject('chromiumPath');
/** A partner used only by this file (its language setting is changed here). */
const PARTNER_EMAIL = 'partner.i3d@demo.ipcei.test';

/** The element that has focus: its id, tag, class and whether its focus indicator is visible. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { id: '', tag: 'body', className: '', text: '', visibleFocus: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    return {
      id: el.id,
      tag: el.tagName.toLowerCase(),
      className: el.className,
      text: (el.innerText ?? '').trim().slice(0, 80),
      visibleFocus: outline || shadow,
    };
  });
}

/** Presses Tab until the element with `id` has focus; every stop on the way must show its focus. */
async function tabTo(page: Page, id: string, maxTabs = 40) {
  for (let i = 0; i < maxTabs; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    expect(now.visibleFocus, `focus on <${now.tag} id="${now.id}" class="${now.className}"> "${now.text}" is not visible`).toBe(true);
    if (now.id === id) return;
  }
  throw new Error(`#${id} not reached within ${maxTabs} presses of Tab`);
}

/** Nothing sticks out sideways: the document does not scroll horizontally and hides no overflow. */
async function expectNoHorizontalOverflow(page: Page, label: string) {
  const m = await page.evaluate(() => {
    const doc = document.documentElement;
    const overflowHidden = [doc, document.body].some((el) => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX));
    // Elements (outside scrollable table wrappers) whose right edge lies beyond the viewport.
    const offenders: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      if (el.closest('.table-wrap, .visually-hidden, [hidden]')) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.right > doc.clientWidth + 1) offenders.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, overflowHidden, offenders: offenders.slice(0, 5) };
  });
  expect(m.overflowHidden, `${label}: horizontal overflow is hidden on html/body`).toBe(false);
  expect(m.scrollWidth, `${label}: the page scrolls sideways (${m.scrollWidth} > ${m.clientWidth}); wider elements: ${m.offenders.join(', ')}`).toBeLessThanOrEqual(m.clientWidth);
  expect(m.offenders, `${label}: elements cut off on the right`).toEqual([]);
}

describe.skipIf(!chromiumPath)('accessibility and language', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    reportA11ySummary();
  });

  it('public pages pass axe in Dutch and in English, with the page language set', async () => {
    const page = await newPage(browser);
    try {
      for (const [path, label] of [
        ['/inloggen', 'sign-in'],
        ['/toegankelijkheid', 'accessibility statement'],
        ['/privacy', 'privacy statement'],
      ] as const) {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
        await checkA11yBothLanguages(page, `${path} (${label}, signed out)`);
      }
      // The footer links to both statements on every page.
      await page.goto('/inloggen');
      await expect(page.locator('footer a[href="/toegankelijkheid"]').count()).resolves.toBe(1);
      await expect(page.locator('footer a[href="/privacy"]').count()).resolves.toBe(1);
      // The statement gives its status and the figures of the tests.
      await page.goto('/toegankelijkheid');
      expect(await page.locator('main').innerText()).toContain('voldoet gedeeltelijk');
    } finally {
      await page.context().close();
    }
  });

  it('signs in with the keyboard only: the error summary takes focus and its link moves focus to the field', async () => {
    const page = await newPage(browser);
    try {
      await page.goto('/inloggen');
      // The skip link comes first and takes the user to the content.
      await page.keyboard.press('Tab');
      const skip = await focused(page);
      expect(skip.className).toContain('skip-link');
      expect(skip.visibleFocus, 'the skip link shows focus').toBe(true);
      expect(await page.locator('.skip-link').isVisible()).toBe(true);

      await tabTo(page, 'signin-email');
      // Submit the empty form with Enter.
      await page.keyboard.press('Enter');
      await page.locator('.error-summary').waitFor({ state: 'visible' });
      await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
      const summary = await focused(page);
      expect(summary.visibleFocus, 'the focused error summary shows focus').toBe(true);
      await checkA11y(page, '/inloggen with errors (keyboard)');
      await screenshot(page, 'sign-in-errors');

      // Its first link moves focus to the e-mail field.
      await page.keyboard.press('Tab');
      const link = await focused(page);
      expect(link.tag).toBe('a');
      expect(link.text).toBe('Vul uw e-mailadres in');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'signin-email');
      expect((await focused(page)).visibleFocus).toBe(true);

      await page.keyboard.type(PARTNER_EMAIL);
      // Typing re-checks the field, and focus stays in it (the summary does not pull it away).
      expect((await focused(page)).id).toBe('signin-email');
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe('signin-password');
      await page.keyboard.type(DEMO_PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname !== '/inloggen'), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname).toBe('/programma');
    } finally {
      await page.context().close();
    }
  });

  it('shows the error summary and "Fout:" title without JavaScript, and signs in without it', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    try {
      await page.goto('/inloggen');
      await page.locator('#signin-email').fill(PARTNER_EMAIL);
      await page.locator('#signin-password').fill('not-the-password');
      await Promise.all([page.waitForLoadState('load'), page.locator('#signin button[type="submit"]').click()]);
      await page.locator('.error-summary').waitFor({ state: 'visible' });
      expect(await page.title()).toMatch(/^Fout: /);
      expect(await page.locator('.error-summary a[href="#signin-email"]').innerText()).toBe('Het e-mailadres of wachtwoord is niet juist');
      await expect(page.locator('#signin-email').getAttribute('aria-invalid')).resolves.toBe('true');

      // (Without JavaScript the page comes back from the server: fill in both fields again.)
      await page.locator('#signin-email').fill(PARTNER_EMAIL);
      await page.locator('#signin-password').fill(DEMO_PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname !== '/inloggen'), page.locator('#signin button[type="submit"]').click()]);
      expect(new URL(page.url()).pathname).toBe('/programma');
    } finally {
      await page.context().close();
    }
  });

  it('reflows at 320 CSS px and at 200% zoom without cutting anything off', async () => {
    const narrow = await browser.newContext({ baseURL: inject('baseURL'), locale: 'nl-NL', viewport: { width: 320, height: 640 } });
    // 200% zoom of a 1280 px wide window: the layout gets 640 CSS px, drawn at twice the pixels.
    const zoomed = await browser.newContext({
      baseURL: inject('baseURL'),
      locale: 'nl-NL',
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
    });
    try {
      for (const [context, name] of [
        [narrow, '320px'],
        [zoomed, 'zoom-200'],
      ] as const) {
        const page = await context.newPage();
        await page.goto('/inloggen');
        await expectNoHorizontalOverflow(page, `/inloggen at ${name}`);
        await signIn(page, PARTNER_EMAIL, DEMO_PASSWORD);
        for (const path of ['/programma', '/projecten/ECOFED', '/toegankelijkheid']) {
          const response = await page.goto(path);
          expect(response?.status(), path).toBe(200);
          await expectNoHorizontalOverflow(page, `${path} at ${name}`);
        }
        if (name === '320px') {
          await page.goto('/projecten/ECOFED');
          await screenshot(page, 'reflow-320px-project', 1400);
        }
      }
    } finally {
      await narrow.close();
      await zoomed.close();
    }
  });

  it('the other pages of each role pass axe in Dutch and in English', async () => {
    const tours: Array<[string, string[]]> = [
      [PARTNER_EMAIL, ['/programma', '/projecten/ECOFED/dashboard', '/meldingen', '/account', '/account/sessies']],
      ['admin@demo.ipcei.test', ['/beheer', '/beheer/gebruikers', '/beheer/projecten', '/beheer/betalingen', '/beheer/mail']],
    ];
    for (const [email, paths] of tours) {
      const page = await newPage(browser);
      try {
        await signIn(page, email, DEMO_PASSWORD);
        for (const path of paths) {
          const response = await page.goto(path);
          expect(response?.status(), `${path} for ${email}`).toBe(200);
          await checkA11yBothLanguages(page, `${path} (${email.split('@')[0]})`);
        }
      } finally {
        await page.context().close();
      }
    }
  });

  it('formats money and dates in the UI language and marks parts in the other language', async () => {
    const page = await newPage(browser);
    try {
      await signIn(page, PARTNER_EMAIL, DEMO_PASSWORD);
      await page.goto('/projecten/ECOFED');
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
      // The English project name is marked as English on the Dutch page.
      await expect(page.locator('h1 [lang="en"]').count()).resolves.toBe(1);
      let text = await page.locator('main').innerText();
      expect(text).toMatch(/€\s?\d{1,3}(\.\d{3})+,\d{2}/); // € 1.234.567,89
      expect(text).toMatch(/\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) 20\d\d/);

      await page.locator('form[action="/taal"] button').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      text = await page.locator('main').innerText();
      expect(text).toMatch(/€\d{1,3}(,\d{3})+\.\d{2}/); // €1,234,567.89
      expect(text).toMatch(/\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) 20\d\d/);
      // The switch back to Dutch is marked as Dutch.
      await expect(page.locator('form[action="/taal"] button').getAttribute('lang')).resolves.toBe('nl');
      // The user's choice is kept: back to Dutch for the other tests.
      await page.locator('form[action="/taal"] button').click();
      await page.waitForFunction(() => document.documentElement.lang === 'nl');
    } finally {
      await page.context().close();
    }
  });
});
