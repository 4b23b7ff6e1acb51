/**
 * One money reader: every amount the administrator types (the programme cap, a new project's grant
 * and hourly rate, a partner's grant and hourly rate when added or changed) and every amount in a
 * spreadsheet import is read by app/rules/numbers in the page's language. The same inputs through
 * each of them, on a Dutch and on an English page, give the answer parseMoney gives.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organisations, partnerBudgets, programmes, projectPartners, projects } from '#db/schema/index';
import { HOURLY_RATE_MAX_CENTS } from '#app/components/admin/partner';
import * as programmeRoute from '#app/routes/admin/programme';
import * as projectRoute from '#app/routes/admin/project';
import * as projectsRoute from '#app/routes/admin/projects';
import type { Locale } from '#app/rules/locale';
import { formatMoneyInput, parseMoney } from '#app/rules/numbers';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';

const database = setupTestDatabase();
const BASE = 'http://localhost:3000';
const ADMIN = 'admin@demo.ipcei.test';
const PARTNER_KVK = '69999999';

const INPUTS = ['1.234,56', '1.23', '12,345', '1,234.56', '€ 1.234'] as const;
const LOCALES: Locale[] = ['nl', 'en'];
const CASES = LOCALES.flatMap((locale) => INPUTS.map((input) => ({ locale, input })));

type Outcome = { stored: number } | { status: number; error: string | undefined };
type Result = { data?: { errors?: Record<string, string>; done?: string; issues?: { row: number | null; key: string }[] }; init?: { status?: number }; saved?: string | null };

let session = '';
let programmeId = '';
let tnoId = '';
let ecofedId = '';
let partnerId = '';
let serial = 0;

/** A form post on a page in `locale` (the language cookie of the switch), as the administrator. */
function request(path: string, fields: Record<string, string>, locale: Locale) {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', origin: BASE, cookie: `${session}; lang=${locale}` });
  return new Request(`${BASE}${path}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
}
const args = (req: Request, params: Record<string, string> = {}) => ({ request: req, params, context: {} });

/** What the forms must answer: parseMoney's error, or the amount (or, outside the field's range, its range message). */
function expected(input: string, locale: Locale, range?: { max: number; message: string }): Outcome {
  const read = parseMoney(input, locale);
  if (!read.ok) return { status: 400, error: read.error };
  if (range && (read.cents < 1 || read.cents > range.max)) return { status: 400, error: range.message };
  return { stored: read.cents };
}

const RATE = { max: HOURLY_RATE_MAX_CENTS, message: 'errors.admin.partner.hourlyRate' };

async function grantOf(projectId: string, organisationId: string) {
  const [row] = await database()
    .db.select({ granted: projectPartners.grantedCents, rate: projectPartners.hourlyRateCents })
    .from(projectPartners)
    .where(and(eq(projectPartners.projectId, projectId), eq(projectPartners.organisationId, organisationId)));
  return row!;
}

function failure(result: Result, field: string): Outcome {
  return { status: result.init?.status ?? 200, error: result.data?.errors?.[field] };
}

async function newProject(locale: Locale, amounts: { grantedEuros: string; hourlyRateEuros: string }, field: 'granted' | 'rate'): Promise<Outcome> {
  const code = `MONEY-${++serial}`;
  const result = await projectsRoute.action(
    args(
      request(
        '/beheer/projecten',
        {
          programmeId,
          code,
          name: 'Money test',
          aidBasis: 'gber',
          leadOrganisationId: tnoId,
          grantDecisionReference: `RVO-${code}`,
          grantDecisionDate: '2026-03-01',
          aidMeasureNumber: 'SA.100000',
          aidObjective: 'Research',
          startDate: '2026-04-01',
          endDate: '2029-12-31',
          grantedOn: '2026-03-01',
          enterpriseTypeAtGrant: 'research',
          costMethod: 'full_cost_iks',
          ...amounts,
        },
        locale,
      ),
    ),
  );
  if (!(result instanceof Response)) return failure(result as unknown as Result, field === 'granted' ? 'grantedEuros' : 'hourlyRateEuros');
  expect(result.status).toBe(302);
  const [project] = await database().db.select({ id: projects.id }).from(projects).where(eq(projects.code, code));
  const grant = await grantOf(project!.id, tnoId);
  return { stored: field === 'granted' ? grant.granted : grant.rate };
}

const partnerFields = (locale: Locale) => ({
  grantedEuros: formatMoneyInput(100_000, locale),
  grantedOn: '2026-03-01',
  enterpriseTypeAtGrant: 'sme',
  costMethod: 'wage_plus_overhead',
  hourlyRateEuros: formatMoneyInput(9_000, locale),
  nuts2Region: 'NL33',
  naceCode: '62.01',
});

async function addPartner(locale: Locale, amounts: Record<string, string>, field: 'grantedEuros' | 'hourlyRateEuros'): Promise<Outcome> {
  const n = ++serial;
  const kvkNumber = String(60_000_000 + n);
  const result = (await projectRoute.action(
    args(request('/beheer/projecten/ECOFED', { intent: 'addPartner', name: `Geldtest ${n}`, enterpriseType: 'sme', ...partnerFields(locale), kvkNumber, ...amounts }, locale), { code: 'ECOFED' }),
  )) as unknown as Result;
  if (result.data?.done !== 'admin.partner.added') return failure(result, field);
  const [organisation] = await database().db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kvkNumber, kvkNumber));
  const grant = await grantOf(ecofedId, organisation!.id);
  return { stored: field === 'grantedEuros' ? grant.granted : grant.rate };
}

async function changePartner(locale: Locale, amounts: Record<string, string>, field: 'grantedEuros' | 'hourlyRateEuros'): Promise<Outcome> {
  const result = (await projectRoute.action(
    args(request('/beheer/projecten/ECOFED', { intent: `partner:${partnerId}`, ...partnerFields(locale), kvkNumber: PARTNER_KVK, ...amounts }, locale), { code: 'ECOFED' }),
  )) as unknown as Result;
  if (result.data?.done !== 'admin.partner.saved') return failure(result, field);
  const grant = await grantOf(ecofedId, partnerId);
  return { stored: field === 'grantedEuros' ? grant.granted : grant.rate };
}

async function importBudget(locale: Locale, content: Uint8Array | string, fileName: string): Promise<Outcome> {
  const form = new FormData();
  form.set('intent', 'import');
  form.set('kind', 'budgets');
  form.set('file', new File([content as BlobPart], fileName));
  const req = new Request(`${BASE}/beheer/projecten/ECOFED`, { method: 'POST', headers: { cookie: `${session}; lang=${locale}`, origin: BASE }, body: form });
  const result = (await projectRoute.action(args(req, { code: 'ECOFED' }))) as unknown as Result;
  if (result.data?.done !== 'admin.import.doneBudgets') {
    expect(result.data?.issues).toHaveLength(1);
    expect(result.data?.issues?.[0]?.row).toBe(2);
    return { status: result.init?.status ?? 200, error: result.data?.issues?.[0]?.key };
  }
  const [row] = await database()
    .db.select({ amount: partnerBudgets.amountCents })
    .from(partnerBudgets)
    .where(and(eq(partnerBudgets.projectId, ecofedId), eq(partnerBudgets.organisationId, partnerId), eq(partnerBudgets.year, 2026), eq(partnerBudgets.category, 'personnel')));
  return { stored: row!.amount };
}

const FORMS: { name: string; range?: typeof RATE; submit: (input: string, locale: Locale) => Promise<Outcome> }[] = [
  {
    name: 'programme cap',
    async submit(input, locale) {
      const code = `MONEY-${++serial}`;
      const result = (await programmeRoute.action(
        args(
          request(
            '/beheer/programma',
            {
              code,
              name: 'Money test',
              subsidyCapEuros: input,
              firstReportingYear: '2027',
              lastReportingYear: '2030',
              reportDueMonth: '3',
              reportDueDay: '1',
              grantingAuthority: 'EZ',
              productiveHoursPerYear: '1720',
            },
            locale,
          ),
        ),
      )) as unknown as Result;
      if (result.saved !== code) return failure(result, 'subsidyCapEuros');
      const [row] = await database().db.select({ cap: programmes.subsidyCapCents }).from(programmes).where(eq(programmes.code, code));
      return { stored: row!.cap };
    },
  },
  { name: 'new project: granted', submit: (input, locale) => newProject(locale, { grantedEuros: input, hourlyRateEuros: formatMoneyInput(13_200, locale) }, 'granted') },
  { name: 'new project: hourly rate', range: RATE, submit: (input, locale) => newProject(locale, { grantedEuros: formatMoneyInput(100_000, locale), hourlyRateEuros: input }, 'rate') },
  { name: 'add partner: granted', submit: (input, locale) => addPartner(locale, { grantedEuros: input }, 'grantedEuros') },
  { name: 'add partner: hourly rate', range: RATE, submit: (input, locale) => addPartner(locale, { hourlyRateEuros: input }, 'hourlyRateEuros') },
  { name: 'change partner: granted', submit: (input, locale) => changePartner(locale, { grantedEuros: input }, 'grantedEuros') },
  { name: 'change partner: hourly rate', range: RATE, submit: (input, locale) => changePartner(locale, { hourlyRateEuros: input }, 'hourlyRateEuros') },
  {
    name: 'budget import (CSV text cell)',
    submit: (input, locale) => importBudget(locale, `\uFEFFkvk_nummer;jaar;kostensoort;bedrag_euro\r\n${PARTNER_KVK};2026;personeel;${input}\r\n`, 'begroting.csv'),
  },
];

beforeAll(async () => {
  const db = database().db;
  session = await sessionCookieFor(ADMIN);
  [{ id: programmeId }] = (await db.select({ id: programmes.id }).from(programmes).where(eq(programmes.code, 'IPCEI-CIS'))) as [{ id: string }];
  [{ id: tnoId }] = (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.name, 'TNO'))) as [{ id: string }];
  [{ id: ecofedId }] = (await db.select({ id: projects.id }).from(projects).where(eq(projects.code, 'ECOFED'))) as [{ id: string }];
  // A partner of ECOFED without payments, so that any grant may be set.
  const added = (await projectRoute.action(
    args(request('/beheer/projecten/ECOFED', { intent: 'addPartner', name: 'Geldtest BV', enterpriseType: 'sme', ...partnerFields('nl'), kvkNumber: PARTNER_KVK }, 'nl'), { code: 'ECOFED' }),
  )) as unknown as Result;
  expect(added.data?.done).toBe('admin.partner.added');
  [{ id: partnerId }] = (await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kvkNumber, PARTNER_KVK))) as [{ id: string }];
});

describe('one money reader for every amount an administrator types or imports', () => {
  it('the inputs include amounts that are read and amounts that are refused, in both languages', () => {
    for (const locale of LOCALES) {
      const results = INPUTS.map((input) => parseMoney(input, locale));
      expect(results.some((r) => r.ok)).toBe(true);
      expect(results.some((r) => !r.ok)).toBe(true);
    }
    // The same text means different things per language, or is refused.
    expect(parseMoney('1.234,56', 'nl')).toEqual({ ok: true, cents: 123_456 });
    expect(parseMoney('1,234.56', 'en')).toEqual({ ok: true, cents: 123_456 });
    expect(parseMoney('1.23', 'nl')).toEqual({ ok: false, error: 'errors.report.money.ambiguous' });
  });

  const table = FORMS.flatMap((form) => CASES.map((c) => ({ ...c, form: form.name, range: form.range, submit: form.submit })));
  it.each(table)('$form: "$input" on a page in $locale', async ({ input, locale, range, submit }) => {
    expect(await submit(input, locale)).toEqual(expected(input, locale, range));
  });

  it.each(LOCALES)('a number cell of an XLSX import is read as the number it is (page in %s)', async (locale) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Begrotingen');
    sheet.addRow(['kvk_nummer', 'jaar', 'kostensoort', 'bedrag_euro']);
    sheet.addRow([PARTNER_KVK, 2026, 'personeel', 1234.5]);
    const outcome = await importBudget(locale, new Uint8Array(await workbook.xlsx.writeBuffer()), 'begroting.xlsx');
    expect(outcome).toEqual({ stored: 123_450 });
  });
});
