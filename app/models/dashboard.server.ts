import { asc, sql, type SQL } from 'drizzle-orm';
import { DEVIATION_THRESHOLD } from '#app/rules/limits';
import { queryRows, type Queryable } from '#db/client';
import { programmes } from '#db/schema/index';
import { todayInAmsterdam } from '#app/rules/dates';
import { lateness, type DeadlineFacts } from '#app/rules/deadlines';
import { AID_BASES, isOneOf, MILESTONE_STATUSES, type AidBasis, type MilestoneStatus, type ReportStatus } from '#app/rules/domain';

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

export const PROJECTS_PER_PAGE = 20;
export const LIST_LIMIT = 20;
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
    aidBasis: isOneOf(AID_BASES, basis) ? basis : null,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export async function listProgrammes(db: Queryable) {
  return db.select({ code: programmes.code, name: programmes.name }).from(programmes).orderBy(asc(programmes.code));
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
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

  // The projects in view: this programme, narrowed by the project and aid-basis filters. Without
  // those filters no join is needed: the totals tables carry the programme id.
  const narrowed = Boolean(filters.projectCode || filters.aidBasis);
  const scopeIds = sql`select id from projects where programme_id = ${programme.id}::uuid
       ${filters.projectCode ? sql`and code = ${filters.projectCode}::text` : sql``}
       ${filters.aidBasis ? sql`and aid_basis::text = ${filters.aidBasis}::text` : sql``}`;
  const inScope = (column: SQL) => (narrowed ? sql`and ${column} in (${scopeIds})` : sql``);
  const yearIs = (column: SQL) => (filters.year ? sql`and ${column} = ${filters.year}::int` : sql``);
  const offset = (filters.page - 1) * PROJECTS_PER_PAGE;
  const page = sql`select id, code from projects where programme_id = ${programme.id}::uuid ${inScope(sql`id`)}
                    order by code limit ${PROJECTS_PER_PAGE}::int offset ${offset}::int`;
  const partnerYears = sql`dashboard_partner_years d where d.programme_id = ${programme.id}::uuid ${inScope(sql`d.project_id`)}`;

  const [projectRows, yearRows, milestoneRows, overdueRows, dueSoonRows, complianceRows, deviationRows, partnerRows, projectOptions] =
    await Promise.all([
      // Per project (one page), with the scope's totals and count as window aggregates.
      queryRows<Record<string, string | number | null>>(
        db,
        sql`with totals as (select d.project_id, sum(d.approved_cents) as approved, sum(d.pending_cents) as pending,
                                   sum(d.paid_cents) as paid
                              from ${partnerYears} ${yearIs(sql`d.year`)} group by d.project_id),
               granted as (select pp.project_id, sum(pp.granted_cents) as cents from project_partners pp
                             join projects pr on pr.id = pp.project_id
                            where pr.programme_id = ${programme.id}::uuid ${inScope(sql`pr.id`)} group by pp.project_id),
               rows as (select pr.code, pr.name, pr.aid_basis, coalesce(g.cents, 0) as granted, coalesce(t.paid, 0) as paid,
                               coalesce(t.approved, 0) as approved, coalesce(t.pending, 0) as pending
                          from projects pr left join granted g on g.project_id = pr.id left join totals t on t.project_id = pr.id
                         where pr.programme_id = ${programme.id}::uuid ${inScope(sql`pr.id`)})
          select rows.*, count(*) over () as total_count,
                 sum(granted) over () as total_granted, sum(paid) over () as total_paid,
                 sum(approved) over () as total_approved, sum(pending) over () as total_pending
            from rows order by code limit ${PROJECTS_PER_PAGE}::int offset ${offset}::int`,
      ),
      // Per year: payments made in it and costs approved in its report, for the cumulative line chart.
      queryRows<{ year: number; paid: string | number | null; approved: string | number | null }>(
        db,
        sql`select d.year, sum(d.paid_cents) as paid, sum(d.approved_cents) as approved from ${partnerYears} group by d.year`,
      ),
      // Milestones per project on this page and status (the latest status reported).
      queryRows<{ code: string; status: MilestoneBucket; n: number }>(
        db,
        sql`with page as (${page})
          select page.code, coalesce(dm.status::text, 'not_reported') as status, count(*)::int as n
            from dashboard_milestones dm join page on page.id = dm.project_id
           where true ${yearIs(sql`extract(year from dm.planned_date)::int`)}
           group by page.code, 2`,
      ),
      milestoneList(db, programme.id, inScope, sql`dm.planned_date < ${today}::date`, filters),
      milestoneList(db, programme.id, inScope, sql`dm.planned_date >= ${today}::date and dm.planned_date <= ${soon}::date`, filters),
      // Reporting compliance: projects on this page × years.
      queryRows<{ code: string; year: number; id: string; status: ReportStatus; due_date: string; submitted_late: boolean }>(
        db,
        sql`with page as (${page})
          select page.code, r.year, r.id, r.status, r.due_date::text as due_date, r.submitted_late
            from reports r join page on page.id = r.project_id where true ${yearIs(sql`r.year`)}`,
      ),
      // Partners whose reported costs (submitted or approved) deviate more than 25% from the year's budget.
      queryRows<Record<string, string | number | null>>(
        db,
        sql`with dev as (select d.project_id, d.organisation_id, d.year, d.approved_cents + d.pending_cents as reported,
                                d.budget_cents as budget
                           from ${partnerYears} ${yearIs(sql`d.year`)} and d.reported
                            and abs(d.approved_cents + d.pending_cents - d.budget_cents) > ${DEVIATION_THRESHOLD}::numeric * d.budget_cents)
          select pr.code, o.name as organisation, dev.year, dev.reported, dev.budget, dev.total_count
            from (select dev.*, count(*) over () as total_count from dev
                   order by abs(reported - budget)::float8 / greatest(budget, 1) desc, project_id, organisation_id, year
                   limit ${LIST_LIMIT}::int) dev
            join projects pr on pr.id = dev.project_id join organisations o on o.id = dev.organisation_id
           order by abs(dev.reported - dev.budget)::float8 / greatest(dev.budget, 1) desc, pr.code, o.name, dev.year`,
      ),
      // One pass over the partners: the subsidy share of the reported costs (per partner, costs ×
      // granted ÷ total budget, its aid intensity; year filter applies to the costs), and the partners
      // paid more to date than the subsidy that belongs to their approved costs to date.
      queryRows<Record<string, string | number | null>>(
        db,
        sql`with per_partner as (select d.project_id, d.organisation_id, sum(d.approved_cents) as approved,
                                        sum(d.approved_cents) filter (where true ${yearIs(sql`d.year`)}) as approved_in_view,
                                        sum(d.pending_cents) filter (where true ${yearIs(sql`d.year`)}) as pending_in_view,
                                        sum(d.paid_cents) as paid, sum(d.budget_cents) as budget
                                   from ${partnerYears} group by d.project_id, d.organisation_id),
               x as (select p.project_id, p.organisation_id, pp.granted_cents as granted, p.paid, p.approved,
                            coalesce(floor(p.approved::numeric * pp.granted_cents / nullif(p.budget, 0)), 0) as earned,
                            floor(coalesce(p.approved_in_view, 0)::numeric * pp.granted_cents / nullif(p.budget, 0)) as share_approved,
                            floor(coalesce(p.pending_in_view, 0)::numeric * pp.granted_cents / nullif(p.budget, 0)) as share_pending
                       from per_partner p join project_partners pp
                         on pp.project_id = p.project_id and pp.organisation_id = p.organisation_id),
               totals as (select sum(share_approved) as share_approved, sum(share_pending) as share_pending from x),
               ahead as (select x.*, count(*) over () as total_count from x where x.paid > 0 and x.paid > x.earned
                          order by x.paid - x.earned desc, x.project_id, x.organisation_id limit ${LIST_LIMIT}::int)
          select totals.share_approved, totals.share_pending, pr.code, o.name as organisation,
                 ahead.granted, ahead.paid, ahead.approved, ahead.earned, ahead.total_count
            from totals left join ahead on true
            left join projects pr on pr.id = ahead.project_id left join organisations o on o.id = ahead.organisation_id
           order by ahead.paid - ahead.earned desc, pr.code, o.name`,
      ),
      queryRows<{ code: string }>(db, sql`select code from projects where programme_id = ${programme.id}::uuid order by code`),
    ]);
  // The partner query always returns the totals row; partner columns are null when none is ahead.
  const aheadRows = partnerRows.filter((r) => r.code !== null);
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
    subsidyApprovedCents: num(partnerRows[0]?.share_approved),
    subsidyPendingCents: num(partnerRows[0]?.share_pending),
  };
  // Scope totals come from window sums over the whole scope (not just this page); a page past the end has
  // no rows and shows zeros.
  // Cumulative up to and including each year shown (payments made before the first year count in it).
  let cumPaid = 0;
  let cumApproved = 0;
  const lastShown = Math.max(programme.first_year, Math.min(programme.last_year, Number(today.slice(0, 4))));
  const overTime = [];
  for (let year = programme.first_year; year <= lastShown; year++) {
    const inYear = yearRows.filter((r) => (year === programme.first_year ? Number(r.year) <= year : Number(r.year) === year));
    const paid = inYear.reduce((sum, r) => sum + num(r.paid), 0);
    const approvedCents = inYear.reduce((sum, r) => sum + num(r.approved), 0);
    cumPaid += paid;
    cumApproved += approvedCents;
    overTime.push({ year, paidCents: paid, approvedCents, cumulativePaidCents: cumPaid, cumulativeApprovedCents: cumApproved });
  }

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
        ? { year, reportId: report.id, ...complianceState({ status: report.status, dueDate: report.due_date, submittedLate: Boolean(report.submitted_late) }, today) }
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

