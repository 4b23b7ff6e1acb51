/**
 * The whole reporting cycle against the built app on a fresh database, as people use it:
 *  1. the ECOFED partners each fill in and sign off their cost part (the first one meets the
 *     error summary on the way);
 *  2. the penvoerder completes the other sections — one with the keyboard only, one without
 *     JavaScript — checks the answers and submits (without JavaScript);
 *  3. reviewer A asks a question on the costs section and asks for changes;
 *  4. the penvoerder answers, fixes the costs and resubmits;
 *  5. reviewer A recommends and is shown that they cannot approve; reviewer B approves;
 *  6. the EZ officer sees the dashboard figures change and downloads the Commission summary and
 *     the TAM register;
 *  7. an administrator reopens the report;
 * and a partner of another project gets nothing of this report from its URLs.
 * Every page type on the way is checked by axe in Dutch and in English; screenshots of the main
 * pages go to docs/screenshots/.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD } from '#db/seed/demo-accounts';
import { checkA11y, checkA11yBothLanguages, launchBrowser, newPage, reportA11ySummary, screenshot, signIn } from './support/browser';

const chromiumPath = inject('chromiumPath');

const YEAR = 2025;
const REPORT = `/projecten/ECOFED/rapporten/${YEAR}`;
const PENVOERDER = 'penvoerder.ecofed@demo.ipcei.test';
const REVIEWER_A = 'reviewer.a@demo.ipcei.test';
const REVIEWER_B = 'reviewer.b@demo.ipcei.test';
const EZ = 'ez@demo.ipcei.test';
const ADMIN = 'admin@demo.ipcei.test';
/** One contributor per ECOFED partner (TNO's part is filled by its contributor, fixed later by the penvoerder, also TNO). */
const PARTNERS = [
  { email: 'partner.amsix@demo.ipcei.test', name: 'AMS-IX' },
  { email: 'partner.bit@demo.ipcei.test', name: 'BIT' },
  { email: 'partner.i3d@demo.ipcei.test', name: 'i3D.net' },
  { email: 'partner.infosupport@demo.ipcei.test', name: 'Info Support' },
  { email: 'partner.tno.ecofed@demo.ipcei.test', name: 'TNO' },
];
/** A partner of MISD only: ECOFED's report must not exist for them. */
const OUTSIDER = 'partner.asperitas@demo.ipcei.test';

const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

/** Waits until a submitted form has been handled: page loaded and (with JavaScript) the router idle. */
async function settle(page: Page) {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => {
    type RouterState = { navigation: { state: string }; revalidation: string; fetchers: Map<string, { state: string }> };
    const w = window as unknown as { __remixContext?: unknown; __remixRouter?: { state: RouterState } };
    // Without JavaScript there is nothing to wait for; with it, wait until React has hydrated the page.
    if (!w.__remixContext) return true;
    if (document.documentElement.dataset.hydrated !== 'true') return false;
    const router = w.__remixRouter;
    if (!router) return false;
    const { navigation, revalidation, fetchers } = router.state;
    return navigation.state === 'idle' && revalidation === 'idle' && [...fetchers.values()].every((f) => f.state === 'idle');
  }, undefined, { timeout: 60_000 }); // a loaded CI machine can take a while
}

/** Clicks a submit button and waits until its POST (to this page) and what follows it are done. */
async function submit(page: Page, button: Locator) {
  const path = new URL(page.url()).pathname;
  const own = (request: { method(): string; url(): string }) => request.method() === 'POST' && new URL(request.url()).pathname.startsWith(path);
  await Promise.all([page.waitForResponse((response) => own(response.request()), { timeout: 30_000 }), button.click()]);
  await settle(page);
}

/** A reviewer's (or administrator's) decision on the review page: choose, continue, confirm. */
async function decide(page: Page, decision: string, reason?: string) {
  await settle(page); // the page must be hydrated before its form is used
  await page.locator(`#decide input[name="decision"][value="${decision}"]`).check();
  if (reason) await page.locator('#decide-reason').fill(reason);
  await submit(page, page.locator('#decide button[type="submit"]'));
  // The first submit shows the confirmation step; confirming posts again. Wait for that POST and
  // what follows it (waiting for the URL could return before the confirmation was even sent).
  const confirm = page.locator('.confirm-panel button[type="submit"]');
  await confirm.waitFor({ state: 'visible' });
  await submit(page, confirm);
}

