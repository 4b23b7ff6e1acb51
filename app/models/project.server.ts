import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import {
  organisations,
  payments,
  programmes,
  projectPartners,
  projects,
  reports,
} from '#db/schema/index';
import { todayInAmsterdam } from '#app/rules/dates';
import { lateness } from '#app/rules/deadlines';
import type { Principal } from '#app/utils/permissions.server';
import { projectMilestones, projectWorkPackages } from '#app/report/structure.server';
import { projectScope } from './programme.server';

/** A project by code, only when the principal may read it (otherwise null → 404). */
export async function findReadableProject(db: Queryable, principal: Principal, code: string) {
  const [project] = await db
    .select({
      id: projects.id,
      code: projects.code,
      name: projects.name,
      description: projects.description,
      aidBasis: projects.aidBasis,
      leadOrganisationId: projects.leadOrganisationId,
      grantDecisionReference: projects.grantDecisionReference,
      grantDecisionDate: projects.grantDecisionDate,
      startDate: projects.startDate,
      endDate: projects.endDate,
      programmeCode: programmes.code,
      programmeName: programmes.name,
    })
    .from(projects)
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .where(and(eq(projects.code, code), projectScope(principal)))
    .limit(1);
  return project ?? null;
}

const collator = new Intl.Collator('nl', { sensitivity: 'base' });

/** A project's partners (granted, paid), work packages, milestones and reports (with their lateness on `today`). */
export async function getProjectDetails(db: Queryable, projectId: string, today = todayInAmsterdam()) {
  const paidPerPartner = db
    .select({
      organisationId: payments.organisationId,
      paidCents: sql<number>`sum(${payments.amountCents})::bigint`.mapWith(Number).as('paid_cents'),
    })
    .from(payments)
    .where(eq(payments.projectId, projectId))
    .groupBy(payments.organisationId)
    .as('paid');

  const [partners, packages, milestoneRows, reportRows] = await Promise.all([
    db
      .select({
        organisationId: organisations.id,
        name: organisations.name,
        enterpriseType: organisations.enterpriseType,
        costMethod: projectPartners.costMethod,
        grantedCents: projectPartners.grantedCents,
        paidCents: sql<number>`coalesce(${paidPerPartner.paidCents}, 0)`.mapWith(Number),
      })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .leftJoin(paidPerPartner, eq(paidPerPartner.organisationId, projectPartners.organisationId))
      .where(eq(projectPartners.projectId, projectId))
      .orderBy(asc(organisations.name)),
    projectWorkPackages(db, projectId),
    // The project page lists milestones by planned date (the report form by their position).
    projectMilestones(db, projectId).then((rows) => [...rows].sort((a, b) => (a.plannedDate < b.plannedDate ? -1 : a.plannedDate > b.plannedDate ? 1 : 0))),
    db
      .select({
        id: reports.id,
        year: reports.year,
        status: reports.status,
        dueDate: reports.dueDate,
        submittedAt: reports.submittedAt,
        submittedLate: reports.submittedLate,
      })
      .from(reports)
      .where(eq(reports.projectId, projectId))
      .orderBy(desc(reports.year)),
  ]);
  // Dutch collation (the embedded database sorts text by bytes).
  partners.sort((a, b) => collator.compare(a.name, b.name));
  return {
    partners,
    workPackages: packages,
    milestones: milestoneRows,
    // The one late rule (app/rules/deadlines.ts), the same as on the dashboards.
    reports: reportRows.map((r) => ({ ...r, lateness: lateness(r, today) })),
  };
}
