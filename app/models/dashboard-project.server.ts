import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '#db/client';
import { todayInAmsterdam } from '#app/rules/dates';
import { lateness } from '#app/rules/deadlines';
import { COST_CATEGORIES, type CostCategory, type MilestoneStatus, type ReportStatus } from '#app/rules/domain';
import { mayReadPart } from '#app/report/snapshot-access.server';
import type { Principal } from '#app/utils/permissions.server';
import { APPROVED, PENDING } from './dashboard.server';

/**
 * One project's dashboard: budget against reported costs per partner, category and year; subsidy
 * received against granted per partner; milestones with their latest reported status; the report
 * history. Five queries, all sums in SQL. The caller has checked that the user may read the project.
 *
 * Budget and reported costs are a partner's own figures (issue 14): `budget` holds only the partners
 * whose part `reader` may read (a contributor: its own organisation; the penvoerder and staff: all),
 * so its sums are over those. Granted and paid subsidy per partner stay, as on the project page.
 * Without a reader no partner's figures are shown.
 */
export async function getProjectDashboard(db: Queryable, projectId: string, requestedYear: number | null, today = todayInAmsterdam(), reader: Principal) {
  const reported = sql.join(
    [...APPROVED, ...PENDING].map((s) => sql`${s}::text`),
    sql`, `,
  );
  const [reportRows, partnerRows, yearRange, milestoneRows] = await Promise.all([
    queryRows<{ id: string; year: number; status: ReportStatus; due_date: string; submitted_at: Date | string | null; submitted_late: boolean; approved_at: Date | string | null }>(
      db,
      sql`select id, year, status, due_date::text as due_date, submitted_at, submitted_late, approved_at
            from reports where project_id = ${projectId}::uuid order by year desc`,
    ),
    queryRows<{ organisation_id: string; name: string; granted: string | number; paid: string | number | null }>(
      db,
      sql`select pp.organisation_id, o.name, pp.granted_cents as granted,
                 (select sum(amount_cents) from payments p where p.project_id = pp.project_id and p.organisation_id = pp.organisation_id) as paid
            from project_partners pp join organisations o on o.id = pp.organisation_id
           where pp.project_id = ${projectId}::uuid`,
    ),
    queryRows<{ first: number | null; last: number | null }>(
      db,
      sql`select min(year) as first, max(year) as last from partner_budgets where project_id = ${projectId}::uuid`,
    ),
    queryRows<{ code: string; title: string; planned_date: string; status: string; forecast_date: string | null; achieved_date: string | null }>(
      db,
      sql`select m.code, m.title, m.planned_date::text as planned_date,
                 coalesce(latest.status::text, 'not_reported') as status,
                 latest.forecast_date::text as forecast_date, latest.achieved_date::text as achieved_date
            from milestones m
            left join lateral (
              select mu.status, mu.forecast_date, mu.achieved_date from milestone_updates mu
                join reports r on r.id = mu.report_id
               where mu.milestone_id = m.id and (r.status::text in (${reported}) or r.status = 'changes_requested')
               order by r.year desc limit 1) latest on true
           where m.project_id = ${projectId}::uuid
           order by m.planned_date, m.position`,
    ),
  ]);

  const first = yearRange[0]?.first ?? null;
  const last = yearRange[0]?.last ?? null;
  const years = first !== null && last !== null ? Array.from({ length: last - first + 1 }, (_, i) => first + i) : [];
  // Default year: the latest with a submitted or approved report, else the first budget year.
  const reportedYears = reportRows.filter((r) => [...APPROVED, ...PENDING].includes(r.status)).map((r) => r.year);
  const year = requestedYear !== null && years.includes(requestedYear) ? requestedYear : (reportedYears[0] ?? years[0] ?? null);
  const report = reportRows.find((r) => r.year === year) ?? null;
  const counted = report !== null && [...APPROVED, ...PENDING].includes(report.status);

  const costRows =
    year === null
      ? []
      : await queryRows<{ organisation_id: string; category: CostCategory; budget: string | number | null; actual: string | number | null }>(
          db,
          sql`with b as (select organisation_id, category, sum(amount_cents) as cents from partner_budgets
                          where project_id = ${projectId}::uuid and year = ${year}::int group by 1, 2),
                   a as (select c.organisation_id, c.category, sum(c.amount_cents) as cents from cost_lines c
                          where c.report_id = ${report?.id ?? null}::uuid and ${counted}::boolean group by 1, 2)
              select coalesce(b.organisation_id, a.organisation_id) as organisation_id, coalesce(b.category, a.category) as category,
                     b.cents as budget, a.cents as actual
                from b full join a on a.organisation_id = b.organisation_id and a.category = b.category`,
        );

  const collator = new Intl.Collator('nl', { sensitivity: 'base' });
  const partners = partnerRows
    .map((p) => ({ organisationId: p.organisation_id, name: p.name, grantedCents: Number(p.granted), paidCents: Number(p.paid ?? 0) }))
    .sort((a, b) => collator.compare(a.name, b.name));
  const readable = (organisationId: string) => reader !== undefined && mayReadPart(reader, projectId, organisationId);
  const budgetByPartner = partners.filter((p) => readable(p.organisationId)).map((p) => {
    const categories = COST_CATEGORIES.map((category) => {
      const row = costRows.find((r) => r.organisation_id === p.organisationId && r.category === category);
      return { category, budgetCents: Number(row?.budget ?? 0), actualCents: Number(row?.actual ?? 0) };
    });
    return {
      organisationId: p.organisationId,
      name: p.name,
      categories,
      budgetCents: categories.reduce((s, c) => s + c.budgetCents, 0),
      actualCents: categories.reduce((s, c) => s + c.actualCents, 0),
    };
  });

  return {
    years,
    year,
    report: report ? { id: report.id, status: report.status } : null,
    actualsKnown: counted,
    budget: budgetByPartner,
    partners,
    milestones: milestoneRows.map((m) => ({
      code: m.code,
      title: m.title,
      plannedDate: m.planned_date,
      status: m.status as MilestoneStatus | 'not_reported',
      forecastDate: m.forecast_date,
      achievedDate: m.achieved_date,
    })),
    reports: reportRows.map((r) => ({
      id: r.id,
      year: r.year,
      status: r.status,
      dueDate: r.due_date,
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      submittedLate: r.submitted_late,
      /** The one late rule (app/rules/deadlines.ts), the same as on the project page and the programme dashboard. */
      lateness: lateness({ status: r.status, dueDate: r.due_date, submittedLate: r.submitted_late }, today),
      approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
    })),
  };
}
