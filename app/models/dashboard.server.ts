import { asc, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '#db/client';
import { AID_BASES, MILESTONE_STATUSES, programmes, type AidBasis, type MilestoneStatus, type ReportStatus } from '#db/schema/index';
import { todayInAmsterdam } from '#app/utils/format';

/**
 * The programme dashboard: every figure is summed in SQL, over the rollups that triggers keep in
 * step with cost lines and budgets (db/schema/dashboard.ts). Report status is joined at read time,
 * so "approved" always means reports.status = 'approved' now. A fixed number of queries per page,
 * whatever the size of the portfolio (no query per project or per partner).
 */

/** Reports whose costs are final. */
export const APPROVED: readonly ReportStatus[] = ['approved'];
/** Submitted, not yet approved: under review. */
export const PENDING: readonly ReportStatus[] = ['submitted', 'recommended'];

/** A deviation from the year's budget above this share must be explained (and is signalled). */
export const DEVIATION_THRESHOLD = 0.25;
export const PROJECTS_PER_PAGE = 25;
export const LIST_LIMIT = 50;
export const DUE_SOON_DAYS = 90;

export interface DashboardFilters {
  year: number | null;
  projectCode: string | null;
  aidBasis: AidBasis | null;
  page: number;
}

/** Reads the filters from the URL (bad values are ignored, not errors: a shared link stays usable). */
export function parseDashboardFilters(url: URL): DashboardFilters {
  const year = Number(url.searchParams.get('jaar'));
  const project = url.searchParams.get('project')?.trim().toUpperCase() ?? '';
  const basis = url.searchParams.get('grondslag');
  const page = Number(url.searchParams.get('pagina'));
  return {
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
    projectCode: /^[A-Z0-9-]{2,20}$/.test(project) ? project : null,
    aidBasis: (AID_BASES as readonly string[]).includes(basis ?? '') ? (basis as AidBasis) : null,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export async function listProgrammes(db: Queryable) {
  return db.select({ code: programmes.code, name: programmes.name }).from(programmes).orderBy(asc(programmes.code));
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}::text`),
    sql`, `,
  );

export type ComplianceState = 'not_open' | 'draft' | 'overdue' | 'submitted' | 'changes_requested' | 'approved' | 'rejected';
export type MilestoneBucket = MilestoneStatus | 'not_reported';
export const MILESTONE_BUCKETS: readonly MilestoneBucket[] = [...MILESTONE_STATUSES, 'not_reported'];

export async function getProgrammeDashboard(db: Queryable, programmeCode: string | null, filters: DashboardFilters, now = new Date()) {
  const all = await listProgrammes(db);
  const code = programmeCode && all.some((p) => p.code === programmeCode) ? programmeCode : all[0]?.code;
  if (!code) return null;
  const [programme] = await queryRows<{
    id: string;
    code: string;
    name: string;
    cap_cents: string | number;
    first_year: number;
    last_year: number;
    granted_cents: string | number | null;
  }>(
    db,
    sql`select p.id, p.code, p.name, p.subsidy_cap_cents as cap_cents, p.first_reporting_year as first_year,
               p.last_reporting_year as last_year,
               (select sum(pp.granted_cents) from project_partners pp join projects pr on pr.id = pp.project_id
                 where pr.programme_id = p.id) as granted_cents
          from programmes p where p.code = ${code}::text`,
  );
  if (!programme) return null;
  const today = todayInAmsterdam(now);
  const soon = todayInAmsterdam(new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000));
  const years = Array.from({ length: programme.last_year - programme.first_year + 1 }, (_, i) => programme.first_year + i);

  // The projects in view: this programme, narrowed by the project and aid-basis filters.
  const scope = sql`select id, code, name, aid_basis from projects
     where programme_id = ${programme.id}::uuid
       ${filters.projectCode ? sql`and code = ${filters.projectCode}::text` : sql``}
       ${filters.aidBasis ? sql`and aid_basis::text = ${filters.aidBasis}::text` : sql``}`;
  const yearIs = (column: SQL) => (filters.year ? sql`and ${column} = ${filters.year}::int` : sql``);
  const approved = inList(APPROVED);
  const pending = inList(PENDING);
  const reported = inList([...APPROVED, ...PENDING]);
  const offset = (filters.page - 1) * PROJECTS_PER_PAGE;

  const [projectRows, yearRows, milestoneRows, overdueRows, dueSoonRows, complianceRows, deviationRows, aheadRows, projectOptions, shareRows] =
    await Promise.all([
      // Per project (one page), with the scope's totals and count as window aggregates.
      queryRows<Record<string, string | number | null>>(
        db,
        sql`with scope as (${scope}),
          granted as (select pp.project_id, sum(pp.granted_cents) as cents from project_partners pp
                        join scope s on s.id = pp.project_id group by pp.project_id),
          paid as (select pay.project_id, sum(pay.amount_cents) as cents from payments pay
                     join scope s on s.id = pay.project_id where true ${yearIs(sql`extract(year from pay.paid_on)::int`)}
                    group by pay.project_id),
          costs as (select c.project_id,
                           sum(c.amount_cents) filter (where r.status::text in (${approved})) as approved,
                           sum(c.amount_cents) filter (where r.status::text in (${pending})) as pending
                      from report_partner_costs c join scope s on s.id = c.project_id
                      join reports r on r.id = c.report_id
                     where true ${yearIs(sql`c.year`)}
                     group by c.project_id),
          rows as (select s.code, s.name, s.aid_basis,
                          coalesce(g.cents, 0) as granted, coalesce(p.cents, 0) as paid,
                          coalesce(c.approved, 0) as approved, coalesce(c.pending, 0) as pending
                     from scope s left join granted g on g.project_id = s.id left join paid p on p.project_id = s.id
                     left join costs c on c.project_id = s.id)
          select rows.*, count(*) over () as total_count,
                 sum(granted) over () as total_granted, sum(paid) over () as total_paid,
                 sum(approved) over () as total_approved, sum(pending) over () as total_pending
            from rows order by code limit ${PROJECTS_PER_PAGE}::int offset ${offset}::int`,
      ),
      // Per year: payments made and costs approved (by report year), for the cumulative line chart.
      queryRows<{ year: number; paid: string | number | null; approved: string | number | null }>(
        db,
        sql`with scope as (${scope}),
          y as (select generate_series(${programme.first_year}::int, ${Math.max(programme.first_year, Math.min(programme.last_year, Number(today.slice(0, 4))))}::int) as year),
          paid as (select extract(year from pay.paid_on)::int as year, sum(pay.amount_cents) as cents
                     from payments pay join scope s on s.id = pay.project_id group by 1),
          appr as (select c.year, sum(c.amount_cents) as cents from report_partner_costs c
                     join scope s on s.id = c.project_id join reports r on r.id = c.report_id
                    where r.status::text in (${approved}) group by c.year)
          select y.year, paid.cents as paid, appr.cents as approved
            from y left join paid on paid.year = y.year left join appr on appr.year = y.year order by y.year`,
      ),
      // Milestones per project and status (the latest status reported in a submitted report).
      queryRows<{ code: string; status: MilestoneBucket; n: number }>(
        db,
        sql`with scope as (${scope}),
          page as (select id, code from scope order by code limit ${PROJECTS_PER_PAGE}::int offset ${offset}::int),
          latest as (select distinct on (mu.milestone_id) mu.milestone_id, mu.status
                       from milestone_updates mu join reports r on r.id = mu.report_id
                       join page on page.id = r.project_id
                      where r.status::text in (${reported}, 'changes_requested')
                      order by mu.milestone_id, r.year desc)
          select page.code, coalesce(latest.status::text, 'not_reported') as status, count(*)::int as n
            from milestones m join page on page.id = m.project_id
            left join latest on latest.milestone_id = m.id
           where true ${yearIs(sql`extract(year from m.planned_date)::int`)}
           group by page.code, 2`,
      ),
      milestoneList(db, scope, reported, sql`m.planned_date < ${today}::date`, filters, 'asc'),
      milestoneList(db, scope, reported, sql`m.planned_date >= ${today}::date and m.planned_date <= ${soon}::date`, filters, 'asc'),
      // Reporting compliance: projects on this page × years.
      queryRows<{ code: string; year: number; id: string; status: ReportStatus; due_date: string; submitted_late: boolean }>(
        db,
        sql`with scope as (${scope}),
          page as (select id, code from scope order by code limit ${PROJECTS_PER_PAGE}::int offset ${offset}::int)
          select page.code, r.year, r.id, r.status, r.due_date::text as due_date, r.submitted_late
            from reports r join page on page.id = r.project_id where true ${yearIs(sql`r.year`)}`,
      ),
      // Partners whose reported costs deviate more than 25% from their budget in a year.
      queryRows<Record<string, string | number | null>>(
        db,
        sql`with scope as (${scope}),
          costs as (select c.project_id, c.organisation_id, c.year, sum(c.amount_cents) as reported
                      from report_partner_costs c join scope s on s.id = c.project_id
                      join reports r on r.id = c.report_id
                     where r.status::text in (${reported}) ${yearIs(sql`c.year`)}
                     group by c.project_id, c.organisation_id, c.year),
          dev as (select s.code, o.name as organisation, costs.year, costs.reported,
                         coalesce(b.amount_cents, 0) as budget
                    from costs join scope s on s.id = costs.project_id
                    join organisations o on o.id = costs.organisation_id
                    left join partner_year_budgets b on b.project_id = costs.project_id
                         and b.organisation_id = costs.organisation_id and b.year = costs.year
                   where abs(costs.reported - coalesce(b.amount_cents, 0)) > ${DEVIATION_THRESHOLD}::numeric * coalesce(b.amount_cents, 0))
          select dev.*, count(*) over () as total_count from dev
           order by abs(reported - budget)::float8 / greatest(budget, 1) desc, code, organisation, year
           limit ${LIST_LIMIT}::int`,
      ),
      // Partners paid more than the subsidy that belongs to their approved costs
      // (approved costs × granted ÷ total budget, i.e. the partner's aid intensity).
      queryRows<Record<string, string | number | null>>(
        db,
        sql`with scope as (${scope}),
          partners as (select pp.project_id, pp.organisation_id, pp.granted_cents from project_partners pp
                         join scope s on s.id = pp.project_id),
          paid as (select pay.project_id, pay.organisation_id, sum(pay.amount_cents) as cents from payments pay
                     join scope s on s.id = pay.project_id group by 1, 2),
          appr as (select c.project_id, c.organisation_id, sum(c.amount_cents) as cents from report_partner_costs c
                     join scope s on s.id = c.project_id join reports r on r.id = c.report_id
                    where r.status::text in (${approved}) group by 1, 2),
          budget as (select b.project_id, b.organisation_id, sum(b.amount_cents) as cents from partner_year_budgets b
                       join scope s on s.id = b.project_id group by 1, 2),
          ahead as (select s.code, o.name as organisation, pa.granted_cents as granted, paid.cents as paid,
                           coalesce(appr.cents, 0) as approved, coalesce(budget.cents, 0) as budget,
                           floor(coalesce(appr.cents, 0)::numeric * pa.granted_cents / nullif(budget.cents, 0)) as earned
                      from partners pa join scope s on s.id = pa.project_id
                      join organisations o on o.id = pa.organisation_id
                      join paid on paid.project_id = pa.project_id and paid.organisation_id = pa.organisation_id
                      left join appr on appr.project_id = pa.project_id and appr.organisation_id = pa.organisation_id
                      left join budget on budget.project_id = pa.project_id and budget.organisation_id = pa.organisation_id)
          select ahead.*, count(*) over () as total_count from ahead
           where paid > coalesce(earned, 0)
           order by paid - coalesce(earned, 0) desc, code, organisation limit ${LIST_LIMIT}::int`,
      ),
      queryRows<{ code: string }>(db, sql`select code from projects where programme_id = ${programme.id}::uuid order by code`),
      // The subsidy share of the reported costs: per partner, costs × granted ÷ total budget (its aid intensity).
      queryRows<{ earned_approved: string | number | null; earned_pending: string | number | null }>(
        db,
        sql`with scope as (${scope}),
          partners as (select pp.project_id, pp.organisation_id, pp.granted_cents from project_partners pp
                         join scope s on s.id = pp.project_id),
          costs as (select c.project_id, c.organisation_id,
                           sum(c.amount_cents) filter (where r.status::text in (${approved})) as approved,
                           sum(c.amount_cents) filter (where r.status::text in (${pending})) as pending
                      from report_partner_costs c join scope s on s.id = c.project_id join reports r on r.id = c.report_id
                     where true ${yearIs(sql`c.year`)} group by 1, 2),
          budget as (select b.project_id, b.organisation_id, sum(b.amount_cents) as cents from partner_year_budgets b
                       join scope s on s.id = b.project_id group by 1, 2)
          select sum(floor(coalesce(costs.approved, 0)::numeric * pa.granted_cents / nullif(budget.cents, 0))) as earned_approved,
                 sum(floor(coalesce(costs.pending, 0)::numeric * pa.granted_cents / nullif(budget.cents, 0))) as earned_pending
            from partners pa
            left join costs on costs.project_id = pa.project_id and costs.organisation_id = pa.organisation_id
            left join budget on budget.project_id = pa.project_id and budget.organisation_id = pa.organisation_id`,
      ),
    ]);

  const first = projectRows[0];
  const totalProjects = num(first?.total_count);
  const headline = {
    capCents: num(programme.cap_cents),
    grantedProgrammeCents: num(programme.granted_cents),
    headroomCents: num(programme.cap_cents) - num(programme.granted_cents),
    grantedCents: num(first?.total_granted),
    paidCents: num(first?.total_paid),
    approvedCents: num(first?.total_approved),
    pendingCents: num(first?.total_pending),
    /** Subsidy that belongs to the reported costs (costs × the partner's granted ÷ budgeted). */
    subsidyApprovedCents: num(shareRows[0]?.earned_approved),
    subsidyPendingCents: num(shareRows[0]?.earned_pending),
  };
  // Scope totals come from window sums over the whole scope (not just this page); a page past the end has
  // no rows and shows zeros.
  let cumPaid = 0;
  let cumApproved = 0;
  const overTime = yearRows.map((r) => {
    cumPaid += num(r.paid);
    cumApproved += num(r.approved);
    return { year: Number(r.year), paidCents: num(r.paid), approvedCents: num(r.approved), cumulativePaidCents: cumPaid, cumulativeApprovedCents: cumApproved };
  });

  const projectsOnPage = projectRows.map((r) => ({
    code: String(r.code),
    name: String(r.name),
    aidBasis: r.aid_basis as AidBasis,
    grantedCents: num(r.granted),
    paidCents: num(r.paid),
    approvedCents: num(r.approved),
    pendingCents: num(r.pending),
  }));

  const milestoneCounts = projectsOnPage.map((p) => {
    const counts = Object.fromEntries(MILESTONE_BUCKETS.map((b) => [b, 0])) as Record<MilestoneBucket, number>;
    for (const row of milestoneRows) if (row.code === p.code) counts[row.status] = num(row.n);
    return { code: p.code, counts };
  });

  const cellYears = filters.year ? [filters.year] : years;
  const compliance = projectsOnPage.map((p) => ({
    code: p.code,
    cells: cellYears.map((year) => {
      const report = complianceRows.find((r) => r.code === p.code && Number(r.year) === year);
      return report
        ? { year, reportId: report.id, state: complianceState(report.status, report.due_date, today), late: Boolean(report.submitted_late) }
        : { year, reportId: null, state: 'not_open' as ComplianceState, late: false };
    }),
  }));

  return {
    programme: { code: programme.code, name: programme.name, firstYear: programme.first_year, lastYear: programme.last_year },
    programmes: all,
    projectCodes: projectOptions.map((p) => p.code),
    years,
    today,
    headline,
    page: { number: filters.page, size: PROJECTS_PER_PAGE, totalProjects, pages: Math.max(1, Math.ceil(totalProjects / PROJECTS_PER_PAGE)) },
    projects: projectsOnPage,
    overTime,
    milestoneCounts,
    overdue: overdueRows,
    dueSoon: dueSoonRows,
    compliance: { years: cellYears, rows: compliance },
    deviations: {
      total: num(deviationRows[0]?.total_count),
      rows: deviationRows.map((r) => ({
        code: String(r.code),
        organisation: String(r.organisation),
        year: Number(r.year),
        reportedCents: num(r.reported),
        budgetCents: num(r.budget),
      })),
    },
    paymentsAhead: {
      total: num(aheadRows[0]?.total_count),
      rows: aheadRows.map((r) => ({
        code: String(r.code),
        organisation: String(r.organisation),
        grantedCents: num(r.granted),
        paidCents: num(r.paid),
        approvedCents: num(r.approved),
        earnedCents: num(r.earned),
      })),
    },
  };
}

export type ProgrammeDashboard = NonNullable<Awaited<ReturnType<typeof getProgrammeDashboard>>>;

/** A report's place in the compliance matrix. */
export function complianceState(status: ReportStatus, dueDate: string, today: string): ComplianceState {
  if (status === 'draft') return dueDate < today ? 'overdue' : 'draft';
  if (status === 'recommended') return 'submitted';
  return status;
}

async function milestoneList(db: Queryable, scope: SQL, reported: SQL, when: SQL, filters: DashboardFilters, order: 'asc' | 'desc') {
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`with scope as (${scope}),
      latest as (select distinct on (mu.milestone_id) mu.milestone_id, mu.status, mu.forecast_date
                   from milestone_updates mu join reports r on r.id = mu.report_id
                   join scope s on s.id = r.project_id
                  where r.status::text in (${reported}, 'changes_requested')
                  order by mu.milestone_id, r.year desc),
      list as (select s.code, m.code as milestone, m.title, m.planned_date::text as planned_date,
                      coalesce(latest.status::text, 'not_reported') as status, latest.forecast_date::text as forecast_date
                 from milestones m join scope s on s.id = m.project_id
                 left join latest on latest.milestone_id = m.id
                where ${when} and coalesce(latest.status::text, '') not in ('achieved', 'cancelled')
                      ${filters.year ? sql`and extract(year from m.planned_date)::int = ${filters.year}::int` : sql``})
      select list.*, count(*) over () as total_count from list
       order by planned_date ${order === 'asc' ? sql`asc` : sql`desc`}, code, milestone limit ${LIST_LIMIT}::int`,
  );
  return {
    total: num(rows[0]?.total_count),
    rows: rows.map((r) => ({
      code: String(r.code),
      milestone: String(r.milestone),
      title: String(r.title),
      plannedDate: String(r.planned_date),
      status: r.status as MilestoneBucket,
      forecastDate: r.forecast_date ? String(r.forecast_date) : null,
    })),
  };
}
