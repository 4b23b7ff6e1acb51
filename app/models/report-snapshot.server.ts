import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import {
  attachments,
  COST_CATEGORIES,
  costLines,
  milestones,
  milestoneUpdates,
  organisations,
  partnerBudgets,
  partnerParts,
  programmes,
  projectPartners,
  projects,
  REPORT_SECTIONS,
  reportIndicators,
  reportNarratives,
  reports,
  reportSections,
  risks,
  spilloverActivities,
  users,
  workPackageProgress,
  workPackages,
  type AidBasis,
  type CostCategory,
  type CostMethod,
  type MilestoneStatus,
  type ReportSection,
  type SectionStatus,
} from '#db/schema/index';
import { canonicalJson } from '#app/utils/canonical-json';

/**
 * The whole content of a report as one plain JSON value: what a revision freezes, what the
 * revision view and the compare page show, and what the PDF dossier prints.
 *
 * Deterministic: arrays come in a fixed order (work packages and milestones by position, partners
 * by Dutch collation of their names then id, cost lines / spillover / risks by position then id,
 * attachments by upload time then id), Dates are ISO strings, and the value survives a JSON round
 * trip unchanged, so `snapshotHash` of a stored snapshot equals the hash computed at submission.
 *
 * Bump SNAPSHOT_VERSION whenever the shape changes; readers switch on it.
 */
export const SNAPSHOT_VERSION = 2;

export type CentsByCategory = Record<CostCategory, number>;

export interface SnapshotCostLine {
  id: string;
  category: CostCategory;
  description: string;
  hours: number | null;
  hourlyRateCents: number | null;
  amountCents: number;
}

export interface SnapshotPartner {
  organisation: { id: string; name: string; kvkNumber: string };
  isLead: boolean;
  grantedCents: number;
  costMethod: CostMethod;
  hourlyRateCents: number;
  /** Budget of the report's year per category (0 where none was planned). */
  budgetCents: CentsByCategory;
  budgetTotalCents: number;
  costLines: SnapshotCostLine[];
  totalsCents: CentsByCategory;
  totalCents: number;
  deviationExplanations: Record<string, string>;
  version: number;
  signedOffAt: string | null;
  signedOffBy: { id: string; name: string } | null;
}

export interface ReportSnapshot {
  snapshotVersion: number;
  programme: { code: string; name: string };
  project: { id: string; code: string; name: string; aidBasis: AidBasis };
  report: { id: string; year: number; dueDate: string; revision: number };
  submittedAt: string | null;
  submittedBy: { id: string; name: string; email: string } | null;
  submittedLate: boolean;
  sections: Record<ReportSection, SectionStatus>;
  narrative: { progressSummary: string; deviations: string };
  workPackages: Array<{ id: string; code: string; title: string; narrative: string }>;
  milestones: Array<{
    id: string;
    code: string;
    title: string;
    workPackageCode: string | null;
    plannedDate: string;
    status: MilestoneStatus;
    achievedDate: string | null;
    forecastDate: string | null;
    explanation: string;
  }>;
  partners: SnapshotPartner[];
  totals: { costsCents: CentsByCategory; costTotalCents: number; budgetCents: CentsByCategory; budgetTotalCents: number };
  indicators: {
    fteTenths: number;
    jobsCreated: number;
    smesInvolved: number;
    publications: number;
    openSourceReleases: number;
    patentApplications: number;
    standardisationContributions: number;
  } | null;
  spillover: Array<{
    id: string;
    type: string;
    title: string;
    activityDate: string;
    audience: string;
    reach: number | null;
    url: string | null;
  }>;
  risks: Array<{ id: string; description: string; likelihood: string; impact: string; mitigation: string }>;
  attachments: Array<{ id: string; filename: string; contentType: string; sizeBytes: number; sha256: string; description: string }>;
}

const collator = new Intl.Collator('nl', { sensitivity: 'base' });

export function zeroByCategory(): CentsByCategory {
  return Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as CentsByCategory;
}

