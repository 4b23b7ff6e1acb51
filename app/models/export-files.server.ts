import { PassThrough, Readable } from 'node:stream';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import yazl from 'yazl';
import { createTranslator, type Locale, type TranslationKey, type Translator } from '#app/i18n/index';
import { ExportPrintDocument, PRINT_CSS, type PrintDoc, type PrintSection, type PrintTable } from '#app/components/export/print-document';
import { csvStream, csvWords, type CsvColumn, type CsvType } from '#app/utils/csv.server';
import { htmlToPdf } from '#app/utils/pdf.server';
import { DATE_FORMAT, EURO_FORMAT, writeXlsx, type XlsxCell, type XlsxColumn, type XlsxSheet } from '#app/utils/xlsx.server';
import { collectParts, type ExportSource } from './export.server';
import {
  EXPORT_FORMAT_ID,
  PART_SCHEMAS,
  SCHEMA_VERSION,
  type ExportKind,
  type PartKey,
  type PartRow,
} from './export-schema.server';
import { centsToDecimalString, formatMoney, formatNumber, formatTenths } from '#app/rules/numbers';
import { formatDate } from '#app/rules/dates';

/**
 * Turns the parts of an export into files: XLSX (typed cells, euro format, one sheet per part, frozen
 * header), CSV (the portal's one CSV format, app/utils/csv.server.ts; one file per part, in a ZIP for
 * the summaries), JSON (the documented schema) and PDF (printed by Chromium from the accessible print
 * view). Every format streams except the PDF, which is made in memory and therefore refuses very
 * large exports. The format of every file is described in docs/exports.md.
 */

