import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import { organisations, payments, programmes, projectPartners, projects } from '#db/schema/index';
import { readableProjects, type Principal } from '#app/utils/permissions.server';

export const PROGRAMME_CODE = 'IPCEI-CIS';

/** WHERE clause limiting `projects` to what the principal may read. */
export function projectScope(principal: Principal): SQL | undefined {
  const readable = readableProjects(principal);
  if (readable === 'all') return undefined;
  return readable.length ? inArray(projects.id, readable) : sql`false`;
}

/**
 * The programme overview: the cap and headline figures (programme-wide, for staff only) and the
 * projects the caller may see with their granted and paid totals. All sums are done in SQL.
 */
export async function getProgrammeOverview(db: Queryable, principal: Principal, code = PROGRAMME_CODE) {
  const [programme] = await db.select().from(programmes).where(eq(programmes.code, code));
  if (!programme) return null;

  const granted = db
    .select({
      projectId: projectPartners.projectId,
      grantedCents: sql<number>`sum(${projectPartners.grantedCents})::bigint`.mapWith(Number).as('granted_cents'),
      partnerCount: sql<number>`count(*)::int`.as('partner_count'),
    })
    .from(projectPartners)
    .groupBy(projectPartners.projectId)
    .as('granted');
  const paid = db
    .select({
      projectId: payments.projectId,
      paidCents: sql<number>`sum(${payments.amountCents})::bigint`.mapWith(Number).as('paid_cents'),
    })
    .from(payments)
    .groupBy(payments.projectId)
    .as('paid');

  const rows = await db
    .select({
      id: projects.id,
      code: projects.code,
      name: projects.name,
      aidBasis: projects.aidBasis,
      leadName: organisations.name,
      partnerCount: sql<number>`coalesce(${granted.partnerCount}, 0)`.mapWith(Number),
      grantedCents: sql<number>`coalesce(${granted.grantedCents}, 0)`.mapWith(Number),
      paidCents: sql<number>`coalesce(${paid.paidCents}, 0)`.mapWith(Number),
    })
    .from(projects)
    .innerJoin(organisations, eq(organisations.id, projects.leadOrganisationId))
    .leftJoin(granted, eq(granted.projectId, projects.id))
    .leftJoin(paid, eq(paid.projectId, projects.id))
    .where(and(eq(projects.programmeId, programme.id), projectScope(principal)))
    .orderBy(asc(projects.code));

  const readable = readableProjects(principal);
  let totals: { grantedCents: number; paidCents: number } | null = null;
  if (readable === 'all') {
    totals = {
      grantedCents: rows.reduce((sum, r) => sum + r.grantedCents, 0),
      paidCents: rows.reduce((sum, r) => sum + r.paidCents, 0),
    };
  }
  return { programme, projects: rows, totals };
}
