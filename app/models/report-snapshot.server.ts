import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import { programmes, projects, REPORT_SECTIONS, reports, reportSections, users, type ReportSection, type SectionStatus } from '#db/schema/index';
import { readSections } from '#app/report/sections/index.server';
import { SNAPSHOT_VERSION, type ReportSnapshot } from '#app/report/snapshot';
import { canonicalJson } from '#app/utils/canonical-json';

/** Builds the snapshot of a report from the database (inside the caller's transaction if given). */
export async function buildReportSnapshot(db: Queryable, reportId: string): Promise<ReportSnapshot> {
  const [head] = await db
    .select({
      id: reports.id,
      year: reports.year,
      dueDate: reports.dueDate,
      currentRevision: reports.currentRevision,
      submittedAt: reports.submittedAt,
      submittedBy: reports.submittedBy,
      submittedLate: reports.submittedLate,
      projectId: projects.id,
      projectCode: projects.code,
      projectName: projects.name,
      aidBasis: projects.aidBasis,
      leadOrganisationId: projects.leadOrganisationId,
      programmeCode: programmes.code,
      programmeName: programmes.name,
    })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .where(eq(reports.id, reportId));
  if (!head) throw new Error(`buildReportSnapshot: no report ${reportId}`);
  const scope = { reportId, projectId: head.projectId, year: head.year, leadOrganisationId: head.leadOrganisationId };
  const [sectionRows, parts, submitterRows] = await Promise.all([
    db.select({ section: reportSections.section, status: reportSections.status }).from(reportSections).where(eq(reportSections.reportId, reportId)),
    // Each section's content through its own read (app/report/sections): one read per section.
    readSections(db, scope),
    head.submittedBy
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, head.submittedBy))
      : Promise.resolve([] as Array<{ id: string; name: string; email: string }>),
  ]);
  const sections = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, 'not_started'])) as Record<ReportSection, SectionStatus>;
  for (const row of sectionRows) sections[row.section] = row.status;
  const submitter = submitterRows[0];
  const snapshot: ReportSnapshot = {
    snapshotVersion: SNAPSHOT_VERSION,
    programme: { code: head.programmeCode, name: head.programmeName },
    project: { id: head.projectId, code: head.projectCode, name: head.projectName, aidBasis: head.aidBasis },
    report: { id: head.id, year: head.year, dueDate: head.dueDate, revision: head.currentRevision },
    submittedAt: head.submittedAt ? head.submittedAt.toISOString() : null,
    submittedBy: submitter ? { id: submitter.id, name: submitter.name, email: submitter.email } : null,
    submittedLate: head.submittedLate,
    sections,
    narrative: { ...parts.progress.narrative, ...parts.risks.narrative },
    workPackages: parts.progress.workPackages,
    milestones: parts.milestones.milestones,
    ...parts.costs,
    indicators: parts.indicators.indicators,
    spillover: parts.spillover.spillover,
    risks: parts.risks.risks,
    attachments: parts.attachments.attachments,
  };
  // One JSON round trip: what is stored (jsonb) and hashed is exactly what is returned.
  return JSON.parse(canonicalJson(snapshot)) as ReportSnapshot;
}


/** SHA-256 (hex) of the snapshot's canonical JSON: stored with each revision, checked on view. */
export function snapshotHash(snapshot: unknown): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}
