import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Writable } from 'node:stream';

export type XlsxCell = string | number | boolean | Date | null;

export interface XlsxColumn {
  header: string;
  /** Width in characters. */
  width?: number;
  /** Excel number format for the column, e.g. EURO_FORMAT or 'yyyy-mm-dd'. */
  numFmt?: string;
  /** Wrap long text. */
  wrap?: boolean;
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: AsyncIterable<XlsxCell[]>;
  /** A single record shown as "label | value" rows instead of one wide row. */
  vertical?: boolean;
}

export const EURO_FORMAT = '"€" #,##0.00';
const MAX_PENDING_BYTES = 1024 * 1024;
export const DATE_FORMAT = 'yyyy-mm-dd';

/**
 * Writes a workbook with exceljs's streaming writer: one sheet at a time (a sheet is committed before
 * the next begins, so only the current one is in memory), every row committed as it is added, a bold
 * frozen header row. Between rows the writer waits while the output is full (backpressure), so a slow
 * reader does not make the whole file pile up in memory. `created` fixes the document dates, so the
 * same data gives the same workbook content.
 */
export async function writeXlsx(out: Writable, sheets: Iterable<XlsxSheet>, meta: { created: Date; title: string; creator: string }) {
  // Loaded on first use: exceljs costs ~30 MB resident, which other formats need not pay.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = meta.creator;
  workbook.lastModifiedBy = meta.creator;
  workbook.title = meta.title;
  workbook.created = meta.created;
  workbook.modified = meta.created;
  const used = new Set<string>();
  // exceljs's streaming writer has no backpressure of its own: whatever the reader has not taken yet
  // piles up in its ZIP stream. Every 200 rows we look at that pile and wait for the reader while it
  // is above MAX_PENDING_BYTES, so a slow download holds at most about that much in memory.
  const zip = (workbook as unknown as { zip?: { readableLength?: number } }).zip;
  let sinceCheck = 0;
  const drain = async () => {
    if (++sinceCheck < 200) return;
    sinceCheck = 0;
    // Let compression (zlib, off the main thread) and the writes to the reader catch up first:
    // rows from memory would otherwise be written without the event loop ever turning.
    await new Promise((resolve) => setImmediate(resolve));
    while ((zip?.readableLength ?? 0) > MAX_PENDING_BYTES || out.writableNeedDrain) {
      if (out.destroyed) throw new Error('the output was closed before the workbook was complete');
      // The listeners of the losers are removed (abort), so waiting often does not pile them up.
      const waiting = new AbortController();
      const { signal } = waiting;
      await Promise.race([once(out, 'drain', { signal }), once(out, 'close', { signal }), sleep(25, undefined, { signal })]).finally(() => waiting.abort());
    }
  };
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(uniqueSheetName(sheet.name, used), {
      views: [{ state: 'frozen', ySplit: 1, xSplit: sheet.vertical ? 1 : 0 }],
    });
    if (sheet.vertical) {
      worksheet.columns = [
        { key: 'label', width: 40 },
        { key: 'value', width: 40 },
      ];
      for await (const row of sheet.rows) {
        sheet.columns.forEach((column, i) => {
          const added = worksheet.addRow([column.header, row[i] ?? null]);
          if (column.numFmt) added.getCell(2).numFmt = column.numFmt;
          added.getCell(1).font = { bold: true };
          added.commit();
        });
        break; // one record
      }
    } else {
      worksheet.columns = sheet.columns.map((column, i) => ({
        key: String(i),
        width: column.width ?? Math.max(12, Math.min(40, column.header.length + 2)),
        // Only columns that need it carry a style: every styled cell costs exceljs a style lookup.
        style: column.numFmt || column.wrap ? { numFmt: column.numFmt, alignment: column.wrap ? { wrapText: true, vertical: 'top' } : undefined } : undefined,
      }));
      const header = worksheet.addRow(sheet.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      for await (const row of sheet.rows) {
        worksheet.addRow(row).commit();
        await drain();
      }
      worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
    }
    worksheet.commit();
  }
  await workbook.commit();
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
export function uniqueSheetName(name: string, used: Set<string>) {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Sheet';
  let candidate = base;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${base.slice(0, 28)} ${i}`;
  used.add(candidate.toLowerCase());
  return candidate;
}