const byPositionThenId = <T extends { position: number; id: string }>(a: T, b: T) =>
  a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

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
  const projectId = head.projectId;

  const [
    sectionRows,
    narrativeRows,
    wpRows,
    wpProgressRows,
    milestoneRows,
    partnerRows,
    partRows,
    budgetRows,
    lineRows,
    indicatorRows,
    spilloverRows,
    riskRows,
    attachmentRows,
    submitterRows,
  ] = await Promise.all([
    db.select({ section: reportSections.section, status: reportSections.status }).from(reportSections).where(eq(reportSections.reportId, reportId)),
    db.select().from(reportNarratives).where(eq(reportNarratives.reportId, reportId)),
    db
      .select({ id: workPackages.id, code: workPackages.code, title: workPackages.title, position: workPackages.position })
      .from(workPackages)
      .where(eq(workPackages.projectId, projectId)),
    db.select({ workPackageId: workPackageProgress.workPackageId, narrative: workPackageProgress.narrative }).from(workPackageProgress).where(eq(workPackageProgress.reportId, reportId)),
    db
      .select({
        id: milestones.id,
        code: milestones.code,
        title: milestones.title,
        plannedDate: milestones.plannedDate,
        position: milestones.position,
        workPackageCode: workPackages.code,
        status: milestoneUpdates.status,
        achievedDate: milestoneUpdates.achievedDate,
        forecastDate: milestoneUpdates.forecastDate,
        explanation: milestoneUpdates.explanation,
      })
      .from(milestoneUpdates)
      .innerJoin(milestones, eq(milestones.id, milestoneUpdates.milestoneId))
      .leftJoin(workPackages, eq(workPackages.id, milestones.workPackageId))
      .where(eq(milestoneUpdates.reportId, reportId)),
    db
      .select({
        organisationId: organisations.id,
        name: organisations.name,
        kvkNumber: organisations.kvkNumber,
        grantedCents: projectPartners.grantedCents,
        costMethod: projectPartners.costMethod,
        hourlyRateCents: projectPartners.hourlyRateCents,
      })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(eq(projectPartners.projectId, projectId)),
    db
      .select({
        organisationId: partnerParts.organisationId,
        version: partnerParts.version,
        deviationExplanations: partnerParts.deviationExplanations,
        signedOffAt: partnerParts.signedOffAt,
        signedOffBy: partnerParts.signedOffBy,
        signerName: users.name,
      })
      .from(partnerParts)
      .leftJoin(users, eq(users.id, partnerParts.signedOffBy))
      .where(eq(partnerParts.reportId, reportId)),
    db
      .select({ organisationId: partnerBudgets.organisationId, category: partnerBudgets.category, amountCents: partnerBudgets.amountCents })
      .from(partnerBudgets)
      .where(and(eq(partnerBudgets.projectId, projectId), eq(partnerBudgets.year, head.year))),
    db
      .select({
        id: costLines.id,
        organisationId: costLines.organisationId,
        category: costLines.category,
        description: costLines.description,
        hours: costLines.hours,
        hourlyRateCents: costLines.hourlyRateCents,
        amountCents: costLines.amountCents,
        position: costLines.position,
      })
      .from(costLines)
      .where(eq(costLines.reportId, reportId)),
    db.select().from(reportIndicators).where(eq(reportIndicators.reportId, reportId)),
    db.select().from(spilloverActivities).where(eq(spilloverActivities.reportId, reportId)),
    db.select().from(risks).where(eq(risks.reportId, reportId)),
    db
      .select({
        id: attachments.id,
        filename: attachments.filename,
        contentType: attachments.contentType,
        sizeBytes: attachments.sizeBytes,
        sha256: attachments.sha256,
        description: attachments.description,
        uploadedAt: attachments.uploadedAt,
      })
      .from(attachments)
      .where(eq(attachments.reportId, reportId))
      .orderBy(asc(attachments.uploadedAt), asc(attachments.id)),
    head.submittedBy
      ? db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, head.submittedBy))
      : Promise.resolve([] as Array<{ id: string; name: string; email: string }>),
  ]);

  const sections = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, 'not_started'])) as Record<ReportSection, SectionStatus>;
  for (const row of sectionRows) sections[row.section] = row.status;

  const narratives = new Map(wpProgressRows.map((r) => [r.workPackageId, r.narrative]));
  const partsByOrg = new Map(partRows.map((p) => [p.organisationId, p]));

  const totals = { costsCents: zeroByCategory(), costTotalCents: 0, budgetCents: zeroByCategory(), budgetTotalCents: 0 };
  const partners: SnapshotPartner[] = partnerRows
    .sort((a, b) => collator.compare(a.name, b.name) || (a.organisationId < b.organisationId ? -1 : 1))
    .map((partner) => {
      const budgetCents = zeroByCategory();
      for (const b of budgetRows) if (b.organisationId === partner.organisationId) budgetCents[b.category] += b.amountCents;
      const lines = lineRows.filter((l) => l.organisationId === partner.organisationId).sort(byPositionThenId);
      const totalsCents = zeroByCategory();
      for (const l of lines) totalsCents[l.category] += l.amountCents;
      const part = partsByOrg.get(partner.organisationId);
      const totalCents = sum(Object.values(totalsCents));
      const budgetTotalCents = sum(Object.values(budgetCents));
      for (const c of COST_CATEGORIES) {
        totals.costsCents[c] += totalsCents[c];
        totals.budgetCents[c] += budgetCents[c];
      }
      totals.costTotalCents += totalCents;
      totals.budgetTotalCents += budgetTotalCents;
      return {
        organisation: { id: partner.organisationId, name: partner.name, kvkNumber: partner.kvkNumber },
        isLead: partner.organisationId === head.leadOrganisationId,
        grantedCents: partner.grantedCents,
        costMethod: partner.costMethod,
        hourlyRateCents: partner.hourlyRateCents,
        budgetCents,
        budgetTotalCents,
        costLines: lines.map((l) => ({
          id: l.id,
          category: l.category,
          description: l.description,
          hours: l.hours,
          hourlyRateCents: l.hourlyRateCents,
          amountCents: l.amountCents,
        })),
        totalsCents,
        totalCents,
        deviationExplanations: part?.deviationExplanations ?? {},
        version: part?.version ?? 0,
        signedOffAt: part?.signedOffAt ? part.signedOffAt.toISOString() : null,
        signedOffBy: part?.signedOffBy ? { id: part.signedOffBy, name: part.signerName ?? '' } : null,
      };
    });

  const narrative = narrativeRows[0];
  const indicators = indicatorRows[0];
  const submitter = submitterRows[0];
  const snapshot: ReportSnapshot = {
    snapshotVersion: SNAPSHOT_VERSION,
    programme: { code: head.programmeCode, name: head.programmeName },
    project: { id: projectId, code: head.projectCode, name: head.projectName, aidBasis: head.aidBasis },
    report: { id: head.id, year: head.year, dueDate: head.dueDate, revision: head.currentRevision },
    submittedAt: head.submittedAt ? head.submittedAt.toISOString() : null,
    submittedBy: submitter ? { id: submitter.id, name: submitter.name, email: submitter.email } : null,
    submittedLate: head.submittedLate,
    sections,
    narrative: { progressSummary: narrative?.progressSummary ?? '', deviations: narrative?.deviations ?? '' },
    workPackages: wpRows.sort(byPositionThenId).map((wp) => ({ id: wp.id, code: wp.code, title: wp.title, narrative: narratives.get(wp.id) ?? '' })),
    milestones: milestoneRows.sort(byPositionThenId).map((m) => ({
      id: m.id,
      code: m.code,
      title: m.title,
      workPackageCode: m.workPackageCode,
      plannedDate: m.plannedDate,
      status: m.status,
      achievedDate: m.achievedDate,
      forecastDate: m.forecastDate,
      explanation: m.explanation,
    })),
    partners,
    totals,
    indicators: indicators
      ? {
          fteTenths: indicators.fteTenths,
          jobsCreated: indicators.jobsCreated,
          smesInvolved: indicators.smesInvolved,
          publications: indicators.publications,
          openSourceReleases: indicators.openSourceReleases,
          patentApplications: indicators.patentApplications,
          standardisationContributions: indicators.standardisationContributions,
        }
      : null,
    spillover: spilloverRows.sort(byPositionThenId).map((s) => ({
      id: s.id,
      type: s.type,
      title: s.title,
      activityDate: s.activityDate,
      audience: s.audience,
      reach: s.reach,
      url: s.url,
    })),
    risks: riskRows.sort(byPositionThenId).map((r) => ({
      id: r.id,
      description: r.description,
      likelihood: r.likelihood,
      impact: r.impact,
      mitigation: r.mitigation,
    })),
    attachments: attachmentRows.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      description: a.description,
    })),
  };
  // One JSON round trip: what is stored (jsonb) and hashed is exactly what is returned.
  return JSON.parse(canonicalJson(snapshot)) as ReportSnapshot;
}

function sum(values: number[]) {
  return values.reduce((a, b) => a + b, 0);
}

/** SHA-256 (hex) of the snapshot's canonical JSON: stored with each revision, checked on view. */
export function snapshotHash(snapshot: unknown): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}
