/**
 * The domain's value lists, declared once. The database enums (`db/schema`) take their values
 * from here, and so do the forms, the pages and the exports: this module has no dependencies, so
 * the browser can load it without drizzle-orm or any table definition.
 */

// --- Programme, projects, partners -------------------------------------------------------------

export const AID_BASES = ['gber', 'ipcei_communication'] as const;
export type AidBasis = (typeof AID_BASES)[number];

export const AID_INSTRUMENTS = ['grant', 'repayable_advance', 'loan', 'guarantee', 'other'] as const;
export type AidInstrument = (typeof AID_INSTRUMENTS)[number];

export const COST_METHODS = ['wage_plus_overhead', 'fixed_hourly_rate', 'full_cost_iks'] as const;
export type CostMethod = (typeof COST_METHODS)[number];

export const COST_CATEGORIES = ['personnel', 'equipment', 'materials', 'third_party', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export const ENTERPRISE_TYPES = ['sme', 'large', 'research'] as const;
export type EnterpriseType = (typeof ENTERPRISE_TYPES)[number];

export const PAYMENT_KINDS = ['advance', 'settlement'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

// --- People ---------------------------------------------------------------------------------------

export const USER_STATUSES = ['invited', 'active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const STAFF_ROLES = ['reviewer', 'ez_officer', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const PROJECT_ROLES = ['contributor', 'penvoerder'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

// --- Reports ----------------------------------------------------------------------------------------

/**
 * Report workflow states. Every change of status goes through the workflow table
 * (`app/rules/workflow.ts`, carried out by `transition()` on the server). "Overdue" and "not yet
 * open" are derived (`app/rules/deadlines.ts`), not stored.
 */
export const REPORT_STATUSES = ['draft', 'submitted', 'changes_requested', 'recommended', 'approved', 'rejected'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const SECTION_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

export const MILESTONE_STATUSES = ['not_started', 'on_track', 'achieved', 'delayed', 'at_risk', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
/** A milestone in one of these states needs an explanation. */
export const EXPLANATION_NEEDED: ReadonlySet<string> = new Set<MilestoneStatus>(['delayed', 'at_risk', 'cancelled']);

export const SPILLOVER_TYPES = ['event', 'publication', 'open_source', 'knowledge_sharing', 'standardisation', 'other'] as const;
export type SpilloverType = (typeof SPILLOVER_TYPES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** The indicators every report gives; `fte` is stored in tenths. */
export const INDICATOR_FIELDS = [
  'fte',
  'jobsCreated',
  'smesInvolved',
  'publications',
  'openSourceReleases',
  'patentApplications',
  'standardisationContributions',
] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];
export const COUNT_INDICATORS = INDICATOR_FIELDS.filter((f): f is Exclude<IndicatorField, 'fte'> => f !== 'fte');

export function isOneOf<const T extends readonly string[]>(values: T, value: unknown): value is T[number] {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** What an administrator can import from a spreadsheet. */
export const IMPORT_KINDS = ['budgets', 'milestones'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
