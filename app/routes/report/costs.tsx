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
import { costsFor } from '#app/report/snapshot-access.server';
import { partStatus } from '#app/report/snapshot';
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
  // Only the parts the caller may read keep their figures (app/report/snapshot-access.server.ts):
  // a contributor sees its own part's, and of the others only their name and state.
  const costs = costsFor(ctx.principal, ctx.project.id, await readCosts(db, scopeOf(ctx)));
  const paid = await paidSoFar(
    db,
    ctx.project.id,
    costs.partners.map((p) => p.organisation.id),
  );
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'costs'),
    myOrganisationId: ctx.organisationId,
    // The totals over all partners only for those who read every part (see the decision there).
    totals: costs.withheld.length === 0 ? costs.totals : null,
    partners: [
      ...costs.partners.map((p) => ({
        id: p.organisation.id,
        name: p.organisation.name,
        isLead: p.isLead,
        figures: { budgetTotalCents: p.budgetTotalCents, totalCents: p.totalCents, paidCents: paid.get(p.organisation.id) ?? 0 },
        status: partStatus(p),
        signedOffAt: p.signedOffAt,
        signedOffBy: p.signedOffBy?.name ?? null,
      })),
      ...costs.withheld.map((p) => ({
        id: p.organisation.id,
        name: p.organisation.name,
        isLead: p.isLead,
        figures: null,
        status: p.status,
        signedOffAt: p.signedOffAt,
        signedOffBy: p.signedOffBy?.name ?? null,
      })),
    ].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1)),
  };
}

const collator = new Intl.Collator('nl', { sensitivity: 'base' });

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
                  {p.figures ? (
                    <Link to={`${base}/kosten/${p.id}`}>
                      {p.id === myOrganisationId && editable ? t('report.costs.edit', { name: p.name }) : t('report.costs.open', { name: p.name })}
                    </Link>
                  ) : (
                    // Another partner's part: its figures are its own (no link, the page is not theirs to open).
                    p.name
                  )}
                </th>
                <td className="num">{p.figures ? formatMoney(p.figures.budgetTotalCents, locale) : '—'}</td>
                <td className="num">{p.figures ? formatMoney(p.figures.totalCents, locale) : '—'}</td>
                <td className="num">{p.figures ? deviation(p.figures.totalCents, p.figures.budgetTotalCents) : '—'}</td>
                <td className="num">{p.figures ? formatMoney(p.figures.paidCents, locale) : '—'}</td>
                <td>
                  <SectionStatusTag status={p.status} />
                  {p.signedOffAt && p.signedOffBy ? (
                    <span className="task-list-meta">{t('report.costs.signedOff', { name: p.signedOffBy, date: formatDate(new Date(p.signedOffAt), locale) })}</span>
                  ) : null}
                </td>
              </tr>
            ))}
      </DataTable>
      {totals ? <CostSummaryTable id="all-partners" caption={t('report.costs.allTotal')} year={report.year} budget={totals.budgetCents} actual={totals.costsCents} /> : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
