import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { getProgrammeOverview } from '#app/models/programme.server';
import { notFound, requirePermission } from '#app/utils/permissions.server';
import { formatDayMonth } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';

export async function loader({ request }: LoaderFunctionArgs) {
  // Everyone signed in sees the programme; the projects listed are scoped to the caller.
  const principal = await requirePermission(request, 'signed-in');
  const overview = await getProgrammeOverview(getDb(), principal);
  if (!overview) notFound();
  const { programme, projects, totals } = overview;
  return {
    programme: {
      code: programme.code,
      name: programme.name,
      capCents: programme.subsidyCapCents,
      grantingAuthority: programme.grantingAuthority,
      firstYear: programme.firstReportingYear,
      lastYear: programme.lastReportingYear,
      dueMonth: programme.reportDueMonth,
      dueDay: programme.reportDueDay,
    },
    projects,
    totals,
  };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => data?.programme.name ?? tr.t('programme.title'),
};

export default function Programme() {
  const { programme, projects, totals } = useLoaderData<typeof loader>();
  const { t, tn, locale } = useT();
  const dueExample = formatDayMonth(programme.dueMonth, programme.dueDay, locale);
  return (
    <>
      <p className="muted">{t('programme.title')}</p>
      <h1>{programme.name}</h1>
      <dl className="summary-list">
        <dt>{t('programme.grantingAuthority')}</dt>
        <dd>{programme.grantingAuthority}</dd>
        <dt>{t('programme.reportingYears')}</dt>
        <dd>
          {programme.firstYear}–{programme.lastYear}. {t('programme.reportDue', { date: dueExample })}
        </dd>
      </dl>

      <h2>{t('programme.keyFigures')}</h2>
      <dl className="key-figures">
        <div>
          <dt>{t('programme.cap')}</dt>
          <dd>{formatMoney(programme.capCents, locale)}</dd>
        </div>
        {totals ? (
          <>
            <div>
              <dt>{t('programme.granted')}</dt>
              <dd>{formatMoney(totals.grantedCents, locale)}</dd>
            </div>
            <div>
              <dt>{t('programme.headroom')}</dt>
              <dd>{formatMoney(programme.capCents - totals.grantedCents, locale)}</dd>
            </div>
            <div>
              <dt>{t('programme.paid')}</dt>
              <dd>{formatMoney(totals.paidCents, locale)}</dd>
            </div>
          </>
        ) : null}
      </dl>

      <h2 id="projects-title">{totals ? t('programme.projects') : t('programme.yourProjects')}</h2>
      {projects.length === 0 ? (
        <p>{t('programme.noProjects')}</p>
      ) : (
        <DataTable
          id="projects"
          labelledBy="projects-title"
          columns={[
            t('programme.table.project'),
            t('programme.table.aidBasis'),
            t('programme.table.lead'),
            { label: t('programme.table.partners'), numeric: true },
            { label: t('programme.table.granted'), numeric: true },
            { label: t('programme.table.paid'), numeric: true },
          ]}
        >
          {projects.map((project) => (
            <tr key={project.id}>
              <th scope="row">
                <Link to={`/projecten/${project.code}`}>{project.code}</Link>
                <br />
                <span className="muted" lang="en">
                  {project.name}
                </span>
              </th>
              <td>{t(`aidBasis.${project.aidBasis}`)}</td>
              <td>{project.leadName}</td>
              <td className="num">{tn('common.count.partners', project.partnerCount)}</td>
              <td className="num">{formatMoney(project.grantedCents, locale)}</td>
              <td className="num">{formatMoney(project.paidCents, locale)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
