/**
 * The money table: the same typed amounts through every form field that takes an amount — the
 * cost part's lines, the payment and grant forms, the programme cap, a partner's grant and hourly
 * rate — and the spreadsheet import's text cells, in both languages: one answer, parseMoney's.
 * (Range rules of a field, such as a cap above zero, come after the reading and are not compared.)
 * `MONEY_TABLE=1 npx vitest run --project unit test/rules/money-everywhere.test.ts` prints the table.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { partnerSchema } from '#app/components/admin/partner';
import { money } from '#app/components/form/schema';
import { costPartSchema } from '#app/report/sections/costs';
import type { Locale } from '#app/rules/locale';
import { parseMoney } from '#app/rules/numbers';
import { grantSchema, paymentSchema } from '#app/routes/admin/payments';
import { programmeSchema } from '#app/routes/admin/programme';

const INPUTS = ['1.234,56', '1,234.56', '€ 1.234', '1.23', '12,345', '12.345', '1234', '0,05', '1.2.3', '-5', 'abc', ''];
const ZERO = { personnel: 0, equipment: 0, materials: 0, third_party: 0, other: 0 };

type Answer = string;
const answer = (r: { ok: true; cents: number } | { ok: false; error: string }): Answer => (r.ok ? String(r.cents) : r.error);

/** The first issue at `path`, or the parsed cents at `path`, when `input` goes into that field. */
function through(schema: z.ZodTypeAny, build: (v: string) => Record<string, unknown>, path: string, read: (data: never) => number) {
  return (value: string): Answer => {
    const result = schema.safeParse(build(value));
    if (result.success) return String(read(result.data as never));
    const issue = result.error.issues.find((i) => i.path.join('.') === path);
    return issue ? issue.message : 'no issue at the field';
  };
}

function forms(locale: Locale): Record<string, (value: string) => Answer> {
  const money1 = money(locale);
  return {
    'form builder money()': (v) => {
      const r = money1.safeParse(v);
      return r.success ? String(r.data) : r.error.issues[0]!.message;
    },
    'cost part line': through(
      costPartSchema(locale, { costMethod: 'fixed_hourly_rate', hourlyRateCents: 10_000, productiveHours: 1720, budgetCents: ZERO }),
      (v) => ({ version: '1', lines: [{ category: 'materials', description: 'x', hours: '', amount: v }], explanations: { materials: 'x', total: 'x' } }),
      'lines.0.amount',
      (d: { lines: Array<{ amountCents: number }> }) => d.lines[0]?.amountCents ?? 0,
    ),
    'payment': through(paymentSchema(locale).pick({ amount: true }), (v) => ({ amount: v }), 'amount', (d: { amount: number }) => d.amount),
    'grant change': through(grantSchema(locale).pick({ amount: true }), (v) => ({ amount: v }), 'amount', (d: { amount: number }) => d.amount),
    'programme cap': through(programmeSchema(locale).innerType().pick({ subsidyCapEuros: true }), (v) => ({ subsidyCapEuros: v }), 'subsidyCapEuros', (d: { subsidyCapEuros: number }) => d.subsidyCapEuros),
    'partner grant': through(partnerSchema(locale).pick({ grantedEuros: true }), (v) => ({ grantedEuros: v }), 'grantedEuros', (d: { grantedEuros: number }) => d.grantedEuros),
  };
}

/** Business rules that may refuse a readable amount (0 is not a payment, a rate has a ceiling). */
const RANGE_KEYS = new Set(['errors.dashboard.amount.positive', 'errors.admin.programme.capZero', 'errors.admin.partner.hourlyRate']);

describe('one money reader for every amount field', () => {
  for (const locale of ['nl', 'en'] as const) {
    it(`gives parseMoney's answer in every form (${locale})`, () => {
      const table: Record<string, Record<string, Answer>> = {};
      for (const input of INPUTS) {
        const expected = answer(parseMoney(input, locale));
        table[JSON.stringify(input)] = { parseMoney: expected };
        for (const [form, read] of Object.entries(forms(locale))) {
          const got = read(input);
          table[JSON.stringify(input)]![form] = got;
          if (!RANGE_KEYS.has(got)) expect(got, `${form} with ${JSON.stringify(input)} (${locale})`).toBe(expected);
        }
      }
      if (process.env.MONEY_TABLE) console.info(`\n${locale}\n${JSON.stringify(table, null, 1)}`);
    });
  }
});
