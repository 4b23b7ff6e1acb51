import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { uuid } from '#app/components/form/schema';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { REPORT_STATUSES } from '#app/rules/domain';
import { ReportStatusTag } from '#app/components/status';
import { FilterForm, valueOptions } from '#app/components/filters';
import { ClaimButtons } from '#app/components/review/claim';
import { renderNotice } from '#app/components/review/notice';
import { useT, type TranslationKey } from '#app/i18n/index';
import {
  CLAIMABLE_STATUSES,
  claimOutcome,
  claimReport,
  listInbox,
  parseInboxFilters,
  releaseReport,
  type InboxSort,
  type Notice,
} from '#app/models/review.server';
import { can, requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { formatDate } from '#app/rules/dates';
import { INBOX_STATUS_FILTERS } from '#app/rules/workflow';

export async function loader({ request }: LoaderFunctionArgs) {
  // Reviewers work here; EZ policy officers and administrators may look (read-only). Partners: 403.
  const principal = await requirePermission(request, 'read:project:any');
  const filters = parseInboxFilters(new URL(request.url).searchParams);
  const inbox = await listInbox(getDb(), principal, filters);
  return {
    filters,
    ...inbox,
    rows: inbox.rows.map((row) => ({ ...row, claimable: CLAIMABLE_STATUSES.includes(row.status) })),
    canReview: can(principal, 'review:report'),
    me: principal.user.id,
  };
}

export const ClaimSchema = z.object({
  intent: z.enum(['claim', 'release'], { errorMap: () => ({ message: 'errors.review.forbidden' }) }),
  reportId: uuid('errors.review.forbidden'),
});

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'review:report:any');
  const parsed = ClaimSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ notice: { key: 'errors.review.not_found' } as Notice, error: true }, { status: 400 });
  const { intent, reportId } = parsed.data;
  const result = await getDb().transaction((tx) =>
    intent === 'claim' ? claimReport(tx, principal, auditActor(request, principal), reportId) : releaseReport(tx, principal, auditActor(request, principal), reportId),
  );
  const outcome = claimOutcome(intent, result);
  return data({ notice: outcome.notice, error: outcome.error }, { status: outcome.status });
}

export const handle: PageHandle = {
  title: (tr) => tr.t('review.inbox.title'),
};

const SORT_LABELS: Record<InboxSort, TranslationKey> = {
  due: 'review.inbox.sort.due',
  submitted: 'review.inbox.sort.submitted',
  project: 'review.inbox.sort.project',
  year: 'review.inbox.sort.year',
  status: 'review.inbox.sort.status',
};

function withParams(search: string, changes: Record<string, string | null>) {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '?';
}

export default function ReviewInbox() {
  const { filters, rows, counts, options, canReview, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const navigation = useNavigation();
  const tr = useT();
  const { t, tn, locale } = tr;

  const sortHeader = (sort: InboxSort, label: TranslationKey) => {
    const active = filters.sort === sort;
    const nextDir = active && filters.dir === 'asc' ? 'desc' : 'asc';
    return (
      <th scope="col" aria-sort={active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        <Link to={withParams(location.search, { sorteer: sort, richting: nextDir })} className="sort-link">
          {t(label)}
          {active ? <span aria-hidden="true">{filters.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
        </Link>
      </th>
    );
  };

  return (
    <>
      <h1>{t('review.inbox.title')}</h1>
      {!canReview ? <p className="notice">{t('review.inbox.readOnly')}</p> : null}
      {actionData?.notice ? (
        <p className={actionData.error ? 'notice notice-error' : 'notice'} role="status">
          {renderNotice(tr, actionData.notice)}
        </p>
      ) : null}

      <h2 id="counts-title" className="visually-hidden">
        {t('review.inbox.counts')}
      </h2>
      <ul className="status-counts" aria-labelledby="counts-title">
        {REPORT_STATUSES.map((status) => (
          <li key={status}>
            <Link
              to={withParams(location.search, { status })}
              aria-current={filters.status === status ? 'true' : undefined}
              className="status-count"
            >
              <span className="status-count-number">{counts[status]}</span> <span>{t(`reportStatus.${status}`)}</span>
            </Link>
          </li>
        ))}
      </ul>

      <FilterForm
        id="filter"
        className="filters"
        heading={t('review.inbox.filters')}
        hidden={{ sorteer: filters.sort, richting: filters.dir }}
        filters={[
          { type: 'select', name: 'programma', label: t('review.inbox.filter.programme'), options: valueOptions(options.programmes.map((p) => p.code)), value: filters.programme, any: t('review.inbox.filter.any') },
          { type: 'select', name: 'project', label: t('review.inbox.filter.project'), options: valueOptions(options.projects), value: filters.project, any: t('review.inbox.filter.any') },
          { type: 'select', name: 'jaar', label: t('review.inbox.filter.year'), options: valueOptions(options.years), value: filters.year, any: t('review.inbox.filter.any') },
          {
            type: 'select',
            name: 'status',
            label: t('review.inbox.filter.status'),
            options: INBOX_STATUS_FILTERS.map((status) => ({
              value: status,
              label: status === 'open' ? t('review.inbox.filter.open') : status === 'all' ? t('review.inbox.filter.any') : t(`reportStatus.${status}`),
            })),
            value: filters.status,
          },
          { type: 'checkbox', name: 'telaat', label: t('review.inbox.filter.overdue'), checked: filters.overdue },
          canReview && { type: 'checkbox', name: 'mijn', label: t('review.inbox.filter.mine'), checked: filters.mine },
        ]}
        apply={t('review.inbox.filter.apply')}
        reset={{ href: '/beoordelen', label: t('review.inbox.filter.reset') }}
      />

      <h2 id="results-title">{tn('review.inbox.results', rows.length)}</h2>
      <p className="muted">
        {t('review.inbox.sortedBy', { column: t(SORT_LABELS[filters.sort]), direction: t(filters.dir === 'asc' ? 'review.inbox.sort.asc' : 'review.inbox.sort.desc') })}
      </p>
      {rows.length === 0 ? (
        <p>{t('review.inbox.empty')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="results-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                {sortHeader('project', 'review.inbox.table.report')}
                {sortHeader('status', 'review.inbox.table.status')}
                {sortHeader('due', 'review.inbox.table.due')}
                {sortHeader('submitted', 'review.inbox.table.submitted')}
                <th scope="col">{t('review.inbox.table.reviewer')}</th>
                {canReview ? <th scope="col">{t('review.inbox.table.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const name = t('review.inbox.reportName', { project: row.projectCode, year: row.year });
                return (
                  <tr key={row.id}>
                    <th scope="row">
                      <Link to={`/beoordelen/${row.id}`}>{name}</Link>
                    </th>
                    <td>
                      <ReportStatusTag status={row.status} overdue={row.overdue} />
                    </td>
                    <td>{formatDate(row.dueDate, locale)}</td>
                    <td>
                      {row.submittedAt ? formatDate(new Date(row.submittedAt), locale) : '—'}
                      {row.submittedLate ? ` (${t('common.late')})` : ''}
                    </td>
                    <td>
                      {row.assignedReviewerName
                        ? row.assignedReviewerId === me
                          ? t('review.inbox.you', { name: row.assignedReviewerName })
                          : row.assignedReviewerName
                        : t('review.inbox.unassigned')}
                    </td>
                    {canReview ? (
                      <td>
                        <ClaimButtons
                          reportId={row.id}
                          reportName={name}
                          assignedToMe={row.assignedReviewerId === me}
                          unassigned={row.assignedReviewerId === null && row.claimable}
                          busy={navigation.state === 'submitting'}
                        />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
