import { parse } from 'csv-parse/sync';
import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { projects, reports } from '#db/schema/index';
import { createTranslator } from '#app/i18n/index';
import { exportBody, summaryPrintDoc } from '#app/models/export-files.server';
import { ExportDocumentSchema, type ExportDocument } from '#app/models/export-schema.server';
import { overdueReportSql } from '#app/models/report-deadlines.server';
import { csvText, csvWords, formatCsvCell, type CsvColumn } from '#app/utils/csv.server';
import { setupTestDatabase } from '#test/support/db';
import { readAll, sourceFor, unzip } from './support';

/**
 * The one CSV format (docs/exports.md) in every CSV, the one late rule and "does not apply" where
 * there is no report. The demo reports of 2025 are drafts due on 2026-02-01.
 */
setupTestDatabase();

type Spec = Parameters<typeof sourceFor>[0];
const AFTER_DUE = '2026-03-01';
const BEFORE_DUE = '2026-01-15';

async function jsonOf(spec: Spec): Promise<ExportDocument> {
  const body = await exportBody(await sourceFor(spec), 'json');
  return ExportDocumentSchema.parse(JSON.parse((await readAll(body.stream)).toString('utf8')));
}

/** The CSV files of an export as records keyed by header (the BOM checked and removed). */
async function csvOf(spec: Spec): Promise<Record<string, { raw: string; records: Array<Record<string, string>> }>> {
  const body = await exportBody(await sourceFor(spec), 'csv');
  const bytes = await readAll(body.stream);
  const files = spec.kind === 'tam' ? { 'awards.csv': bytes } : await unzip(bytes);
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      expect(content.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), name).toBe(true);
      const raw = content.toString('utf8').slice(1);
      return [name, { raw, records: parse(raw, { delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Array<Record<string, string>> }];
    }),
  );
}

const words = csvWords(createTranslator('nl'));

describe('the one CSV cell format', () => {
  it('writes money from cents with a decimal comma, never a point or a float', () => {
    const money = { type: 'money' } as const;
    expect(formatCsvCell(1_400_000_000, money, words)).toBe('14000000,00');
    expect(formatCsvCell(10_000_001, money, words)).toBe('100000,01');
    expect(formatCsvCell(-5, money, words)).toBe('-0,05');
    expect(formatCsvCell(0, money, words)).toBe('0,00');
    expect(() => formatCsvCell(12.5, money, words)).toThrow(RangeError);
  });

  it('writes one-decimal numbers, whole numbers, dates, booleans and "does not apply"', () => {
    expect(formatCsvCell(-66.7, { type: 'decimal' }, words)).toBe('-66,7');
    expect(formatCsvCell(12.5, { type: 'decimal' }, words)).toBe('12,5');
    expect(formatCsvCell(-38, { type: 'decimal' }, words)).toBe('-38');
    expect(formatCsvCell(-0.04, { type: 'decimal' }, words)).toBe('0');
    expect(formatCsvCell(1720, { type: 'int' }, words)).toBe('1720');
    expect(formatCsvCell('2025-02-01', { type: 'date' }, words)).toBe('2025-02-01');
    // A moment as a date is the calendar day in the Netherlands.
    expect(formatCsvCell(new Date('2024-12-31T23:30:00Z'), { type: 'date' }, words)).toBe('2025-01-01');
    expect(formatCsvCell(new Date('2024-12-31T23:30:00Z'), { type: 'timestamp' }, words)).toBe('2024-12-31T23:30:00.000Z');
    expect(formatCsvCell(true, { type: 'bool' }, words)).toBe('Ja');
    expect(formatCsvCell(false, { type: 'bool' }, csvWords(createTranslator('en')))).toBe('No');
    expect(formatCsvCell(null, { type: 'bool', notApplicable: true }, words)).toBe('n.v.t.');
    expect(formatCsvCell(null, { type: 'money', notApplicable: true }, csvWords(createTranslator('en')))).toBe('n/a');
    expect(formatCsvCell(null, { type: 'date' }, words)).toBe('');
    expect(formatCsvCell('=1+1', { type: 'text' }, words)).toBe("'=1+1");
    // Numbers the writer formats itself are not neutralised, negative or not.
    expect(formatCsvCell(-100, { type: 'money' }, words)).toBe('-1,00');
  });

  it('frames a file with a BOM, semicolons, CRLF and quotes where needed', () => {
    const columns: CsvColumn[] = [
      { header: 'naam', type: 'text' },
      { header: 'bedrag', type: 'money' },
      { header: 'ja', type: 'bool' },
    ];
    expect(csvText(columns, [['a; b', 123456, true], [' spatie', 0, false]], words)).toBe(
      '\uFEFFnaam;bedrag;ja\r\n"a; b";1234,56;Ja\r\n" spatie";0,00;Nee\r\n',
    );
  });
});

