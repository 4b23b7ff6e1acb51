import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import ExcelJS from 'exceljs';
import { parseForm } from '#app/components/form/parse';
import { createTranslator, type TranslationKey } from '#app/i18n/index';
import { CATEGORY_WORDS, ImportRejected, isBlank, readTable, text as cellText, type Cell } from '#app/models/import.server';
import { cleanFilename, detectFileKind, FILE_TYPES } from '#app/models/report-attachments.server';
import { assertEditable, pageBasics } from '#app/report/context.server';
import { saveVersioned } from '#app/report/save.server';
import { COST_CATEGORIES, type CostCategory } from '#app/rules/domain';
import { LIMITS } from '#app/rules/limits';
import { LOCALES, type Locale } from '#app/rules/locale';
import { formatHoursInput, formatMoneyInput, moneyFromNumber, type HoursError } from '#app/rules/numbers';
import { can, requirePermission } from '#app/utils/permissions.server';
import { scopeOf } from '../engine.server';
import { blankCostLine, type CostContext, costPartSchema, LINE_FIELDS } from './costs';
import { replaceCostLines } from './costs.server';
import { partContext, partPath } from './cost-part.server';
import { readUpload } from '#app/utils/upload.server';

/**
 * A partner's cost part from a spreadsheet (issue 13): the template, reading an uploaded XLSX (or
 * CSV with semicolons) into the form's lines, checking them with THE schema of the cost-part form
 * (`costPartSchema`), and replacing all lines of the part in one save — all or nothing. Errors
 * name the spreadsheet row ("Rij 14: Uren: …"; the header is row 1) and the column.
 *
 * The reading of the file (exceljs / csv-parse, cells, blank rows) is the administrator's import's
 * (`app/models/import.server.ts`); what a file is, is judged by its content (`detectFileKind`).
 */

export const MAX_COST_IMPORT_BYTES = 5 * 1024 * 1024;
/** At most this many row errors are sent back; the rest are counted ("and N more"). */
export const MAX_LISTED_ISSUES = 100;

type LineField = (typeof LINE_FIELDS)[number];
/** A line as the cost-part form posts it (all text, in the page's notation). */
export type CostFormLine = ReturnType<typeof blankCostLine>;

const COLUMN_KEYS = {
  category: 'costImport.column.category',
  description: 'costImport.column.description',
  employeeRef: 'costImport.column.employeeRef',
  hours: 'costImport.column.hours',
  wage: 'costImport.column.wage',
  amount: 'costImport.column.amount',
} as const satisfies Record<LineField, TranslationKey>;

export interface CostImportIssue {
  /** Spreadsheet row (header = 1); null for the file as a whole. */
  row: number | null;
  /** The column's name (a translation key), for a row error. */
  column?: TranslationKey;
  key: TranslationKey;
  params?: Record<string, string | number>;
}

export type CostImportRead =
  | { ok: true; lines: CostFormLine[]; rowNumbers: number[]; cellIssues: CostImportIssue[] }
  | { ok: false; status: 400 | 413; issues: CostImportIssue[] };

const translators = Object.fromEntries(LOCALES.map((l) => [l, createTranslator(l)])) as Record<Locale, ReturnType<typeof createTranslator>>;

/** Header text (either language, any case) → the line field. */
const HEADER_FIELDS = new Map<string, LineField>(
  LINE_FIELDS.flatMap((field) => LOCALES.map((l) => [normalise(translators[l].t(COLUMN_KEYS[field])), field] as const)),
);

/** A category as written in a cell: its code, its Dutch or English name, or the admin import's words. */
const CATEGORY_BY_WORD = new Map<string, CostCategory>([
  ...Object.entries(CATEGORY_WORDS),
  ...COST_CATEGORIES.flatMap((c) => LOCALES.map((l) => [normalise(translators[l].t(`report.costs.category.${c}`)), c] as const)),
]);

function normalise(value: string) {
  return value.replace(/[\s\u00a0]+/g, ' ').trim().toLowerCase();
}

