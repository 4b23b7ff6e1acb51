import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import { COST_CATEGORIES, milestones, organisations, partnerBudgets, programmes, projectPartners, projects, workPackages, type CostCategory } from '#db/schema/index';
import type { TranslationKey } from '#app/i18n/index';
import { appendAudit, type AuditActor } from './audit.server';
import { parseIsoDate, parseWholeNumber } from './import-values.server';
import type { ImportKind } from '#app/rules/domain';
import type { Locale } from '#app/rules/locale';
import { formatDecimal, moneyFromNumber, parseMoney } from '#app/rules/numbers';

/**
 * Import of yearly budgets (per partner, per cost category) and of milestones from an XLSX or CSV
 * file. Every row is validated first; any error and nothing is written (all-or-nothing, in one
 * transaction with its audit entry). Errors name the spreadsheet row: the header is row 1.
 * Amounts are read as every form reads them (app/rules/numbers): a text cell in the page's
 * language, a number cell as the number it is.
 */

/** The columns of each file, in template order (Dutch headers, as in the template). */
export const IMPORT_COLUMNS = {
  budgets: ['kvk_nummer', 'jaar', 'kostensoort', 'bedrag_euro'],
  milestones: ['code', 'titel', 'werkpakket', 'geplande_datum'],
} as const satisfies Record<ImportKind, readonly string[]>;

/** Cost categories as written in the file (Dutch words, or the English codes). */
export const CATEGORY_WORDS: Record<string, CostCategory> = {
  personeel: 'personnel',
  personeelskosten: 'personnel',
  apparatuur: 'equipment',
  materialen: 'materials',
  derden: 'third_party',
  'kosten derden': 'third_party',
  overig: 'other',
  overige: 'other',
  ...Object.fromEntries(COST_CATEGORIES.map((c) => [c, c])),
};

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

export interface ImportIssue {
  /** Spreadsheet row (header = 1), or null for the file as a whole. */
  row: number | null;
  key: TranslationKey;
  params?: Record<string, string | number>;
}

export class ImportRejected extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(`import rejected: ${issues.length} issue(s)`);
  }
}

export type Cell = string | number | Date | null;

/** Reads the first sheet of an XLSX file or a CSV file (`;` or `,`, optional BOM) into rows of cells. */
export async function readTable(fileName: string, bytes: Uint8Array): Promise<Cell[][]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    } catch {
      throw new ImportRejected([{ row: null, key: 'errors.admin.import.unreadable' }]);
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new ImportRejected([{ row: null, key: 'errors.admin.import.empty' }]);
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: Cell[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 1); c++) cells.push(cellValue(row.getCell(c).value));
      rows[rowNumber - 1] = cells;
    });
    return Array.from(rows, (r) => r ?? []);
  }
  if (lower.endsWith('.csv')) {
    let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = firstLine.split(';').length >= firstLine.split(',').length ? ';' : ',';
    try {
      return parseCsv(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
    } catch {
      throw new ImportRejected([{ row: null, key: 'errors.admin.import.unreadable' }]);
    } finally {
      text = '';
    }
  }
  throw new ImportRejected([{ row: null, key: 'errors.admin.import.fileType' }]);
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('result' in value) return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('richText' in value) return (value as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as { text: unknown }).text);
  }
  return String(value);
}

export function isBlank(cell: Cell | undefined) {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** Checks the header row: every expected column present once, no others. Returns column indexes. */
function checkHeader(kind: ImportKind, header: Cell[]): Map<string, number> {
  const expected: readonly string[] = IMPORT_COLUMNS[kind];
  const names = header.map((c) => (typeof c === 'string' ? c.trim().toLowerCase() : c === null ? '' : String(c)));
  const issues: ImportIssue[] = [];
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!name) return;
    if (!expected.includes(name)) issues.push({ row: 1, key: 'errors.admin.import.unknownColumn', params: { column: name } });
    else if (index.has(name)) issues.push({ row: 1, key: 'errors.admin.import.duplicateColumn', params: { column: name } });
    else index.set(name, i);
  });
  for (const column of expected) if (!index.has(column)) issues.push({ row: 1, key: 'errors.admin.import.missingColumn', params: { column } });
  if (issues.length) throw new ImportRejected(issues);
  return index;
}

