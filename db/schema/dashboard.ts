import { index, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { cents } from './columns';

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
