import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import { organisations, partnerParts, projectPartners, reportRevisions, reportSections, users } from '#db/schema/index';
import { daysLeft, lateness } from '#app/rules/deadlines';
import type { SectionStatus } from '#app/rules/domain';
import { partStatus } from './snapshot';
import { REPORT_SECTIONS, SECTION_SLUGS } from '#app/rules/sections';
import type { ReportContext } from './context.server';

/** The task list of a report: each section's status and last change, each partner's part, the revisions. */
export async function getTaskList(db: Queryable, ctx: ReportContext) {
  const [sections, parts, partners, revisions] = await Promise.all([
    db
      .select({
        section: reportSections.section,
        status: reportSections.status,
        version: reportSections.version,
        updatedAt: reportSections.updatedAt,
        updatedBy: users.name,
      })
      .from(reportSections)
      .leftJoin(users, eq(users.id, reportSections.updatedBy))
      .where(eq(reportSections.reportId, ctx.report.id)),
    db
      .select({
        organisationId: partnerParts.organisationId,
        version: partnerParts.version,
        signedOffAt: partnerParts.signedOffAt,
        updatedAt: partnerParts.updatedAt,
        updatedBy: users.name,
      })
      .from(partnerParts)
      .leftJoin(users, eq(users.id, partnerParts.updatedBy))
      .where(eq(partnerParts.reportId, ctx.report.id)),
    db
      .select({ organisationId: organisations.id, name: organisations.name })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(eq(projectPartners.projectId, ctx.project.id)),
    db
      .select({ revision: reportRevisions.revision, reference: reportRevisions.reference, submittedAt: reportRevisions.submittedAt })
      .from(reportRevisions)
      .where(eq(reportRevisions.reportId, ctx.report.id))
      .orderBy(asc(reportRevisions.revision)),
  ]);
  const bySection = new Map(sections.map((s) => [s.section, s]));
  const partsByOrg = new Map(parts.map((p) => [p.organisationId, p]));
  const collator = new Intl.Collator('nl', { sensitivity: 'base' });
  const partnerRows = partners
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((p) => {
      const part = partsByOrg.get(p.organisationId);
      const status: SectionStatus = part ? partStatus(part) : 'not_started';
      return {
        organisationId: p.organisationId,
        name: p.name,
        status,
        updatedAt: part?.updatedAt ?? null,
        updatedBy: part?.updatedBy ?? null,
        mine: p.organisationId === ctx.organisationId,
      };
    });
  const rows = REPORT_SECTIONS.map((section) => {
    const row = bySection.get(section);
    return {
      section,
      slug: SECTION_SLUGS[section],
      status: (row?.status ?? 'not_started') as SectionStatus,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  });
  const completed = rows.filter((r) => r.status === 'completed').length;
  const signedOff = partnerRows.filter((p) => p.status === 'completed').length;
  return {
    sections: rows,
    completed,
    total: rows.length,
    partners: partnerRows,
    signedOff,
    readyForCheck: completed === rows.length && signedOff === partnerRows.length,
    daysLeft: daysLeft(ctx.report.dueDate),
    lateness: lateness(ctx.report),
    revisions,
  };
}

