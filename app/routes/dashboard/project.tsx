import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { BarChartFigure, formatPercent, type ChartSeries } from '#app/components/charts/figures';
import { MILESTONE_STYLES, PALETTE, Swatch } from '#app/components/charts/palette';
import { FilterForm, valueOptions } from '#app/components/filters';
import { ReportStatusTag } from '#app/components/status';
import { DataTable } from '#app/components/table';
import { useT, type Locale } from '#app/i18n/index';
import { getProjectDashboard } from '#app/models/dashboard-project.server';
import { findReadableProject } from '#app/models/project.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { codeParam } from '#app/utils/params.server';
import { formatDate, todayInAmsterdam } from '#app/rules/dates';
import { daysLeft } from '#app/rules/deadlines';
import { formatMoney, formatShare } from '#app/rules/numbers';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  // Scoped lookup: a project the caller may not read does not exist for them (404).
  const project = await findReadableProject(getDb(), principal, codeParam(params));
  if (!project) notFound();
  await requirePermission(request, 'read:project:own', { projectId: project.id });
  const year = Number(new URL(request.url).searchParams.get('jaar'));
  const today = todayInAmsterdam();
  const dashboard = await getProjectDashboard(getDb(), project.id, Number.isInteger(year) && year > 0 ? year : null, today, principal);
  return { project: { code: project.code, name: project.name }, today, ...dashboard };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('dashboard.project.title', { project: data.project.code })} – ${data.project.name}` : tr.t('dashboard.title')),
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ProjectDashboard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="dashboard">
      <p>
        <Link to={`/projecten/${encodeURIComponent(data.project.code)}`}>{t('dashboard.project.back')}</Link>
      </p>
      <h1>
        {t('dashboard.project.title', { project: data.project.code })} <span className="muted" lang="en">– {data.project.name}</span>
      </h1>
      <Budget data={data} />
      <Subsidy data={data} />
      <Timeline data={data} />
      <History data={data} />
    </div>
  );
}

/** Reported against budgeted as a signed share ("+27 %"); nothing budgeted and nothing spent is no deviation. */
function deviationText(actual: number, budget: number, locale: Locale) {
  if (budget === 0) return formatShare(actual === 0 ? 0 : NaN, locale);
  return formatShare((actual - budget) / budget, locale);
}

function Budget({ data }: { data: Data }) {
  const { t, locale } = useT();
  if (data.year === null) return null;
  const series: ChartSeries[] = [
    { key: 'budget', label: t('dashboard.series.budget'), style: { colour: PALETTE.grey, pattern: 'stripes' } },
    { key: 'actual', label: t('dashboard.series.reported'), style: { colour: PALETTE.blue, pattern: 'solid' } },
  ];
  const budget = data.budget.reduce((s, p) => s + p.budgetCents, 0);
  const actual = data.budget.reduce((s, p) => s + p.actualCents, 0);
  const status = data.report ? t(`reportStatus.${data.report.status}`) : t('dashboard.project.noReport');
  return (
    <section aria-labelledby="budget-title">
      <h2 id="budget-title">{t('dashboard.project.budgetTitle')}</h2>
      <FilterForm
        label={t('dashboard.project.budgetTitle')}
        filters={[{ type: 'select', name: 'jaar', label: t('dashboard.project.yearLabel'), options: valueOptions(data.years), value: data.year }]}
        apply={t('dashboard.project.show')}
      />
      <p>{t('dashboard.project.budgetIntro', { year: data.year, status })}</p>
      {data.actualsKnown ? null : <p className="notice">{t('dashboard.project.notReported', { year: data.year })}</p>}
      <BarChartFigure
        id="chart-budget"
        title={t('dashboard.project.budgetChartTitle', { year: data.year })}
        summary={t('dashboard.project.budgetSummary', {
          year: data.year,
          budget: formatMoney(budget, locale),
          reported: formatMoney(actual, locale),
          deviation: deviationText(actual, budget, locale),
        })}
        series={series}
        rows={data.budget.map((p) => ({ label: p.name, values: { budget: p.budgetCents, actual: p.actualCents } }))}
        format="money"
        labelHeader={t('dashboard.table.partner')}
        table={
          <DataTable
            id="budget-table"
            caption={t('dashboard.project.budgetChartTitle', { year: data.year })}
            captionHidden
            columns={[
              t('dashboard.table.partner'),
              t('dashboard.table.category'),
              { label: t('dashboard.series.budget'), numeric: true },
              { label: t('dashboard.series.reported'), numeric: true },
              { label: t('dashboard.table.deviation'), numeric: true },
            ]}
          >
            {/* The partner heads its categories and subtotal (a header cell spanning those rows). */}
            {data.budget.flatMap((p) => [
              ...p.categories.map((c, i) => (
                <tr key={`${p.organisationId}-${c.category}`}>
                  {i === 0 ? (
                    <th scope="row" rowSpan={p.categories.length + 1}>
                      {p.name}
                    </th>
                  ) : null}
                  <td>{t(`dashboard.category.${c.category}`)}</td>
                  <td className="num">{formatMoney(c.budgetCents, locale)}</td>
                  <td className="num">{formatMoney(c.actualCents, locale)}</td>
                  <td className="num">{data.actualsKnown ? deviationText(c.actualCents, c.budgetCents, locale) : '—'}</td>
                </tr>
              )),
              <tr key={`${p.organisationId}-total`} className="subtotal">
                <td>{t('dashboard.table.total')}</td>
                <td className="num">{formatMoney(p.budgetCents, locale)}</td>
                <td className="num">{formatMoney(p.actualCents, locale)}</td>
                <td className="num">{data.actualsKnown ? deviationText(p.actualCents, p.budgetCents, locale) : '—'}</td>
              </tr>,
            ])}
          </DataTable>
        }
      />
    </section>
  );
}

function Subsidy({ data }: { data: Data }) {
  const { t, locale } = useT();
  const series: ChartSeries[] = [
    { key: 'granted', label: t('dashboard.series.granted'), style: { colour: PALETTE.blue, pattern: 'solid' } },
    { key: 'paid', label: t('dashboard.series.paid'), style: { colour: PALETTE.orange, pattern: 'stripes' } },
  ];
  const granted = data.partners.reduce((s, p) => s + p.grantedCents, 0);
  const paid = data.partners.reduce((s, p) => s + p.paidCents, 0);
  const percent = formatPercent(paid, granted, locale);
  return (
    <section aria-labelledby="subsidy-title">
      <h2 id="subsidy-title">{t('dashboard.project.subsidyTitle')}</h2>
      <BarChartFigure
        id="chart-subsidy"
        title={t('dashboard.project.subsidyTitle')}
        summary={t('dashboard.project.subsidySummary', { granted: formatMoney(granted, locale), paid: formatMoney(paid, locale), percent })}
        series={series}
        rows={data.partners.map((p) => ({ label: p.name, values: { granted: p.grantedCents, paid: p.paidCents } }))}
        format="money"
        labelHeader={t('dashboard.table.partner')}
        tableVisible
      />
    </section>
  );
}

function Timeline({ data }: { data: Data }) {
  const { t, locale } = useT();
  const byYear = new Map<string, Data['milestones']>();
  for (const m of data.milestones) {
    const year = m.plannedDate.slice(0, 4);
    byYear.set(year, [...(byYear.get(year) ?? []), m]);
  }
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('dashboard.project.timelineTitle')}</h2>
      <ol className="timeline">
        {[...byYear.entries()].map(([year, list]) => (
          <li key={year} className="timeline-year">
            <h3>{year}</h3>
            <ol>
              {list.map((m) => {
                const overdue = daysLeft(m.plannedDate, data.today) < 0 && m.status !== 'achieved' && m.status !== 'cancelled';
                return (
                  <li key={m.code} className={`timeline-item${overdue ? ' timeline-overdue' : ''}`}>
                    <Swatch chartId="timeline" index={data.milestones.indexOf(m)} style={MILESTONE_STYLES[m.status]} />
                    <span className="timeline-date">{formatDate(m.plannedDate, locale, 'short')}</span>{' '}
                    <strong>{m.code}</strong> {m.title} – {t(`dashboard.milestoneStatus.${m.status}`)}
                    {m.forecastDate && m.status !== 'achieved' ? ` (${t('dashboard.table.forecastDate').toLowerCase()} ${formatDate(m.forecastDate, locale, 'short')})` : ''}
                    {overdue ? <span className="tag tag-overdue"> {t('dashboard.compliance.overdue')}</span> : null}
                  </li>
                );
              })}
            </ol>
          </li>
        ))}
      </ol>
    </section>
  );
}

function History({ data }: { data: Data }) {
  const { t, locale } = useT();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('dashboard.project.historyTitle')}</h2>
      <DataTable
        id="history"
        labelledBy="history-title"
        columns={[t('dashboard.table.year'), t('dashboard.table.status'), t('dashboard.project.dueDate'), t('dashboard.project.submitted'), t('dashboard.project.approvedOn')]}
      >
        {data.reports.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.year}</th>
            <td>
              <ReportStatusTag status={r.status} overdue={r.lateness === 'overdue'} />
            </td>
            <td>{formatDate(r.dueDate, locale, 'short')}</td>
            <td>
              {r.submittedAt ? formatDate(new Date(r.submittedAt), locale, 'short') : '—'}
              {r.lateness === 'submitted_late' ? ` (${t('dashboard.compliance.late')})` : ''}
            </td>
            <td>{r.approvedAt ? formatDate(new Date(r.approvedAt), locale, 'short') : '—'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
