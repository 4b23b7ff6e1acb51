import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { BarChartFigure, ChartTable, formatPercent, LineChartFigure, type ChartRow, type ChartSeries } from '#app/components/charts/figures';
import { MILESTONE_STYLES, PALETTE } from '#app/components/charts/palette';
import { FilterForm, valueOptions } from '#app/components/filters';
import { DataTable } from '#app/components/table';
import { useT, type TranslationKey } from '#app/i18n/index';
import { getProgrammeDashboard, parseDashboardFilters, type MilestoneBucket } from '#app/models/dashboard.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { formatDate } from '#app/rules/dates';
import { AID_BASES } from '#app/rules/domain';
import { formatMoney, formatShare } from '#app/rules/numbers';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'read:programme:any');
  const url = new URL(request.url);
  const filters = parseDashboardFilters(url);
  const dashboard = await getProgrammeDashboard(getDb(), url.searchParams.get('programma'), filters);
  if (!dashboard) notFound();
  return { ...dashboard, filters };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => `${tr.t('dashboard.title')}${data ? ` ${data.programme.code}` : ''}`,
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="dashboard">
      <h1>
        {t('dashboard.title')} <span className="muted">{data.programme.name}</span>
      </h1>
      <p className="lead">{t('dashboard.intro', { programme: data.programme.code })}</p>
      <Filters data={data} />
      <Headline data={data} />
      <ProjectsSection data={data} />
      <OverTime data={data} />
      <Milestones data={data} />
      <Compliance data={data} />
      <Signals data={data} />
    </div>
  );
}

function filterHref(data: Data, changes: Record<string, string | number | null>) {
  const params = new URLSearchParams();
  const current: Record<string, string | number | null> = {
    programma: data.programmes.length > 1 ? data.programme.code : null,
    jaar: data.filters.year,
    project: data.filters.projectCode,
    grondslag: data.filters.aidBasis,
    pagina: data.filters.page > 1 ? data.filters.page : null,
  };
  for (const [key, value] of Object.entries({ ...current, ...changes })) if (value !== null && value !== '') params.set(key, String(value));
  const query = params.toString();
  return `/dashboard${query ? `?${query}` : ''}`;
}

function Filters({ data }: { data: Data }) {
  const { t } = useT();
  const active = [
    data.filters.year ? `${t('dashboard.filters.year')} ${data.filters.year}` : null,
    data.filters.projectCode ? `${t('dashboard.filters.project')} ${data.filters.projectCode}` : null,
    data.filters.aidBasis ? t(`aidBasis.${data.filters.aidBasis}`) : null,
  ].filter(Boolean);
  const all = t('dashboard.filters.all');
  return (
    <section className="dashboard-filters">
      <FilterForm
        heading={t('dashboard.filters.title')}
        filters={[
          data.programmes.length > 1 && {
            type: 'select',
            name: 'programma',
            label: t('dashboard.filters.programme'),
            options: valueOptions(data.programmes.map((p) => p.code)),
            value: data.programme.code,
          },
          { type: 'select', name: 'jaar', label: t('dashboard.filters.year'), options: valueOptions(data.years), value: data.filters.year, any: all },
          data.projectCodes
            ? { type: 'select', name: 'project', label: t('dashboard.filters.project'), options: valueOptions(data.projectCodes), value: data.filters.projectCode, any: all }
            : { type: 'text', name: 'project', label: t('dashboard.filters.project'), hint: t('dashboard.filters.projectHint'), value: data.filters.projectCode, size: 14 },
          { type: 'select', name: 'grondslag', label: t('dashboard.filters.aidBasis'), options: valueOptions(AID_BASES, (b) => t(`aidBasis.${b as (typeof AID_BASES)[number]}`)), value: data.filters.aidBasis, any: all },
        ]}
        apply={t('dashboard.filters.apply')}
        reset={{ href: data.programmes.length > 1 ? `/dashboard?programma=${encodeURIComponent(data.programme.code)}` : '/dashboard', label: t('dashboard.filters.clear') }}
      />
      {data.projectFound ? null : (
        <p className="notice" role="status">
          {t('dashboard.filters.projectNotFound', { code: data.filters.projectCode ?? data.filters.projectRejected ?? '' })}
        </p>
      )}
      <p className="notice" role="status">
        {active.length ? t('dashboard.filters.active', { filters: active.join(', ') }) : t('dashboard.filters.none')}
        {data.filters.year ? ` ${t('dashboard.filters.yearNote', { year: data.filters.year })}` : ''}
      </p>
    </section>
  );
}


