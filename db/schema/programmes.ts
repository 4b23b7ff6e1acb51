import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { cents, createdAt } from './columns';
import { enterpriseType, organisations } from './organisations';
import { AID_BASES, AID_INSTRUMENTS, COST_CATEGORIES, COST_METHODS } from '../../app/rules/domain';

export { AID_BASES, AID_INSTRUMENTS, COST_CATEGORIES, COST_METHODS };
export type { AidBasis, CostCategory, CostMethod } from '../../app/rules/domain';

export const aidBasis = pgEnum('aid_basis', AID_BASES);

export const aidInstrument = pgEnum('aid_instrument', AID_INSTRUMENTS);

export const costMethod = pgEnum('cost_method', COST_METHODS);

export const costCategory = pgEnum('cost_category', COST_CATEGORIES);

/**
 * A subsidy programme such as IPCEI CIS. The cap is what every dashboard measures against;
 * a database trigger (migration 0001) keeps the sum of granted amounts at or below it.
 */
export const programmes = pgTable(
  'programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    subsidyCapCents: cents('subsidy_cap_cents').notNull(),
    firstReportingYear: integer('first_reporting_year').notNull(),
    lastReportingYear: integer('last_reporting_year').notNull(),
    /** Reports about year Y are due on this month/day of year Y + 1. */
    reportDueMonth: integer('report_due_month').notNull().default(2),
    reportDueDay: integer('report_due_day').notNull().default(1),
    grantingAuthority: text('granting_authority').notNull(),
    /** Segregation of duties: who recommends approval may not approve the same revision. */
    fourEyes: boolean('four_eyes').notNull().default(true),
    /** Productive hours of one person in a year: the ceiling per person, and the divisor of wage-based rates. */
    productiveHoursPerYear: integer('productive_hours_per_year').notNull().default(1720),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('programmes_code_uq').on(t.code),
    check('programmes_cap_ck', sql`${t.subsidyCapCents} > 0`),
    check(
      'programmes_years_ck',
      sql`${t.firstReportingYear} between 2000 and 2100 and ${t.lastReportingYear} between ${t.firstReportingYear} and 2100`,
    ),
    check('programmes_productive_hours_ck', sql`${t.productiveHoursPerYear} between 1 and 8784`),
    check('programmes_due_ck', sql`${t.reportDueMonth} between 1 and 12 and ${t.reportDueDay} between 1 and 28`),
  ],
);

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    aidBasis: aidBasis('aid_basis').notNull(),
    /** The penvoerder (lead partner); must itself be a partner of the project (deferred FK, migration 0001). */
    leadOrganisationId: uuid('lead_organisation_id')
      .notNull()
      .references(() => organisations.id),
    grantDecisionReference: text('grant_decision_reference').notNull(),
    grantDecisionDate: date('grant_decision_date').notNull(),
    /** EU State aid case number (SA number) for the transparency register. */
    aidMeasureNumber: text('aid_measure_number').notNull(),
    /** Objective of the aid as published in the transparency register. */
    aidObjective: text('aid_objective').notNull(),
    /** Aid instrument for the transparency register; IPCEI aid in the Netherlands is a direct grant. */
    aidInstrument: aidInstrument('aid_instrument').notNull().default('grant'),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('projects_programme_code_uq').on(t.programmeId, t.code),
    check('projects_dates_ck', sql`${t.endDate} >= ${t.startDate}`),
    check('projects_code_ck', sql`${t.code} ~ '^[A-Z0-9-]{2,20}$'`),
  ],
);

/** An organisation's participation in a project, with its own grant (paid to it directly). */
export const projectPartners = pgTable(
  'project_partners',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    grantedCents: cents('granted_cents').notNull(),
    /** Date of granting (for the transparency register's 6-month publication deadline). */
    grantedOn: date('granted_on').notNull(),
    /** Enterprise type at the moment of granting, as the transparency register asks; the organisation's may change later. */
    enterpriseTypeAtGrant: enterpriseType('enterprise_type_at_grant').notNull(),
    costMethod: costMethod('cost_method').notNull(),
    /** Hourly rate for personnel costs under this partner's cost method, in cents. */
    hourlyRateCents: cents('hourly_rate_cents').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'project_partners_pk', columns: [t.projectId, t.organisationId] }),
    index('project_partners_organisation_idx').on(t.organisationId),
    check('project_partners_granted_ck', sql`${t.grantedCents} >= 0`),
    check('project_partners_rate_ck', sql`${t.hourlyRateCents} > 0 and ${t.hourlyRateCents} <= 100000`),
  ],
);

/** Planned eligible costs per partner, per year, per cost category. */
export const partnerBudgets = pgTable(
  'partner_budgets',
  {
    projectId: uuid('project_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    year: integer('year').notNull(),
    category: costCategory('category').notNull(),
    amountCents: cents('amount_cents').notNull(),
  },
  (t) => [
    primaryKey({ name: 'partner_budgets_pk', columns: [t.projectId, t.organisationId, t.year, t.category] }),
    foreignKey({
      name: 'partner_budgets_partner_fk',
      columns: [t.projectId, t.organisationId],
      foreignColumns: [projectPartners.projectId, projectPartners.organisationId],
    }),
    check('partner_budgets_amount_ck', sql`${t.amountCents} >= 0`),
    check('partner_budgets_year_ck', sql`${t.year} between 2000 and 2100`),
  ],
);

export const workPackages = pgTable(
  'work_packages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('work_packages_project_code_uq').on(t.projectId, t.code),
    unique('work_packages_id_project_uq').on(t.id, t.projectId),
  ],
);

export const milestones = pgTable(
  'milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    workPackageId: uuid('work_package_id'),
    code: text('code').notNull(),
    title: text('title').notNull(),
    plannedDate: date('planned_date').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    uniqueIndex('milestones_project_code_uq').on(t.projectId, t.code),
    unique('milestones_id_project_uq').on(t.id, t.projectId),
    index('milestones_planned_date_idx').on(t.plannedDate),
    // A milestone's work package must belong to the same project.
    foreignKey({
      name: 'milestones_work_package_fk',
      columns: [t.workPackageId, t.projectId],
      foreignColumns: [workPackages.id, workPackages.projectId],
    }),
  ],
);
