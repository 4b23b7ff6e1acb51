import { describe, expect, it } from 'vitest';
import { money } from '#app/components/form/schema';
import { formatDecimal, formatMoneyInput, moneyFromNumber, parseHours, parseMoney, parseTenths } from '#app/rules/numbers';

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
    expect(parseMoney(input, 'nl')).toEqual({ ok: true, cents });
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
      expect(parseMoney(formatMoneyInput(cents))).toEqual({ ok: true, cents });
    }
    expect(formatMoneyInput(123_456)).toBe('1.234,56');
  });

  it('gives zod the same messages', () => {
    const result = money('nl').safeParse('1.23');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('errors.report.money.ambiguous');
    expect(money('nl', { optional: true }).parse('')).toBeNull();
  });
});

describe('parseMoney (English notation, the mirror image)', () => {
  it.each([
    ['1,234.56', 123_456],
    ['€1,234', 123_400],
    ['1234.5', 123_450],
    ['0.05', 5],
    ['12,345', 1_234_500],
    ['1,234,567.89', 123_456_789],
  ])('accepts %j as %i cents', (input, cents) => {
    expect(parseMoney(input, 'en')).toEqual({ ok: true, cents });
  });

  it.each([
    ['1,23', 'errors.report.money.ambiguous'],
    ['1.234', 'errors.report.money.ambiguous'],
    ['1.234,56', 'errors.report.money.dutchNotation'],
    ['1.234.567', 'errors.report.money.dutchNotation'],
    ['1.2345', 'errors.report.money.tooManyDecimals'],
  ])('refuses %j with %s', (input, error) => {
    expect(parseMoney(input, 'en')).toEqual({ ok: false, error });
  });

  it('formats cents back the way it reads them', () => {
    for (const cents of [0, 5, 123_456, 100_000_000, 99_999_999_999]) {
      expect(parseMoney(formatMoneyInput(cents, 'en'), 'en')).toEqual({ ok: true, cents });
    }
    expect(formatMoneyInput(123_456, 'en')).toBe('1,234.56');
  });
});

describe('hours, FTE and spreadsheet numbers', () => {
  it.each([
    ['1720', 'nl', 172_000],
    ['1.720', 'nl', 172_000],
    ['12,5', 'nl', 1_250],
    ['0,25', 'nl', 25],
    ['1,720', 'en', 172_000],
    ['12.5', 'en', 1_250],
  ] as const)('reads hours %j (%s) as %i hundredths', (input, locale, hundredths) => {
    expect(parseHours(input, locale, 1720)).toEqual({ ok: true, hundredths });
  });

  it.each([
    // 12.5 on a Dutch page could be 12,5 or 125: refused with its own message, never read as 125.
    ['12.5', 'nl', 'errors.report.costs.hoursAmbiguous'],
    ['1.2.3', 'nl', 'errors.report.costs.hoursAmbiguous'],
    ['12,5', 'en', 'errors.report.costs.hoursAmbiguous'],
    ['1,234.5', 'nl', 'errors.report.costs.hoursEnglishNotation'],
    ['1.234,5', 'en', 'errors.report.costs.hoursDutchNotation'],
    ['12,125', 'nl', 'errors.report.costs.hoursAmbiguous'],
    ['12,1255', 'nl', 'errors.report.costs.hoursTooManyDecimals'],
    ['twaalf', 'nl', 'errors.report.costs.hoursNotANumber'],
    ['-3', 'nl', 'errors.report.costs.hoursNegative'],
    ['', 'nl', 'errors.report.costs.hoursRequired'],
    // The ceiling per person: 1,720 productive hours (the programme's default setting).
    ['1.720,01', 'nl', 'errors.report.costs.hoursTooMany'],
    ['100.000', 'nl', 'errors.report.costs.hoursTooMany'],
  ] as const)('refuses hours %j (%s) with %s', (input, locale, error) => {
    expect(parseHours(input, locale, 1720)).toEqual({ ok: false, error });
  });

  it('reads FTE in tenths in both languages', () => {
    expect(parseTenths('12,5', 'nl', 100_000)).toEqual({ ok: true, tenths: 125 });
    expect(parseTenths('12.5', 'en', 100_000)).toEqual({ ok: true, tenths: 125 });
    expect(parseTenths('12.5', 'nl', 100_000)).toEqual({ ok: false, problem: 'ambiguous' });
    expect(parseTenths('1,25', 'nl', 100_000)).toEqual({ ok: false, problem: 'tooManyDecimals' });
  });

  it('reads a spreadsheet number cell exactly to the cent', () => {
    expect(moneyFromNumber(14_000_000)).toEqual({ ok: true, cents: 1_400_000_000 });
    expect(moneyFromNumber(0.1 + 0.2)).toEqual({ ok: true, cents: 30 });
    expect(moneyFromNumber(-1)).toEqual({ ok: false, error: 'errors.report.money.negative' });
  });

  it('writes plain decimals for Dutch Excel', () => {
    expect(formatDecimal(1_400_000_000, 'nl')).toBe('14000000,00');
    expect(formatDecimal(1_400_000_000, 'en')).toBe('14000000.00');
  });
});
