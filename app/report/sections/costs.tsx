import { Link } from '@remix-run/react';
import { Fragment } from 'react';
import { z } from 'zod';
import { checkbox, choice, group, rows, text, version } from '#app/components/form/schema';
import { CostSummaryTable, useDeviationText } from '#app/components/report/money-table';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { formatDate } from '#app/rules/dates';
import { COST_CATEGORIES, type CostCategory } from '#app/rules/domain';
import { LIMITS, MONEY_MAX_CENTS, needsExplanation } from '#app/rules/limits';
import type { Locale } from '#app/rules/locale';
import { formatMoney, formatMoneyInput, formatNumber, parseHours, parseMoney } from '#app/rules/numbers';
import type { SectionViewProps } from '../section';
import type { CostsPart, SnapshotPartner } from '../snapshot';
import { rowLabel } from './view-parts';

/**
 * Costs: each partner's own financial part — cost lines per category (personnel as hours × the
 * partner's rate), compared with the year's budget; a deviation above 25% needs an explanation —
 * signed off by the partner. Saved per partner (the part's own version), not as one section.
 */
export const DEVIATION_KEYS = [...COST_CATEGORIES, 'total'] as const;
export type DeviationKey = (typeof DEVIATION_KEYS)[number];

export interface CostContext {
  /** The partner's hourly rate under its cost method (personnel = hours × rate). */
  hourlyRateCents: number;
  budgetCents: Record<CostCategory, number>;
}

export interface CostLineInput {
  category: CostCategory;
  description: string;
  hours: number | null;
  amountCents: number;
}

export function costPartSchema(locale: Locale, context: CostContext) {
  return z
    .object({
      version,
      lines: rows({
            category: choice(COST_CATEGORIES, 'errors.report.costs.categoryInvalid'),
            description: text(LIMITS.shortText, 'errors.report.text.tooLongShort'),
            hours: z.string({ invalid_type_error: 'errors.report.costs.hoursWhole' }).trim().default(''),
            amount: z.string({ invalid_type_error: 'errors.report.money.notANumber' }).default(''),
          }, LIMITS.rows),
      explanations: group(Object.fromEntries(DEVIATION_KEYS.map((k) => [k, text(LIMITS.mediumText, 'errors.report.text.tooLongMedium')])) as Record<DeviationKey, ReturnType<typeof text>>),
    })
    .transform((value, ctx) => {
      const lines: CostLineInput[] = [];
      value.lines.forEach((line, i) => {
        const at = (field: string) => ['lines', i, field];
        if (!line.category && !line.description && !line.hours && !line.amount.trim()) return;
        if (!line.category) {
          ctx.addIssue({ code: 'custom', path: at('category'), message: 'errors.report.costs.categoryRequired' });
          return;
        }
        if (line.category === 'personnel') {
          const hours = parseHours(line.hours, locale);
          if (!hours.ok) {
            ctx.addIssue({ code: 'custom', path: at('hours'), message: hours.error });
            return;
          }
          lines.push({ category: 'personnel', description: line.description, hours: hours.value, amountCents: hours.value * context.hourlyRateCents });
          return;
        }
        if (line.hours) {
          ctx.addIssue({ code: 'custom', path: at('hours'), message: 'errors.report.costs.hoursOnlyPersonnel' });
          return;
        }
        const amount = parseMoney(line.amount, locale);
        if (!amount.ok) {
          ctx.addIssue({ code: 'custom', path: at('amount'), message: amount.error });
          return;
        }
        lines.push({ category: line.category, description: line.description, hours: null, amountCents: amount.cents });
      });
      const totals = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;
      for (const l of lines) totals[l.category] += l.amountCents;
      const total = Object.values(totals).reduce((a, b) => a + b, 0);
      const budgetTotal = Object.values(context.budgetCents).reduce((a, b) => a + b, 0);
      if (total > MONEY_MAX_CENTS) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'errors.report.money.tooLarge' });
      const explanations: Record<string, string> = {};
      for (const key of DEVIATION_KEYS) {
        const actual = key === 'total' ? total : totals[key];
        const budget = key === 'total' ? budgetTotal : context.budgetCents[key];
        const given = value.explanations[key] ?? '';
        if (needsExplanation(actual, budget)) {
          if (!given) ctx.addIssue({ code: 'custom', path: ['explanations', key], message: `errors.report.costs.explanationRequired.${key}` });
          else explanations[key] = given;
        }
      }
      return { version: value.version, lines, explanations, totals, total };
    });
}

export const SignOffSchema = z.object({
  version,
  confirm: checkbox.refine((v) => v, 'errors.report.signOff.confirmRequired'),
});

export const LINE_FIELDS = ['category', 'description', 'hours', 'amount'] as const;
const LINE_LABELS = { category: 'report.costs.category', description: 'report.costs.description', hours: 'report.costs.hours', amount: 'report.costs.amount' } as const;
export const COST_PART_BLANK_ROWS = 3;

/** A partner's saved part → what the cost-part form shows (amounts in the page's notation). */
export function costPartValues(partner: Pick<SnapshotPartner, 'costLines' | 'deviationExplanations'>, locale: Locale) {
  return {
    lines: partner.costLines.map((l) => ({
      category: l.category as '' | CostCategory,
      description: l.description,
      hours: l.hours === null ? '' : formatNumber(l.hours, locale),
      amount: formatMoneyInput(l.amountCents, locale),
    })),
    explanations: { ...partner.deviationExplanations } as Partial<Record<DeviationKey, string>>,
  };
}

export const blankCostLine = () => ({ category: '', description: '', hours: '', amount: '' });

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
