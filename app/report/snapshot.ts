import { COST_CATEGORIES, type AidBasis, type CostCategory, type CostMethod, type MilestoneStatus, type SectionStatus } from '#app/rules/domain';
import type { ReportSection } from '#app/rules/sections';

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
export const SNAPSHOT_VERSION = 3;

export type CentsByCategory = Record<CostCategory, number>;

/**
 * A cost line. Version 3 added `employeeRef` and `annualWageCents` (personnel lines are one person
 * each) and hours with two decimals; in version 2 snapshots they are absent and hours are whole.
 */
export interface SnapshotCostLine {
  id: string;
  category: CostCategory;
  description: string;
  employeeRef?: string | null;
  /** Hours with at most two decimals (12.5), on personnel lines. */
  hours: number | null;
  hourlyRateCents: number | null;
  annualWageCents?: number | null;
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

/** Each section's part of the snapshot (what its server half reads, and its views show). */
export type ProgressPart = { narrative: Pick<ReportSnapshot['narrative'], 'progressSummary'>; workPackages: ReportSnapshot['workPackages'] };
export type MilestonesPart = Pick<ReportSnapshot, 'milestones'>;
export type CostsPart = Pick<ReportSnapshot, 'partners' | 'totals'>;
export type IndicatorsPart = Pick<ReportSnapshot, 'indicators'>;
export type SpilloverPart = Pick<ReportSnapshot, 'spillover'>;
export type RisksPart = { narrative: Pick<ReportSnapshot['narrative'], 'deviations'>; risks: ReportSnapshot['risks'] };
export type AttachmentsPart = Pick<ReportSnapshot, 'attachments'>;

export interface SectionParts {
  progress: ProgressPart;
  milestones: MilestonesPart;
  costs: CostsPart;
  indicators: IndicatorsPart;
  spillover: SpilloverPart;
  risks: RisksPart;
  attachments: AttachmentsPart;
}

export function zeroByCategory(): CentsByCategory {
  return Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as CentsByCategory;
}

export function sumCents(values: readonly number[]) {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * The state of a partner's part (signed off, started, not started): the task list, the costs
 * overview and the part's own page all show it from here.
 */
export function partStatus(p: { signedOffAt: string | Date | null; version: number }): SectionStatus {
  return p.signedOffAt ? 'completed' : p.version > 0 ? 'in_progress' : 'not_started';
}
