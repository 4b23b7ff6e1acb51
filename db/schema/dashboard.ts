import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { DEVIATION_THRESHOLD } from '../../app/rules/limits';
import { cents } from './columns';
import { aidBasis } from './programmes';
import { milestoneStatus } from './reports';

/** `floor(amount × granted ÷ budget)` (0 without budget): the subsidy that belongs to costs (app/rules/costs.ts earnedSubsidyCents). */
const shareOf = (amount: string, granted: string, budget: string) =>
  sql.raw(`coalesce(floor(${amount}::numeric * ${granted} / nullif(${budget}, 0)), 0)::bigint`);

/**
 * Dashboard rollups: derived data, never written by the application. Triggers (migration
 * 0003_dashboard_rollup_triggers) keep them in step with `cost_lines` and `partner_budgets` in the
 * same transaction as every change, whoever makes it (report editing, the seed, the EU-scale
 * generator, imports). `dashboard_rebuild_rollups()` recomputes them from scratch.
 *
 * They exist so that the programme dashboard sums thousands of rows instead of a million cost lines.
 * Report status is deliberately NOT rolled up: it is joined from `reports` at read time, so an
 * approval (or reopening) changes the approved totals at once without touching these tables.
 */

/** Eligible costs of one partner in one report: the sum of its cost lines. */
export const reportPartnerCosts = pgTable(
  'report_partner_costs',
  {
    reportId: uuid('report_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    projectId: uuid('project_id').notNull(),
    year: integer('year').notNull(),
    amountCents: cents('amount_cents').notNull(),
  },
  (t) => [
    primaryKey({ name: 'report_partner_costs_pk', columns: [t.reportId, t.organisationId] }),
    index('report_partner_costs_project_idx').on(t.projectId, t.year),
  ],
);

/** A partner's budget for one year: the sum over cost categories of `partner_budgets`. */
export const partnerYearBudgets = pgTable(
  'partner_year_budgets',
  {
    projectId: uuid('project_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    year: integer('year').notNull(),
    amountCents: cents('amount_cents').notNull(),
  },
  (t) => [primaryKey({ name: 'partner_year_budgets_pk', columns: [t.projectId, t.organisationId, t.year] })],
);

/**
 * Per partner and year, everything the programme dashboard sums: budget, costs in the year's report
 * split by status (approved / submitted-not-yet-approved), whether that report counts as reported,
 * and advances paid in that calendar year. Kept by triggers on report_partner_costs,
 * partner_year_budgets, reports (status changes) and payments (migration dashboard_totals_triggers),
 * so an approval moves the figures in the approval's own transaction. `programme_id` is copied from
 * the project so that one index range serves a whole programme.
 */
export const dashboardPartnerYears = pgTable(
  'dashboard_partner_years',
  {
    programmeId: uuid('programme_id').notNull(),
    projectId: uuid('project_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    year: integer('year').notNull(),
    budgetCents: cents('budget_cents').notNull().default(0),
    approvedCents: cents('approved_cents').notNull().default(0),
    pendingCents: cents('pending_cents').notNull().default(0),
    paidCents: cents('paid_cents').notNull().default(0),
    /** The year's report is submitted, recommended or approved. */
    reported: boolean('reported').notNull().default(false),
    /** The partner's grant and its budget over all years (copied: the year's subsidy share needs them). */
    partnerGrantedCents: cents('partner_granted_cents').notNull().default(0),
    partnerBudgetCents: cents('partner_budget_cents').notNull().default(0),
    /** Subsidy that belongs to this year's approved / submitted costs: costs × granted ÷ the partner's whole budget. */
    shareApprovedCents: cents('share_approved_cents').generatedAlwaysAs(shareOf('approved_cents', 'partner_granted_cents', 'partner_budget_cents')),
    sharePendingCents: cents('share_pending_cents').generatedAlwaysAs(shareOf('pending_cents', 'partner_granted_cents', 'partner_budget_cents')),
    /** Reported costs more than DEVIATION_THRESHOLD (app/rules/limits.ts) away from the year's budget. */
    deviates: boolean('deviates').generatedAlwaysAs(
      sql.raw(`reported and abs(approved_cents + pending_cents - budget_cents) > ${DEVIATION_THRESHOLD}::numeric * budget_cents`),
    ),
    /** |reported − budget| ÷ budget, the order of the deviation list (null when not reported). */
    deviation: doublePrecision('deviation').generatedAlwaysAs(
      sql.raw(`case when reported then abs(approved_cents + pending_cents - budget_cents)::float8 / greatest(budget_cents, 1) end`),
    ),
  },
  (t) => [
    primaryKey({ name: 'dashboard_partner_years_pk', columns: [t.projectId, t.organisationId, t.year] }),
    index('dashboard_partner_years_programme_idx').on(t.programmeId, t.year),
    // The deviation list: the largest first, straight from the index, for the programme or one year.
    index('dashboard_partner_years_deviation_idx')
      .on(t.programmeId, t.deviation.desc(), t.projectId, t.organisationId, t.year)
      .where(sql`deviates`),
    index('dashboard_partner_years_year_deviation_idx')
      .on(t.programmeId, t.year, t.deviation.desc(), t.projectId, t.organisationId)
      .where(sql`deviates`),
  ],
);

/**
 * Per partner in a project, over all years: the sums of its partner-years, its grant, the subsidy
 * earned by its approved costs and how far its advances are ahead of that. Kept by adding the change
 * of every partner-year row (statement triggers, migration dashboard_rollups_by_level) and by the grant.
 */
export const dashboardPartners = pgTable(
  'dashboard_partners',
  {
    programmeId: uuid('programme_id').notNull(),
    projectId: uuid('project_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    grantedCents: cents('granted_cents').notNull().default(0),
    budgetCents: cents('budget_cents').notNull().default(0),
    approvedCents: cents('approved_cents').notNull().default(0),
    pendingCents: cents('pending_cents').notNull().default(0),
    paidCents: cents('paid_cents').notNull().default(0),
    earnedCents: cents('earned_cents').generatedAlwaysAs(shareOf('approved_cents', 'granted_cents', 'budget_cents')),
    sharePendingCents: cents('share_pending_cents').generatedAlwaysAs(shareOf('pending_cents', 'granted_cents', 'budget_cents')),
    /** Paid minus earned: positive means advances ahead of the approved costs. */
    aheadCents: cents('ahead_cents').generatedAlwaysAs(
      sql.raw(`paid_cents - coalesce(floor(approved_cents::numeric * granted_cents / nullif(budget_cents, 0)), 0)::bigint`),
    ),
  },
  (t) => [
    primaryKey({ name: 'dashboard_partners_pk', columns: [t.projectId, t.organisationId] }),
    index('dashboard_partners_ahead_idx')
      .on(t.programmeId, t.aheadCents.desc(), t.projectId, t.organisationId)
      .where(sql`ahead_cents > 0 and paid_cents > 0`),
  ],
);

const levelSums = () => ({
  approvedCents: cents('approved_cents').notNull().default(0),
  pendingCents: cents('pending_cents').notNull().default(0),
  paidCents: cents('paid_cents').notNull().default(0),
});

/** Per project over all years (and its code and aid basis, copied for ordering and filtering). */
export const dashboardProjects = pgTable(
  'dashboard_projects',
  {
    projectId: uuid('project_id').primaryKey(),
    programmeId: uuid('programme_id').notNull(),
    code: text('code').notNull(),
    aidBasis: aidBasis('aid_basis').notNull(),
    grantedCents: cents('granted_cents').notNull().default(0),
    ...levelSums(),
    earnedCents: cents('earned_cents').notNull().default(0),
    sharePendingCents: cents('share_pending_cents').notNull().default(0),
  },
  (t) => [
    index('dashboard_projects_code_idx').on(t.programmeId, t.code),
    index('dashboard_projects_basis_idx').on(t.programmeId, t.aidBasis, t.code),
  ],
);

/** Per project and year. */
export const dashboardProjectYears = pgTable(
  'dashboard_project_years',
  {
    projectId: uuid('project_id').notNull(),
    year: integer('year').notNull(),
    programmeId: uuid('programme_id').notNull(),
    ...levelSums(),
    shareApprovedCents: cents('share_approved_cents').notNull().default(0),
    sharePendingCents: cents('share_pending_cents').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'dashboard_project_years_pk', columns: [t.projectId, t.year] })],
);

/** Per programme and aid basis over all years: what the headline shows without a year filter. */
export const dashboardProgrammes = pgTable(
  'dashboard_programmes',
  {
    programmeId: uuid('programme_id').notNull(),
    aidBasis: aidBasis('aid_basis').notNull(),
    projects: integer('projects').notNull().default(0),
    grantedCents: cents('granted_cents').notNull().default(0),
    ...levelSums(),
    earnedCents: cents('earned_cents').notNull().default(0),
    sharePendingCents: cents('share_pending_cents').notNull().default(0),
    /** Partners whose advances are ahead of their approved costs. */
    aheadCount: integer('ahead_count').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'dashboard_programmes_pk', columns: [t.programmeId, t.aidBasis] })],
);

