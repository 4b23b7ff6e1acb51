import { and, eq, sql } from 'drizzle-orm';
import { getDb, queryRows, type Queryable } from '#db/client';
import { payments, projectPartners, projects } from '#db/schema/index';
import type { TranslationKey } from '#app/i18n/index';
import { appendAudit, type AuditActor } from './audit.server';

/**
 * Advances (voorschotten) and granted amounts. The guards live in the database (migration 0001):
 * payments never exceed a partner's grant (partner row locked) and all grants of a programme never
 * exceed its cap (programme row locked), so two concurrent requests cannot both slip through. This
 * module turns those refusals into field errors; it does not repeat the arithmetic.
 */

export async function listProjectsForPayments(db: Queryable, programmeId: string) {
  return queryRows<{ id: string; code: string }>(db, sql`select id, code from projects where programme_id = ${programmeId}::uuid order by code`);
}

export async function getProgrammeForPayments(db: Queryable, code: string | null) {
  const rows = await queryRows<{ id: string; code: string; name: string; cap: string | number; granted: string | number | null }>(
    db,
    sql`select p.id, p.code, p.name, p.subsidy_cap_cents as cap,
               (select sum(pp.granted_cents) from project_partners pp join projects pr on pr.id = pp.project_id where pr.programme_id = p.id) as granted
          from programmes p ${code ? sql`where p.code = ${code}::text` : sql``} order by p.code limit 1`,
  );
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, code: row.code, name: row.name, capCents: Number(row.cap), grantedCents: Number(row.granted ?? 0) };
}

/** Partners of one project with granted, paid and what is left. */
export async function listPartnerBalances(db: Queryable, projectId: string) {
  const rows = await queryRows<{ organisation_id: string; name: string; granted: string | number; paid: string | number | null }>(
    db,
    sql`select pp.organisation_id, o.name, pp.granted_cents as granted,
               (select sum(p.amount_cents) from payments p where p.project_id = pp.project_id and p.organisation_id = pp.organisation_id) as paid
          from project_partners pp join organisations o on o.id = pp.organisation_id
         where pp.project_id = ${projectId}::uuid`,
  );
  const collator = new Intl.Collator('nl', { sensitivity: 'base' });
  return rows
    .map((r) => {
      const grantedCents = Number(r.granted);
      const paidCents = Number(r.paid ?? 0);
      return { organisationId: r.organisation_id, name: r.name, grantedCents, paidCents, remainingCents: grantedCents - paidCents };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}

export async function listRecentPayments(db: Queryable, programmeId: string, projectId: string | null, limit = 20) {
  const rows = await queryRows<{ id: string; paid_on: string; code: string; name: string; reference: string; amount: string | number }>(
    db,
    sql`select pay.id, pay.paid_on::text as paid_on, pr.code, o.name, pay.reference, pay.amount_cents as amount
          from payments pay join projects pr on pr.id = pay.project_id join organisations o on o.id = pay.organisation_id
         where pr.programme_id = ${programmeId}::uuid ${projectId ? sql`and pr.id = ${projectId}::uuid` : sql``}
         order by pay.paid_on desc, pay.created_at desc limit ${limit}::int`,
  );
  return rows.map((r) => ({ id: r.id, paidOn: r.paid_on, projectCode: r.code, organisation: r.name, reference: r.reference, amountCents: Number(r.amount) }));
}

/** The code, message and constraint of a database error, on PGlite and on postgres.js (through Drizzle's wrapper). */
export function databaseError(error: unknown): { code?: string; constraint?: string; message: string } | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; constraint?: string; constraint_name?: string; message?: string; cause?: unknown };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      return { code: e.code, constraint: e.constraint ?? e.constraint_name, message: e.message ?? '' };
    }
    current = e.cause;
  }
  return null;
}

export type GuardedResult<T> = { ok: true; value: T } | { ok: false; field: string; error: TranslationKey; status: 400 | 409 };

