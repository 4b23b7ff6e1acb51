import { describe, expect, it } from 'vitest';
import { formatMoneyInput, moneyField, parseMoney } from '#app/utils/money';

describe('parseMoney (Dutch notation)', () => {
  it.each([
    ['1.234,56', 123_456],
    ['€ 1.234', 123_400],
    ['€1.234', 123_400],
    ['1234,5', 123_450],
    ['1234', 123_400],
    ['0,05', 5],
    ['1.234.567,89', 123_456_789],
    ['  12 ', 1_200],
    ['\u20ac\u00a01.000,00', 100_000],
    ['999.999.999,99', 99_999_999_999],
  ])('accepts %j as %i cents', (input, cents) => {
    expect(parseMoney(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'errors.report.money.required'],
    ['€ ', 'errors.report.money.required'],
    ['1.23', 'errors.report.money.ambiguous'],
    ['12.5', 'errors.report.money.ambiguous'],
    ['1,234', 'errors.report.money.ambiguous'],
    ['1,234.56', 'errors.report.money.englishNotation'],
    ['1,234,567', 'errors.report.money.englishNotation'],
    ['-5', 'errors.report.money.negative'],
    ['€ -5,00', 'errors.report.money.negative'],
    ['1,2345', 'errors.report.money.tooManyDecimals'],
    ['abc', 'errors.report.money.notANumber'],
    ['12,', 'errors.report.money.notANumber'],
    ['1e6', 'errors.report.money.notANumber'],
    ['1.000.000.000', 'errors.report.money.tooLarge'],
    ['99999999999999999999999999', 'errors.report.money.tooLarge'],
  ])('refuses %j with %s', (input, error) => {
    expect(parseMoney(input)).toEqual({ ok: false, error });
  });

  it('formats cents back the way it reads them', () => {
    for (const cents of [0, 5, 123_456, 100_000_000, 99_999_999_999]) {
      const parsed = parseMoney(formatMoneyInput(cents));
      expect(parsed).toEqual({ ok: true, cents });
    }
    expect(formatMoneyInput(123_456)).toBe('1.234,56');
  });

  it('gives zod the same messages', () => {
    const result = moneyField().safeParse('1.23');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('errors.report.money.ambiguous');
    expect(moneyField({ optional: true }).parse('')).toBeNull();
  });
});