/** Per programme, aid basis and year. */
export const dashboardProgrammeYears = pgTable(
  'dashboard_programme_years',
  {
    programmeId: uuid('programme_id').notNull(),
    aidBasis: aidBasis('aid_basis').notNull(),
    year: integer('year').notNull(),
    ...levelSums(),
    shareApprovedCents: cents('share_approved_cents').notNull().default(0),
    sharePendingCents: cents('share_pending_cents').notNull().default(0),
    /** Partner-years that deviate (dashboard_partner_years.deviates). */
    deviationCount: integer('deviation_count').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'dashboard_programme_years_pk', columns: [t.programmeId, t.aidBasis, t.year] })],
);

/** Each milestone with its latest reported status (null: not yet reported). Kept by triggers (migration dashboard_totals_triggers). */
export const dashboardMilestones = pgTable(
  'dashboard_milestones',
  {
    milestoneId: uuid('milestone_id').primaryKey(),
    programmeId: uuid('programme_id').notNull(),
    projectId: uuid('project_id').notNull(),
    plannedDate: date('planned_date').notNull(),
    status: milestoneStatus('status'),
    forecastDate: date('forecast_date'),
  },
  (t) => [
    index('dashboard_milestones_programme_idx').on(t.programmeId, t.plannedDate),
    // A filtered view (one aid basis, one project) lists each project's milestones by date: one
    // range scan per project instead of intersecting with the programme's whole date index.
    index('dashboard_milestones_project_idx').on(t.projectId, t.plannedDate),
  ],
);
