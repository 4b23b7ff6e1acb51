import { Readable } from 'node:stream';
import { stringify, type Options } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Translator } from '#app/i18n/index';
import { todayInAmsterdam } from '#app/rules/dates';
import { formatDecimal, formatTenthsInput } from '#app/rules/numbers';

/**
 * The one CSV writer of the portal (exports, the audit log). Every file has the same format, for
 * Dutch Excel whatever the language of its words (docs/exports.md):
 * - UTF-8 with a byte-order mark, `;` between cells, CRLF after every row, a header row;
 * - cells with `;`, `"` or a line break, or with spaces at either end, in double quotes;
 * - text that a spreadsheet would run as a formula gets a leading apostrophe (neutraliseCsvCell);
 * - money: euros with a decimal comma and two decimals, no grouping (`14000000,00`), from integer cents;
 * - other numbers: digits, a decimal comma for the one-decimal values (`-66,7`, `12,5`);
 * - dates `YYYY-MM-DD`; moments ISO 8601 in UTC (`2025-05-01T09:30:00.000Z`);
 * - yes/no and "not applicable" in the file's language (`Ja`/`Nee`/`n.v.t.`, `Yes`/`No`/`n/a`).
 * Numbers are written in one notation for every language, because the reader is Dutch Excel: an
 * English file with `14000000.00` would open there as text.
 */

/** How a column's values are written. */
export type CsvType = 'text' | 'money' | 'int' | 'decimal' | 'date' | 'timestamp' | 'bool';

export interface CsvColumn {
  header: string;
  type: CsvType;
  /** A null in this column means "does not apply" (no report for the year) and is written as such; otherwise as an empty cell. */
  notApplicable?: boolean;
}

/** The words a file writes, in its language. */
export interface CsvWords {
  yes: string;
  no: string;
  notApplicable: string;
}

export function csvWords(tr: Translator): CsvWords {
  return { yes: tr.t('export.bool.yes'), no: tr.t('export.bool.no'), notApplicable: tr.t('export.notApplicable') };
}

/**
 * Cells that a spreadsheet would read as a formula (= + - @, or a leading tab / carriage return
 * that some programs skip) get a leading apostrophe, so they show as text (OWASP "CSV injection").
 * Only text goes through here: numbers the writer formats itself are left alone.
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A number with at most one decimal (a percentage, FTE) as plain text with a decimal comma. */
function oneDecimal(value: number): string {
  const tenths = Math.round(value * 10);
  return `${tenths < 0 ? '-' : ''}${formatTenthsInput(Math.abs(tenths), 'nl')}`;
}

/** The text of one cell: the only place where a CSV value is formatted. */
export function formatCsvCell(value: unknown, column: Pick<CsvColumn, 'type' | 'notApplicable'>, words: CsvWords): string {
  if (value === null || value === undefined) return column.notApplicable ? words.notApplicable : '';
  switch (column.type) {
    case 'money':
      return formatDecimal(value as number, 'nl');
    case 'int':
      if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number: ${String(value)}`);
      return String(value);
    case 'decimal':
      return oneDecimal(value as number);
    case 'date':
      return value instanceof Date ? todayInAmsterdam(value) : String(value).slice(0, 10);
    case 'timestamp':
      return (value as Date).toISOString();
    case 'bool':
      return value ? words.yes : words.no;
    case 'text':
      return neutraliseCsvCell(String(value));
  }
}

const OPTIONS: Options = { delimiter: ';', bom: true, record_delimiter: 'windows', quoted_match: /^\s|\s$/ };

function formatRow(columns: readonly CsvColumn[], row: readonly unknown[], words: CsvWords) {
  return columns.map((column, i) => formatCsvCell(row[i], column, words));
}

/**
 * A CSV file as a stream. Rows are pulled from the async iterable as the reader consumes the stream
 * (backpressure), so memory stays bounded however many rows there are.
 */
export function csvStream(columns: readonly CsvColumn[], rows: AsyncIterable<readonly unknown[]>, words: CsvWords): Readable {
  const stringifier = stringify(OPTIONS);
  async function* records() {
    yield columns.map((c) => neutraliseCsvCell(c.header));
    for await (const row of rows) yield formatRow(columns, row, words);
  }
  const source = Readable.from(records());
  source.on('error', (error) => stringifier.destroy(error));
  return source.pipe(stringifier);
}

/** The same file as one string, for small files that are built in memory (the audit log, at most 50,000 rows). */
export function csvText(columns: readonly CsvColumn[], rows: Iterable<readonly unknown[]>, words: CsvWords): string {
  const records = [columns.map((c) => neutraliseCsvCell(c.header))];
  for (const row of rows) records.push(formatRow(columns, row, words));
  return stringifySync(records, OPTIONS);
}
