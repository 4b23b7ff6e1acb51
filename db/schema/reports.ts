import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea, cents, createdAt, timestamptz } from './columns';
import { costCategory, milestones, projectPartners, projects, workPackages } from './programmes';
import { users } from './users';
import { MILESTONE_STATUSES, REPORT_STATUSES, RISK_LEVELS, SECTION_STATUSES, SPILLOVER_TYPES } from '../../app/rules/domain';
import { REPORT_SECTIONS } from '../../app/rules/sections';
import { DECISION_ACTIONS } from '../../app/rules/workflow';

// The value lists are declared once in app/rules (the browser reads them there); the enums take them.
export { MILESTONE_STATUSES, REPORT_SECTIONS, REPORT_STATUSES, RISK_LEVELS, SECTION_STATUSES, SPILLOVER_TYPES };
export type { MilestoneStatus, ReportStatus, SectionStatus } from '../../app/rules/domain';
export type { ReportSection } from '../../app/rules/sections';
/** A reviewer's decision on a revision: every workflow action but submitting. */
export const REVIEW_DECISIONS = DECISION_ACTIONS;
export type { DecisionAction as ReviewDecision } from '../../app/rules/workflow';

export const reportStatus = pgEnum('report_status', REPORT_STATUSES);

export const reportSection = pgEnum('report_section', REPORT_SECTIONS);

export const sectionStatus = pgEnum('section_status', SECTION_STATUSES);

export const milestoneStatus = pgEnum('milestone_status', MILESTONE_STATUSES);

export const spilloverType = pgEnum('spillover_type', SPILLOVER_TYPES);

export const riskLevel = pgEnum('risk_level', RISK_LEVELS);

export const reviewDecision = pgEnum('review_decision', REVIEW_DECISIONS);

/** One annual progress report per project per year, about that calendar year. */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    year: integer('year').notNull(),
    status: reportStatus('status').notNull().default('draft'),
    dueDate: date('due_date').notNull(),
    /** Optimistic-locking version of the report as a whole (status changes bump it). */
    version: integer('version').notNull().default(1),
    /** Number of the latest submitted revision; 0 before the first submission. */
    currentRevision: integer('current_revision').notNull().default(0),
    assignedReviewerId: uuid('assigned_reviewer_id').references(() => users.id),
    submittedAt: timestamptz('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedLate: boolean('submitted_late').notNull().default(false),
    recommendedAt: timestamptz('recommended_at'),
    recommendedBy: uuid('recommended_by').references(() => users.id),
    approvedAt: timestamptz('approved_at'),
    approvedBy: uuid('approved_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reports_project_year_uq').on(t.projectId, t.year),
    unique('reports_id_project_uq').on(t.id, t.projectId),
    index('reports_status_idx').on(t.status),
    check('reports_year_ck', sql`${t.year} between 2000 and 2100`),
    check(
      'reports_submitted_stamp_ck',
      sql`${t.status} = 'draft' or (${t.submittedAt} is not null and ${t.submittedBy} is not null and ${t.currentRevision} > 0)`,
    ),
    check(
      'reports_approved_stamp_ck',
      sql`${t.status} <> 'approved' or (${t.approvedAt} is not null and ${t.approvedBy} is not null and ${t.recommendedBy} is not null)`,
    ),
    check(
      'reports_recommended_stamp_ck',
      sql`${t.status} <> 'recommended' or (${t.recommendedAt} is not null and ${t.recommendedBy} is not null)`,
    ),
  ],
);

/** Per-section progress and optimistic-locking version ("no lost updates"). */
export const reportSections = pgTable(
  'report_sections',
  {
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    section: reportSection('section').notNull(),
    status: sectionStatus('status').notNull().default('not_started'),
    version: integer('version').notNull().default(0),
    updatedAt: timestamptz('updated_at'),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ name: 'report_sections_pk', columns: [t.reportId, t.section] })],
);

/** Overall progress summary and the deviations-from-plan narrative. */
export const reportNarratives = pgTable('report_narratives', {
  reportId: uuid('report_id')
    .primaryKey()
    .references(() => reports.id),
  progressSummary: text('progress_summary').notNull().default(''),
  deviations: text('deviations').notNull().default(''),
});

/** Progress narrative per work package. */
export const workPackageProgress = pgTable(
  'work_package_progress',
  {
    reportId: uuid('report_id').notNull(),
    projectId: uuid('project_id').notNull(),
    workPackageId: uuid('work_package_id').notNull(),
    narrative: text('narrative').notNull(),
  },
  (t) => [
    primaryKey({ name: 'work_package_progress_pk', columns: [t.reportId, t.workPackageId] }),
    foreignKey({
      name: 'work_package_progress_report_fk',
      columns: [t.reportId, t.projectId],
      foreignColumns: [reports.id, reports.projectId],
    }),
    foreignKey({
      name: 'work_package_progress_wp_fk',
      columns: [t.workPackageId, t.projectId],
      foreignColumns: [workPackages.id, workPackages.projectId],
    }),
  ],
);

