import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, milestones, organisations, partnerBudgets, programmes, projectPartners, projects } from '#db/schema/index';
import { createTranslator } from '#app/i18n/index';
import * as projectRoute from '#app/routes/admin/project';
import * as programmeRoute from '#app/routes/admin/programme';
import * as templateRoute from '#app/routes/admin/import-template';
import type { ImportIssue } from '#app/models/import.server';
import { setupTestDatabase } from '#test/support/db';
import { getRequest, postRequest, sessionCookieFor, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();
const ADMIN = 'admin@demo.ipcei.test';
const BASE = 'http://localhost:3000';
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

type Result = { data?: { form: string; errors: Record<string, string>; issues?: ImportIssue[]; done?: string; params?: Record<string, number> }; init?: { status?: number } };

let ecofedId = '';
let tnoKvk = '';
let amsixKvk = '';
let cookie = '';

beforeAll(async () => {
  const db = database().db;
  const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.code, 'ECOFED'));
  ecofedId = project!.id;
  const orgs = await db.select({ name: organisations.name, kvk: organisations.kvkNumber }).from(organisations);
  tnoKvk = orgs.find((o) => o.name === 'TNO')!.kvk;
  amsixKvk = orgs.find((o) => o.name === 'AMS-IX')!.kvk;
  cookie = await sessionCookieFor(ADMIN);
});

async function upload(kind: string, fileName: string, content: string | Uint8Array) {
  const form = new FormData();
  form.set('intent', 'import');
  form.set('kind', kind);
  form.set('file', new File([content as BlobPart], fileName));
  const request = new Request(`${BASE}/beheer/projecten/ECOFED`, { method: 'POST', headers: { cookie, origin: BASE }, body: form });
  return (await projectRoute.action(args(request, { code: 'ECOFED' }))) as unknown as Result;
}

async function budgetSnapshot() {
  const rows = await database()
    .db.select({ count: sql<number>`count(*)::int`, total: sql<number>`coalesce(sum(${partnerBudgets.amountCents}), 0)::bigint`.mapWith(Number) })
    .from(partnerBudgets)
    .where(eq(partnerBudgets.projectId, ecofedId));
  return rows[0]!;
}

async function milestoneCount() {
  return (await database().db.select({ id: milestones.id }).from(milestones).where(eq(milestones.projectId, ecofedId))).length;
}

