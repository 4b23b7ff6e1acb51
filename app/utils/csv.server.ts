import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

export type CsvCell = string | number | null;

/**
 * Cells that a spreadsheet would read as a formula (= + - @, or a leading tab / carriage return
 * that some programs skip) get a leading apostrophe, so they show as text (OWASP "CSV injection").
 * Only text goes through here: numbers the export writes itself are left alone.
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * A CSV for Dutch Excel: semicolon-separated, UTF-8 with a byte-order mark, CRLF line ends, a header
 * row. Rows are pulled from the async iterable as the reader consumes the stream (backpressure), so
 * memory stays bounded however many rows there are. Text cells are neutralised against formula
 * injection; numbers must be passed already formatted (a string) or as a plain number.
 */
export function csvStream(header: string[], rows: AsyncIterable<CsvCell[]>, options: { textColumns?: ReadonlySet<number> } = {}): Readable {
  const stringifier = stringify({ delimiter: ';', bom: true, record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
  const clean = (row: CsvCell[]) =>
    row.map((cell, i) => {
      if (cell === null) return '';
      if (typeof cell === 'number') return String(cell);
      // Every string is neutralised unless the caller marked the column as safe pre-formatted numbers.
      return options.textColumns && !options.textColumns.has(i) ? cell : neutraliseCsvCell(cell);
    });
  async function* records() {
    yield header.map(neutraliseCsvCell);
    for await (const row of rows) yield clean(row);
  }
  const source = Readable.from(records());
  source.on('error', (error) => stringifier.destroy(error));
  return source.pipe(stringifier);
}