function dataRows(table: Cell[][]) {
  const rows = table.slice(1).map((cells, i) => ({ rowNumber: i + 2, cells })).filter((r) => !r.cells.every(isBlank));
  if (rows.length === 0) throw new ImportRejected([{ row: null, key: 'errors.admin.import.noRows' }]);
  if (rows.length > MAX_IMPORT_ROWS) throw new ImportRejected([{ row: null, key: 'errors.admin.import.tooManyRows', params: { max: MAX_IMPORT_ROWS } }]);
  return rows;
}

export function text(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

export interface ImportResult {
  kind: ImportKind;
  rows: number;
  /** Budgets: total of the imported amounts in cents. */
  totalCents?: number;
}

interface ProjectContext {
  id: string;
  code: string;
  firstYear: number;
  lastYear: number;
}

async function projectContext(db: Queryable, projectId: string): Promise<ProjectContext> {
  const [row] = await db
    .select({
      id: projects.id,
      code: projects.code,
      firstYear: programmes.firstReportingYear,
      lastYear: programmes.lastReportingYear,
      startYear: sql<number>`extract(year from ${projects.startDate})::int`.mapWith(Number),
      endYear: sql<number>`extract(year from ${projects.endDate})::int`.mapWith(Number),
    })
    .from(projects)
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .where(eq(projects.id, projectId));
  if (!row) throw new ImportRejected([{ row: null, key: 'errors.admin.project.notFound' }]);
  return { id: row.id, code: row.code, firstYear: Math.min(row.firstYear, row.startYear), lastYear: Math.max(row.lastYear, row.endYear) };
}

/** Validates and writes the rows of one file for one project: all or nothing. `locale` is the page's language (for amounts typed as text). */
export async function importFile(
  tx: Tx,
  actor: AuditActor,
  projectId: string,
  kind: ImportKind,
  fileName: string,
  bytes: Uint8Array,
  locale: Locale,
): Promise<ImportResult> {
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new ImportRejected([{ row: null, key: 'errors.admin.import.tooLarge' }]);
  const table = await readTable(fileName, bytes);
  if (table.length === 0) throw new ImportRejected([{ row: null, key: 'errors.admin.import.empty' }]);
  const columns = checkHeader(kind, table[0] ?? []);
  const rows = dataRows(table);
  const project = await projectContext(tx, projectId);
  const result = kind === 'budgets' ? await importBudgets(tx, project, columns, rows, locale) : await importMilestones(tx, project, columns, rows);
  await appendAudit(tx, actor, {
    action: `admin.import_${kind}`,
    entityType: 'project',
    entityId: projectId,
    projectId,
    details: { fileName: fileName.slice(0, 200), rows: result.rows, totalCents: result.totalCents ?? null },
  });
  return result;
}

type Row = { rowNumber: number; cells: Cell[] };

async function importBudgets(tx: Tx, project: ProjectContext, columns: Map<string, number>, rows: Row[], locale: Locale): Promise<ImportResult> {
  const partners = await tx
    .select({ organisationId: projectPartners.organisationId, kvkNumber: organisations.kvkNumber })
    .from(projectPartners)
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .where(eq(projectPartners.projectId, project.id));
  const byKvk = new Map(partners.map((p) => [p.kvkNumber, p.organisationId]));
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  const values: (typeof partnerBudgets.$inferInsert)[] = [];
  const cell = (row: Row, column: string) => row.cells[columns.get(column)!];
  for (const row of rows) {
    const r = row.rowNumber;
    const before = issues.length;
    const kvkRaw = text(cell(row, 'kvk_nummer'));
    const kvk = /^\d{7}$/.test(kvkRaw) ? `0${kvkRaw}` : kvkRaw; // a spreadsheet may drop the leading zero
    let organisationId: string | undefined;
    if (!kvk) issues.push({ row: r, key: 'errors.admin.import.kvkMissing' });
    else if (!/^\d{8}$/.test(kvk)) issues.push({ row: r, key: 'errors.admin.import.kvkInvalid', params: { value: kvkRaw } });
    else if (!(organisationId = byKvk.get(kvk))) issues.push({ row: r, key: 'errors.admin.import.unknownPartner', params: { value: kvk, project: project.code } });

    const yearCell = cell(row, 'jaar');
    const year = parseWholeNumber(yearCell);
    if (isBlank(yearCell)) issues.push({ row: r, key: 'errors.admin.import.yearMissing' });
    else if (year === null) issues.push({ row: r, key: 'errors.admin.import.yearInvalid', params: { value: text(yearCell) } });
    else if (year < project.firstYear || year > project.lastYear) {
      issues.push({ row: r, key: 'errors.admin.import.yearOutOfRange', params: { value: year, first: project.firstYear, last: project.lastYear } });
    }

    const categoryRaw = text(cell(row, 'kostensoort')).toLowerCase();
    const category = CATEGORY_WORDS[categoryRaw];
    if (!categoryRaw) issues.push({ row: r, key: 'errors.admin.import.categoryMissing' });
    else if (!category) issues.push({ row: r, key: 'errors.admin.import.categoryInvalid', params: { value: categoryRaw } });

    const amountCell = cell(row, 'bedrag_euro');
    let amount: number | null = null;
    if (isBlank(amountCell)) issues.push({ row: r, key: 'errors.admin.import.amountMissing' });
    else {
      const read = typeof amountCell === 'number' ? moneyFromNumber(amountCell) : parseMoney(text(amountCell), locale);
      if (read.ok) amount = read.cents;
      else issues.push({ row: r, key: read.error });
    }

    if (issues.length === before && organisationId && year !== null && category && amount !== null) {
      const key = `${organisationId}|${year}|${category}`;
      const first = seen.get(key);
      if (first) issues.push({ row: r, key: 'errors.admin.import.duplicateRow', params: { first } });
      else {
        seen.set(key, r);
        values.push({ projectId: project.id, organisationId, year, category, amountCents: amount });
      }
    }
  }
  if (issues.length) throw new ImportRejected(issues);
  await tx
    .insert(partnerBudgets)
    .values(values)
    .onConflictDoUpdate({
      target: [partnerBudgets.projectId, partnerBudgets.organisationId, partnerBudgets.year, partnerBudgets.category],
      set: { amountCents: sql`excluded.amount_cents` },
    });
  return { kind: 'budgets', rows: values.length, totalCents: values.reduce((sum, v) => sum + v.amountCents, 0) };
}

async function importMilestones(tx: Tx, project: ProjectContext, columns: Map<string, number>, rows: Row[]): Promise<ImportResult> {
  const packages = await tx.select({ id: workPackages.id, code: workPackages.code }).from(workPackages).where(eq(workPackages.projectId, project.id));
  const byCode = new Map(packages.map((p) => [p.code.toLowerCase(), p.id]));
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  const values: { code: string; title: string; workPackageId: string | null; plannedDate: string }[] = [];
  const cell = (row: Row, column: string) => row.cells[columns.get(column)!];
  for (const row of rows) {
    const r = row.rowNumber;
    const before = issues.length;
    const code = text(cell(row, 'code'));
    if (!code) issues.push({ row: r, key: 'errors.admin.import.codeMissing' });
    else if (code.length > 20) issues.push({ row: r, key: 'errors.admin.import.codeInvalid', params: { value: code.slice(0, 30) } });
    const title = text(cell(row, 'titel'));
    if (!title) issues.push({ row: r, key: 'errors.admin.import.titleMissing' });
    else if (title.length > 300) issues.push({ row: r, key: 'errors.admin.import.titleTooLong' });
    const wpCode = text(cell(row, 'werkpakket'));
    let workPackageId: string | null = null;
    if (wpCode) {
      workPackageId = byCode.get(wpCode.toLowerCase()) ?? null;
      if (!workPackageId) issues.push({ row: r, key: 'errors.admin.import.unknownWorkPackage', params: { value: wpCode, project: project.code } });
    }
    const dateCell = cell(row, 'geplande_datum');
    const plannedDate = parseIsoDate(dateCell);
    if (isBlank(dateCell)) issues.push({ row: r, key: 'errors.admin.import.dateMissing' });
    else if (!plannedDate) issues.push({ row: r, key: 'errors.admin.import.dateInvalid', params: { value: text(dateCell) } });
    if (issues.length === before && code && plannedDate) {
      const first = seen.get(code.toLowerCase());
      if (first) issues.push({ row: r, key: 'errors.admin.import.duplicateRow', params: { first } });
      else {
        seen.set(code.toLowerCase(), r);
        values.push({ code, title, workPackageId, plannedDate });
      }
    }
  }
  if (issues.length) throw new ImportRejected(issues);
  const existing = await tx.select({ code: milestones.code, position: milestones.position }).from(milestones).where(eq(milestones.projectId, project.id));
  // A code matches an existing milestone regardless of case; it keeps its stored spelling and position.
  const existingCode = new Map(existing.map((m) => [m.code.toLowerCase(), m.code]));
  let position = existing.reduce((max, m) => Math.max(max, m.position), 0);
  const rowsToWrite = values.map((v) => {
    const stored = existingCode.get(v.code.toLowerCase());
    return { projectId: project.id, ...v, code: stored ?? v.code, position: stored ? 0 : ++position };
  });
  // One statement per 500 rows: new milestones are inserted, known codes updated (position kept).
  for (let i = 0; i < rowsToWrite.length; i += 500) {
    await tx
      .insert(milestones)
      .values(rowsToWrite.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [milestones.projectId, milestones.code],
        set: { title: sql`excluded.title`, workPackageId: sql`excluded.work_package_id`, plannedDate: sql`excluded.planned_date` },
      });
  }
  return { kind: 'milestones', rows: values.length };
}

