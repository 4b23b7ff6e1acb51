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

/**
 * Per category and in total: budget of the year, actual, deviation; >25% is marked in words.
 * On a narrow screen (max 30rem, `app.css`) each category stacks into its own block with the column
 * name before each figure (`data-label`), so the deviation is read without scrolling sideways; the
 * explicit roles keep it a table for assistive technology when its cells no longer display as one.
 */
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
  const labels = { budget: t('report.costs.budget', { year }), actual: t('report.costs.actual'), deviation: t('report.costs.deviation') };
  const row = (key: CostCategory | 'total', b: number, a: number) => (
    <tr key={key} role="row">
      <th scope="row" role="rowheader">
        {t(`report.costs.category.${key}`)}
      </th>
      <td className="num" role="cell" data-label={labels.budget}>
        <span>{formatMoney(b, locale)}</span>
      </td>
      <td className="num" role="cell" data-label={labels.actual}>
        <span>{formatMoney(a, locale)}</span>
      </td>
      <td className="num" role="cell" data-label={labels.deviation}>
        <span>
          {deviation(a, b)}
          {needsExplanation(a, b) ? <strong className="deviation-flag"> (&gt; 25%)</strong> : null}
        </span>
      </td>
    </tr>
  );
  return (
    <DataTable
      id={id}
      caption={caption}
      className="cost-summary"
      columns={[t('report.costs.category'), { label: labels.budget, numeric: true }, { label: labels.actual, numeric: true }, { label: labels.deviation, numeric: true }]}
      foot={row('total', budgetTotal, actualTotal)}
    >
      {COST_CATEGORIES.map((c) => row(c, budget[c], actual[c]))}
    </DataTable>
  );
}
