import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { COST_CATEGORIES, type CostCategory } from '#app/rules/domain';
import { deviationShare, needsExplanation } from '#app/rules/limits';
import { formatMoney, formatShare } from '#app/rules/numbers';

/** Deviation as text: "+12%", "−40%", or "geen begroting" when nothing was budgeted. */
export function useDeviationText() {
  const { t, locale } = useT();
  return (actual: number, budget: number) => {
    const share = deviationShare(actual, budget);
    return Number.isFinite(share) ? formatShare(share, locale) : t('report.costs.noBudget');
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
    <DataTable
      id={id}
      caption={caption}
      columns={[t('report.costs.category'), { label: t('report.costs.budget', { year }), numeric: true }, { label: t('report.costs.actual'), numeric: true }, { label: t('report.costs.deviation'), numeric: true }]}
      foot={row('total', budgetTotal, actualTotal)}
    >
      {COST_CATEGORIES.map((c) => row(c, budget[c], actual[c]))}
    </DataTable>
  );
}