const csv = (...lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;

describe('import: happy paths', () => {
  it('imports budgets from a CSV file (semicolons, Dutch amounts), replacing the same partner/year/category', async () => {
    const result = await upload(
      'budgets',
      'begroting.csv',
      csv('kvk_nummer;jaar;kostensoort;bedrag_euro', `${tnoKvk};2026;personeel;1.250.000,50`, `${amsixKvk};2027;apparatuur;40000`),
    );
    expect(result.data?.done).toBe('admin.import.doneBudgets');
    expect(result.data?.params).toEqual({ rows: 2, total: 125_000_050 + 4_000_000 });
    const rows = await database()
      .db.select({ amount: partnerBudgets.amountCents })
      .from(partnerBudgets)
      .innerJoin(organisations, eq(organisations.id, partnerBudgets.organisationId))
      .where(and(eq(partnerBudgets.projectId, ecofedId), eq(organisations.kvkNumber, tnoKvk), eq(partnerBudgets.year, 2026), eq(partnerBudgets.category, 'personnel')));
    expect(rows).toEqual([{ amount: 125_000_050 }]);
    const [audit] = await database().db.select().from(auditLog).where(eq(auditLog.action, 'admin.import_budgets'));
    expect(audit).toMatchObject({ projectId: ecofedId, details: { rows: 2, fileName: 'begroting.csv' } });
  });

  it('imports milestones from an XLSX file made with the downloaded template', async () => {
    const response = (await templateRoute.loader(args(await getRequest('/beheer/sjabloon/milestones/xlsx', ADMIN), { kind: 'milestones', format: 'xlsx' }))) as Response;
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sjabloon-mijlpalen.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'code', 'titel', 'werkpakket', 'geplande_datum']);
    // Replace the example rows by real ones; a date cell as a real spreadsheet date.
    sheet.spliceRows(2, 2);
    sheet.addRow(['M9.1', 'Federatie live bij drie aanbieders', '', new Date(Date.UTC(2027, 5, 30))]);
    sheet.addRow(['M9.2', 'Eindrapport', '', '31-12-2027']);
    const before = await milestoneCount();
    const result = await upload('milestones', 'mijlpalen.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(result.data?.done).toBe('admin.import.doneMilestones');
    const rows = await database().db.select().from(milestones).where(and(eq(milestones.projectId, ecofedId), eq(milestones.code, 'M9.1')));
    expect(rows[0]).toMatchObject({ title: 'Federatie live bij drie aanbieders', plannedDate: '2027-06-30' });
    expect(await milestoneCount()).toBe(before + 2);

    // Importing a known code again (any case) updates it instead of adding one.
    const again = await upload('milestones', 'm.csv', csv('code;titel;werkpakket;geplande_datum', 'm9.1;Federatie live bij vier aanbieders;;2027-09-30'));
    expect(again.data?.done).toBe('admin.import.doneMilestones');
    expect(await milestoneCount()).toBe(before + 2);
    const [updated] = await database().db.select().from(milestones).where(and(eq(milestones.projectId, ecofedId), eq(milestones.code, 'M9.1')));
    expect(updated).toMatchObject({ title: 'Federatie live bij vier aanbieders', plannedDate: '2027-09-30', position: rows[0]!.position });
  });

  it('serves both templates as CSV with a BOM and semicolons', async () => {
    const response = (await templateRoute.loader(args(await getRequest('/beheer/sjabloon/budgets/csv', ADMIN), { kind: 'budgets', format: 'csv' }))) as Response;
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFFkvk_nummer;jaar;kostensoort;bedrag_euro\r\n')).toBe(true);
    const missing = await thrownResponse(async () => templateRoute.loader(args(await getRequest('/beheer/sjabloon/x/csv', ADMIN), { kind: 'x', format: 'csv' })));
    expect(missing.status).toBe(404);
  });
});

