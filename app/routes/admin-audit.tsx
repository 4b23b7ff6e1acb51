import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { getDb } from '#db/client';
import { ErrorSummary, TextField } from '#app/components/forms';
import { useT } from '#app/i18n/index';
import { AUDIT_PAGE_SIZE, readAuditFilters, searchAuditLog } from '#app/models/admin-audit.server';
import { pageTitle } from '#app/utils/meta';
import { requirePermission } from '#app/utils/permissions.server';
import { AdminBack, SelectField } from './admin-shared';
import { formatDateTime } from '#app/rules/dates';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const { filters, errors, before } = readAuditFilters(new URL(request.url));
  const result = await searchAuditLog(getDb(), filters, before);
  return {
    filters,
    errors,
    total: result.total,
    pageSize: AUDIT_PAGE_SIZE,
    nextBefore: result.nextBefore,
    entityTypes: result.entityTypes,
    rows: result.rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString(), details: JSON.stringify(r.details ?? {}) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, (tr) => tr.t('admin.audit.title'), Boolean(data && Object.keys(data.errors).length));

const FORM_ID = 'audit';

export default function AdminAudit() {
  const { filters, errors, total, pageSize, nextBefore, entityTypes, rows } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  const location = useLocation();
  const fieldErrors = { van: errors.from, tot: errors.to };
  const query = new URLSearchParams(location.search);
  query.delete('voor');
  const older = new URLSearchParams(query);
  if (nextBefore !== null) older.set('voor', String(nextBefore));
  return (
    <>
      <AdminBack />
      <h1>{t('admin.audit.title')}</h1>
      <p className="lead">{t('admin.audit.intro')}</p>
      <ErrorSummary formId={FORM_ID} errors={fieldErrors} order={['van', 'tot']} />
      <Form method="get" className="form admin-filters" id={FORM_ID} aria-label={t('admin.audit.filters')}>
        <TextField formId={FORM_ID} name="wie" label={t('admin.audit.actor')} defaultValue={filters.actor} />
        <TextField formId={FORM_ID} name="wat" label={t('admin.audit.action')} defaultValue={filters.action} />
        <SelectField
          formId={FORM_ID}
          name="soort"
          label={t('admin.audit.entityType')}
          defaultValue={filters.entityType}
          options={[{ value: '', label: '–' }, ...entityTypes.map((e) => ({ value: e, label: e }))]}
        />
        <TextField formId={FORM_ID} name="record" label={t('admin.audit.entityId')} defaultValue={filters.entityId} spellCheck={false} />
        <TextField formId={FORM_ID} name="van" type="date" label={t('admin.audit.from')} defaultValue={filters.from} error={errors.from} />
        <TextField formId={FORM_ID} name="tot" type="date" label={t('admin.audit.to')} defaultValue={filters.to} error={errors.to} />
        <div className="form-field">
          <button type="submit" className="button">
            {t('admin.audit.filter')}
          </button>
        </div>
      </Form>
      <p>
        <a href={`/beheer/audit/export?${query.toString()}`} className="button button-secondary" download>
          {t('admin.audit.export')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p>{t('admin.audit.none')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="audit-caption" tabIndex={0}>
          <table>
            <caption id="audit-caption">{t('admin.audit.tableCaption', { count: total, max: pageSize })}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('admin.audit.when')}</th>
                <th scope="col">{t('admin.audit.who')}</th>
                <th scope="col">{t('admin.audit.what')}</th>
                <th scope="col">{t('admin.audit.record')}</th>
                <th scope="col">{t('admin.audit.details')}</th>
                <th scope="col">{t('admin.audit.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.seq}>
                  <th scope="row">{row.seq}</th>
                  <td>{formatDateTime(new Date(row.occurredAt), locale)}</td>
                  <td>{row.actorEmail ?? t('admin.audit.system')}</td>
                  <td>
                    <code>{row.action}</code>
                  </td>
                  <td>
                    {row.entityType}
                    {row.entityId ? (
                      <>
                        {' '}
                        <Link to={`?record=${encodeURIComponent(row.entityId)}`} className="admin-link">
                          <code>{row.entityId}</code>
                        </Link>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <code className="admin-link">{row.details}</code>
                  </td>
                  <td>{row.ipAddress ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null ? (
        <p>
          <Link to={`?${older.toString()}`}>{t('admin.audit.older')}</Link>
        </p>
      ) : null}
    </>
  );
}