const fileIssue = (key: TranslationKey, params?: CostImportIssue['params']): CostImportIssue => ({ row: null, key, ...(params ? { params } : {}) });

// --- The template ------------------------------------------------------------------------------------

/**
 * The template in the page's language: one sheet with the header row (bold, frozen), typed columns
 * (text for the codes and references, numbers for hours and money) and a list of the category codes
 * to choose from; a second sheet ("Toelichting" / "Help") with the codes, their Dutch and English
 * names and what each column means. No example rows: an import replaces all lines of the part.
 */
export async function costImportTemplate(locale: Locale): Promise<{ body: Uint8Array; contentType: string; fileName: string }> {
  const { t } = translators[locale];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'IPCEI';
  const sheet = workbook.addWorksheet(t('costImport.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const numFmt: Record<LineField, string> = { category: '@', description: '@', employeeRef: '@', hours: '0.00', wage: '#,##0.00', amount: '#,##0.00' };
  const width: Record<LineField, number> = { category: 16, description: 40, employeeRef: 30, hours: 10, wage: 20, amount: 16 };
  sheet.columns = LINE_FIELDS.map((field) => ({ key: field, width: width[field], style: { numFmt: numFmt[field] } }));
  const header = sheet.addRow(LINE_FIELDS.map((field) => t(COLUMN_KEYS[field])));
  header.font = { bold: true };
  header.eachCell((cell) => (cell.numFmt = '@'));
  for (let row = 2; row <= LIMITS.costLines + 1; row++) {
    sheet.getCell(row, 1).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${COST_CATEGORIES.join(',')}"`],
      // A name typed instead of a code is read too: warn, do not block.
      showErrorMessage: false,
    };
  }

  const help = workbook.addWorksheet(t('costImport.help.sheet'));
  help.columns = [{ width: 34 }, { width: 30 }, { width: 70 }];
  help.addRow([t('costImport.help.code'), t('costImport.help.dutch'), t('costImport.help.english')]).font = { bold: true };
  for (const c of COST_CATEGORIES) help.addRow([c, translators.nl.t(`report.costs.category.${c}`), translators.en.t(`report.costs.category.${c}`)]);
  help.addRow([]);
  help.addRow([t('costImport.help.column'), t('costImport.help.meaning')]).font = { bold: true };
  for (const field of LINE_FIELDS) {
    const row = help.addRow([t(COLUMN_KEYS[field]), t(`costImport.help.${field}`)]);
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return { body: new Uint8Array(buffer as ArrayBuffer), contentType: FILE_TYPES.xlsx, fileName: locale === 'nl' ? 'sjabloon-kosten.xlsx' : 'template-costs.xlsx' };
}

// --- Reading a file ------------------------------------------------------------------------------------

/** What the content is (never the name alone): an XLSX by its ZIP parts, a CSV by being text named .csv. */
function fileFormat(name: string, bytes: Uint8Array): 'xlsx' | 'csv' | CostImportIssue {
  const kind = detectFileKind(bytes);
  if (kind === 'xlsx') return 'xlsx';
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return fileIssue('costImport.error.notXlsx');
  if (kind === null && lower.endsWith('.csv') && !bytes.subarray(0, 64 * 1024).includes(0)) return 'csv';
  return fileIssue('costImport.error.fileType');
}

/** A number cell of hours → the form's text; refused when it has more than two decimals. */
function hoursText(value: number, locale: Locale): { ok: true; text: string } | { ok: false; error: HoursError } {
  if (!Number.isFinite(value)) return { ok: false, error: 'errors.report.costs.hoursNotANumber' };
  const magnitude = Math.abs(value);
  const hundredths = Math.round(magnitude * 100);
  if (Math.abs(magnitude * 100 - hundredths) > 1e-6) return { ok: false, error: 'errors.report.costs.hoursTooManyDecimals' };
  // A negative stays negative, so the schema refuses it with the form's own message.
  const written = formatHoursInput(hundredths / 100, locale);
  return { ok: true, text: value < 0 ? `-${written}` : written };
}

/**
 * An uploaded file → the cost-part form's lines, with the spreadsheet row of each (blank rows
 * left out). Number cells become text in the page's notation through the form's own formatters,
 * so the schema reads them exactly as it reads typed input; a text cell stays as typed (`12.5` on
 * a Dutch page is then refused as ambiguous, as in the form). A cell that cannot become form text
 * (hours with three decimals, a negative amount) is an issue of its row.
 */
export async function readCostImport(file: { name: string; bytes: Uint8Array }, locale: Locale): Promise<CostImportRead> {
  const refuse = (issue: CostImportIssue, status: 400 | 413 = 400): CostImportRead => ({ ok: false, status, issues: [issue] });
  if (file.bytes.byteLength === 0) return refuse(fileIssue('costImport.error.empty'));
  if (file.bytes.byteLength > MAX_COST_IMPORT_BYTES) return refuse(fileIssue('costImport.error.tooLarge'), 413);
  const format = fileFormat(file.name, file.bytes);
  if (typeof format !== 'string') return refuse(format);
  let table: Cell[][];
  try {
    table = await readTable(`upload.${format}`, file.bytes);
  } catch (error) {
    if (error instanceof ImportRejected) {
      const key = error.issues[0]?.key;
      return refuse(fileIssue(key === 'errors.admin.import.empty' ? 'costImport.error.empty' : 'costImport.error.unreadable'));
    }
    throw error;
  }
  if (table.every((r) => r.every(isBlank))) return refuse(fileIssue('costImport.error.empty'));
  const headerRow = table[0] ?? [];

  // The header: every column of the template once, in any order, in either language.
  const issues: CostImportIssue[] = [];
  const columns = new Map<LineField, number>();
  headerRow.forEach((cell, i) => {
    const written = cellText(cell);
    if (!written) return;
    const field = HEADER_FIELDS.get(normalise(written));
    if (!field) issues.push(fileIssue('costImport.error.unknownColumn', { column: written.slice(0, 60) }));
    else if (columns.has(field)) issues.push(fileIssue('costImport.error.duplicateColumn', { column: written.slice(0, 60) }));
    else columns.set(field, i);
  });
  const { t } = translators[locale];
  for (const field of LINE_FIELDS) if (!columns.has(field)) issues.push(fileIssue('costImport.error.missingColumn', { column: t(COLUMN_KEYS[field]) }));
  if (issues.length) return { ok: false, status: 400, issues };

  const rows = table
    .slice(1)
    .map((cells, i) => ({ rowNumber: i + 2, cells }))
    .filter((r) => !r.cells.every(isBlank));
  if (rows.length === 0) return refuse(fileIssue('costImport.error.noRows'));
  if (rows.length > LIMITS.costLines) return refuse(fileIssue('costImport.error.tooManyRows', { count: rows.length, max: LIMITS.costLines }));

  const lines: CostFormLine[] = [];
  for (const { rowNumber, cells } of rows) {
    const cell = (field: LineField) => cells[columns.get(field)!] ?? null;
    const line = blankCostLine();
    const category = cellText(cell('category'));
    line.category = CATEGORY_BY_WORD.get(normalise(category)) ?? category;
    line.description = cellText(cell('description'));
    line.employeeRef = cellText(cell('employeeRef'));
    const hours = cell('hours');
    if (typeof hours === 'number') {
      const written = hoursText(hours, locale);
      if (written.ok) line.hours = written.text;
      else issues.push({ row: rowNumber, column: COLUMN_KEYS.hours, key: written.error });
    } else line.hours = cellText(hours);
    for (const field of ['wage', 'amount'] as const) {
      const value = cell(field);
      if (typeof value === 'number') {
        const money = moneyFromNumber(value);
        if (money.ok) line[field] = formatMoneyInput(money.cents, locale);
        else issues.push({ row: rowNumber, column: COLUMN_KEYS[field], key: money.error });
      } else line[field] = cellText(value);
    }
    lines.push(line);
  }
  return { ok: true, lines, rowNumbers: rows.map((r) => r.rowNumber), cellIssues: issues };
}

/** `lines.<i>.<field>` errors of the form → row errors of the spreadsheet; anything else → the file. */
function lineIssues(errors: Partial<Record<string, TranslationKey>>, rowNumbers: number[]): CostImportIssue[] {
  const issues: CostImportIssue[] = [];
  for (const [path, key] of Object.entries(errors)) {
    if (!key) continue;
    const match = /^lines\.(\d+)\.(\w+)$/.exec(path);
    const field = match?.[2] as LineField | undefined;
    const row = match ? rowNumbers[Number(match[1])] : undefined;
    if (match && row !== undefined && field && field in COLUMN_KEYS) issues.push({ row, column: COLUMN_KEYS[field], key });
    else issues.push(fileIssue(key));
  }
  return issues;
}

/** File errors first, then by row and by the column's place in the template. */
function sortIssues(issues: CostImportIssue[]) {
  const columnOrder: readonly string[] = Object.values(COLUMN_KEYS);
  const order = (i: CostImportIssue) => (i.row ?? 0) * 10 + (i.column ? columnOrder.indexOf(i.column) + 1 : 0);
  return issues.sort((a, b) => order(a) - order(b));
}

/**
 * The lines read from a file through THE schema of the cost-part form, with the partner's context
 * and the part's current explanations (an import changes the lines, not the explanations). The
 * cells refused while reading are listed with the schema's errors of the other cells, so one round
 * shows every row's problems; a refused cell was left empty, so its own "required" is not repeated.
 */
export async function checkCostImport(
  read: { lines: CostFormLine[]; rowNumbers: number[]; cellIssues: CostImportIssue[] },
  locale: Locale,
  part: { version: string; context: CostContext; explanations: Record<string, string> },
) {
  const schema = costPartSchema(locale, part.context);
  const parse = (lines: CostFormLine[]) => parseForm({ version: part.version, lines, explanations: part.explanations }, schema);
  const parsed = await parse(read.lines);
  let errors = parsed.ok ? {} : parsed.errors;
  if (!parsed.ok) {
    // A field's own error (a category that is no category) stops zod before the line rules run for
    // any row; once more with the refused rows left blank (skipped by the schema) finds the others.
    const refusedRows = new Set(Object.keys(errors).map((path) => /^lines\.(\d+)\./.exec(path)?.[1]).filter((i) => i !== undefined).map(Number));
    const again = await parse(read.lines.map((line, i) => (refusedRows.has(i) ? blankCostLine() : line)));
    if (!again.ok) errors = { ...again.errors, ...errors };
  }
  const refusedCells = new Set(read.cellIssues.map((i) => `${i.row}|${i.column}`));
  const schemaIssues = lineIssues(errors, read.rowNumbers).filter((i) => !refusedCells.has(`${i.row}|${i.column}`));
  const issues = sortIssues([...read.cellIssues, ...schemaIssues]);
  if (parsed.ok && issues.length === 0) return { ok: true as const, data: parsed.data };
  return { ok: false as const, issues };
}

// --- The page ----------------------------------------------------------------------------------------------

/** The import page: only the organisation itself may import into its part. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, partner } = await partContext(request, params);
  const organisationId = partner.organisation.id;
  await requirePermission(request, 'update:report-part:own', { projectId: ctx.project.id, organisationId });
  return {
    ...pageBasics(ctx),
    canEdit: ctx.editable && can(ctx.principal, 'update:report-part:own', { projectId: ctx.project.id, organisationId }),
    partner: { organisationId, name: partner.organisation.name },
    lineCount: partner.costLines.length,
    signedOff: partner.signedOffAt !== null,
    partPath: partPath(ctx, organisationId),
    templatePath: partPath(ctx, organisationId, '/sjabloon.xlsx'),
    maxLines: LIMITS.costLines,
    version: String(partner.version),
  };
}

/** The template of the part's page language; anyone who may read the part may have it. */
export async function templateLoader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await partContext(request, params);
  const file = await costImportTemplate(locale);
  return new Response(Buffer.from(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export interface CostImportActionResult {
  errors?: Partial<Record<'file' | 'version', TranslationKey>>;
  /** The first MAX_LISTED_ISSUES row and file errors; `more` counts the rest. */
  issues?: CostImportIssue[];
  more?: number;
  values?: { version: string };
}

/**
 * A refusal: the summary's line (on the file field, or the version for a conflict) and the list of
 * issues. A file problem without parameters is the summary line itself; one with parameters
 * (a column, a count) is listed under the general "not imported".
 */
function refused(status: 400 | 409 | 413, version: string, issues: CostImportIssue[], summary?: TranslationKey) {
  const only = issues.length === 1 && issues[0]!.row === null && !issues[0]!.params ? issues[0]! : undefined;
  const line = summary ?? only?.key ?? 'costImport.error.rejected';
  const listed = only ? [] : issues;
  const field = line === 'costImport.error.conflict' ? 'version' : 'file';
  return data<CostImportActionResult>(
    { errors: { [field]: line }, issues: listed.slice(0, MAX_LISTED_ISSUES), more: Math.max(0, listed.length - MAX_LISTED_ISSUES), values: { version } },
    { status },
  );
}

/**
 * The upload: everything is checked first (file, header, every row through the form's schema); then
 * all lines of the part are replaced in one save, which also withdraws the sign-off. Any error
 * changes nothing and answers 400 (413 too large, 409 when the part changed meanwhile).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, partner, context, locale } = await partContext(request, params);
  const organisationId = partner.organisation.id;
  await requirePermission(request, 'update:report-part:own', { projectId: ctx.project.id, organisationId });
  assertEditable(ctx);
  const currentVersion = String(partner.version);
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) return refused(400, currentVersion, [], 'costImport.error.required');
  if (Number(request.headers.get('content-length') ?? '0') > MAX_COST_IMPORT_BYTES + 64 * 1024) return refused(413, currentVersion, [], 'costImport.error.tooLarge');
  const upload = await readUpload(request, MAX_COST_IMPORT_BYTES);
  if (!upload.ok) return upload.status === 413 ? refused(413, currentVersion, [], 'costImport.error.tooLarge') : refused(400, currentVersion, [], 'errors.request.malformed');
  const form = upload.form;
  const version = String(form.get('version') ?? '');
  const file = form.get('file');
  if (!file || typeof file === 'string') return refused(400, version, [], 'costImport.error.required');
  if (file.size === 0) return refused(400, version, [], file.name ? 'costImport.error.empty' : 'costImport.error.required');
  const filename = cleanFilename(file.name).slice(0, 200);

  const read = await readCostImport({ name: filename, bytes: new Uint8Array(await file.arrayBuffer()) }, locale);
  if (!read.ok) return refused(read.status, version, read.issues);
  const checked = await checkCostImport(read, locale, { version, context, explanations: partner.deviationExplanations });
  if (!checked.ok) return refused(400, version, checked.issues);
  const { lines, explanations, total } = checked.data;

  const outcome = await saveVersioned(
    request,
    ctx,
    { kind: 'part', organisationId },
    {
      expectedVersion: checked.data.version,
      action: 'report.part.import',
      // Any change of the lines withdraws the part's sign-off.
      set: { deviationExplanations: explanations, signedOffAt: null, signedOffBy: null },
      details: { lines: lines.length, totalCents: total, filename },
    },
    async (tx) => {
      await replaceCostLines(tx, scopeOf(ctx), organisationId, lines);
      return null;
    },
  );
  if (outcome.kind === 'conflict') return refused(409, String(outcome.currentVersion), [], 'costImport.error.conflict');
  if (outcome.kind === 'invalid') return refused(400, version, []);
  throw redirect(partPath(ctx, organisationId));
}
