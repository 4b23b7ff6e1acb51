import { COST_CATEGORIES, type CostCategory } from '#db/schema/programmes';
import { useT } from '#app/i18n/index';
import { deviationShare, needsExplanation } from './schemas';
import { formatMoney } from '#app/rules/numbers';

/** Deviation as text: "+12%", "−40%", or "geen begroting" when nothing was budgeted. */
export function useDeviationText() {
  const { t, locale } = useT();
  return (actual: number, budget: number) => {
    const share = deviationShare(actual, budget);
    if (!Number.isFinite(share)) return t('report.costs.noBudget');
    const pct = new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(share);
    return pct;
  };
}

/** Per category and in total: budget of the year, actual, deviation; >25% is marked in words. */
export function CostSummaryTable({
  id,
  caption,
  year,
  budget,
  actual,
}: {
  id: string;
  caption: string;
  year: number;
  budget: Record<CostCategory, number>;
  actual: Record<CostCategory, number>;
}) {
  const { t, locale } = useT();
  const deviation = useDeviationText();
  const budgetTotal = COST_CATEGORIES.reduce((s, c) => s + budget[c], 0);
  const actualTotal = COST_CATEGORIES.reduce((s, c) => s + actual[c], 0);
  const row = (key: CostCategory | 'total', b: number, a: number) => (
    <tr key={key}>
      <th scope="row">{t(`report.costs.category.${key}`)}</th>
      <td className="num">{formatMoney(b, locale)}</td>
      <td className="num">{formatMoney(a, locale)}</td>
      <td className="num">
        {deviation(a, b)}
        {needsExplanation(a, b) ? <strong className="deviation-flag"> (&gt; 25%)</strong> : null}
      </td>
    </tr>
  );
  return (
    <div className="table-wrap" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
      <table>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('report.costs.category')}</th>
            <th scope="col" className="num">
              {t('report.costs.budget', { year })}
            </th>
            <th scope="col" className="num">
              {t('report.costs.actual')}
            </th>
            <th scope="col" className="num">
              {t('report.costs.deviation')}
            </th>
          </tr>
        </thead>
        <tbody>{COST_CATEGORIES.map((c) => row(c, budget[c], actual[c]))}</tbody>
        <tfoot>{row('total', budgetTotal, actualTotal)}</tfoot>
      </table>
    </div>
  );
}
