import { and, asc, desc, eq, ilike, lt, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import { auditLog } from '#db/schema/index';
import { createTranslator } from '#app/i18n/index';
import { csvText, csvWords, type CsvColumn, type CsvType } from '#app/utils/csv.server';
import { isIsoDate } from '#app/rules/dates';

/** Filters of the audit log viewer, from the query string. Invalid values are reported, not ignored. */
export interface AuditFilters {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  from: string;
  to: string;
}

export const AUDIT_PAGE_SIZE = 100;
export const AUDIT_EXPORT_MAX = 50_000;


export function readAuditFilters(url: URL): { filters: AuditFilters; errors: { from?: 'errors.admin.audit.date'; to?: 'errors.admin.audit.date' }; before: number | null } {
  const get = (name: string) => (url.searchParams.get(name) ?? '').trim().slice(0, 200);
  const filters: AuditFilters = {
    actor: get('wie'),
    action: get('wat'),
    entityType: get('soort'),
    entityId: get('record'),
    from: get('van'),
    to: get('tot'),
  };
  const errors: { from?: 'errors.admin.audit.date'; to?: 'errors.admin.audit.date' } = {};
  if (filters.from && !isIsoDate(filters.from)) errors.from = 'errors.admin.audit.date';
  if (filters.to && !isIsoDate(filters.to)) errors.to = 'errors.admin.audit.date';
  const beforeRaw = url.searchParams.get('voor');
  const before = beforeRaw && /^\d{1,15}$/.test(beforeRaw) ? Number(beforeRaw) : null;
  return { filters, errors, before };
}

/** `%` and `_` typed by the user are searched for literally. */
function contains(value: string) {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function where(filters: AuditFilters, before: number | null): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    filters.actor ? ilike(auditLog.actorEmail, contains(filters.actor)) : undefined,
    filters.action ? ilike(auditLog.action, contains(filters.action)) : undefined,
    filters.entityType ? eq(auditLog.entityType, filters.entityType) : undefined,
    filters.entityId ? eq(auditLog.entityId, filters.entityId) : undefined,
    // Dates are days in the Netherlands: from 00:00 of `from` up to (not including) 00:00 after `to`.
    filters.from && isIsoDate(filters.from) ? sql`${auditLog.occurredAt} >= (${filters.from}::timestamp at time zone 'Europe/Amsterdam')` : undefined,
    filters.to && isIsoDate(filters.to) ? sql`${auditLog.occurredAt} < ((${filters.to}::date + 1)::timestamp at time zone 'Europe/Amsterdam')` : undefined,
    before !== null ? lt(auditLog.seq, before) : undefined,
  ];
  return and(...parts.filter((p): p is SQL => p !== undefined));
}

const columns = {
  seq: auditLog.seq,
  occurredAt: auditLog.occurredAt,
  actorEmail: auditLog.actorEmail,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  projectId: auditLog.projectId,
  details: auditLog.details,
  ipAddress: auditLog.ipAddress,
  requestId: auditLog.requestId,
  hash: auditLog.hash,
};

/** One page, newest first, plus the number of matching rows. */
export async function searchAuditLog(db: Queryable, filters: AuditFilters, before: number | null) {
  const [rows, [total], entityTypes] = await Promise.all([
    db.select(columns).from(auditLog).where(where(filters, before)).orderBy(desc(auditLog.seq)).limit(AUDIT_PAGE_SIZE + 1),
    db.select({ count: sql<number>`count(*)::int`.mapWith(Number) }).from(auditLog).where(where(filters, null)),
    db.selectDistinct({ entityType: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType)),
  ]);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    rows: page,
    total: total?.count ?? 0,
    nextBefore: more ? page[page.length - 1]!.seq : null,
    entityTypes: entityTypes.map((e) => e.entityType),
  };
}

/** Formula cells are neutralised by the portal's one CSV writer (app/utils/csv.server.ts). */
export { neutraliseCsvCell as neutraliseCell } from '#app/utils/csv.server';

export const AUDIT_CSV_HEADER = ['seq', 'tijdstip', 'wie', 'actie', 'soort_record', 'record_id', 'project_id', 'details', 'ip_adres', 'request_id', 'hash'];
const AUDIT_CSV_TYPES: CsvType[] = ['int', 'timestamp', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];
const AUDIT_CSV_COLUMNS: CsvColumn[] = AUDIT_CSV_HEADER.map((header, i) => ({ header, type: AUDIT_CSV_TYPES[i]! }));

/**
 * The matching rows (oldest first, at most AUDIT_EXPORT_MAX) as CSV in the portal's one format
 * (docs/exports.md): semicolons, BOM, CRLF, formula cells neutralised; the moment in ISO 8601 UTC.
 */
export async function auditCsv(db: Queryable, filters: AuditFilters): Promise<{ csv: string; rows: number }> {
  const rows = await db.select(columns).from(auditLog).where(where(filters, null)).orderBy(asc(auditLog.seq)).limit(AUDIT_EXPORT_MAX);
  const csv = csvText(
    AUDIT_CSV_COLUMNS,
    rows.map((row) => [
      row.seq,
      row.occurredAt,
      row.actorEmail,
      row.action,
      row.entityType,
      row.entityId,
      row.projectId,
      JSON.stringify(row.details ?? {}),
      row.ipAddress,
      row.requestId,
      row.hash,
    ]),
    csvWords(createTranslator('nl')),
  );
  return { csv, rows: rows.length };
}
