import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import { milestones, payments, reportNarratives, workPackages } from '#db/schema/index';

/** The project's structure that sections refer to (work packages, milestones) and what was paid. */
export async function projectWorkPackages(db: Queryable, projectId: string) {
  return db
    .select({ id: workPackages.id, code: workPackages.code, title: workPackages.title })
    .from(workPackages)
    .where(eq(workPackages.projectId, projectId))
    .orderBy(asc(workPackages.position));
}

export async function projectMilestones(db: Queryable, projectId: string) {
  return db
    .select({
      id: milestones.id,
      code: milestones.code,
      title: milestones.title,
      plannedDate: milestones.plannedDate,
      workPackageCode: workPackages.code,
    })
    .from(milestones)
    .leftJoin(workPackages, eq(workPackages.id, milestones.workPackageId))
    .where(eq(milestones.projectId, projectId))
    .orderBy(asc(milestones.position));
}

/** Subsidy paid to the partner so far (advances and settlements), read-only on the costs page. */
export async function paidSoFar(db: Queryable, projectId: string, organisationIds: string[]) {
  const rows = organisationIds.length
    ? await db
        .select({
          organisationId: payments.organisationId,
          paid: sql<number>`coalesce(sum(${payments.amountCents}), 0)::bigint`.mapWith(Number),
        })
        .from(payments)
        .where(and(eq(payments.projectId, projectId), inArray(payments.organisationId, organisationIds)))
        .groupBy(payments.organisationId)
    : [];
  return new Map(rows.map((r) => [r.organisationId, r.paid]));
}


/** The report's narrative row holds two sections' texts (progress summary, deviations): each writes its own column. */
export async function saveNarrative(tx: Tx, reportId: string, set: { progressSummary: string } | { deviations: string }) {
  await tx.insert(reportNarratives).values({ reportId, ...set }).onConflictDoUpdate({ target: reportNarratives.reportId, set });
}