export const milestoneUpdates = pgTable(
  'milestone_updates',
  {
    reportId: uuid('report_id').notNull(),
    projectId: uuid('project_id').notNull(),
    milestoneId: uuid('milestone_id').notNull(),
    status: milestoneStatus('status').notNull(),
    achievedDate: date('achieved_date'),
    forecastDate: date('forecast_date'),
    explanation: text('explanation').notNull().default(''),
  },
  (t) => [
    primaryKey({ name: 'milestone_updates_pk', columns: [t.reportId, t.milestoneId] }),
    foreignKey({
      name: 'milestone_updates_report_fk',
      columns: [t.reportId, t.projectId],
      foreignColumns: [reports.id, reports.projectId],
    }),
    foreignKey({
      name: 'milestone_updates_milestone_fk',
      columns: [t.milestoneId, t.projectId],
      foreignColumns: [milestones.id, milestones.projectId],
    }),
    check('milestone_updates_achieved_ck', sql`${t.status} <> 'achieved' or ${t.achievedDate} is not null`),
  ],
);

/**
 * A partner's financial part of a report: its version (for optimistic locking of that part alone)
 * and its sign-off. Any edit of the part clears the sign-off.
 */
export const partnerParts = pgTable(
  'partner_parts',
  {
    reportId: uuid('report_id').notNull(),
    projectId: uuid('project_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    version: integer('version').notNull().default(0),
    /** Explanation of a deviation of more than 25% from the year's budget, per category or in total. */
    deviationExplanations: jsonb('deviation_explanations').$type<Record<string, string>>().notNull().default({}),
    signedOffAt: timestamptz('signed_off_at'),
    signedOffBy: uuid('signed_off_by').references(() => users.id),
    updatedAt: timestamptz('updated_at'),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    primaryKey({ name: 'partner_parts_pk', columns: [t.reportId, t.organisationId] }),
    foreignKey({
      name: 'partner_parts_report_fk',
      columns: [t.reportId, t.projectId],
      foreignColumns: [reports.id, reports.projectId],
    }),
    foreignKey({
      name: 'partner_parts_partner_fk',
      columns: [t.projectId, t.organisationId],
      foreignColumns: [projectPartners.projectId, projectPartners.organisationId],
    }),
    check('partner_parts_signoff_ck', sql`(${t.signedOffAt} is null) = (${t.signedOffBy} is null)`),
  ],
);

/**
 * Eligible costs incurred in the report's year, per partner and cost category. A personnel line is
 * one person (an employee reference: personnel number or role code, never a name) with hours
 * (two decimals) × the hourly rate its cost method gives (`app/rules/costs.ts`; under *loonkosten
 * plus vaste opslag* from the person's annual wage costs), and the amount must equal their product
 * rounded to the cent.
 */
export const costLines = pgTable(
  'cost_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id').notNull(),
    projectId: uuid('project_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    category: costCategory('category').notNull(),
    description: text('description').notNull().default(''),
    /** Personnel number or role code of the person on a personnel line (null on other lines). */
    employeeRef: text('employee_ref'),
    /** Hours with at most two decimals (12,5 h = 12.50); exact `numeric`, never a float column. */
    hours: numeric('hours', { precision: 7, scale: 2, mode: 'number' }),
    hourlyRateCents: cents('hourly_rate_cents'),
    /** Annual wage costs of the person (cost method loonkosten plus vaste opslag only). */
    annualWageCents: cents('annual_wage_cents'),
    amountCents: cents('amount_cents').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('cost_lines_report_idx').on(t.reportId, t.organisationId),
    foreignKey({
      name: 'cost_lines_report_fk',
      columns: [t.reportId, t.projectId],
      foreignColumns: [reports.id, reports.projectId],
    }),
    foreignKey({
      name: 'cost_lines_partner_fk',
      columns: [t.projectId, t.organisationId],
      foreignColumns: [projectPartners.projectId, projectPartners.organisationId],
    }),
    check('cost_lines_amount_ck', sql`${t.amountCents} >= 0 and ${t.amountCents} < 100000000000`),
    check(
      'cost_lines_personnel_ck',
      sql`(${t.category} = 'personnel') = (${t.hours} is not null and ${t.hourlyRateCents} is not null)`,
    ),
    check(
      'cost_lines_personnel_amount_ck',
      sql`${t.hours} is null or (${t.hours} >= 0 and ${t.amountCents} = round(${t.hours} * ${t.hourlyRateCents}))`,
    ),
    check('cost_lines_employee_ck', sql`${t.employeeRef} is null or (${t.category} = 'personnel' and ${t.employeeRef} ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$')`),
    check('cost_lines_wage_ck', sql`${t.annualWageCents} is null or (${t.category} = 'personnel' and ${t.annualWageCents} > 0 and ${t.annualWageCents} < 100000000000)`),
    // The hours of one person in one organisation and year, summed over its projects (the ceiling rule).
    index('cost_lines_employee_idx').on(t.organisationId, t.employeeRef).where(sql`${t.employeeRef} is not null`),
  ],
);

