import { Link } from '@remix-run/react';
import { Fragment } from 'react';
import { z } from 'zod';
import { checkbox, choice, group, rows, text, version } from '#app/components/form/schema';
import { CostSummaryTable, useDeviationText } from '#app/components/report/money-table';
import { DataTable } from '#app/components/table';
import { useT, type TranslationKey } from '#app/i18n/index';
import { formatDate } from '#app/rules/dates';
import { DEVIATION_KEYS, type DeviationKey } from '#app/rules/checks';
import { EMPLOYEE_REF, fromHundredths, normaliseEmployeeRef, personnelAmountCents, personnelRateCents, rateFromWage } from '#app/rules/costs';
import { COST_CATEGORIES, type CostCategory, type CostMethod } from '#app/rules/domain';
import { LIMITS, MONEY_MAX_CENTS, needsExplanation } from '#app/rules/limits';
import type { Locale } from '#app/rules/locale';
import { formatHoursInput, formatMoney, formatMoneyInput, parseHours, parseMoney } from '#app/rules/numbers';
import type { SectionViewProps } from '../section';
import type { CostsPart, SnapshotPartner } from '../snapshot';
import { rowLabel } from './view-parts';

/**
 * Costs: each partner's own financial part — cost lines per category (a personnel line is one
 * person: employee reference × hours × the rate of the partner's cost method, `app/rules/costs.ts`),
 * compared with the year's budget, signed off by the partner. Saved per partner (the part's own
 * version), not as one section. The schema refuses only what is malformed; what is missing or
 * deviates is found by the rule set (`app/rules/checks.ts`) and gates the sign-off, not the save.
 */

export interface CostContext {
  costMethod: CostMethod;
  /** The partner's agreed hourly rate (vast uurtarief, integrale kostensystematiek). */
  hourlyRateCents: number;
  /** The programme's productive hours per person per year: the ceiling per line and the wage divisor. */
  productiveHours: number;
  budgetCents: Record<CostCategory, number>;
}

export interface CostLineInput {
  category: CostCategory;
  description: string;
  employeeRef: string | null;
  /** Hours as stored (12.5); `hoursHundredths` the same as whole hundredths. */
  hours: number | null;
  hoursHundredths: number | null;
  hourlyRateCents: number | null;
  annualWageCents: number | null;
  amountCents: number;
}

const lineField = (message: TranslationKey) => z.string({ invalid_type_error: message }).default('');

/** The amount of one personnel line as the form shows it while typing (null until it can be computed). */
export function personnelLine(context: CostContext, input: { hours: string; wage: string }, locale: Locale) {
  const hours = parseHours(input.hours, locale, context.productiveHours);
  if (!hours.ok) return { hours, rateCents: null, wageCents: null, amountCents: null };
  let wageCents: number | null = null;
  if (rateFromWage(context.costMethod) && input.wage.trim()) {
    const wage = parseMoney(input.wage, locale);
    if (!wage.ok) return { hours, wage, rateCents: null, wageCents: null, amountCents: null };
    wageCents = wage.cents;
  }
  const rateCents = personnelRateCents(context.costMethod, context.hourlyRateCents, wageCents, context.productiveHours);
  return { hours, rateCents, wageCents, amountCents: rateCents === null ? null : personnelAmountCents(hours.hundredths, rateCents) };
}

