import { boolean, date, index, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { cents } from './columns';
import { milestoneStatus } from './reports';

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
  },
  (t) => [
    primaryKey({ name: 'dashboard_partner_years_pk', columns: [t.projectId, t.organisationId, t.year] }),
    index('dashboard_partner_years_programme_idx').on(t.programmeId, t.year),
  ],
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
    index('dashboard_milestones_project_idx').on(t.projectId),
  ],
);
