import { and, asc, desc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { auditLog, costLines, partnerParts, reports, users } from '#db/schema/index';
import { createTranslator } from '#app/i18n/index';
import { checkCostImport, readCostImport, type CostImportIssue } from '#app/report/sections/cost-import.server';
import * as importRoute from '#app/routes/report/cost-import';
import * as templateRoute from '#app/routes/report/cost-import-template';
import { setupTestDatabase } from '#test/support/db';
import { get, multipart, orgId, params, reportOf } from './support';

setupTestDatabase();

const INFOSUPPORT = 'partner.infosupport@demo.ipcei.test';
const TNO_ECOFED = 'partner.tno.ecofed@demo.ipcei.test';
const NL_HEADER = ['Kostensoort', 'Omschrijving', 'Personeelsnummer of functiecode', 'Uren', 'Loonkosten per jaar', 'Bedrag (euro)'];
const nl = createTranslator('nl');

let report: { id: string; projectId: string };
let infosupport = '';
const base = (org: string) => `/projecten/ECOFED/rapporten/2025/kosten/${org}`;
const importParams = (org: string) => params('ECOFED', 2025, { organisationId: org });

type Row = (string | number | null)[];

async function workbook(rows: Row[], header: Row = NL_HEADER): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Kostenregels');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** One line per row: personnel with hours and wage as number cells, the others an amount; names or codes. */
function goodRows(count: number): Row[] {
  const others = ['Apparatuur', 'materials', 'Kosten van derden', 'OVERIG'];
  return Array.from({ length: count }, (_, i) =>
    i % 5 === 0 ? ['personnel', `Ontwikkelaar ${i}`, `E-${1000 + i}`, 120.5, 65_000, null] : [others[(i % 5) - 1]!, `Post ${i}`, null, null, null, 1_234.56 + i],
  );
}

function upload(bytes: Uint8Array, name: string, version: string) {
  const form = new FormData();
  form.append('version', version);
  form.append('file', new File([Buffer.from(bytes)], name, { type: 'application/octet-stream' }));
  return form;
}

async function partRow() {
  const [row] = await getDb().select().from(partnerParts).where(and(eq(partnerParts.reportId, report.id), eq(partnerParts.organisationId, infosupport)));
  return row!;
}

async function linesNow() {
  return getDb()
    .select()
    .from(costLines)
    .where(and(eq(costLines.reportId, report.id), eq(costLines.organisationId, infosupport)))
    .orderBy(asc(costLines.position), asc(costLines.id));
}

async function importAudits() {
  return getDb().select().from(auditLog).where(and(eq(auditLog.action, 'report.part.import'), eq(auditLog.projectId, report.projectId))).orderBy(desc(auditLog.seq));
}

const render = (issue: CostImportIssue) =>
  issue.row !== null && issue.column ? nl.t('costImport.rowError', { row: issue.row, column: nl.t(issue.column), message: nl.t(issue.key, issue.params) }) : nl.t(issue.key, issue.params);

beforeAll(async () => {
  report = await reportOf('ECOFED', 2025);
  infosupport = await orgId('Info Support');
  const db = getDb();
  // This file's own starting point: the report open, Info Support's part signed off.
  await db.update(reports).set({ status: 'draft' }).where(eq(reports.id, report.id));
  const [signer] = await db.select({ id: users.id }).from(users).where(eq(users.email, INFOSUPPORT));
  await db
    .insert(partnerParts)
    .values({ reportId: report.id, projectId: report.projectId, organisationId: infosupport, signedOffAt: new Date(), signedOffBy: signer!.id })
    .onConflictDoUpdate({ target: [partnerParts.reportId, partnerParts.organisationId], set: { signedOffAt: new Date(), signedOffBy: signer!.id } });
});

describe('cost import: a whole part from a spreadsheet', () => {
  it('imports 500 lines over five categories in one save: lines replaced, audited, sign-off withdrawn', async () => {
    const before = await partRow();
    expect(before.signedOffAt).not.toBeNull();
    const bytes = await workbook(goodRows(500));
    const started = performance.now();
    const answer = await multipart(importRoute, `${base(infosupport)}/importeren`, importParams(infosupport), upload(bytes, 'kosten 2025.xlsx', String(before.version)), INFOSUPPORT);
    const elapsed = performance.now() - started;
    console.log(`cost import: 500 lines imported in ${elapsed.toFixed(0)} ms`);
    expect(answer.data?.issues).toBeUndefined();
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(base(infosupport));

    const lines = await linesNow();
    expect(lines).toHaveLength(500);
    expect(new Set(lines.map((l) => l.category))).toEqual(new Set(['personnel', 'equipment', 'materials', 'third_party', 'other']));
    expect(lines[0]).toMatchObject({ category: 'personnel', employeeRef: 'E-1000', hours: 120.5, annualWageCents: 6_500_000, position: 1 });
    expect(lines[0]!.amountCents).toBeGreaterThan(0);
    expect(lines[1]).toMatchObject({ category: 'equipment', description: 'Post 1', hours: null, amountCents: 123_556 });
    expect(lines[3]).toMatchObject({ category: 'third_party', amountCents: 123_756 });

    const after = await partRow();
    expect(after.version).toBe(before.version + 1);
    expect(after.signedOffAt).toBeNull();
    expect(after.signedOffBy).toBeNull();
    const [audit] = await importAudits();
    expect(audit?.details).toMatchObject({ organisationId: infosupport, lines: 500, filename: 'kosten 2025.xlsx', totalCents: lines.reduce((s, l) => s + l.amountCents, 0) });
  });

  it('refuses a file with errors on rows 14 and 20 with 400, listing both rows, and changes nothing', async () => {
    const linesBefore = await linesNow();
    const partBefore = await partRow();
    const auditsBefore = (await importAudits()).length;
    const rows = goodRows(25);
    rows[12] = ['personnel', 'Ontwikkelaar', 'E-77', '12.5', 60_000, null]; // row 14: hours as a text cell, English notation on a Dutch page
    rows[18] = ['reiskosten', 'Reizen', null, null, null, 100]; // row 20: no such category
    const answer = await multipart(
      importRoute,
      `${base(infosupport)}/importeren`,
      importParams(infosupport),
      upload(await workbook(rows), 'fouten.xlsx', String(partBefore.version)),
      INFOSUPPORT,
    );
    expect(answer.status).toBe(400);
    expect(answer.data?.errors).toEqual({ file: 'costImport.error.rejected' });
    const issues = answer.data?.issues as CostImportIssue[];
    expect(issues).toEqual([
      { row: 14, column: 'costImport.column.hours', key: 'errors.report.costs.hoursAmbiguous' },
      { row: 20, column: 'costImport.column.category', key: 'errors.report.costs.categoryInvalid' },
    ]);
    const shown = issues.map(render);
    expect(shown[0]).toMatch(/^Rij 14: Uren: /);
    expect(shown[0]).toBe(`Rij 14: Uren: ${nl.t('errors.report.costs.hoursAmbiguous')}`);
    expect(shown[1]).toMatch(/^Rij 20: Kostensoort: /);
    expect(answer.data?.more).toBe(0);

    expect(await linesNow()).toEqual(linesBefore);
    expect((await partRow()).version).toBe(partBefore.version);
    expect(await importAudits()).toHaveLength(auditsBefore);
  });

  it('lists at most 100 row errors and counts the rest', async () => {
    const rows = Array.from({ length: 130 }, (_, i): Row => ['onbekend', `Post ${i}`, null, null, null, 1]);
    const answer = await multipart(importRoute, `${base(infosupport)}/importeren`, importParams(infosupport), upload(await workbook(rows), 'veel.xlsx', String((await partRow()).version)), INFOSUPPORT);
    expect(answer.status).toBe(400);
    expect(answer.data?.issues).toHaveLength(100);
    expect(answer.data?.more).toBe(30);
  });

  it('downloads the template, whose header and help sheet read back through readCostImport', async () => {
    const answer = await get(templateRoute, `${base(infosupport)}/sjabloon.xlsx`, importParams(infosupport), INFOSUPPORT);
    expect(answer.status).toBe(200);
    const response = answer.response!;
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sjabloon-kosten.xlsx"');
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = new Uint8Array(await response.arrayBuffer());

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const [sheet, help] = wb.worksheets;
    expect((sheet!.getRow(1).values as unknown[]).slice(1)).toEqual(NL_HEADER);
    expect(sheet!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(help!.name).toBe('Toelichting');
    expect((help!.getRow(2).values as unknown[]).slice(1)).toEqual(['personnel', 'Personeel', 'Personnel']);

    // As downloaded: the header is accepted, there are just no lines yet.
    expect(await readCostImport({ name: 'sjabloon-kosten.xlsx', bytes }, 'nl')).toEqual({ ok: false, status: 400, issues: [{ row: null, key: 'costImport.error.noRows' }] });
    // Filled in: read back into the form's lines, number cells in the page's notation.
    sheet!.getRow(2).values = ['Personeel', 'Onderzoeker', 'r-12', 12.5, 54_321.5, null];
    sheet!.getRow(3).values = ['equipment', 'Server', null, null, null, 1_234.5];
    const filled = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const read = await readCostImport({ name: 'ingevuld.xlsx', bytes: filled }, 'nl');
    expect(read).toMatchObject({
      ok: true,
      rowNumbers: [2, 3],
      cellIssues: [],
      lines: [
        { category: 'personnel', description: 'Onderzoeker', employeeRef: 'r-12', hours: '12,5', wage: '54.321,50', amount: '' },
        { category: 'equipment', description: 'Server', employeeRef: '', hours: '', wage: '', amount: '1.234,50' },
      ],
    });
    const english = await readCostImport({ name: 'filled.xlsx', bytes: filled }, 'en');
    expect(english.ok && english.lines[0]).toMatchObject({ hours: '12.5', wage: '54,321.50' });
  });

  it('refuses hours with more than two decimals in a number cell, as a row error', async () => {
    const read = await readCostImport({ name: 'x.xlsx', bytes: await workbook([['personnel', 'A', 'E-1', 12.345, 50_000, null], ['other', 'B', null, null, null, -5]]) }, 'nl');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const context = { costMethod: 'wage_plus_overhead' as const, hourlyRateCents: 0, productiveHours: 1720, budgetCents: { personnel: 0, equipment: 0, materials: 0, third_party: 0, other: 0 } };
    const checked = await checkCostImport(read, 'nl', { version: '0', context, explanations: {} });
    expect(checked).toEqual({
      ok: false,
      issues: [
        { row: 2, column: 'costImport.column.hours', key: 'errors.report.costs.hoursTooManyDecimals' },
        { row: 3, column: 'costImport.column.amount', key: 'errors.report.money.negative' },
      ],
    });
  });

  it('reads a CSV with semicolons in the page notation', async () => {
    const csv = `\uFEFF${NL_HEADER.join(';')}\r\nMaterialen;Kabels;;;;1.234,56\r\n`;
    const read = await readCostImport({ name: 'kosten.csv', bytes: new TextEncoder().encode(csv) }, 'nl');
    expect(read).toMatchObject({ ok: true, lines: [{ category: 'materials', description: 'Kabels', amount: '1.234,56' }] });
  });

  it('refuses a file that is not an XLSX although named .xlsx, a wrong header, too many rows, an empty and a too large file', async () => {
    const version = String((await partRow()).version);
    const linesBefore = await linesNow();
    const send = (bytes: Uint8Array, name: string) => multipart(importRoute, `${base(infosupport)}/importeren`, importParams(infosupport), upload(bytes, name, version), INFOSUPPORT);

    const fake = await send(new TextEncoder().encode('%PDF-1.7 not a spreadsheet'), 'kosten.xlsx');
    expect(fake.status).toBe(400);
    expect(fake.data?.errors).toEqual({ file: 'costImport.error.notXlsx' });
    const other = await send(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'kosten.png');
    expect(other.data?.errors).toEqual({ file: 'costImport.error.fileType' });

    const header = await send(await workbook(goodRows(2), ['Soort', 'Omschrijving', 'Uren']), 'kop.xlsx');
    expect(header.status).toBe(400);
    expect(header.data?.errors).toEqual({ file: 'costImport.error.rejected' });
    expect((header.data?.issues as CostImportIssue[]).map((i) => i.key)).toEqual(
      expect.arrayContaining(['costImport.error.unknownColumn', 'costImport.error.missingColumn']),
    );
    expect(header.data?.issues).toContainEqual({ row: null, key: 'costImport.error.missingColumn', params: { column: 'Kostensoort' } });

    const tooMany = await send(await workbook(goodRows(1001)), 'groot.xlsx');
    expect(tooMany.status).toBe(400);
    expect(tooMany.data?.issues).toEqual([{ row: null, key: 'costImport.error.tooManyRows', params: { count: 1001, max: 1000 } }]);

    expect((await send(new Uint8Array(), 'leeg.xlsx')).data?.errors).toEqual({ file: 'costImport.error.empty' });
    const big = await send(new Uint8Array(6 * 1024 * 1024), 'groot.xlsx');
    expect(big.status).toBe(413);
    expect(big.data?.errors).toEqual({ file: 'costImport.error.tooLarge' });

    expect(await linesNow()).toEqual(linesBefore);
  });

  it('answers 409 on a stale version and changes nothing', async () => {
    const linesBefore = await linesNow();
    const stale = await multipart(importRoute, `${base(infosupport)}/importeren`, importParams(infosupport), upload(await workbook(goodRows(3)), 'oud.xlsx', '0'), INFOSUPPORT);
    expect(stale.status).toBe(409);
    expect(stale.data?.errors).toEqual({ version: 'costImport.error.conflict' });
    expect(await linesNow()).toEqual(linesBefore);
  });

  it('shows the upload form to the partner, and refuses another organisation and a non-partner (404)', async () => {
    const page = await get(importRoute, `${base(infosupport)}/importeren`, importParams(infosupport), INFOSUPPORT);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ canEdit: true, lineCount: 500, templatePath: `${base(infosupport)}/sjabloon.xlsx`, partPath: base(infosupport) });

    const linesBefore = await linesNow();
    expect((await get(importRoute, `${base(infosupport)}/importeren`, importParams(infosupport), TNO_ECOFED)).status).toBe(404);
    const post = await multipart(importRoute, `${base(infosupport)}/importeren`, importParams(infosupport), upload(await workbook(goodRows(3)), 'x.xlsx', String((await partRow()).version)), TNO_ECOFED);
    expect(post.status).toBe(404);
    expect(await linesNow()).toEqual(linesBefore);
    const asperitas = await orgId('Asperitas');
    expect((await get(importRoute, `${base(asperitas)}/importeren`, importParams(asperitas), INFOSUPPORT)).status).toBe(404);
  });
});
