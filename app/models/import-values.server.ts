/**
 * Parsing of the dates and whole numbers of a spreadsheet import (amounts are read by
 * app/rules/numbers, as in every form). Each returns null when the value cannot be read, so the
 * caller can say which cell is wrong.
 */

/** "2025-03-31", "31-03-2025", "31/3/2025" or a spreadsheet Date → "YYYY-MM-DD"; null if not a real date. */
export function parseIsoDate(value: unknown): string | null {
  let y: number, m: number, d: number;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    y = value.getUTCFullYear();
    m = value.getUTCMonth() + 1;
    d = value.getUTCDate();
  } else if (typeof value === 'string') {
    const text = value.trim();
    let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    else return null;
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 2000 || y > 2100) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A whole number (also from a spreadsheet number cell); null otherwise. */
export function parseWholeNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string' || !/^\s*-?\d+\s*$/.test(value)) return null;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : null;
}
