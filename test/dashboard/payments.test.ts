import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, organisations, payments, projectPartners, projects } from '#db/schema/index';
import type { Locale } from '#app/rules/locale';
import { parseMoney } from '#app/rules/numbers';
import * as paymentsRoute from '#app/routes/admin/payments';
import { setupTestDatabase } from '#test/support/db';
import { getRequest, postRequest, sessionCookieFor, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();
const args = (request: Request) => ({ request, params: {}, context: {} });
const ADMIN = 'admin@demo.ipcei.test';

async function partnerId(projectCode: string, name: string) {
  const [row] = await database()
    .db.select({ organisationId: projectPartners.organisationId, grantedCents: projectPartners.grantedCents })
    .from(projectPartners)
    .innerJoin(projects, eq(projects.id, projectPartners.projectId))
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .where(and(eq(projects.code, projectCode), eq(organisations.name, name)));
  if (!row) throw new Error(`${name} is not a partner of ${projectCode}`);
  return row;
}

async function count(table: typeof payments | typeof auditLog, where = sql`true`) {
  const [row] = await database().db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return row!.n;
}

/** Runs the action; a redirect comes back as a Response, an error as `data()` with a status. */
async function post(fields: Record<string, string>, email = ADMIN) {
  const result = (await paymentsRoute.action(args(await postRequest('/beheer/betalingen', fields, email)))) as unknown;
  if (result instanceof Response) return { status: result.status, location: result.headers.get('location'), errors: undefined };
  const { data, init } = result as { data: { errors: Record<string, string> }; init: { status?: number } | null };
  return { status: init?.status ?? 200, location: null, errors: data.errors };
}

describe('recording advances', () => {
  it('records an advance with its audit entry and confirms it on the page', async () => {
    const tno = await partnerId('ECOFED', 'TNO');
    const before = await count(auditLog, sql`${auditLog.action} = 'payment.record'`);
    const result = await post({ intent: 'payment', project: 'ECOFED', partner: tno.organisationId, amount: '125.000,50', paidOn: '2025-06-02', reference: 'VS-TEST-1' });
    expect(result.status).toBe(302);
    expect(result.location).toBe('/beheer/betalingen?project=ECOFED&gedaan=betaling&kenmerk=VS-TEST-1');
    const [row] = await database().db.select().from(payments).where(eq(payments.reference, 'VS-TEST-1'));
    expect(row).toMatchObject({ amountCents: 12_500_050, paidOn: '2025-06-02', kind: 'advance', organisationId: tno.organisationId });
    expect(await count(auditLog, sql`${auditLog.action} = 'payment.record'`)).toBe(before + 1);
    const page = await paymentsRoute.loader(args(await getRequest(result.location!, ADMIN)));
    expect(page.recorded).toMatchObject({ reference: 'VS-TEST-1', amountCents: 12_500_050, organisation: 'TNO' });
  });

  it('refuses a payment that would exceed the granted amount, and saves nothing', async () => {
    const amsix = await partnerId('ECOFED', 'AMS-IX');
    const paidBefore = await count(payments);
    const auditBefore = await count(auditLog);
    // AMS-IX: granted € 3.300.000, already paid 55%: € 1.485.000 left.
    const result = await post({ intent: 'payment', project: 'ECOFED', partner: amsix.organisationId, amount: '1485000,01', paidOn: '2025-06-02', reference: 'VS-TEST-2' });
    expect(result.status).toBe(409);
    expect(result.errors).toEqual({ amount: 'errors.dashboard.amount.exceedsGranted' });
    expect(await count(payments)).toBe(paidBefore);
    expect(await count(auditLog)).toBe(auditBefore);
    // Exactly what is left is fine.
    const exact = await post({ intent: 'payment', project: 'ECOFED', partner: amsix.organisationId, amount: '1485000', paidOn: '2025-06-02', reference: 'VS-TEST-3' });
    expect(exact.status).toBe(302);
  });

  it('refuses a reference that is already used', async () => {
    const bit = await partnerId('ECOFED', 'BIT');
    const result = await post({ intent: 'payment', project: 'ECOFED', partner: bit.organisationId, amount: '10', paidOn: '2025-06-02', reference: 'VS-2024-ECOFED-BIT-1' });
    expect(result.status).toBe(409);
    expect(result.errors).toEqual({ reference: 'errors.dashboard.reference.taken' });
  });

  it('answers 400 with a specific message for each bad field', async () => {
    const bit = await partnerId('ECOFED', 'BIT');
    const result = await post({ intent: 'payment', project: 'ECOFED', partner: bit.organisationId, amount: '12,345', paidOn: '2025-02-30', reference: '' });
    expect(result.status).toBe(400);
    expect(result.errors).toEqual({
      // '12,345' on a Dutch page: cents or thousands? The one money reader refuses to guess.
      amount: 'errors.report.money.ambiguous',
      paidOn: 'errors.dashboard.paidOn.invalid',
      reference: 'errors.dashboard.reference.required',
    });
    const zero = await post({ intent: 'payment', project: 'ECOFED', partner: bit.organisationId, amount: '0', paidOn: '2099-01-01', reference: 'X' });
    expect(zero.errors).toEqual({ amount: 'errors.dashboard.amount.positive', paidOn: 'errors.dashboard.paidOn.future' });
  });

  it('refuses a partner of another project', async () => {
    const leaseweb = await partnerId('ECC', 'Leaseweb');
    const result = await post({ intent: 'payment', project: 'ECOFED', partner: leaseweb.organisationId, amount: '10', paidOn: '2025-06-02', reference: 'VS-TEST-4' });
    expect(result.status).toBe(400);
    expect(result.errors).toEqual({ partner: 'errors.dashboard.partner.unknown' });
  });

  it('is for administrators only', async () => {
    for (const email of ['reviewer.a@demo.ipcei.test', 'ez@demo.ipcei.test', 'penvoerder.ecofed@demo.ipcei.test']) {
      expect((await thrownResponse(async () => paymentsRoute.loader(args(await getRequest('/beheer/betalingen', email))))).status).toBe(403);
      const response = await thrownResponse(async () =>
        paymentsRoute.action(args(await postRequest('/beheer/betalingen', { intent: 'payment', project: 'ECOFED' }, email))),
      );
      expect(response.status).toBe(403);
    }
  });
});

describe('changing granted amounts', () => {
  it('refuses a grant above the programme cap and one below what was paid', async () => {
    const leaseweb = await partnerId('ECC', 'Leaseweb');
    // Cap € 71.200.000; granted € 65.300.000 (before the tests above, which only paid): headroom € 5.900.000.
    const over = await post({ intent: 'grant', project: 'ECC', partner: leaseweb.organisationId, amount: '19900000,01' });
    expect(over.status).toBe(409);
    expect(over.errors).toEqual({ amount: 'errors.dashboard.amount.exceedsCap' });
    const below = await post({ intent: 'grant', project: 'ECC', partner: leaseweb.organisationId, amount: '4199999,99' });
    expect(below.status).toBe(409);
    expect(below.errors).toEqual({ amount: 'errors.dashboard.amount.belowPaid' });
    expect((await partnerId('ECC', 'Leaseweb')).grantedCents).toBe(leaseweb.grantedCents);
  });

  it('of two concurrent raises that together pass the cap, exactly one succeeds (a real race on the server; one after the other on PGlite)', async () => {
    const leaseweb = await partnerId('ECC', 'Leaseweb');
    const tno = await partnerId('ECOFED', 'TNO');
    const auditBefore = await count(auditLog, sql`${auditLog.action} = 'grant.change'`);
    // Each raise (+ € 4.000.000) fits the € 5.900.000 headroom on its own; together they do not.
    const requests = await Promise.all([
      postRequest('/beheer/betalingen', { intent: 'grant', project: 'ECC', partner: leaseweb.organisationId, amount: String((leaseweb.grantedCents + 400_000_000) / 100) }, ADMIN),
      postRequest('/beheer/betalingen', { intent: 'grant', project: 'ECOFED', partner: tno.organisationId, amount: String((tno.grantedCents + 400_000_000) / 100) }, ADMIN),
    ]);
    const results = await Promise.all(requests.map((request) => paymentsRoute.action(args(request)) as Promise<unknown>));
    const statuses = results.map((r) => (r instanceof Response ? r.status : ((r as { init: { status: number } }).init.status)));
    expect(statuses.sort()).toEqual([302, 409]);
    const refused = results.find((r) => !(r instanceof Response)) as { data: { errors: Record<string, string> } };
    expect(refused.data.errors).toEqual({ amount: 'errors.dashboard.amount.exceedsCap' });
    const [total] = await database()
      .db.select({ granted: sql<number>`sum(${projectPartners.grantedCents})::bigint`.mapWith(Number) })
      .from(projectPartners)
      .innerJoin(projects, eq(projects.id, projectPartners.projectId));
    expect(total!.granted).toBe(6_530_000_000 + 400_000_000);
    expect(await count(auditLog, sql`${auditLog.action} = 'grant.change'`)).toBe(auditBefore + 1);
  });
});

describe('amounts in Dutch and English notation', () => {
  /** The payment form posted on a page in `locale` (the language cookie), with a date that is refused so nothing is saved. */
  async function amountError(amount: string, locale: Locale) {
    const bit = await partnerId('ECOFED', 'BIT');
    const cookie = `${await sessionCookieFor(ADMIN)}; lang=${locale}`;
    const body = new URLSearchParams({ intent: 'payment', project: 'ECOFED', partner: bit.organisationId, amount, paidOn: '', reference: 'VS-NOTATION' });
    const request = new Request('http://localhost:3000/beheer/betalingen', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000', cookie },
      body: body.toString(),
    });
    const result = (await paymentsRoute.action(args(request))) as unknown as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.errors.paidOn).toBe('errors.dashboard.paidOn.required');
    return result.data.errors.amount;
  }

  const CASES = ['1.234,56', '1.23', '12,345', '1,234.56', '€ 1.234'] as const;
  const LOCALES = ['nl', 'en'] as const;

  it('reads what parseMoney reads, in the page language: the same cents or the same message', async () => {
    // The answers themselves, so that a change of the reader shows here too.
    const expected: Record<Locale, Record<(typeof CASES)[number], number | string>> = {
      nl: { '1.234,56': 123_456, '1.23': 'errors.report.money.ambiguous', '12,345': 'errors.report.money.ambiguous', '1,234.56': 'errors.report.money.englishNotation', '€ 1.234': 123_400 },
      en: { '1.234,56': 'errors.report.money.dutchNotation', '1.23': 123, '12,345': 1_234_500, '1,234.56': 123_456, '€ 1.234': 'errors.report.money.ambiguous' },
    };
    for (const locale of LOCALES) {
      for (const text of CASES) {
        const reader = parseMoney(text, locale);
        expect(reader.ok ? reader.cents : reader.error, `${text} (${locale})`).toBe(expected[locale][text]);
        // The action, in that language: refused with the reader's message, or accepted as an amount.
        expect(await amountError(text, locale), `${text} (${locale})`).toBe(reader.ok ? undefined : reader.error);
        // The forms' schemas, in that language: exactly the reader's cents.
        for (const schema of [paymentsRoute.paymentSchema(locale), paymentsRoute.grantSchema(locale)]) {
          const amount = schema.shape.amount.safeParse(text);
          expect(amount.success ? amount.data : amount.error.issues[0]?.message, `${text} (${locale})`).toBe(reader.ok ? reader.cents : reader.error);
        }
      }
    }
  });

  it('refuses zero and nonsense with their own messages', () => {
    const amount = (text: string) => {
      const result = paymentsRoute.paymentSchema('nl').shape.amount.safeParse(text);
      return result.success ? result.data : result.error.issues[0]?.message;
    };
    expect(amount('125.000,50')).toBe(12_500_050);
    expect(amount('0,1')).toBe(10);
    expect(amount('0')).toBe('errors.dashboard.amount.positive');
    expect(amount('-5')).toBe('errors.report.money.negative');
    expect(amount('1e6')).toBe('errors.report.money.notANumber');
    expect(amount('')).toBe('errors.report.money.required');
    expect(paymentsRoute.paymentSchema('en').shape.amount.safeParse('125,000.50')).toMatchObject({ success: true, data: 12_500_050 });
  });
});