function Headline({ data }: { data: Data }) {
  const { t, locale } = useT();
  const h = data.headline;
  const figures: Array<[TranslationKey, string, string?]> = [
    ['dashboard.headline.cap', formatMoney(h.capCents, locale)],
    ['dashboard.headline.grantedProgramme', formatMoney(h.grantedProgrammeCents, locale)],
    ['dashboard.headline.headroom', formatMoney(h.headroomCents, locale)],
    ['dashboard.headline.granted', formatMoney(h.grantedCents, locale)],
    ['dashboard.headline.paid', formatMoney(h.paidCents, locale)],
    ['dashboard.headline.approved', formatMoney(h.approvedCents, locale)],
    ['dashboard.headline.pending', formatMoney(h.pendingCents, locale)],
    [
      'dashboard.headline.share',
      formatMoney(h.subsidyApprovedCents, locale),
      h.approvedCents > 0 ? t('dashboard.headline.shareHint', { percent: formatPercent(h.subsidyApprovedCents, h.approvedCents, locale) }) : undefined,
    ],
    [
      'dashboard.headline.sharePending',
      formatMoney(h.subsidyPendingCents, locale),
      h.pendingCents > 0 ? t('dashboard.headline.shareHint', { percent: formatPercent(h.subsidyPendingCents, h.pendingCents, locale) }) : undefined,
    ],
  ];
  return (
    <section aria-labelledby="headline-title">
      <h2 id="headline-title">{t('dashboard.headline.title')}</h2>
      <dl className="dash-figures">
        {figures.map(([label, value, hint]) => (
          <div key={label} className="dash-figure">
            <dt>{t(label)}</dt>
            <dd>
              <span className="dash-figure-value">{value}</span>
              {hint ? <span className="form-hint">{hint}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ProjectsSection({ data }: { data: Data }) {
  const { t, tn, locale } = useT();
  const series: ChartSeries[] = [
    { key: 'granted', label: t('dashboard.series.granted'), style: { colour: PALETTE.blue, pattern: 'solid' } },
    { key: 'paid', label: t('dashboard.series.paid'), style: { colour: PALETTE.orange, pattern: 'stripes' } },
    { key: 'approved', label: t('dashboard.series.approved'), style: { colour: PALETTE.green, pattern: 'dots' } },
    { key: 'pending', label: t('dashboard.series.pending'), style: { colour: PALETTE.purple, pattern: 'cross' } },
  ];
  const rows = data.projects.map((p) => ({
    label: p.code,
    href: `/projecten/${encodeURIComponent(p.code)}/dashboard`,
    values: { granted: p.grantedCents, paid: p.paidCents, approved: p.approvedCents, pending: p.pendingCents },
  }));
  const top = [...data.projects].sort((a, b) => b.grantedCents - a.grantedCents)[0];
  return (
    <section aria-labelledby="projects-title">
      <h2 id="projects-title">{t('dashboard.projects.title')}</h2>
      {data.projects.length === 0 ? (
        <p>{t('dashboard.projects.empty')}</p>
      ) : (
        <BarChartFigure
          id="chart-projects"
          title={t('dashboard.projects.chartTitle')}
          summary={tn('dashboard.projects.summary', data.projects.length, {
            top: top?.code ?? '',
            amount: formatMoney(top?.grantedCents ?? 0, locale),
            granted: formatMoney(data.headline.grantedCents, locale),
            paid: formatMoney(data.headline.paidCents, locale),
          })}
          series={series}
          rows={rows}
          format="money"
          labelHeader={t('dashboard.table.project')}
          tableVisible
        />
      )}
      <Pagination data={data} />
    </section>
  );
}

function Pagination({ data }: { data: Data }) {
  const { t } = useT();
  const { number, pages, totalProjects } = data.page;
  if (pages <= 1) return null;
  return (
    <nav aria-label={t('dashboard.projects.pagination')} className="pagination">
      <p>{t('dashboard.projects.page', { page: number, pages, count: totalProjects })}</p>
      <ul>
        {number > 1 ? (
          <li>
            <Link to={filterHref(data, { pagina: number - 1 })}>{t('dashboard.projects.previous')}</Link>
          </li>
        ) : null}
        {number < pages ? (
          <li>
            <Link to={filterHref(data, { pagina: number + 1 })}>{t('dashboard.projects.next')}</Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function OverTime({ data }: { data: Data }) {
  const { t, locale } = useT();
  const series: ChartSeries[] = [
    { key: 'paid', label: t('dashboard.series.cumulativePaid'), style: { colour: PALETTE.orange, pattern: 'solid', dash: '' } },
    { key: 'approved', label: t('dashboard.series.cumulativeApproved'), style: { colour: PALETTE.blue, pattern: 'solid', dash: '8 4' } },
  ];
  const rows = data.overTime.map((y) => ({ label: String(y.year), values: { paid: y.cumulativePaidCents, approved: y.cumulativeApprovedCents } }));
  const last = data.overTime[data.overTime.length - 1];
  return (
    <section aria-labelledby="time-title">
      <h2 id="time-title">{t('dashboard.time.title')}</h2>
      <LineChartFigure
        id="chart-time"
        title={t('dashboard.time.chartTitle')}
        summary={t('dashboard.time.summary', {
          year: last?.year ?? '',
          paid: formatMoney(last?.cumulativePaidCents ?? 0, locale),
          approved: formatMoney(last?.cumulativeApprovedCents ?? 0, locale),
          cap: formatMoney(data.headline.capCents, locale),
        })}
        series={series}
        rows={rows}
        format="money"
        labelHeader={t('dashboard.table.year')}
        limit={{ value: data.headline.capCents, label: t('dashboard.time.cap') }}
      />
    </section>
  );
}

function Milestones({ data }: { data: Data }) {
  const { t } = useT();
  const buckets = Object.keys(MILESTONE_STYLES) as MilestoneBucket[];
  const series: ChartSeries[] = buckets.map((bucket) => ({
    key: bucket,
    label: t(`dashboard.milestoneStatus.${bucket}`),
    style: MILESTONE_STYLES[bucket],
  }));
  const rows = data.milestoneCounts.map((m) => ({ label: m.code, values: m.counts }));
  const sum = (bucket: MilestoneBucket) => data.milestoneCounts.reduce((s, m) => s + m.counts[bucket], 0);
  const total = buckets.reduce((s, b) => s + sum(b), 0);
  return (
    <section aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t('dashboard.milestones.title')}</h2>
      {rows.length ? (
        <BarChartFigure
          id="chart-milestones"
          title={t('dashboard.milestones.chartTitle')}
          summary={t('dashboard.milestones.summary', { total, achieved: sum('achieved'), delayed: sum('delayed'), atRisk: sum('at_risk') })}
          series={series}
          rows={rows}
          format="count"
          labelHeader={t('dashboard.table.project')}
          stacked
        />
      ) : null}
      <MilestoneList id="overdue" title={t('dashboard.milestones.overdue')} list={data.overdue} />
      <MilestoneList id="due-soon" title={t('dashboard.milestones.dueSoon')} list={data.dueSoon} />
    </section>
  );
}

function MilestoneList({ id, title, list }: { id: string; title: string; list: Data['overdue'] }) {
  const { t, locale } = useT();
  return (
    <>
      <h3 id={`${id}-title`}>{title}</h3>
      {list.rows.length === 0 ? (
        <p>{t('dashboard.milestones.none')}</p>
      ) : (
        <>
          <DataTable
            id={`${id}-table`}
            labelledBy={`${id}-title`}
            columns={[t('dashboard.table.project'), t('dashboard.table.milestone'), t('dashboard.table.plannedDate'), t('dashboard.table.status'), t('dashboard.table.forecastDate')]}
          >
            {list.rows.map((m) => (
              <tr key={`${m.code}-${m.milestone}`}>
                <th scope="row">{m.code}</th>
                <td>
                  {m.milestone} {m.title}
                </td>
                <td>{formatDate(m.plannedDate, locale, 'short')}</td>
                <td>{t(`dashboard.milestoneStatus.${m.status}`)}</td>
                <td>{m.forecastDate ? formatDate(m.forecastDate, locale, 'short') : '—'}</td>
              </tr>
            ))}
          </DataTable>
          {list.total > list.rows.length ? <p className="muted">{t('dashboard.milestones.more', { shown: list.rows.length, total: list.total })}</p> : null}
        </>
      )}
    </>
  );
}

function Compliance({ data }: { data: Data }) {
  const { t } = useT();
  if (data.compliance.rows.length === 0) return null;
  return (
    <section aria-labelledby="compliance-title">
      <h2 id="compliance-title">{t('dashboard.compliance.title')}</h2>
      <p>{t('dashboard.compliance.intro')}</p>
      <DataTable
        id="compliance"
        className="compliance-matrix"
        caption={t('dashboard.compliance.caption')}
        captionHidden
        columns={[t('dashboard.table.project'), ...data.compliance.years.map((year) => ({ label: year, key: String(year) }))]}
      >
        {data.compliance.rows.map((row) => (
          <tr key={row.code}>
            <th scope="row">{row.code}</th>
            {row.cells.map((cell) => {
              const label = t(`dashboard.compliance.${cell.state}`);
              return (
                <td key={cell.year} className={`compliance-cell compliance-${cell.state}`}>
                  {cell.reportId ? (
                    <Link to={reportHref(cell.reportId)} aria-label={t('dashboard.compliance.cellLabel', { project: row.code, year: cell.year, state: label })}>
                      {label}
                    </Link>
                  ) : (
                    <span>{label}</span>
                  )}
                  {cell.late ? <span className="compliance-late"> ({t('dashboard.compliance.late')})</span> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** Where a report is read and reviewed (the review pages). */
function reportHref(reportId: string) {
  return `/beoordelen/${reportId}`;
}

function Signals({ data }: { data: Data }) {
  const { t, locale } = useT();
  const plain = (key: string, label: string): ChartSeries => ({ key, label, style: { colour: PALETTE.grey, pattern: 'solid' } });
  return (
    <section aria-labelledby="signals-title">
      <h2 id="signals-title">{t('dashboard.signals.title')}</h2>
      <Signal
        id="deviations"
        title={t('dashboard.signals.deviations')}
        intro={t('dashboard.signals.deviationsIntro')}
        total={data.deviations.total}
        series={[plain('budget', t('dashboard.series.budget')), plain('reported', t('dashboard.series.reported'))]}
        rows={data.deviations.rows.map((d) => ({
          label: `${d.code} – ${d.organisation} – ${d.year} (${formatShare(d.budgetCents > 0 ? (d.reportedCents - d.budgetCents) / d.budgetCents : NaN, locale)})`,
          values: { budget: d.budgetCents, reported: d.reportedCents },
        }))}
      />
      <Signal
        id="ahead"
        title={t('dashboard.signals.ahead')}
        intro={t('dashboard.signals.aheadIntro')}
        total={data.paymentsAhead.total}
        series={[
          plain('granted', t('dashboard.series.granted')),
          plain('approved', t('dashboard.series.approved')),
          plain('earned', t('dashboard.signals.earned')),
          plain('paid', t('dashboard.series.paid')),
        ]}
        rows={data.paymentsAhead.rows.map((r) => ({
          label: `${r.code} – ${r.organisation}`,
          values: { granted: r.grantedCents, approved: r.approvedCents, earned: r.earnedCents, paid: r.paidCents },
        }))}
      />
    </section>
  );
}

/** One signal list: a heading, what it means, its rows (the first ones, with how many there are in all). */
function Signal({ id, title, intro, total, series, rows }: { id: string; title: string; intro: string; total: number; series: ChartSeries[]; rows: ChartRow[] }) {
  const { t } = useT();
  return (
    <>
      <h3 id={`${id}-title`}>{title}</h3>
      <p>{intro}</p>
      {rows.length === 0 ? (
        <p>{t('dashboard.signals.none')}</p>
      ) : (
        <ChartTable id={`${id}-table`} caption={title} labelHeader={t('dashboard.table.partner')} format="money" series={series} rows={rows} />
      )}
      {total > rows.length ? <p className="muted">{t('dashboard.milestones.more', { shown: rows.length, total })}</p> : null}
    </>
  );
}