export function costPartSchema(locale: Locale, context: CostContext) {
  return z
    .object({
      version,
      lines: rows(
        {
          category: choice(COST_CATEGORIES, 'errors.report.costs.categoryInvalid'),
          description: text(LIMITS.shortText, 'errors.report.text.tooLongShort'),
          employeeRef: lineField('errors.report.costs.employeeRefInvalid'),
          hours: lineField('errors.report.costs.hoursNotANumber'),
          wage: lineField('errors.report.money.notANumber'),
          amount: lineField('errors.report.money.notANumber'),
        },
        LIMITS.costLines,
      ),
      explanations: group(Object.fromEntries(DEVIATION_KEYS.map((k) => [k, text(LIMITS.mediumText, 'errors.report.text.tooLongMedium')])) as Record<DeviationKey, ReturnType<typeof text>>),
    })
    .transform((value, ctx) => {
      const lines: CostLineInput[] = [];
      const wageMethod = rateFromWage(context.costMethod);
      value.lines.forEach((line, i) => {
        const at = (field: string) => ['lines', i, field];
        const issue = (field: string, message: TranslationKey) => ctx.addIssue({ code: 'custom', path: at(field), message });
        const ref = line.employeeRef.trim();
        if (!line.category && !line.description && !ref && !line.hours.trim() && !line.wage.trim() && !line.amount.trim()) return;
        if (!line.category) return issue('category', 'errors.report.costs.categoryRequired');
        if (line.category !== 'personnel') {
          if (line.hours.trim()) return issue('hours', 'errors.report.costs.hoursOnlyPersonnel');
          if (ref) return issue('employeeRef', 'errors.report.costs.employeeRefOnlyPersonnel');
          if (line.wage.trim()) return issue('wage', 'errors.report.costs.wageOnlyPersonnel');
          const amount = parseMoney(line.amount, locale);
          if (!amount.ok) return issue('amount', amount.error);
          lines.push({ category: line.category, description: line.description, employeeRef: null, hours: null, hoursHundredths: null, hourlyRateCents: null, annualWageCents: null, amountCents: amount.cents });
          return;
        }
        if (ref.length > LIMITS.employeeRef || (ref && !EMPLOYEE_REF.test(ref))) return issue('employeeRef', 'errors.report.costs.employeeRefInvalid');
        if (line.wage.trim() && !wageMethod) return issue('wage', 'errors.report.costs.wageOnlyWageMethod');
        const computed = personnelLine(context, line, locale);
        if (!computed.hours.ok) return issue('hours', computed.hours.error);
        if ('wage' in computed && computed.wage && !computed.wage.ok) return issue('wage', computed.wage.error);
        // Without the wage under loonkosten plus vaste opslag the line saves at € 0 (the checks ask for the wage).
        const rate = computed.rateCents ?? 0;
        lines.push({
          category: 'personnel',
          description: line.description,
          employeeRef: ref ? normaliseEmployeeRef(ref) : null,
          hours: fromHundredths(computed.hours.hundredths),
          hoursHundredths: computed.hours.hundredths,
          hourlyRateCents: rate,
          annualWageCents: computed.wageCents,
          amountCents: personnelAmountCents(computed.hours.hundredths, rate),
        });
      });
      const totals = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;
      for (const l of lines) totals[l.category] += l.amountCents;
      const total = Object.values(totals).reduce((a, b) => a + b, 0);
      if (total > MONEY_MAX_CENTS) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'errors.report.money.tooLarge' });
      // Every explanation given is kept (also where the deviation is now within 25%): nothing typed is lost.
      const explanations: Record<string, string> = {};
      for (const key of DEVIATION_KEYS) if (value.explanations[key]) explanations[key] = value.explanations[key]!;
      return { version: value.version, lines, explanations, totals, total };
    });
}

export const SignOffSchema = z.object({
  version,
  confirm: checkbox.refine((v) => v, 'errors.report.signOff.confirmRequired'),
});

export const WithdrawSchema = z.object({ version });

export const LINE_FIELDS = ['category', 'description', 'employeeRef', 'hours', 'wage', 'amount'] as const;
const LINE_LABELS = {
  category: 'report.costs.category',
  description: 'report.costs.description',
  employeeRef: 'report.costs.employeeRef',
  hours: 'report.costs.hours',
  wage: 'report.costs.wage',
  amount: 'report.costs.amount',
} as const;