async function signedIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const page = await newPage(browser, options);
  page.setDefaultTimeout(15_000);
  await signIn(page, email, DEMO_PASSWORD);
  return page;
}

/** The approved-costs figure of ECOFED in the dashboard's per-project table. */
async function ecofedApprovedCosts(page: Page): Promise<string> {
  await page.goto('/dashboard');
  return page.evaluate(() => {
    for (const table of Array.from(document.querySelectorAll('main table'))) {
      const headers = Array.from(table.querySelectorAll('thead th')).map((th) => th.textContent?.trim());
      const column = headers.indexOf('Kosten goedgekeurd');
      if (column < 0 || headers[0] !== 'Project') continue;
      for (const row of Array.from(table.querySelectorAll('tbody tr'))) {
        const cells = Array.from(row.querySelectorAll('th, td')).map((c) => c.textContent?.trim() ?? '');
        if (cells[0] === 'ECOFED') return cells[column] ?? '';
      }
    }
    throw new Error('no per-project table with ECOFED on /dashboard');
  });
}

/** Status text of the report as the task list shows it. */
async function taskListStatus(page: Page) {
  await page.goto(REPORT);
  return (await page.locator('main').innerText()).split('\n').slice(0, 8).join(' ');
}

describe.skipIf(!chromiumPath)('the reporting cycle of ECOFED 2025', () => {
  let browser: Browser;
  let reportId = '';
  let approvedBefore = '';
  const started = Date.now();
  const checkedBothLanguages = new Set<string>();

  let broken = '';
  /** One step of the journey: after a failed step the next ones fail at once, naming it. */
  const step = (name: string, run: () => Promise<void>) =>
    it(name, async () => {
      if (broken) throw new Error(`not run: the earlier step "${broken}" failed`);
      try {
        await run();
      } catch (error) {
        broken = name;
        throw error;
      }
    }, 240_000);

  /** axe in both languages the first time a page type is met, in the current language after that. */
  async function a11y(page: Page, type: string) {
    if (checkedBothLanguages.has(type)) return checkA11y(page, type);
    checkedBothLanguages.add(type);
    return checkA11yBothLanguages(page, type);
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    reportA11ySummary();
    console.log(`[journey] report cycle took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  step('EZ notes the dashboard figures before the cycle', async () => {
    const page = await signedIn(browser, EZ);
    try {
      approvedBefore = await ecofedApprovedCosts(page);
      expect(approvedBefore).toMatch(/^€/);
    } finally {
      await page.context().close();
    }
  });

  step('each partner fills in and signs off its own cost part', async () => {
    for (const [index, partner] of PARTNERS.entries()) {
      const page = await signedIn(browser, partner.email);
      try {
        await page.goto(`${REPORT}/kosten`);
        if (index === 0) await a11y(page, 'costs overview');
        // Its own part is the one it may fill in; the others' figures it does not see at all.
        const own = page.locator('main a', { hasText: `Deel van ${partner.name} invullen` });
        await expect(own.count(), `${partner.email} sees a link to fill in its part`).resolves.toBe(1);
        await Promise.all([page.waitForURL(/\/kosten\/[0-9a-f-]{36}$/), own.click()]);
        await settle(page);

        // From empty: one line is offered; a personnel line is a person (personnel number) × hours.
        await byId(page, 'costs-lines.0.category').selectOption('personnel');
        await byId(page, 'costs-lines.0.description').fill('Ontwikkelaars federatieplatform');
        await byId(page, 'costs-lines.0.employeeRef').fill(`E-${100 + index}`);
        await byId(page, 'costs-lines.0.hours').fill(String(1200 + index * 100));
        const wage = byId(page, 'costs-lines.0.wage');
        if ((await wage.count()) > 0 && (await wage.isVisible())) await wage.fill('90.000');
        // "Regel toevoegen": with JavaScript the new line appears at once.
        await page.locator('#costs button[name="intent"][value="add"]').click();
        await byId(page, 'costs-lines.1.category').waitFor({ state: 'visible' });
        await byId(page, 'costs-lines.1.category').selectOption('materials');
        await byId(page, 'costs-lines.1.description').fill('Testapparatuur en licenties');
        await byId(page, 'costs-lines.1.amount').fill(`${12 + index}.500,00`);

        if (index === 0) {
          // A draft with unexplained deviations saves; the checks list them on the page…
          await submit(page, page.locator('#costs button[name="intent"][value="save"]:not(.visually-hidden)'));
          await expect(page.locator('.error-summary').count(), 'a draft with deviations saves').resolves.toBe(0);
          await expect(page.locator('.findings li').count(), 'the checks show the unexplained deviations').resolves.toBeGreaterThan(0);
          // …and the sign-off is refused: its summary takes focus and links to the fields.
          await byId(page, 'costs-confirm').check();
          await submit(page, page.locator('#signoff button[name="intent"][value="signoff"]'));
          const summary = page.locator('.error-summary');
          await summary.first().waitFor({ state: 'visible' });
          await page.waitForTimeout(300);
          // (soft: a failure here is reported, and the journey goes on)
          expect
            .soft(await page.evaluate(() => document.activeElement?.className ?? ''), 'the refusal summary takes focus after a refused sign-off')
            .toContain('error-summary');
          expect.soft(await page.title()).toMatch(/^Fout: /);
          const first = summary.first().locator('a').first();
          const target = (await first.getAttribute('href'))?.slice(1) ?? '';
          await first.click();
          await page.waitForFunction((id) => document.activeElement?.id === id, target);
          await checkA11y(page, 'cost part with a refused sign-off');
          await page.setViewportSize({ width: 1280, height: 900 });
          await page.locator('.error-summary').first().scrollIntoViewIfNeeded();
          await screenshot(page, 'section-with-errors', 1600);
        }
        // Deviations of more than 25% from the budget need an explanation per category.
        for (const area of await page.locator('textarea[id^="costs-explanations."]').all()) {
          if (await area.isVisible()) await area.fill('De uitgaven lopen achter op de begroting: de werving van ontwikkelaars begon later.');
        }
        await submit(page, page.locator('#costs button[name="intent"][value="save"]:not(.visually-hidden)'));
        await expect(page.locator('.error-summary').count(), `${partner.name}: the part saves without errors`).resolves.toBe(0);

        await byId(page, 'costs-confirm').check();
        await submit(page, page.locator('#signoff button[name="intent"][value="signoff"]'));
        await expect(page.locator('.error-summary').count()).resolves.toBe(0);
        expect(await page.locator('main').innerText()).toMatch(/Afgetekend|afgetekend/);
        if (index === 0) await a11y(page, 'cost part (signed off)');
      } finally {
        await page.context().close();
      }
    }
  });

  step('the penvoerder completes the other sections (one with the keyboard only, one without JavaScript)', async () => {
    const page = await signedIn(browser, PENVOERDER);
    try {
      await page.goto(REPORT);
      await a11y(page, 'task list');

      // 1. Progress
      await page.goto(`${REPORT}/voortgang`);
      await a11y(page, 'section: progress');
      for (const area of await page.locator('#progress textarea').all()) {
        if (!(await area.inputValue())) await area.fill('De federatie van diensten tussen de partners is in 2025 getest in twee pilots.');
      }
      await byId(page, 'progress-complete').check();
      await submit(page, page.locator('#progress button[name="intent"][value="save"]'));
      expect(new URL(page.url()).pathname).toBe(REPORT);

      // 2. Milestones: every one on track
      await page.goto(`${REPORT}/mijlpalen`);
      await a11y(page, 'section: milestones');
      for (const select of await page.locator('#milestones select[id$=".status"]').all()) await select.selectOption('on_track');
      // Their planned dates have passed without being achieved: each needs an explanation (a check).
      for (const area of await page.locator('#milestones textarea[id$=".explanation"]').all()) {
        if (!(await area.inputValue())) await area.fill('Loopt volgens de bijgestelde planning; de oplevering volgt in de pilotfase.');
      }
      await byId(page, 'milestones-complete').check();
      await submit(page, page.locator('#milestones button[name="intent"][value="save"]'));
      expect(new URL(page.url()).pathname).toBe(REPORT);

      // 4. Indicators, with the keyboard only
      await page.goto(`${REPORT}/indicatoren`);
      await a11y(page, 'section: indicators');
      await page.reload(); // start from the top of a freshly loaded page, as a keyboard user does
      const values: Record<string, string> = {
        'indicators-fte': '42,5',
        'indicators-jobsCreated': '12',
        'indicators-smesInvolved': '4',
        'indicators-publications': '3',
        'indicators-openSourceReleases': '2',
        'indicators-patentApplications': '0',
        'indicators-standardisationContributions': '5',
      };
      for (const [id, value] of Object.entries(values)) {
        await tabUntil(page, (el) => el.id === id);
        await page.keyboard.type(value);
      }
      await tabUntil(page, (el) => el.id === 'indicators-complete');
      await page.keyboard.press('Space');
      await tabUntil(page, (el) => el.tag === 'button' && el.name === 'intent' && el.value === 'save');
      // Let the autosave (2.5 s after the last change) finish first, as a person pausing would.
      await page.waitForTimeout(2700);
      await settle(page);
      await Promise.all([page.waitForURL((url) => url.pathname === REPORT), page.keyboard.press('Enter')]);
      await settle(page);

      // 5. Spillover: ECOFED presented results at a public event
      await page.goto(`${REPORT}/spillover`);
      await a11y(page, 'section: spillover');
      await byId(page, 'spillover-activities.0.type').selectOption('event');
      await byId(page, 'spillover-activities.0.title').fill('Presentatie resultaten federatie op publiek evenement');
      await byId(page, 'spillover-activities.0.activityDate').fill('2025-12-12');
      await byId(page, 'spillover-activities.0.audience').fill('Cloudaanbieders en overheden');
      await byId(page, 'spillover-activities.0.reach').fill('250');
      await byId(page, 'spillover-complete').check();
      await submit(page, page.locator('#spillover button[name="intent"][value="save"]'));
      expect(new URL(page.url()).pathname).toBe(REPORT);

      // (axe needs JavaScript in the page: the pages used without it below are checked here.)
      await page.goto(`${REPORT}/risicos`);
      await a11y(page, 'section: risks');

      // 7. Attachments: none needed this year
      await page.goto(`${REPORT}/bijlagen`);
      await a11y(page, 'section: attachments');
      await byId(page, 'attachments-complete-complete').check();
      await submit(page, page.locator('#attachments-complete button[name="intent"][value="save"]'));
      expect(new URL(page.url()).pathname).toBe(REPORT);
    } finally {
      await page.context().close();
    }

    // 6. Deviations and risks, without JavaScript (the form posts to the server like any HTML form).
    // Should that fail, the failure is recorded (soft) and the section is saved with JavaScript, so
    // the rest of the cycle still runs.
    const withoutJs = await attemptWithoutJs(browser, async (noJs) => {
      await fillRisks(noJs);
      await Promise.all([noJs.waitForURL((url) => url.pathname === REPORT, { timeout: 10_000 }), noJs.locator('#risks button[name="intent"][value="save"]').click()]);
    });
    expect.soft(withoutJs, 'saving a section without JavaScript').toBe('');
    const page2 = await signedIn(browser, PENVOERDER);
    try {
      if (withoutJs) {
        await page2.goto(`${REPORT}/risicos`);
        await fillRisks(page2);
        await submit(page2, page2.locator('#risks button[name="intent"][value="save"]'));
      }
      // Every section and every partner's part is done: the check is open.
      await page2.goto(REPORT);
      await expect(page2.locator(`main a[href="${REPORT}/controleren"]`).count()).resolves.toBe(1);
      expect(await page2.locator('main').innerText()).toContain('7 van 7 onderdelen klaar');
      await page2.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page2, 'task-list', 1500);
    } finally {
      await page2.context().close();
    }
  });

  step('the penvoerder checks the answers and submits, without JavaScript', async () => {
    const withoutJs = await attemptWithoutJs(browser, async (page) => {
      await page.goto(`${REPORT}/controleren`);
      // Without the declaration: the server answers with the error summary.
      await Promise.all([page.waitForLoadState('load'), page.locator('#submit button[type="submit"]').click()]);
      await page.locator('.error-summary').waitFor({ state: 'visible', timeout: 10_000 });
      expect(await page.title()).toMatch(/^Fout: /);
      await page.locator('#submit-declaration').check();
      await Promise.all([page.waitForURL((url) => url.pathname === `${REPORT}/bevestiging`, { timeout: 10_000 }), page.locator('#submit button[type="submit"]').click()]);
    });
    expect.soft(withoutJs, 'submitting the report without JavaScript').toBe('');
    const page = await signedIn(browser, PENVOERDER);
    try {
      if (withoutJs) {
        await page.goto(`${REPORT}/controleren`);
        await page.locator('#submit-declaration').check();
        await Promise.all([page.waitForURL((url) => url.pathname === `${REPORT}/bevestiging`), page.locator('#submit button[type="submit"]').click()]);
      } else {
        await page.goto(`${REPORT}/bevestiging`);
      }
      await settle(page);
      expect(await page.locator('main').innerText()).toMatch(/IPCEI-CIS-ECOFED-2025-R1/);
      expect(await taskListStatus(page)).toContain('Ingediend');
    } finally {
      await page.context().close();
    }
  });

  step('reviewer A asks a question on the costs section and asks for changes', async () => {
    const page = await signedIn(browser, REVIEWER_A);
    try {
      await page.goto('/beoordelen');
      await a11y(page, 'review inbox');
      const link = page.locator('main table tbody a', { hasText: `ECOFED ${YEAR}` });
      await Promise.all([page.waitForURL(/\/beoordelen\/[0-9a-f-]{36}$/), link.first().click()]);
      await settle(page);
      reportId = new URL(page.url()).pathname.split('/').pop() ?? '';
      await a11y(page, 'review page');

      await page.locator('#ask-costs').locator('xpath=ancestor::details[1]/summary').click();
      await page.locator('#ask-costs-body').fill('De personeelskosten van TNO liggen ver onder de begroting. Klopt het aantal uren?');
      await submit(page, page.locator('#ask-costs button[type="submit"]'));
      // textContent, not innerText: the thread may sit in a folded <details> after the reload.
      await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toContain('Klopt het aantal uren?');
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'review-page', 1800);

      await decide(page, 'request_changes');
      await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain('Wijzigingen gevraagd');
    } finally {
      await page.context().close();
    }
  });

  step('a partner of another project gets nothing of this report from its URLs', async () => {
    const page = await signedIn(browser, OUTSIDER);
    try {
      const urls = [REPORT, `${REPORT}/kosten`, `${REPORT}/voortgang`, `${REPORT}/controleren`, `/beoordelen/${reportId}`, `/vragen/${reportId}`, `/exporten/dossier/${reportId}`, '/projecten/ECOFED/dashboard'];
      for (const url of urls) {
        const response = await page.goto(url);
        expect([403, 404], `${url} answers ${response?.status()} to a MISD partner`).toContain(response?.status());
        const body = await page.content();
        for (const name of ['AMS-IX', 'i3D.net', 'Info Support', 'Ontwikkelaars federatieplatform', 'Klopt het aantal uren?']) {
          expect(body, `${url} shows "${name}" to a MISD partner`).not.toContain(name);
        }
      }
      // A write is refused as well, and changes nothing (checked below: the report stays as it is).
      const post = await page.request.post(`${REPORT}/risicos`, {
        form: { intent: 'save', version: '1', deviations: 'overwritten', complete: 'on' },
        headers: { origin: inject('baseURL') },
      });
      expect([403, 404]).toContain(post.status());
    } finally {
      await page.context().close();
    }
  });

  step('the penvoerder answers the question, fixes the costs and resubmits', async () => {
    const page = await signedIn(browser, PENVOERDER);
    try {
      expect(await taskListStatus(page)).toContain('Wijzigingen gevraagd');
      await page.goto(`/vragen/${reportId}`);
      await a11y(page, 'questions for the project');
      await page.locator('details.reply summary').first().click();
      const reply = page.locator('textarea[id^="reply-"]').first();
      await reply.fill('Nee, de uren van het vierde kwartaal ontbraken. Wij hebben ze toegevoegd.');
      await submit(page, page.locator('form:has(textarea[id^="reply-"]) button[type="submit"]').first());
      await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain('uren van het vierde kwartaal ontbraken');

      // TNO's part: the penvoerder is TNO, adds the missing hours and signs off again.
      await page.goto(`${REPORT}/kosten`);
      await Promise.all([page.waitForURL(/\/kosten\/[0-9a-f-]{36}$/), page.locator('main a', { hasText: 'Deel van TNO invullen' }).click()]);
      await settle(page);
      await page.locator('#costs button[name="intent"][value="add"]').click();
      await byId(page, 'costs-lines.2.category').waitFor({ state: 'visible' });
      await byId(page, 'costs-lines.2.category').selectOption('personnel');
      await byId(page, 'costs-lines.2.description').fill('Uren vierde kwartaal');
      await byId(page, 'costs-lines.2.employeeRef').fill('E-400');
      await byId(page, 'costs-lines.2.hours').fill('400');
      await submit(page, page.locator('#costs button[name="intent"][value="save"]:not(.visually-hidden)'));
      await expect(page.locator('.error-summary').count()).resolves.toBe(0);
      await byId(page, 'costs-confirm').check();
      await submit(page, page.locator('#signoff button[name="intent"][value="signoff"]'));

      await page.goto(`${REPORT}/controleren`);
      await a11y(page, 'check answers');
      await page.locator('#submit-declaration').check();
      await Promise.all([page.waitForURL((url) => url.pathname === `${REPORT}/bevestiging`), page.locator('#submit button[type="submit"]').click()]);
      await settle(page);
      expect(await page.locator('main').innerText()).toMatch(/IPCEI-CIS-ECOFED-2025-R2/);
      await a11y(page, 'confirmation');
    } finally {
      await page.context().close();
    }
  });

  step('reviewer A recommends and cannot approve; reviewer B approves', async () => {
    const a = await signedIn(browser, REVIEWER_A);
    try {
      await a.goto(`/beoordelen/${reportId}`);
      await decide(a, 'recommend');
      await expect.poll(() => a.locator('main').textContent(), { timeout: 15_000 }).toContain('Goedkeuring voorgesteld');
      // Four eyes: the recommender is offered no approval, and is told why.
      await a.goto(`/beoordelen/${reportId}`);
      await expect(a.locator('#decide input[value="approve"]').count()).resolves.toBe(0);
      await expect.poll(() => a.locator('main').textContent(), { timeout: 15_000 }).toContain('Een andere beoordelaar moet goedkeuren');
      await checkA11y(a, 'review page (recommended, reviewer A)');
    } finally {
      await a.context().close();
    }

    const b = await signedIn(browser, REVIEWER_B);
    try {
      await b.goto(`/beoordelen/${reportId}`);
      await decide(b, 'approve');
      await expect.poll(() => b.locator('main').textContent(), { timeout: 15_000 }).toContain('Goedgekeurd');
    } finally {
      await b.context().close();
    }
  });

  step('EZ sees the dashboard figures change and downloads the Commission summary and the TAM register', async () => {
    const page = await signedIn(browser, EZ);
    try {
      const approvedAfter = await ecofedApprovedCosts(page);
      expect(approvedAfter, 'ECOFED approved costs on the dashboard').not.toBe(approvedBefore);
      await a11y(page, 'dashboard');
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, 'dashboard', 1800);

      await page.goto('/exporten');
      await a11y(page, 'exports');
      await screenshot(page, 'exports', 1400);
      const download = async (kind: string) => {
        await page.goto('/exporten');
        await page.locator(`#export input[name="kind"][value="${kind}"]`).check();
        if (kind !== 'tam') await page.locator('#export-year').selectOption(String(YEAR));
        await page.locator('#export input[name="format"][value="json"]').check();
        const [file] = await Promise.all([page.waitForEvent('download'), page.locator('#export button[value="download"]').click()]);
        const stream = await file.createReadStream();
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
      };
      const commission = await download('commission');
      expect(commission.name).toMatch(/\.json$/);
      // Only ECC rests on the IPCEI Communication: the Commission hears of ECC only.
      expect(commission.text).toContain('ECC');
      expect(commission.text).not.toContain('ECOFED');
      const tam = await download('tam');
      expect(tam.name).toMatch(/\.json$/);
      for (const name of ['AMS-IX', 'i3D.net', 'Info Support', 'Leaseweb']) expect(tam.text).toContain(name);
    } finally {
      await page.context().close();
    }
  });

  step('an administrator reopens the approved report', async () => {
    const page = await signedIn(browser, ADMIN);
    try {
      await page.goto(`/beoordelen/${reportId}`);
      await decide(page, 'reopen', 'Vaststelling: de accountant vraagt een correctie van de personeelskosten.');
      await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain('Wijzigingen gevraagd');
    } finally {
      await page.context().close();
    }
    const penvoerder = await signedIn(browser, PENVOERDER);
    try {
      expect(await taskListStatus(penvoerder)).toContain('Wijzigingen gevraagd');
    } finally {
      await penvoerder.context().close();
    }
  });
});

