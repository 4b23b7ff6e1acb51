import { describe, expect, it } from 'vitest';
import { centsToDecimalString, formatMoney } from '#app/rules/numbers';
import { formatDate, formatDayMonth, todayInAmsterdam } from '#app/rules/dates';

// Intl uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('formats the programme cap in Dutch notation', () => {
    expect(plain(formatMoney(7_120_000_000))).toBe('€ 71.200.000,00');
  });
  it('formats cents exactly, also where a float would round', () => {
    expect(plain(formatMoney(1))).toBe('€ 0,01');
    expect(plain(formatMoney(123_456_789_012_345))).toBe('€ 1.234.567.890.123,45');
    expect(plain(formatMoney(-5))).toBe('€ -0,05');
  });
  it('formats in English for the English interface', () => {
    expect(plain(formatMoney(123_456, 'en'))).toBe('€1,234.56');
  });
  it('turns cents into a decimal string without floats', () => {
    expect(centsToDecimalString(0)).toBe('0.00');
    expect(centsToDecimalString(7)).toBe('0.07');
    expect(centsToDecimalString(-1234)).toBe('-12.34');
    expect(centsToDecimalString(900_719_925_474_099)).toBe('9007199254740.99');
    expect(() => centsToDecimalString(1.5)).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('formats calendar dates in both languages', () => {
    expect(formatDate('2025-02-01')).toBe('1 februari 2025');
    expect(formatDate('2025-02-01', 'en')).toBe('1 February 2025');
    expect(formatDayMonth(2, 1)).toBe('1 februari');
    expect(formatDayMonth(2, 1, 'en')).toBe('1 February');
  });
  it("takes today's date in the Netherlands, not in UTC", () => {
    // 23:30 UTC on 31 January is already 1 February in Amsterdam.
    expect(todayInAmsterdam(new Date('2025-01-31T23:30:00Z'))).toBe('2025-02-01');
  });
});