/** Maps the database's refusals to the form's words (409: the current state does not allow it); anything else is rethrown. */
function refusal(error: unknown, context: 'payment' | 'grant'): GuardedResult<never> {
  const db = databaseError(error);
  const constraint = db?.constraint ?? '';
  const text = db?.message ?? '';
  if (constraint === 'payments_within_grant' || /exceed the granted amount/.test(text)) {
    const key: TranslationKey = context === 'payment' ? 'errors.dashboard.amount.exceedsGranted' : 'errors.dashboard.amount.belowPaid';
    return { ok: false, field: 'amount', error: key, status: 409 };
  }
  if (constraint === 'programme_cap' || /exceeds the programme cap/.test(text)) {
    return { ok: false, field: 'amount', error: 'errors.dashboard.amount.exceedsCap', status: 409 };
  }
  if (db?.code === '23505' && (constraint === 'payments_reference_uq' || /payments_reference_uq/.test(text))) {
    return { ok: false, field: 'reference', error: 'errors.dashboard.reference.taken', status: 409 };
  }
  throw error;
}

async function findPartner(db: Queryable, projectId: string, organisationId: string) {
  const [row] = await db
    .select({ projectId: projectPartners.projectId, organisationId: projectPartners.organisationId, grantedCents: projectPartners.grantedCents })
    .from(projectPartners)
    .where(and(eq(projectPartners.projectId, projectId), eq(projectPartners.organisationId, organisationId)));
  return row ?? null;
}

/** Records an advance with its audit entry in one transaction; the trigger refuses one beyond the grant. */
export async function recordAdvance(
  actor: AuditActor & { userId: string },
  input: { projectId: string; organisationId: string; amountCents: number; paidOn: string; reference: string },
): Promise<GuardedResult<{ id: string }>> {
  try {
    const id = await getDb().transaction(async (tx) => {
      const [row] = await tx
        .insert(payments)
        .values({
          projectId: input.projectId,
          organisationId: input.organisationId,
          kind: 'advance',
          amountCents: input.amountCents,
          paidOn: input.paidOn,
          reference: input.reference,
          createdBy: actor.userId,
        })
        .returning({ id: payments.id });
      await appendAudit(tx, actor, {
        action: 'payment.record',
        entityType: 'payment',
        entityId: row!.id,
        projectId: input.projectId,
        details: { organisationId: input.organisationId, kind: 'advance', amountCents: input.amountCents, paidOn: input.paidOn, reference: input.reference },
      });
      return row!.id;
    });
    return { ok: true, value: { id } };
  } catch (error) {
    return refusal(error, 'payment');
  }
}

/**
 * Changes a partner's granted amount with its audit entry in one transaction. The cap trigger locks
 * the programme row, so of two concurrent raises that together pass the cap exactly one succeeds.
 */
export async function changeGrantedAmount(
  actor: AuditActor,
  input: { projectId: string; organisationId: string; grantedCents: number },
): Promise<GuardedResult<{ fromCents: number }>> {
  try {
    const fromCents = await getDb().transaction(async (tx) => {
      const current = await findPartner(tx, input.projectId, input.organisationId);
      if (!current) throw new Error('partner vanished');
      await tx
        .update(projectPartners)
        .set({ grantedCents: input.grantedCents })
        .where(and(eq(projectPartners.projectId, input.projectId), eq(projectPartners.organisationId, input.organisationId)));
      await appendAudit(tx, actor, {
        action: 'grant.change',
        entityType: 'project_partner',
        entityId: `${input.projectId}:${input.organisationId}`,
        projectId: input.projectId,
        details: { organisationId: input.organisationId, fromCents: current.grantedCents, toCents: input.grantedCents },
      });
      return current.grantedCents;
    });
    return { ok: true, value: { fromCents } };
  } catch (error) {
    return refusal(error, 'grant');
  }
}

export async function findProjectByCode(db: Queryable, programmeId: string, code: string) {
  const [row] = await db
    .select({ id: projects.id, code: projects.code })
    .from(projects)
    .where(and(eq(projects.programmeId, programmeId), eq(projects.code, code)));
  return row ?? null;
}