interface FocusedElement {
  id: string;
  tag: string;
  name: string;
  value: string;
  visibleFocus: boolean;
}

/** Presses Tab until `match` holds for the focused element; every stop must show its focus. */
async function tabUntil(page: Page, match: (el: FocusedElement) => boolean, maxTabs = 60) {
  for (let i = 0; i < maxTabs; i += 1) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate((): FocusedElement => {
      const active = document.activeElement as HTMLInputElement | null;
      if (!active || active === document.body) return { id: '', tag: 'body', name: '', value: '', visibleFocus: false };
      const style = getComputedStyle(active);
      return {
        id: active.id,
        tag: active.tagName.toLowerCase(),
        name: active.getAttribute('name') ?? '',
        value: active.getAttribute('value') ?? '',
        visibleFocus: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== ''),
      };
    });
    expect(el.visibleFocus, `focus on <${el.tag} id="${el.id}" name="${el.name}"> is not visible`).toBe(true);
    if (match(el)) return;
  }
  throw new Error(`the element was not reached within ${maxTabs} presses of Tab`);
}

async function fillRisks(page: Page) {
  await page.goto(`${REPORT}/risicos`);
  await page.locator('#risks-deviations').fill('Geen grote afwijkingen. De werving liep twee maanden achter.');
  await page.locator('[id="risks-risks.0.description"]').fill('Te weinig ontwikkelaars beschikbaar');
  await page.locator('[id="risks-risks.0.likelihood"]').selectOption('medium');
  await page.locator('[id="risks-risks.0.impact"]').selectOption('high');
  await page.locator('[id="risks-risks.0.mitigation"]').fill('Samenwerking met hogescholen voor stageplaatsen');
  await page.locator('#risks-complete').check();
}

/** Runs `act` as the penvoerder in a browser without JavaScript; '' when it worked, else what went wrong. */
async function attemptWithoutJs(browser: Browser, act: (page: Page) => Promise<void>): Promise<string> {
  const page = await signedIn(browser, PENVOERDER, { javaScriptEnabled: false });
  try {
    await act(page);
    return '';
  } catch (error) {
    const problem = await page
      .locator('.error-summary, [role="alert"]')
      .allInnerTexts()
      .catch(() => []);
    return `${String(error).split('\n')[0]} at ${page.url()}${problem.length ? ` (page says: ${problem.join(' | ').replace(/\s+/g, ' ')})` : ''}`;
  } finally {
    await page.context().close();
  }
}
