import { setTimeout as sleep } from 'node:timers/promises';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '#app/i18n/index';
import { csvStream, csvWords } from '#app/utils/csv.server';
import { EURO_FORMAT, writeXlsx } from '#app/utils/xlsx.server';
import { readAll } from './support';

/** A large source of rows that counts how many have been pulled from it. */
function countingRows(total: number) {
  const state = { pulled: 0 };
  async function* rows() {
    for (let i = 0; i < total; i++) {
      state.pulled++;
      yield [`row ${i}`, i * 100 + 1] as [string, number];
    }
  }
  return { state, rows };
}

describe('large exports stream with bounded memory', () => {
  it('CSV pulls rows only as fast as the reader takes them', async () => {
    const total = 200_000;
    const { state, rows } = countingRows(total);
    const stream = csvStream(
      [
        { header: 'name', type: 'text' },
        { header: 'amount', type: 'money' },
      ],
      rows(),
      csvWords(createTranslator('nl')),
    );
    await sleep(200);
    // Nobody reads yet: only a buffer's worth of rows has been pulled.
    expect(state.pulled).toBeGreaterThan(0);
    expect(state.pulled).toBeLessThan(2_000);
    const text = (await readAll(stream)).toString('utf8');
    expect(state.pulled).toBe(total);
    expect(text.trim().split('\r\n')).toHaveLength(total + 1);
  });

  it('XLSX waits for a slow reader instead of piling the workbook up in memory', async () => {
    const total = 60_000;
    const { state, rows } = countingRows(total);
    const out = new PassThrough();
    const done = writeXlsx(out, [{ name: 'Data', columns: [{ header: 'Name' }, { header: 'Amount', numFmt: EURO_FORMAT }], rows: rows() }], {
      created: new Date('2025-05-01T00:00:00Z'),
      title: 'test',
      creator: 'test',
    });
    await sleep(500);
    const pulledWhilePaused = state.pulled;
    // About a thousand rows, not the whole sheet.
    expect(pulledWhilePaused).toBeGreaterThan(0);
    expect(pulledWhilePaused).toBeLessThan(10_000);
    const [bytes] = await Promise.all([readAll(out), done]);
    expect(state.pulled).toBe(total);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Data')!;
    expect(sheet.rowCount).toBe(total + 1);
    expect(sheet.getRow(total + 1).getCell(2).value).toBe((total - 1) * 100 + 1);
    expect(sheet.getRow(2).getCell(2).numFmt).toBe(EURO_FORMAT);
  });
});
