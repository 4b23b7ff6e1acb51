import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { SectionStatusTag } from '#app/components/report/status';
import { ReportStatusTag } from '#app/components/status';
import { useT } from '#app/i18n/index';
import { getTaskList } from '#app/report/task-list.server';
import { loadReportContext, pageBasics } from '#app/report/context.server';
import { reportPath } from '#app/rules/sections';
import { formatDate, formatDateTime } from '#app/rules/dates';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const tasks = await getTaskList(getDb(), ctx);
  return { ...pageBasics(ctx), tasks, isStaff: ctx.organisationId === null };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('report.title', { year: data.report.year })} – ${data.project.code}` : tr.t('report.title', { year: '' })),
};

export default function ReportTaskList() {
  const { project, report, editable, tasks, isStaff } = useLoaderData<typeof loader>();
  const { t, tn, locale } = useT();
  const base = reportPath(project.code, report.year);
  return (
    <>
      <p>
        <Link to={`/projecten/${project.code}`} className="back-link">
          {t('report.backToProject')}
        </Link>
      </p>
      <p className="muted">
        {project.code} <span lang="en">– {project.name}</span>
      </p>
      <h1>{t('report.title', { year: report.year })}</h1>
      <p>
        <ReportStatusTag status={report.status} overdue={tasks.lateness === 'overdue'} />
      </p>
      {report.status === 'changes_requested' ? <p className="notice">{t('report.taskList.changesRequested')}</p> : null}
      {!editable ? <p className="notice">{t('report.taskList.readOnly')}</p> : isStaff ? <p className="notice">{t('report.taskList.readOnlyStaff')}</p> : null}
      {editable ? <p className="lead">{t('report.taskList.intro')}</p> : null}
      <dl className="summary-list">
        <dt>{t('report.taskList.sections')}</dt>
        <dd>{t('report.taskList.progress', { done: tasks.completed, total: tasks.total })}</dd>
        <dt>{t('report.taskList.due', { date: formatDate(report.dueDate, locale) })}</dt>
        <dd>
          {tasks.lateness === 'overdue' ? (
            <strong className="tag tag-overdue">{t('report.taskList.late')}</strong>
          ) : tasks.lateness === 'due' ? (
            tasks.daysLeft === 0 ? t('report.taskList.dueToday') : tn('report.taskList.daysLeft', tasks.daysLeft)
          ) : tasks.lateness === 'submitted_late' ? (
            t('report.taskList.submittedLate')
          ) : (
            '—'
          )}
        </dd>
      </dl>

      <h2 id="sections-title">{t('report.taskList.sections')}</h2>
      <ol className="task-list" aria-labelledby="sections-title">
        {tasks.sections.map((s, i) => (
          <li key={s.section} className="task-list-item">
            <span className="task-list-name">
              {i + 1}.{' '}
              <Link to={`${base}/${s.slug}`} aria-describedby={`task-${s.section}-status`}>
                {t(`report.section.${s.section}`)}
              </Link>
              {s.updatedAt ? (
                <span className="task-list-meta">
                  {s.updatedBy
                    ? t('report.taskList.lastChange', { name: s.updatedBy, date: formatDateTime(new Date(s.updatedAt), locale) })
                    : t('report.taskList.lastChangeSystem', { date: formatDateTime(new Date(s.updatedAt), locale) })}
                </span>
              ) : null}
            </span>
            <span id={`task-${s.section}-status`}>
              <SectionStatusTag status={s.status} />
            </span>
          </li>
        ))}
        <li className="task-list-item">
          <span className="task-list-name">
            {tasks.sections.length + 1}.{' '}
            {tasks.readyForCheck && editable ? (
              <Link to={`${base}/controleren`} aria-describedby="task-check-status">
                {t('report.taskList.check')}
              </Link>
            ) : (
              t('report.taskList.check')
            )}
            {!tasks.readyForCheck && editable ? <span className="task-list-meta">{t('report.taskList.checkHint')}</span> : null}
          </span>
          <span id="task-check-status">
            <SectionStatusTag status={!editable ? 'completed' : tasks.readyForCheck ? 'not_started' : 'cannotStart'} />
          </span>
        </li>
      </ol>

      <h2 id="partners-title">{t('report.taskList.partners')}</h2>
      <p>{t('report.taskList.partnersSigned', { done: tasks.signedOff, total: tasks.partners.length })}</p>
      <ul className="task-list" aria-labelledby="partners-title">
        {tasks.partners.map((p) => (
          <li key={p.organisationId} className="task-list-item">
            <span className="task-list-name">
              <Link to={`${base}/kosten/${p.organisationId}`} aria-describedby={`part-${p.organisationId}-status`}>
                {p.name}
              </Link>{' '}
              {p.mine ? t('report.taskList.yours') : null}
              {p.updatedAt && p.updatedBy ? (
                <span className="task-list-meta">{t('report.taskList.lastChange', { name: p.updatedBy, date: formatDateTime(new Date(p.updatedAt), locale) })}</span>
              ) : null}
            </span>
            <span id={`part-${p.organisationId}-status`}>
              <SectionStatusTag status={p.status} />
            </span>
          </li>
        ))}
      </ul>

      {tasks.revisions.length > 0 ? (
        <>
          <h2 id="revisions-title">{t('report.taskList.revisions')}</h2>
          <ul aria-labelledby="revisions-title">
            {tasks.revisions.map((r) => (
              <li key={r.revision}>
                <Link to={`${base}/revisies/${r.revision}`}>
                  {t('report.taskList.revisionLink', { revision: r.revision, reference: r.reference, date: formatDate(new Date(r.submittedAt), locale) })}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