describe('import: every rejection leaves nothing half-imported', () => {
  const cases: { name: string; kind: string; file: string; content: string | Uint8Array; issues: Partial<ImportIssue>[] }[] = [
    {
      name: 'wrong columns',
      kind: 'budgets',
      file: 'b.csv',
      content: csv('kvk_nummer;jaar;kostensoort;bedrag;opmerking', `x;2026;personeel;1`),
      issues: [
        { row: 1, key: 'errors.admin.import.unknownColumn', params: { column: 'bedrag' } },
        { row: 1, key: 'errors.admin.import.unknownColumn', params: { column: 'opmerking' } },
        { row: 1, key: 'errors.admin.import.missingColumn', params: { column: 'bedrag_euro' } },
      ],
    },
    {
      name: 'wrong types and a missing amount (one valid row does not get through either)',
      kind: 'budgets',
      file: 'b.csv',
      content: csv('kvk_nummer;jaar;kostensoort;bedrag_euro', `TNOKVK;2026;personeel;1000`, `TNOKVK;twintig;reizen;abc`, `TNOKVK;2026;overig;`),
      issues: [
        { row: 3, key: 'errors.admin.import.yearInvalid' },
        { row: 3, key: 'errors.admin.import.categoryInvalid' },
        { row: 3, key: 'errors.report.money.notANumber' },
        { row: 4, key: 'errors.admin.import.amountMissing' },
      ],
    },
    {
      name: 'an unknown partner and a year outside the programme',
      kind: 'budgets',
      file: 'b.csv',
      content: csv('kvk_nummer;jaar;kostensoort;bedrag_euro', `99999999;2026;personeel;1000`, `TNOKVK;1999;personeel;1000`),
      issues: [
        { row: 2, key: 'errors.admin.import.unknownPartner', params: { value: '99999999', project: 'ECOFED' } },
        { row: 3, key: 'errors.admin.import.yearOutOfRange' },
      ],
    },
    {
      name: 'the same line twice',
      kind: 'budgets',
      file: 'b.csv',
      content: csv('kvk_nummer;jaar;kostensoort;bedrag_euro', `TNOKVK;2026;personeel;1000`, `TNOKVK;2026;personeel;2000`),
      issues: [{ row: 3, key: 'errors.admin.import.duplicateRow', params: { first: 2 } }],
    },
    {
      name: 'milestones with a bad date and an unknown work package',
      kind: 'milestones',
      file: 'm.csv',
      content: csv('code,titel,werkpakket,geplande_datum', 'M8.1,Goed,,2026-01-31', 'M8.2,Fout,WP99,2026-02-30'),
      issues: [
        { row: 3, key: 'errors.admin.import.unknownWorkPackage' },
        { row: 3, key: 'errors.admin.import.dateInvalid' },
      ],
    },
    { name: 'a file that is not XLSX or CSV', kind: 'budgets', file: 'b.txt', content: 'x', issues: [{ row: null, key: 'errors.admin.import.fileType' }] },
    { name: 'a broken XLSX file', kind: 'budgets', file: 'b.xlsx', content: 'not a zip', issues: [{ row: null, key: 'errors.admin.import.unreadable' }] },
    { name: 'only a header', kind: 'budgets', file: 'b.csv', content: csv('kvk_nummer;jaar;kostensoort;bedrag_euro'), issues: [{ row: null, key: 'errors.admin.import.noRows' }] },
  ];

  it.each(cases)('$name', async ({ kind, file, content, issues }) => {
    const budgets = await budgetSnapshot();
    const count = await milestoneCount();
    const body = typeof content === 'string' ? content.replaceAll('TNOKVK', tnoKvk) : content;
    const result = await upload(kind, file, body);
    expect(result.init?.status).toBe(400);
    expect(result.data?.errors).toEqual({ file: 'errors.admin.import.rejected' });
    expect(result.data?.issues).toEqual(issues.map((i) => expect.objectContaining(i)));
    expect(result.data?.issues).toHaveLength(issues.length);
    expect(await budgetSnapshot()).toEqual(budgets);
    expect(await milestoneCount()).toBe(count);
  });

  it('reads as a person would: "rij 4: bedrag ontbreekt"', async () => {
    const result = await upload('budgets', 'b.csv', csv('kvk_nummer;jaar;kostensoort;bedrag_euro', `${tnoKvk};2026;personeel;1000`, `${tnoKvk};2026;apparatuur;5`, `${tnoKvk};2026;overig;`));
    const issue = result.data!.issues![0]!;
    const tr = createTranslator('nl');
    expect(`${tr.t('admin.import.rowPrefix', { row: issue.row! })}${tr.t(issue.key, issue.params)}`).toBe('rij 4: bedrag ontbreekt');
  });

  it('refuses a file without a choice of kind, or no file at all', async () => {
    const form = new FormData();
    form.set('intent', 'import');
    form.set('kind', 'budgets');
    const request = new Request(`${BASE}/beheer/projecten/ECOFED`, { method: 'POST', headers: { cookie, origin: BASE }, body: form });
    const result = (await projectRoute.action(args(request, { code: 'ECOFED' }))) as unknown as Result;
    expect(result.init?.status).toBe(400);
    expect(result.data?.errors).toEqual({ file: 'errors.admin.import.fileMissing' });
  });
});