/** Indicators of the year. FTE is stored in tenths (12.5 FTE = 125). */
export const reportIndicators = pgTable(
  'report_indicators',
  {
    reportId: uuid('report_id')
      .primaryKey()
      .references(() => reports.id),
    fteTenths: integer('fte_tenths').notNull(),
    jobsCreated: integer('jobs_created').notNull(),
    smesInvolved: integer('smes_involved').notNull(),
    publications: integer('publications').notNull(),
    openSourceReleases: integer('open_source_releases').notNull(),
    patentApplications: integer('patent_applications').notNull(),
    standardisationContributions: integer('standardisation_contributions').notNull(),
  },
  (t) => [
    check(
      'report_indicators_nonnegative_ck',
      sql`least(${t.fteTenths}, ${t.jobsCreated}, ${t.smesInvolved}, ${t.publications}, ${t.openSourceReleases}, ${t.patentApplications}, ${t.standardisationContributions}) >= 0`,
    ),
  ],
);

export const spilloverActivities = pgTable(
  'spillover_activities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    type: spilloverType('type').notNull(),
    title: text('title').notNull(),
    activityDate: date('activity_date').notNull(),
    audience: text('audience').notNull().default(''),
    reach: integer('reach'),
    url: text('url'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('spillover_activities_report_idx').on(t.reportId),
    check('spillover_activities_reach_ck', sql`${t.reach} is null or ${t.reach} >= 0`),
    check('spillover_activities_url_ck', sql`${t.url} is null or ${t.url} ~ '^https?://'`),
  ],
);

export const risks = pgTable(
  'risks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    description: text('description').notNull(),
    likelihood: riskLevel('likelihood').notNull(),
    impact: riskLevel('impact').notNull(),
    mitigation: text('mitigation').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('risks_report_idx').on(t.reportId)],
);

/** Evidence files, stored in the database so that a backup is one consistent whole. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    content: bytea('content').notNull(),
    description: text('description').notNull().default(''),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamptz('uploaded_at').notNull().defaultNow(),
  },
  (t) => [
    index('attachments_report_idx').on(t.reportId),
    check('attachments_size_ck', sql`${t.sizeBytes} > 0 and ${t.sizeBytes} <= 20971520`),
  ],
);

/** Immutable snapshot of a report at each submission (triggers refuse UPDATE and DELETE). */
export const reportRevisions = pgTable(
  'report_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    revision: integer('revision').notNull(),
    /** Canonical JSON of the whole report as submitted. */
    snapshot: jsonb('snapshot').notNull(),
    /** SHA-256 (hex) of the canonical JSON text. */
    sha256: char('sha256', { length: 64 }).notNull(),
    /** Reference number shown on the confirmation, e.g. IPCEI-ECOFED-2024-R1. */
    reference: text('reference').notNull(),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedAt: timestamptz('submitted_at').notNull().defaultNow(),
    /** The checks' findings at submission (warnings: blocking ones refuse a submit), shown to RVO. */
    findings: jsonb('findings').notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    uniqueIndex('report_revisions_report_revision_uq').on(t.reportId, t.revision),
    uniqueIndex('report_revisions_reference_uq').on(t.reference),
    check('report_revisions_revision_ck', sql`${t.revision} >= 1`),
  ],
);

/** Review questions and answers, per section (null section = general thread). */
export const reviewComments = pgTable(
  'review_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    revision: integer('revision').notNull(),
    section: reportSection('section'),
    parentId: uuid('parent_id'),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
    resolvedAt: timestamptz('resolved_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
  },
  (t) => [
    index('review_comments_report_idx').on(t.reportId),
    foreignKey({ name: 'review_comments_parent_fk', columns: [t.parentId], foreignColumns: [t.id] }),
    check('review_comments_body_ck', sql`length(trim(${t.body})) between 1 and 5000`),
  ],
);

export const reviewDecisions = pgTable(
  'review_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    revision: integer('revision').notNull(),
    decision: reviewDecision('decision').notNull(),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull().default(''),
    decidedAt: timestamptz('decided_at').notNull().defaultNow(),
  },
  (t) => [index('review_decisions_report_idx').on(t.reportId)],
);

