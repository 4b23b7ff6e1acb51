import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import { costLines, dashboardPartnerYears, projectPartners, projects, reports } from '#db/schema/index';
import { buildReportSnapshot } from '#app/models/report-snapshot.server';
import { runChecks, runPartChecks, type CheckFacts, type Finding, type PartFacts } from '#app/rules/checks';
import { earnedSubsidyCents } from '#app/rules/costs';
import { todayInAmsterdam } from '#app/rules/dates';
import type { ReportSnapshot, SnapshotPartner } from './snapshot';
import { programmeProductiveHours, readCosts } from './sections/costs.server';
import { projectMilestones } from './structure.server';
import type { ReportScope } from './engine.server';

/**
 * What the rule set (`app/rules/checks.ts`) reads besides the report's own content, from the
 * database: the programme's productive hours, each person's hours of the year on the
 * organisation's other projects, and each partner's advances against its earned subsidy.
 */
async function partFactsExtra(db: Queryable, scope: ReportScope, organisationIds: string[], knownHours?: number) {
  const readHours = () => (knownHours !== undefined ? Promise.resolve(knownHours) : programmeProductiveHours(db, scope.projectId));
  if (organisationIds.length === 0) return { productiveHours: await readHours(), personHours: [], advances: [] };
  const [hours, personRows, advanceRows] = await Promise.all([
    readHours(),
    // The persons of this report, and their hours on every project of their organisation that year.
    db
      .select({
        organisationId: costLines.organisationId,
        employeeRef: costLines.employeeRef,
        code: projects.code,
        hundredths: sql<number>`sum(${costLines.hours} * 100)::bigint`.mapWith(Number),
      })
      .from(costLines)
      .innerJoin(reports, eq(reports.id, costLines.reportId))
      .innerJoin(projects, eq(projects.id, costLines.projectId))
      .where(
        and(
          inArray(costLines.organisationId, organisationIds),
          eq(reports.year, scope.year),
          isNotNull(costLines.employeeRef),
          sql`(${costLines.organisationId}, ${costLines.employeeRef}) in (select organisation_id, employee_ref from cost_lines where report_id = ${scope.reportId}::uuid and employee_ref is not null)`,
        ),
      )
      .groupBy(costLines.organisationId, costLines.employeeRef, projects.code)
      .orderBy(projects.code),
    // Advances to date against the subsidy earned with the approved costs to date (as the dashboard).
    db
      .select({
        organisationId: dashboardPartnerYears.organisationId,
        paid: sql<number>`sum(${dashboardPartnerYears.paidCents})::bigint`.mapWith(Number),
        approved: sql<number>`sum(${dashboardPartnerYears.approvedCents})::bigint`.mapWith(Number),
        budget: sql<number>`sum(${dashboardPartnerYears.budgetCents})::bigint`.mapWith(Number),
        granted: sql<number>`max(${projectPartners.grantedCents})::bigint`.mapWith(Number),
      })
      .from(dashboardPartnerYears)
      .innerJoin(
        projectPartners,
        and(eq(projectPartners.projectId, dashboardPartnerYears.projectId), eq(projectPartners.organisationId, dashboardPartnerYears.organisationId)),
      )
      .where(and(eq(dashboardPartnerYears.projectId, scope.projectId), inArray(dashboardPartnerYears.organisationId, organisationIds)))
      .groupBy(dashboardPartnerYears.organisationId),
  ]);
  const persons = new Map<string, CheckFacts['personHours'][number]>();
  for (const r of personRows) {
    const key = `${r.organisationId}|${r.employeeRef}`;
    const person = persons.get(key) ?? { organisationId: r.organisationId, employeeRef: r.employeeRef!, projects: [] };
    person.projects.push({ code: r.code, hundredths: r.hundredths });
    persons.set(key, person);
  }
  return {
    productiveHours: hours,
    personHours: [...persons.values()],
    advances: advanceRows.map((r) => ({ organisationId: r.organisationId, paidCents: r.paid, earnedCents: earnedSubsidyCents(r.approved, r.granted, r.budget) })),
  };
}

/**
 * The findings of one partner's part: what its page shows and its sign-off runs. The page passes
 * the part and productive hours it has just read (`known`); the sign-off reads them again inside its
 * transaction.
 */
export async function partFindings(
  db: Queryable,
  scope: ReportScope,
  organisationId: string,
  known?: { partner: SnapshotPartner; productiveHours: number },
): Promise<Finding[]> {
  const [partners, extra] = await Promise.all([
    known ? Promise.resolve([known.partner]) : readCosts(db, scope, organisationId).then((c) => c.partners),
    partFactsExtra(db, scope, [organisationId], known?.productiveHours),
  ]);
  const facts: PartFacts = { partners, ...extra };
  return runPartChecks(facts, organisationId);
}

/**
 * Every finding of a report (what its pages show, the check-answers page lists and a submission
 * runs), from its snapshot — pass the one already built to read nothing twice.
 */
export async function reportFindings(db: Queryable, reportId: string, built?: ReportSnapshot, today = todayInAmsterdam()): Promise<Finding[]> {
  const snapshot = built ?? (await buildReportSnapshot(db, reportId));
  const scope: ReportScope = { reportId, projectId: snapshot.project.id, year: snapshot.report.year, leadOrganisationId: '' };
  const [list, extra] = await Promise.all([
    projectMilestones(db, snapshot.project.id),
    partFactsExtra(
      db,
      scope,
      snapshot.partners.map((p) => p.organisation.id),
    ),
  ]);
  return runChecks({
    today,
    sections: snapshot.sections,
    progressSummary: snapshot.narrative.progressSummary,
    workPackages: snapshot.workPackages,
    projectMilestones: list,
    milestones: snapshot.milestones,
    indicators: snapshot.indicators,
    partners: snapshot.partners,
    ...extra,
  });
}