/**
 * A report's place in the compliance matrix, by the one late rule (app/rules/deadlines.ts): a draft
 * past its due date is overdue; a submitted report never is again (also when sent back with
 * questions), but is marked when its first submission came late.
 */
export function complianceState(report: DeadlineFacts, today: string): { state: ComplianceState; late: boolean } {
  const late = lateness(report, today);
  if (late === 'overdue') return { state: 'overdue', late: false };
  return { state: report.status === 'recommended' ? 'submitted' : report.status, late: late === 'submitted_late' };
}

async function milestoneList(db: Queryable, programmeId: string, inScope: (column: SQL) => SQL, when: SQL, filters: DashboardFilters) {
  const rows = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select pr.code, m.code as milestone, m.title, x.planned_date::text as planned_date,
               coalesce(x.status::text, 'not_reported') as status, x.forecast_date::text as forecast_date, x.total_count
          from (select dm.*, count(*) over () as total_count from dashboard_milestones dm
                 where dm.programme_id = ${programmeId}::uuid and ${when} ${inScope(sql`dm.project_id`)}
                   and (dm.status is null or dm.status not in ('achieved', 'cancelled'))
                   ${filters.year ? sql`and extract(year from dm.planned_date)::int = ${filters.year}::int` : sql``}
                 order by dm.planned_date, dm.project_id, dm.milestone_id limit ${LIST_LIMIT}::int) x
          join milestones m on m.id = x.milestone_id join projects pr on pr.id = x.project_id
         order by x.planned_date, pr.code, m.code`,
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
