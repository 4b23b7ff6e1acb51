import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDb } from '#db/client';
import { auditCsv, readAuditFilters } from '#app/models/admin-audit.server';
import { appendAudit } from '#app/models/audit.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { todayInAmsterdam } from '#app/rules/dates';

/** /beheer/audit/export — the filtered audit log as CSV (semicolons, BOM, formula cells neutralised). */
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const { filters, errors } = readAuditFilters(new URL(request.url));
  if (Object.keys(errors).length) throw new Response('Bad date filter', { status: 400 });
  const db = getDb();
  const { csv, rows } = await auditCsv(db, filters);
  // Who took a copy of the audit log is itself recorded.
  await db.transaction((tx) =>
    appendAudit(tx, auditActor(request, principal), { action: 'admin.audit_exported', entityType: 'audit_log', details: { filters: { ...filters }, rows } }),
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="auditlog-${todayInAmsterdam()}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