/**
 * The template file: the header row and two example rows, as XLSX or CSV (semicolons, BOM). The
 * example amounts are number cells in XLSX and, in CSV, written in `locale` — so the template
 * imports as it is on a page in that language.
 */
export async function templateFile(kind: ImportKind, format: 'xlsx' | 'csv', locale: Locale): Promise<{ body: Uint8Array; contentType: string; fileName: string }> {
  const header: readonly string[] = IMPORT_COLUMNS[kind];
  const amount = (cents: number) => (format === 'csv' ? formatDecimal(cents, locale) : cents / 100);
  const examples: (string | number)[][] =
    kind === 'budgets'
      ? [
          ['12345678', 2026, 'personeel', amount(12_500_000)],
          ['12345678', 2026, 'apparatuur', amount(4_000_000)],
        ]
      : [
          ['M1.1', 'Eerste versie beschikbaar', 'WP1', '2026-06-30'],
          ['M2.1', 'Pilot bij twee partners', '', '2026-12-31'],
        ];
  const fileName = `sjabloon-${kind === 'budgets' ? 'begrotingen' : 'mijlpalen'}.${format}`;
  if (format === 'csv') {
    const lines = [header, ...examples].map((row) => row.join(';'));
    return { body: new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`), contentType: 'text/csv; charset=utf-8', fileName };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind === 'budgets' ? 'Begrotingen' : 'Mijlpalen');
  sheet.addRow([...header]).font = { bold: true };
  for (const row of examples) sheet.addRow(row);
  sheet.columns.forEach((column) => (column.width = 22));
  // Text columns stay text (a KvK number keeps its leading zero).
  if (kind === 'budgets') sheet.getColumn(1).numFmt = '@';
  const buffer = await workbook.xlsx.writeBuffer();
  return { body: new Uint8Array(buffer as ArrayBuffer), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName };
}