export const EXPORT_FORMATS = ['xlsx', 'csv', 'json', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const FORMATS_OF: Record<ExportKind, readonly ExportFormat[]> = {
  commission: ['xlsx', 'csv', 'json', 'pdf'],
  ez: ['xlsx', 'csv', 'json', 'pdf'],
  tam: ['xlsx', 'csv', 'json'],
};
export const PDF_MAX_ROWS = 5_000;

/** Fixed timestamp inside ZIP files: the same data gives the same bytes. */
const ZIP_MTIME = new Date(Date.UTC(2000, 0, 1));

type ColumnType = 'text' | 'longtext' | 'code' | 'money' | 'date' | 'int' | 'decimal' | 'bool';
interface Column {
  key: string;
  type: ColumnType;
  /** For 'code': the translation key of a code. */
  code?: (value: string) => TranslationKey;
  /** From the year's report: null means "does not apply" (no report) and is written as n.v.t. / n/a. */
  notApplicable?: boolean;
}

const approvalCode = (v: string) => `export.approval.${v}` as TranslationKey;
const col = (key: string, type: ColumnType, code?: (value: string) => TranslationKey): Column => ({ key, type, code });
/** A column whose value comes from the year's report: null when there is none. */
const fromReport = (key: string, type: ColumnType): Column => ({ key, type, notApplicable: true });
/** The columns of a part made of report content: the project and whether the report is approved first. */
const reportPart = (...columns: Column[]): Column[] => [col('projectCode', 'text'), col('approval', 'code', approvalCode), ...columns];

export const COLUMNS: { [K in PartKey]: Column[] } = {
  programme: Object.keys(PART_SCHEMAS.programme.shape).map((key) =>
    col(key, key.endsWith('Cents') ? 'money' : key === 'year' || /^(projects|reports|milestones)/.test(key) ? 'int' : 'text'),
  ),
  projects: [
    col('projectCode', 'text'),
    col('projectName', 'text'),
    col('aidBasis', 'code', (v) => `export.aidBasis.${v}` as TranslationKey),
    col('leadOrganisation', 'text'),
    col('beneficiaries', 'longtext'),
    col('grantedCents', 'money'),
    col('grantDecisionReference', 'text'),
    col('grantDecisionDate', 'date'),
    col('aidMeasureNumber', 'text'),
    col('approval', 'code', approvalCode),
    col('reportStatus', 'code', (v) => (v === 'none' ? 'export.reportStatus.none' : (`reportStatus.${v}` as TranslationKey))),
    fromReport('dueDate', 'date'),
    fromReport('revisionReference', 'text'),
    fromReport('submittedOn', 'date'),
    fromReport('late', 'bool'),
    col('approvedOn', 'date'),
    fromReport('progressSummary', 'longtext'),
    fromReport('deviations', 'longtext'),
    fromReport('costsYearCents', 'money'),
    col('budgetYearCents', 'money'),
    col('costsCumulativeCents', 'money'),
    col('budgetCumulativeCents', 'money'),
    col('paidYearCents', 'money'),
    col('paidCumulativeCents', 'money'),
  ],
  beneficiaries: [
    col('projectCode', 'text'),
    col('organisation', 'text'),
    col('kvkNumber', 'text'),
    col('enterpriseType', 'code', (v) => `export.enterpriseType.${v}` as TranslationKey),
    col('isLead', 'bool'),
    col('grantedCents', 'money'),
    col('grantedOn', 'date'),
    fromReport('costsYearCents', 'money'),
    col('budgetYearCents', 'money'),
    col('paidYearCents', 'money'),
    col('paidCumulativeCents', 'money'),
  ],
  costs: reportPart(
    col('category', 'code', (v) => `export.category.${v}` as TranslationKey),
    fromReport('costsYearCents', 'money'),
    col('budgetYearCents', 'money'),
    fromReport('deviationPercent', 'decimal'),
    fromReport('deviationOver25', 'bool'),
    col('costsCumulativeCents', 'money'),
    col('budgetCumulativeCents', 'money'),
  ),
  milestones: reportPart(
    col('milestoneCode', 'text'),
    col('title', 'text'),
    col('workPackageCode', 'text'),
    col('plannedDate', 'date'),
    col('status', 'code', (v) => `export.milestoneStatus.${v}` as TranslationKey),
    col('achievedDate', 'date'),
    col('forecastDate', 'date'),
    col('explanation', 'longtext'),
  ),
  spillover: reportPart(
    col('type', 'code', (v) => `export.spilloverType.${v}` as TranslationKey),
    col('title', 'longtext'),
    col('activityDate', 'date'),
    col('audience', 'text'),
    col('reach', 'int'),
    col('url', 'text'),
  ),
  indicators: reportPart(
    col('fte', 'decimal'),
    col('jobsCreated', 'int'),
    col('smesInvolved', 'int'),
    col('publications', 'int'),
    col('openSourceReleases', 'int'),
    col('patentApplications', 'int'),
    col('standardisationContributions', 'int'),
  ),
  risks: reportPart(
    col('description', 'longtext'),
    col('likelihood', 'code', (v) => `export.risk.${v}` as TranslationKey),
    col('impact', 'code', (v) => `export.risk.${v}` as TranslationKey),
    col('mitigation', 'longtext'),
  ),
  awards: [
    col('beneficiaryName', 'text'),
    col('beneficiaryId', 'text'),
    col('enterpriseType', 'code', (v) => `export.enterpriseType.${v}` as TranslationKey),
    col('region', 'text'),
    col('sector', 'text'),
    col('aidElementCents', 'money'),
    col('aidInstrument', 'code', (v) => `export.aidInstrument.${v}` as TranslationKey),
    col('grantedOn', 'date'),
    col('objective', 'longtext'),
    col('grantingAuthority', 'text'),
    col('aidMeasureNumber', 'text'),
    col('projectCode', 'text'),
    col('publicationDeadline', 'date'),
    col('deadlinePassed', 'bool'),
  ],
};

export const headerOf = (tr: Translator, column: Column) => tr.t(`export.col.${column.key}` as TranslationKey);

/** A code as its words; other values as they are. */
const translated = (tr: Translator, column: Column, value: unknown) =>
  column.type === 'code' && value !== null && value !== undefined ? tr.t(column.code!(String(value))) : value;

/** The cell of a value in a spreadsheet: typed numbers (euros from cents, exactly) and dates, translated codes and words. */
function xlsxValue(tr: Translator, column: Column, value: unknown): XlsxCell {
  if (value === null || value === undefined) return column.notApplicable ? tr.t('export.notApplicable') : null;
  switch (column.type) {
    case 'money':
      return Number(centsToDecimalString(value as number)); // the number Excel stores; shown with the euro format
    case 'date':
      return new Date(`${value as string}T00:00:00Z`);
    case 'int':
    case 'decimal':
      return value as number;
    case 'bool':
      return tr.t(value ? 'export.bool.yes' : 'export.bool.no');
    default:
      return String(translated(tr, column, value));
  }
}

/** The text of a value in the print view (for people: grouped numbers, long dates). */
function printValue(tr: Translator, column: Column, value: unknown): string {
  if (value === null || value === undefined || value === '') return column.notApplicable && value !== '' ? tr.t('export.notApplicable') : '—';
  switch (column.type) {
    case 'money':
      return formatMoney(value as number, tr.locale);
    case 'date':
      return formatDate(value as string, tr.locale, 'short');
    case 'int':
      return formatNumber(value as number, tr.locale);
    case 'decimal':
      return formatTenths(Math.round((value as number) * 10), tr.locale);
    case 'bool':
      return tr.t(value ? 'export.bool.yes' : 'export.bool.no');
    default:
      return String(translated(tr, column, value));
  }
}

const CSV_TYPE: Record<ColumnType, CsvType> = {
  text: 'text',
  longtext: 'text',
  code: 'text',
  money: 'money',
  date: 'date',
  int: 'int',
  decimal: 'decimal',
  bool: 'bool',
};

function xlsxColumn(tr: Translator, column: Column): XlsxColumn {
  const header = headerOf(tr, column);
  const width = column.type === 'longtext' ? 60 : column.type === 'money' ? 18 : undefined;
  return {
    header,
    width: width ?? Math.max(12, Math.min(36, header.length + 2)),
    numFmt: column.type === 'money' ? EURO_FORMAT : column.type === 'date' ? DATE_FORMAT : column.type === 'decimal' ? '0.0' : undefined,
    wrap: column.type === 'longtext',
  };
}

async function* mapRows<T>(rows: AsyncIterable<unknown>, map: (row: Record<string, unknown>) => T): AsyncGenerator<T> {
  for await (const row of rows) yield map(row as Record<string, unknown>);
}

export function exportTranslator(source: ExportSource) {
  return createTranslator(source.spec.kind === 'commission' ? 'en' : source.spec.locale);
}

export function exportTitle(source: ExportSource, tr = exportTranslator(source)) {
  return tr.t(`export.doc.${source.spec.kind}.title`);
}

export function exportFilename(source: ExportSource, format: ExportFormat) {
  const { kind, year, asOf } = source.spec;
  const programme = source.programme.code.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  const lang = exportTranslator(source).locale;
  const base =
    kind === 'commission'
      ? `${programme}-commission-summary-${year}`
      : kind === 'ez'
        ? `${programme}-ez-summary-${year}-${lang}`
        : `${programme}-transparency-register-${asOf}-${lang}`;
  if (format === 'csv') return kind === 'tam' ? `${base}.csv` : `${base}-csv.zip`;
  return `${base}.${format}`;
}

export function contentTypeOf(source: ExportSource, format: ExportFormat) {
  switch (format) {
    case 'xlsx':
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    case 'csv':
      return source.spec.kind === 'tam' ? 'text/csv; charset=utf-8' : 'application/zip';
    case 'json':
      return 'application/json; charset=utf-8';
    case 'pdf':
      return 'application/pdf';
  }
}

function sheetsOf(source: ExportSource, tr: Translator): XlsxSheet[] {
  return source.parts.map((part) => {
    const columns = COLUMNS[part.key];
    return {
      name: tr.t(`export.part.${part.key}`),
      columns: columns.map((c) => xlsxColumn(tr, c)),
      vertical: part.key === 'programme',
      rows: mapRows(part.rows(), (row) => columns.map((c) => xlsxValue(tr, c, row[c.key]))),
    };
  });
}

/** One part as a CSV file: codes translated here, every value formatted by the one CSV writer. */
function csvOf(tr: Translator, key: PartKey, rows: AsyncIterable<unknown>) {
  const columns = COLUMNS[key];
  const csvColumns: CsvColumn[] = columns.map((c) => ({ header: headerOf(tr, c), type: CSV_TYPE[c.type], notApplicable: c.notApplicable }));
  return csvStream(
    csvColumns,
    mapRows(rows, (row) => columns.map((c) => translated(tr, c, row[c.key]))),
    csvWords(tr),
  );
}

export function exportMeta(source: ExportSource) {
  const tr = exportTranslator(source);
  return {
    title: exportTitle(source, tr),
    programmeCode: source.programme.code,
    programmeName: source.programme.name,
    year: source.spec.kind === 'tam' ? null : source.spec.year,
    language: tr.locale,
    asOf: source.spec.asOf,
    aidBasis: source.aidBasis,
    illustrative: source.illustrative,
  };
}

async function* jsonChunks(source: ExportSource): AsyncGenerator<string> {
  const head = { format: EXPORT_FORMAT_ID, schemaVersion: SCHEMA_VERSION, kind: source.spec.kind, meta: exportMeta(source) };
  yield `${JSON.stringify(head).slice(0, -1)},"parts":{`;
  let firstPart = true;
  for (const part of source.parts) {
    yield `${firstPart ? '' : ','}\n${JSON.stringify(part.key)}:[`;
    firstPart = false;
    let first = true;
    let buffer = '';
    for await (const row of part.rows()) {
      buffer += `${first ? '' : ','}\n${JSON.stringify(row)}`;
      first = false;
      if (buffer.length > 64 * 1024) {
        yield buffer;
        buffer = '';
      }
    }
    yield `${buffer}]`;
  }
  yield '}}\n';
}

export interface ExportBody {
  stream: Readable;
  filename: string;
  contentType: string;
}

/**
 * The file of an export as a stream. Errors while streaming destroy the stream (the download then
 * fails visibly rather than ending in a truncated file that looks complete).
 */
export async function exportBody(source: ExportSource, format: ExportFormat): Promise<ExportBody> {
  const tr = exportTranslator(source);
  const filename = exportFilename(source, format);
  const contentType = contentTypeOf(source, format);
  switch (format) {
    case 'xlsx': {
      const out = new PassThrough();
      writeXlsx(out, sheetsOf(source, tr), {
        created: new Date(`${source.spec.asOf}T00:00:00Z`),
        title: exportTitle(source, tr),
        creator: source.programme.grantingAuthority,
      }).catch((error: unknown) => out.destroy(error as Error));
      return { stream: out, filename, contentType };
    }
    case 'csv': {
      if (source.parts.length === 1) return { stream: csvOf(tr, source.parts[0]!.key, source.parts[0]!.rows()), filename, contentType };
      const zip = new yazl.ZipFile();
      for (const part of source.parts) {
        zip.addReadStreamLazy(`${String(source.parts.indexOf(part) + 1).padStart(2, '0')}-${part.key}.csv`, { mtime: ZIP_MTIME }, (cb) =>
          cb(null, csvOf(tr, part.key, part.rows())),
        );
      }
      zip.end();
      const out = new PassThrough();
      (zip.outputStream as Readable).on('error', (error) => out.destroy(error)).pipe(out);
      zip.on('error', (error: Error) => out.destroy(error));
      return { stream: out, filename, contentType };
    }
    case 'json':
      return { stream: Readable.from(jsonChunks(source)), filename, contentType };
    case 'pdf': {
      const pdf = await htmlToPdf(await summaryHtml(source), { footerText: `${exportTitle(source, tr)} – ${source.programme.code}` });
      return { stream: Readable.from([pdf]), filename, contentType };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Print view
// ---------------------------------------------------------------------------------------------

function table(tr: Translator, key: PartKey, caption: string, rows: Array<Record<string, unknown>>, omit: string[] = []): PrintTable {
  const columns = COLUMNS[key].filter((c) => !omit.includes(c.key));
  return {
    caption,
    headers: columns.map((c) => ({ label: headerOf(tr, c), numeric: ['money', 'int', 'decimal'].includes(c.type) })),
    rows: rows.map((row) => columns.map((c) => printValue(tr, c, row[c.key]))),
  };
}

function facts(tr: Translator, key: PartKey, row: Record<string, unknown>, keys: string[]): Array<[string, string]> {
  return keys.map((k) => {
    const column = COLUMNS[key].find((c) => c.key === k)!;
    return [headerOf(tr, column), printValue(tr, column, row[k])];
  });
}

/** The print view of a summary: the same rows as the files, grouped per project. */
export async function summaryPrintDoc(source: ExportSource, maxRows = PDF_MAX_ROWS): Promise<PrintDoc> {
  const tr = exportTranslator(source);
  const parts = await collectParts(source, maxRows);
  const byProject = <K extends PartKey>(key: K) => {
    const map = new Map<string, PartRow<K>[]>();
    for (const row of parts[key] ?? []) {
      const code = (row as { projectCode: string }).projectCode;
      map.set(code, [...(map.get(code) ?? []), row]);
    }
    return map;
  };
  const costs = byProject('costs');
  const milestones = byProject('milestones');
  const spillover = byProject('spillover');
  const indicators = byProject('indicators');
  const risks = byProject('risks');
  const beneficiaries = byProject('beneficiaries');
  const omit = ['projectCode', 'approval'];

  const sections: PrintSection[] = [];
  const programme = parts.programme?.[0];
  if (programme) {
    sections.push({
      id: 'programme',
      heading: tr.t('export.part.programme'),
      facts: facts(tr, 'programme', programme, Object.keys(programme).filter((k) => !['programmeCode', 'programmeName', 'year'].includes(k))),
    });
  }
  for (const project of parts.projects ?? []) {
    const code = project.projectCode;
    const approved = project.approval === 'approved';
    sections.push({
      id: `project-${code}`,
      heading: `${code} – ${project.projectName}`,
      banner: approved ? undefined : project.approval === 'no_report' ? tr.t('export.doc.noReportNote') : `${tr.t('export.doc.notYetApproved')}: ${tr.t('export.doc.notYetApprovedNote')}`,
      sections: [
        {
          id: `project-${code}-identification`,
          heading: tr.t('export.doc.identification'),
          facts: facts(tr, 'projects', project, [
            'projectCode',
            'projectName',
            'beneficiaries',
            'aidBasis',
            'grantedCents',
            'grantDecisionReference',
            'grantDecisionDate',
            'aidMeasureNumber',
            'approval',
            'reportStatus',
            'dueDate',
            'revisionReference',
            'submittedOn',
            'late',
            'approvedOn',
          ]),
          tables: [table(tr, 'beneficiaries', tr.t('export.part.beneficiaries'), beneficiaries.get(code) ?? [], ['projectCode'])],
        },
        {
          id: `project-${code}-progress`,
          heading: tr.t('export.doc.progress'),
          paragraphs: project.progressSummary ? [project.progressSummary] : [tr.t('export.doc.none')],
          tables: [table(tr, 'milestones', tr.t('export.part.milestones'), milestones.get(code) ?? [], omit)],
        },
        {
          id: `project-${code}-costs`,
          heading: tr.t('export.doc.costsAid'),
          facts: facts(tr, 'projects', project, [
            'costsYearCents',
            'budgetYearCents',
            'costsCumulativeCents',
            'budgetCumulativeCents',
            'paidYearCents',
            'paidCumulativeCents',
          ]),
          tables: [table(tr, 'costs', tr.t('export.part.costs'), costs.get(code) ?? [], omit)],
        },
        {
          id: `project-${code}-spillover`,
          heading: tr.t('export.part.spillover'),
          tables: [table(tr, 'spillover', tr.t('export.part.spillover'), spillover.get(code) ?? [], omit)],
        },
        {
          id: `project-${code}-indicators`,
          heading: tr.t('export.part.indicators'),
          facts: indicators.get(code)?.[0]
            ? facts(tr, 'indicators', indicators.get(code)![0]!, COLUMNS.indicators.map((c) => c.key).filter((k) => !omit.includes(k)))
            : undefined,
          paragraphs: indicators.get(code)?.[0] ? undefined : [tr.t('export.doc.none')],
        },
        {
          id: `project-${code}-risks`,
          heading: tr.t('export.doc.deviationsRisks'),
          paragraphs: [project.deviations || tr.t('export.doc.none')],
          tables: [table(tr, 'risks', tr.t('export.part.risks'), risks.get(code) ?? [], omit)],
        },
      ],
    });
  }
  if (parts.awards) {
    sections.push({ id: 'awards', heading: tr.t('export.part.awards'), tables: [table(tr, 'awards', tr.t('export.part.awards'), parts.awards)] });
  }

  const notices: string[] = [];
  if (source.illustrative) notices.push(tr.t('export.doc.illustrative'));
  if (source.spec.kind === 'commission') notices.push(tr.t('export.doc.commissionScope'));
  if (!parts.projects?.length && !parts.awards?.length) notices.push(tr.t('export.doc.noProjects'));
  return {
    lang: tr.locale,
    title: exportTitle(source, tr),
    facts: [
      [tr.t('export.doc.programme'), source.programme.name],
      ...(source.spec.kind === 'tam' ? [] : [[tr.t('export.col.year'), String(source.spec.year)] as [string, string]]),
      [tr.t('export.doc.asOfLabel'), formatDate(source.spec.asOf, tr.locale)],
    ],
    notices,
    sections,
  };
}

/** A complete HTML document with its own CSS, for Chromium to print. */
export function printHtml(doc: PrintDoc): string {
  const body = renderToStaticMarkup(createElement(ExportPrintDocument, { doc }));
  const title = renderToStaticMarkup(createElement('title', null, doc.title));
  return `<!doctype html><html lang="${doc.lang}"><head><meta charset="utf-8">${title}<style>${PRINT_CSS}</style></head><body>${body}</body></html>`;
}

export async function summaryHtml(source: ExportSource) {
  return printHtml(await summaryPrintDoc(source));
}

export type { Locale };
