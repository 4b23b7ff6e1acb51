import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { getDb } from '#db/client';
import { AdminBack } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { ErrorSummary, SelectField, TextField } from '#app/components/form/index';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { AUDIT_PAGE_SIZE, readAuditFilters, searchAuditLog } from '#app/models/admin-audit.server';
import { requirePermission } from '#app/utils/permissions.server';
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

/**
 * A filter form (GET) has no action data, so the root cannot see its errors: the title carries the
 * "Fout: " itself when the loader refused a filter (this page has no other form).
 */
export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => `${data && Object.keys(data.errors).length ? tr.t('errors.titlePrefix') : ''}${tr.t('admin.audit.title')}`,
};

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
        <SelectField formId={FORM_ID} name="soort" label={t('admin.audit.entityType')} defaultValue={filters.entityType} placeholder="–" options={entityTypes.map((e) => ({ value: e, label: e }))} />
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
        <DataTable
          id="audit-log"
          caption={t('admin.audit.tableCaption', { count: total, max: pageSize })}
          columns={['#', t('admin.audit.when'), t('admin.audit.who'), t('admin.audit.what'), t('admin.audit.record'), t('admin.audit.details'), t('admin.audit.ip')]}
        >
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
        </DataTable>
      )}
      {nextBefore !== null ? (
        <p>
          <Link to={`?${older.toString()}`}>{t('admin.audit.older')}</Link>
        </p>
      ) : null}
    </>
  );
}