describe('the programme cap', () => {
  async function capAndGranted() {
    const [row] = await database()
      .db.select({
        cap: programmes.subsidyCapCents,
        granted: sql<number>`(select sum(pp.granted_cents) from project_partners pp join projects p on p.id = pp.project_id where p.programme_id = "programmes"."id")::bigint`.mapWith(Number),
      })
      .from(programmes)
      .where(eq(programmes.code, 'IPCEI-CIS'));
    return row!;
  }

  async function partner(name: string) {
    const [row] = await database()
      .db.select()
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(and(eq(projectPartners.projectId, ecofedId), eq(organisations.name, name)));
    return row!;
  }

  function partnerFields(row: Awaited<ReturnType<typeof partner>>, grantedCents: number) {
    return {
      intent: `partner:${row.organisations.id}`,
      grantedEuros: `${grantedCents / 100}`,
      grantedOn: row.project_partners.grantedOn,
      enterpriseTypeAtGrant: row.project_partners.enterpriseTypeAtGrant,
      costMethod: row.project_partners.costMethod,
      hourlyRateEuros: `${row.project_partners.hourlyRateCents / 100}`,
      kvkNumber: row.organisations.kvkNumber,
      nuts2Region: row.organisations.nuts2Region,
      naceCode: row.organisations.naceCode,
    };
  }

  async function savePartner(fields: Record<string, string>) {
    return (await projectRoute.action(args(await postRequest('/beheer/projecten/ECOFED', fields, ADMIN), { code: 'ECOFED' }))) as unknown as Result;
  }

  it('refuses a grant that would take the programme over the cap, with a clear message', async () => {
    const { cap, granted } = await capAndGranted();
    const bit = await partner('BIT');
    const headroom = cap - granted;
    const result = await savePartner(partnerFields(bit, bit.project_partners.grantedCents + headroom + 100));
    expect(result.init?.status).toBe(409);
    expect(result.data?.errors).toEqual({ grantedEuros: 'errors.admin.cap.exceeded' });
    expect((await capAndGranted()).granted).toBe(granted);
    // Exactly up to the cap is allowed.
    const ok = await savePartner(partnerFields(bit, bit.project_partners.grantedCents + headroom));
    expect(ok.data?.done).toBe('admin.partner.saved');
    expect((await capAndGranted()).granted).toBe(cap);
    // Back to where it was.
    await savePartner(partnerFields(bit, bit.project_partners.grantedCents));
  });

  it('of two concurrent raises that each fit but together do not, exactly one wins (a real race on the server; one after the other on PGlite)', async () => {
    const { cap, granted } = await capAndGranted();
    const headroom = cap - granted;
    expect(headroom).toBeGreaterThan(100);
    const raise = Math.floor((headroom * 0.6) / 100) * 100;
    const [bit, amsix] = await Promise.all([partner('BIT'), partner('AMS-IX')]);
    const results = await Promise.all([
      savePartner(partnerFields(bit, bit.project_partners.grantedCents + raise)),
      savePartner(partnerFields(amsix, amsix.project_partners.grantedCents + raise)),
    ]);
    const won = results.filter((r) => r.data?.done === 'admin.partner.saved');
    const lost = results.filter((r) => r.init?.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.data?.errors).toEqual({ grantedEuros: 'errors.admin.cap.exceeded' });
    const after = await capAndGranted();
    expect(after.granted).toBe(granted + raise);
    expect(after.granted).toBeLessThanOrEqual(cap);
  });

  it('refuses lowering the cap below what has been granted', async () => {
    const [programme] = await database().db.select().from(programmes).where(eq(programmes.code, 'IPCEI-CIS'));
    const { granted } = await capAndGranted();
    const result = (await programmeRoute.action(
      args(
        await postRequest(
          '/beheer/programma',
          {
            id: programme!.id,
            code: programme!.code,
            name: programme!.name,
            subsidyCapEuros: `${(granted - 100) / 100}`,
            firstReportingYear: String(programme!.firstReportingYear),
            lastReportingYear: String(programme!.lastReportingYear),
            reportDueMonth: '2',
            reportDueDay: '1',
            grantingAuthority: programme!.grantingAuthority,
            productiveHoursPerYear: '1720',
            fourEyes: 'on',
          },
          ADMIN,
        ),
      ),
    )) as unknown as Result;
    expect(result.init?.status).toBe(409);
    expect(result.data?.errors).toEqual({ subsidyCapEuros: 'errors.admin.cap.exceeded' });
    const [after] = await database().db.select().from(programmes).where(eq(programmes.id, programme!.id));
    expect(after!.subsidyCapCents).toBe(programme!.subsidyCapCents);
  });
});