/** A partner's saved part → what the cost-part form shows (amounts in the page's notation). */
export function costPartValues(partner: Pick<SnapshotPartner, 'costLines' | 'deviationExplanations'>, locale: Locale) {
  return {
    lines: partner.costLines.map((l) => ({
      category: l.category as '' | CostCategory,
      description: l.description,
      employeeRef: l.employeeRef ?? '',
      hours: l.hours === null ? '' : formatHoursInput(l.hours, locale),
      wage: l.annualWageCents ? formatMoneyInput(l.annualWageCents, locale) : '',
      amount: l.category === 'personnel' ? '' : formatMoneyInput(l.amountCents, locale),
    })),
    explanations: { ...partner.deviationExplanations } as Partial<Record<DeviationKey, string>>,
  };
}

export const blankCostLine = () => ({ category: '', description: '', employeeRef: '', hours: '', wage: '', amount: '' });

export function costPartOrder(rows: number) {
  return [...Array.from({ length: rows }, (_, i) => LINE_FIELDS.map((f) => `lines.${i}.${f}`)).flat(), ...DEVIATION_KEYS.map((k) => `explanations.${k}`), 'confirm'];
}

export function costPartLabel(path: string, t: Parameters<typeof rowLabel>[2]) {
  const [group, key] = path.split('.');
  if (group === 'explanations') return t('report.costs.explanation', { category: t(`report.costs.category.${key as DeviationKey}`) });
  return rowLabel(path, LINE_LABELS, t);
}

/**
 * The costs as a reviewer reads them: per partner, budget against actual per category with the
 * deviation and the partner's explanation beside it, and the sign-off; then the project's totals.
 */
export function CostsView({ part, year, changeBase }: SectionViewProps<CostsPart>) {
  const { t, locale } = useT();
  const deviation = useDeviationText();
  return (
    <>
      <DataTable
        id="view-costs"
        caption={t('report.view.costsPerPartner', { year })}
        columns={[
          t('report.costs.category'),
          { label: t('report.costs.budget', { year }), numeric: true },
          { label: t('report.costs.actual'), numeric: true },
          { label: t('report.costs.deviation'), numeric: true },
          t('report.view.explanation'),
        ]}
      >
        {part.partners.map((p) => (
          <Fragment key={p.organisation.id}>
            <tr className="snapshot-group">
              <th scope="colgroup" colSpan={5}>
                {changeBase ? <Link to={`${changeBase}/kosten/${p.organisation.id}`}>{p.organisation.name}</Link> : p.organisation.name}
                <span className="task-list-meta">
                  {p.signedOffAt && p.signedOffBy
                    ? t('report.costs.signedOff', { name: p.signedOffBy.name, date: formatDate(new Date(p.signedOffAt), locale) })
                    : t('report.costs.notSignedOff')}
                </span>
              </th>
            </tr>
            {DEVIATION_KEYS.map((key) => {
              const budget = key === 'total' ? p.budgetTotalCents : p.budgetCents[key];
              const actual = key === 'total' ? p.totalCents : p.totalsCents[key];
              if (key !== 'total' && budget === 0 && actual === 0) return null;
              return (
                <tr key={key} className={key === 'total' ? 'total-row' : undefined}>
                  <th scope="row">{t(`report.costs.category.${key}`)}</th>
                  <td className="num">{formatMoney(budget, locale)}</td>
                  <td className="num">{formatMoney(actual, locale)}</td>
                  <td className="num">
                    {deviation(actual, budget)}
                    {needsExplanation(actual, budget) ? <strong className="deviation-flag"> (&gt; 25%)</strong> : null}
                  </td>
                  <td className="pre-wrap">{p.deviationExplanations[key] ?? ''}</td>
                </tr>
              );
            })}
          </Fragment>
        ))}
      </DataTable>
      <CostSummaryTable id="view-costs-total" caption={t('report.summary.perCategory')} year={year} budget={part.totals.budgetCents} actual={part.totals.costsCents} />
    </>
  );
}