describe('every CSV has the same format', () => {
  it('the Commission summary (English) and the transparency register (Dutch) write amounts alike', async () => {
    const commission = await csvOf({ kind: 'commission' });
    const ecc = commission['01-projects.csv']!.records[0]!;
    expect(ecc['Project']).toBe('ECC');
    // Before: "14000000.00" here and "14000000,00" in the register.
    expect(ecc['Granted (EUR)']).toBe('14000000,00');
    expect(ecc['Decision date']).toBe('2024-01-23');
    const tam = await csvOf({ kind: 'tam', asOf: '2024-07-01' });
    const leaseweb = tam['awards.csv']!.records.find((r) => r['Naam begunstigde'] === 'Leaseweb')!;
    expect(leaseweb['Steunelement (EUR)']).toBe('14000000,00');
    expect(leaseweb['Publicatietermijn verstreken']).toBe('Nee');
    // Every amount in every file: digits, a comma, two decimals (or "does not apply").
    for (const files of [commission, tam]) {
      for (const [name, file] of Object.entries(files)) {
        for (const record of file.records) {
          for (const [header, value] of Object.entries(record)) {
            if (/\(EUR\)$/.test(header)) expect(value, `${name} ${header}`).toMatch(/^(-?\d+,\d{2}|n\/a|n\.v\.t\.)$/);
          }
        }
        expect(file.raw.endsWith('\r\n'), name).toBe(true);
        expect(file.raw.replace(/\r\n/g, '')).not.toMatch(/\n/);
      }
    }
  });
});

describe('late: the one rule, on the as-of date', () => {
  it('calls an overdue draft late in the Commission summary, and not before its due date', async () => {
    const overdue = await jsonOf({ kind: 'commission', year: 2025, asOf: AFTER_DUE });
    const ecc = overdue.parts.projects![0]!;
    expect(ecc).toMatchObject({ projectCode: 'ECC', approval: 'no_report', reportStatus: 'draft', dueDate: '2026-02-01', late: true });
    const csv = await csvOf({ kind: 'commission', year: 2025, asOf: AFTER_DUE });
    expect(csv['01-projects.csv']!.records[0]!['Late']).toBe('Yes');

    const due = await jsonOf({ kind: 'commission', year: 2025, asOf: BEFORE_DUE });
    expect(due.parts.projects![0]!.late).toBe(false);
  });

  it('calls a report submitted after its due date late, and one submitted in time not', async () => {
    const doc = await jsonOf({ kind: 'ez' });
    expect(Object.fromEntries(doc.parts.projects!.map((p) => [p.projectCode, p.late]))).toEqual({ ECC: false, ECOFED: false, MISD: true });
    expect(doc.parts.programme![0]).toMatchObject({ reportsSubmittedLate: 1, reportsSubmittedOnTime: 2, reportsNotSubmitted: 0, reportsOverdue: 0 });
  });

  it('counts on the EZ programme page as many overdue reports as the SQL form of the rule', async () => {
    const doc = await jsonOf({ kind: 'ez', year: 2025, asOf: AFTER_DUE });
    const [sqlCount] = await getDb()
      .select({ n: count() })
      .from(reports)
      .innerJoin(projects, eq(projects.id, reports.projectId))
      .where(and(eq(reports.year, 2025), overdueReportSql(AFTER_DUE)));
    expect(sqlCount!.n).toBe(3);
    expect(doc.parts.programme![0]!.reportsOverdue).toBe(sqlCount!.n);
    expect(doc.parts.programme![0]!.reportsNotSubmitted).toBe(3);
    expect(doc.parts.projects!.every((p) => p.late === true)).toBe(true);
    const csv = await csvOf({ kind: 'ez', year: 2025, asOf: AFTER_DUE });
    expect(csv['01-programme.csv']!.records[0]!['Niet ingediend en te laat']).toBe('3');
    expect(csv['02-projects.csv']!.records.map((r) => r['Te laat'])).toEqual(['Ja', 'Ja', 'Ja']);
  });
});

