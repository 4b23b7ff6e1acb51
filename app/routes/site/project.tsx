import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { ReportStatusTag } from '#app/components/status';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { findReadableProject, getProjectDetails } from '#app/models/project.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { codeParam } from '#app/utils/params.server';
import { formatDate } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  // Scoped lookup: a project the caller may not read does not exist for them (404).
  const project = await findReadableProject(getDb(), principal, codeParam(params));
  if (!project) notFound();
  await requirePermission(request, 'read:project:own', { projectId: project.id });
  const details = await getProjectDetails(getDb(), project.id);
  const membership = principal.memberships.get(project.id);
  const actingFor = membership
    ? { organisation: details.partners.find((p) => p.organisationId === membership.organisationId)?.name ?? '', role: membership.role }
    : null;
  return {
    project,
    actingFor,
    partners: details.partners,
    totals: {
      grantedCents: details.partners.reduce((sum, p) => sum + p.grantedCents, 0),
      paidCents: details.partners.reduce((sum, p) => sum + p.paidCents, 0),
    },
    workPackages: details.workPackages,
    milestones: details.milestones,
    reports: details.reports,
  };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${data.project.code} – ${data.project.name}` : tr.t('project.reports')),
};

export default function Project() {
  const { project, actingFor, partners, totals, workPackages, milestones, reports } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  return (
    <>
      <p className="muted">{project.programmeName}</p>
      <h1>
        {project.code} <span className="muted" lang="en">– {project.name}</span>
      </h1>
      {actingFor ? <p className="notice">{t('project.yourRole', { organisation: actingFor.organisation, role: t(`role.${actingFor.role}`) })}</p> : null}
      {project.description ? <p className="lead">{project.description}</p> : null}
      <dl className="summary-list">
        <dt>{t('project.aidBasis')}</dt>
        <dd>{t(`aidBasis.${project.aidBasis}`)}</dd>
        <dt>{t('project.decision')}</dt>
        <dd>{t('project.decisionValue', { reference: project.grantDecisionReference, date: formatDate(project.grantDecisionDate, locale) })}</dd>
        <dt>{t('project.period')}</dt>
        <dd>{t('project.periodValue', { start: formatDate(project.startDate, locale), end: formatDate(project.endDate, locale) })}</dd>
        <dt>{t('project.granted')}</dt>
        <dd>{formatMoney(totals.grantedCents, locale)}</dd>
        <dt>{t('project.paid')}</dt>
        <dd>{formatMoney(totals.paidCents, locale)}</dd>
      </dl>
      <p>
        <Link to={`/projecten/${project.code}/dashboard`}>{t('project.dashboardLink', { code: project.code })}</Link>
      </p>

      <h2 id="reports-title">{t('project.reports')}</h2>
      {reports.length === 0 ? (
        <p>{t('project.noReports')}</p>
      ) : (
        <DataTable id="reports" labelledBy="reports-title" columns={[t('project.table.year'), t('project.table.status'), t('project.table.dueDate'), t('project.table.submitted')]}>
          {reports.map((report) => (
            <tr key={report.id}>
              <th scope="row">
                {/* The report's task list (its loader checks access again). */}
                <Link to={`/projecten/${project.code}/rapporten/${report.year}`}>{report.year}</Link>
              </th>
              <td>
                <ReportStatusTag status={report.status} overdue={report.lateness === 'overdue'} />
              </td>
              <td>{formatDate(report.dueDate, locale)}</td>
              <td>
                {report.submittedAt ? formatDate(new Date(report.submittedAt), locale) : '—'}
                {report.lateness === 'submitted_late' ? ` (${t('common.late')})` : ''}
                {report.submittedAt ? (
                  <>
                    <br />
                    {/* The dossier of the submitted revision: the server checks that this is the caller's project. */}
                    <a href={`/exporten/dossier/${report.id}`} download>
                      {t('export.dossier.link', { year: report.year })}
                    </a>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2 id="partners-title">{t('project.partners')}</h2>
      <DataTable
        id="partners"
        labelledBy="partners-title"
        columns={[
          t('project.table.organisation'),
          t('project.table.enterpriseType'),
          t('project.table.costMethod'),
          { label: t('project.table.granted'), numeric: true },
          { label: t('project.table.paid'), numeric: true },
        ]}
        foot={
          <tr>
            <th scope="row" colSpan={3}>
              {t('project.table.total')}
            </th>
            <td className="num">{formatMoney(totals.grantedCents, locale)}</td>
            <td className="num">{formatMoney(totals.paidCents, locale)}</td>
          </tr>
        }
      >
        {partners.map((partner) => (
          <tr key={partner.organisationId}>
            <th scope="row">
              {partner.name}
              {partner.organisationId === project.leadOrganisationId ? ` (${t('project.lead')})` : ''}
            </th>
            <td>{t(`enterpriseType.${partner.enterpriseType}`)}</td>
            <td>{t(`costMethod.${partner.costMethod}`)}</td>
            <td className="num">{formatMoney(partner.grantedCents, locale)}</td>
            <td className="num">{formatMoney(partner.paidCents, locale)}</td>
          </tr>
        ))}
      </DataTable>

      <h2 id="wp-title">{t('project.workPackages')}</h2>
      <DataTable id="work-packages" labelledBy="wp-title" columns={[t('project.table.code'), t('project.table.title')]}>
        {workPackages.map((wp) => (
          <tr key={wp.id}>
            <th scope="row">{wp.code}</th>
            <td>{wp.title}</td>
          </tr>
        ))}
      </DataTable>

      <h2 id="milestones-title">{t('project.milestones')}</h2>
      <DataTable
        id="milestones"
        labelledBy="milestones-title"
        columns={[t('project.table.code'), t('project.table.title'), t('project.table.workPackage'), t('project.table.plannedDate')]}
      >
        {milestones.map((m) => (
          <tr key={m.id}>
            <th scope="row">{m.code}</th>
            <td>{m.title}</td>
            <td>{m.workPackageCode ?? '—'}</td>
            <td>{formatDate(m.plannedDate, locale)}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
