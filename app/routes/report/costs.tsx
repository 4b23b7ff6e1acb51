import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { CostSummaryTable, useDeviationText } from '#app/components/report/money-table';
import { ReportHeader } from '#app/components/report/section-form';
import { SectionStatusTag } from '#app/components/report/status';
import { SectionQuestions } from '#app/components/review/section-questions';
import { useT } from '#app/i18n/index';
import { scopeOf } from '#app/report/engine.server';
import { readCosts } from '#app/report/sections/costs.server';
import { reportPageTitle } from '#app/report/section-title';
import { DataTable } from '#app/components/table';
import { loadReportContext, pageBasics } from '#app/report/context.server';
import { paidSoFar } from '#app/report/structure.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { reportPath } from '#app/rules/sections';
import { formatDate } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const snapshot = await readCosts(db, scopeOf(ctx));
  const paid = await paidSoFar(
    db,
    ctx.project.id,
    snapshot.partners.map((p) => p.organisation.id),
  );
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'costs'),
    myOrganisationId: ctx.organisationId,
    totals: snapshot.totals,
    partners: snapshot.partners.map((p) => ({
      id: p.organisation.id,
      name: p.organisation.name,
      isLead: p.isLead,
      budgetTotalCents: p.budgetTotalCents,
      totalCents: p.totalCents,
      grantedCents: p.grantedCents,
      paidCents: paid.get(p.organisation.id) ?? 0,
      status: p.signedOffAt ? ('completed' as const) : p.version > 0 ? ('in_progress' as const) : ('not_started' as const),
      signedOffAt: p.signedOffAt,
      signedOffBy: p.signedOffBy?.name ?? null,
    })),
  };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = { title: (tr, data) => reportPageTitle(tr, tr.t('report.costs.title'), data) };

export default function CostsOverview() {
  const { project, report, partners, totals, myOrganisationId, editable, questions } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  const deviation = useDeviationText();
  const base = reportPath(project.code, report.year);
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.costs.title')} />
      <SectionQuestions data={questions} />
      <p className="lead">{t('report.costs.intro')}</p>
      <DataTable
        id="parts"
        caption={t('report.taskList.partners')}
        columns={[
          t('report.costs.partner'),
          { label: t('report.costs.budget', { year: report.year }), numeric: true },
          { label: t('report.costs.actual'), numeric: true },
          { label: t('report.costs.deviation'), numeric: true },
          { label: t('report.costs.paid'), numeric: true },
          t('report.costs.status'),
        ]}
      >
            {partners.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={`${base}/kosten/${p.id}`}>
                    {p.id === myOrganisationId && editable ? t('report.costs.edit', { name: p.name }) : t('report.costs.open', { name: p.name })}
                  </Link>
                </th>
                <td className="num">{formatMoney(p.budgetTotalCents, locale)}</td>
                <td className="num">{formatMoney(p.totalCents, locale)}</td>
                <td className="num">{deviation(p.totalCents, p.budgetTotalCents)}</td>
                <td className="num">{formatMoney(p.paidCents, locale)}</td>
                <td>
                  <SectionStatusTag status={p.status} />
                  {p.signedOffAt && p.signedOffBy ? (
                    <span className="task-list-meta">{t('report.costs.signedOff', { name: p.signedOffBy, date: formatDate(new Date(p.signedOffAt), locale) })}</span>
                  ) : null}
                </td>
              </tr>
            ))}
      </DataTable>
      <CostSummaryTable id="all-partners" caption={t('report.costs.allTotal')} year={report.year} budget={totals.budgetCents} actual={totals.costsCents} />
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