describe('without a report: "does not apply", not figures against €0', () => {
  it('gives null in JSON and n/a / n.v.t. in the CSV files for what the report would say', async () => {
    const doc = await jsonOf({ kind: 'commission', year: 2025, asOf: AFTER_DUE });
    for (const cost of doc.parts.costs!) {
      expect(cost).toMatchObject({ approval: 'no_report', costsYearCents: null, deviationPercent: null, deviationOver25: null });
      expect(cost.budgetYearCents).toBeGreaterThanOrEqual(0);
    }
    expect(doc.parts.projects![0]).toMatchObject({ costsYearCents: null, progressSummary: null, deviations: null, submittedOn: null, revisionReference: null });
    expect(doc.parts.beneficiaries!.every((b) => b.costsYearCents === null)).toBe(true);

    const en = await csvOf({ kind: 'commission', year: 2025, asOf: AFTER_DUE });
    for (const record of en['03-costs.csv']!.records) {
      // Before: "Deviation > 25%" = "No" against costs of "0.00".
      expect(record).toMatchObject({ 'Costs in the year (EUR)': 'n/a', 'Deviation (%)': 'n/a', 'Deviation > 25%': 'n/a' });
      expect(record['Planned in the year (EUR)']).toMatch(/^\d+,\d{2}$/);
    }
    expect(en['02-beneficiaries.csv']!.records[0]!['Costs in the year (EUR)']).toBe('n/a');

    const nl = await csvOf({ kind: 'ez', year: 2025, locale: 'nl', asOf: AFTER_DUE });
    expect(nl['04-costs.csv']!.records[0]).toMatchObject({ 'Kosten in het jaar (EUR)': 'n.v.t.', 'Afwijking (%)': 'n.v.t.', 'Afwijking > 25%': 'n.v.t.' });
    expect(nl['02-projects.csv']!.records[0]!['Samenvatting voortgang']).toBe('n.v.t.');
  });

  it('still says yes or no, and gives the figures, where there is a report', async () => {
    const csv = await csvOf({ kind: 'ez', locale: 'nl' });
    const costs = csv['04-costs.csv']!.records;
    expect(costs.every((r) => ['Ja', 'Nee'].includes(r['Afwijking > 25%']!))).toBe(true);
    expect(costs.every((r) => /^-?\d+,\d{2}$/.test(r['Kosten in het jaar (EUR)']!))).toBe(true);
  });

  it('writes "does not apply" in the XLSX and in the print view too', async () => {
    const body = await exportBody(await sourceFor({ kind: 'commission', year: 2025, asOf: AFTER_DUE }), 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readAll(body.stream)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Costs')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = sheet.getRow(2);
    expect(row.getCell(header.indexOf('Deviation > 25%') + 1).value).toBe('n/a');
    expect(row.getCell(header.indexOf('Costs in the year (EUR)') + 1).value).toBe('n/a');
    expect(row.getCell(header.indexOf('Planned in the year (EUR)') + 1).type).toBe(ExcelJS.ValueType.Number);

    const doc = await summaryPrintDoc(await sourceFor({ kind: 'commission', year: 2025, asOf: AFTER_DUE }));
    const ecc = doc.sections[0]!;
    const identification = ecc.sections![0]!;
    expect(identification.facts).toContainEqual(['Late', 'Yes']);
    expect(identification.facts).toContainEqual(['Due date', '01/02/2026']);
    const costTable = ecc.sections!.find((s) => s.id.endsWith('-costs'))!.tables![0]!;
    expect(costTable.rows[0]).toContain('n/a');
  });
});
