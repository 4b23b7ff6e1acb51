import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '#db/client';
import { programmes } from '#db/schema/index';
import { todayInAmsterdam } from '#app/rules/dates';
import { lateness, type DeadlineFacts } from '#app/rules/deadlines';
import { AID_BASES, isOneOf, MILESTONE_STATUSES, type AidBasis, type MilestoneStatus, type ReportStatus } from '#app/rules/domain';

/**
 * The programme dashboard, read from the rollups that triggers keep in the writers' own transactions
 * (db/schema/dashboard.ts: partner-year → partner → project → programme and aid basis, and per year),
 * so an approval or a saved cost part moves the figures at once. One query for the programmes, then
 * one batch; each query reads the rows of its level only (the headline a few programme rows, the
 * table the projects on the page, each list the top of its index), so the page costs the same
 * whatever the number of projects, partners, reports or cost lines.
 */

/** Reports whose costs are final. */
export const APPROVED: readonly ReportStatus[] = ['approved'];
/** Submitted, not yet approved: under review. */
export const PENDING: readonly ReportStatus[] = ['submitted', 'recommended'];

/** Projects per page of the dashboard: its table, milestone chart and compliance matrix (the page stays under 60 KB of HTML). */
export const PROJECTS_PER_PAGE = 10;
/** Rows per signal list (deviations, advances ahead, overdue and soon-due milestones); the total is shown beside it. */
export const LIST_LIMIT = 10;
export const DUE_SOON_DAYS = 90;

export interface DashboardFilters {
  year: number | null;
  projectCode: string | null;
  /** A project filter that is not a project code at all (shown back to the user, never queried). */
  projectRejected: string | null;
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
    projectRejected: project && !/^[A-Z0-9-]{2,20}$/.test(project) ? project.slice(0, 40) : null,
    aidBasis: isOneOf(AID_BASES, basis) ? basis : null,
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
export type ComplianceState = 'not_open' | 'draft' | 'overdue' | 'submitted' | 'changes_requested' | 'approved' | 'rejected';
export type MilestoneBucket = MilestoneStatus | 'not_reported';
export const MILESTONE_BUCKETS: readonly MilestoneBucket[] = [...MILESTONE_STATUSES, 'not_reported'];
/** Up to this many projects the project filter is a list to pick from; above it, a code to type (the page stays small). */
export const PROJECT_PICK_LIST_MAX = 40;

type Row = Record<string, string | number | boolean | null>;

export async function getProgrammeDashboard(db: Queryable, programmeCode: string | null, filters: DashboardFilters, now = new Date()) {
  // The programme list and the chosen programme (the one asked for, else the first) in one query.
  const all = await queryRows<{ id: string; code: string; name: string; cap_cents: string | number; first_year: number; last_year: number }>(
    db,
    sql`select p.id, p.code, p.name, p.subsidy_cap_cents as cap_cents, p.first_reporting_year as first_year,
               p.last_reporting_year as last_year
          from ${programmes} p order by p.code`,
  );
  const programme = all.find((p) => p.code === programmeCode) ?? all[0];
  if (!programme) return null;
  const today = todayInAmsterdam(now);
  const soon = todayInAmsterdam(new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000));
  const years = Array.from({ length: programme.last_year - programme.first_year + 1 }, (_, i) => programme.first_year + i);

  // Everything below reads the rollups (db/schema/dashboard.ts) at the level the view needs: the
  // programme-and-aid-basis rows for the headline, one row per project on the page, the top of an
  // index for each list. Nothing scans the programme's partners, partner-years or cost lines.
  const pid = sql`${programme.id}::uuid`;
  const year = filters.year;
  const byProject = Boolean(filters.projectCode);
  const basisIs = (column: SQL) => (filters.aidBasis ? sql`and ${column}::text = ${filters.aidBasis}::text` : sql``);
  const codeIs = (column: SQL) => (filters.projectCode ? sql`and ${column} = ${filters.projectCode}::text` : sql``);
  // The projects in view, for lists keyed by project (only when a filter narrows the programme).
  const narrowed = Boolean(filters.projectCode || filters.aidBasis);
  const scopeIds = sql`select dp.project_id from dashboard_projects dp where dp.programme_id = ${pid} ${basisIs(sql`dp.aid_basis`)} ${codeIs(sql`dp.code`)}`;
  const inScope = (column: SQL) => (narrowed ? sql`and ${column} in (${scopeIds})` : sql``);
  const yearIs = (column: SQL) => (year ? sql`and ${column} = ${year}::int` : sql``);
  const offset = (filters.page - 1) * PROJECTS_PER_PAGE;
  const page = sql`select dp.project_id as id, dp.code from dashboard_projects dp
                    where dp.programme_id = ${pid} ${basisIs(sql`dp.aid_basis`)} ${codeIs(sql`dp.code`)}
                    order by dp.code limit ${PROJECTS_PER_PAGE}::int offset ${offset}::int`;

  // The headline of the scope: the programme's rows per aid basis, or one project's row under the
  // project filter; with a year filter its year row beside it (same key, same columns).
  const level = byProject ? sql`dashboard_projects` : sql`dashboard_programmes`;
  const yearRow = !year
    ? sql``
    : byProject
      ? sql`left join dashboard_project_years y on y.project_id = b.project_id and y.year = ${year}::int`
      : sql`left join dashboard_programme_years y on y.programme_id = b.programme_id and y.aid_basis = b.aid_basis and y.year = ${year}::int`;
  const inView = (yearColumn: string, allYearsColumn: string) => sql.raw(year ? `y.${yearColumn}` : `b.${allYearsColumn}`);
  const headlineSql = sql`select ${byProject ? sql`count(*)` : sql`sum(b.projects)`} as projects, sum(b.granted_cents) as granted,
           sum(${inView('paid_cents', 'paid_cents')}) as paid, sum(${inView('approved_cents', 'approved_cents')}) as approved,
           sum(${inView('pending_cents', 'pending_cents')}) as pending, sum(${inView('share_approved_cents', 'earned_cents')}) as share_approved,
           sum(${inView('share_pending_cents', 'share_pending_cents')}) as share_pending,
           ${
             byProject
               ? sql`sum((select count(*) from dashboard_partners x where x.project_id = b.project_id and x.ahead_cents > 0 and x.paid_cents > 0)) as ahead,
                     sum((select count(*) from dashboard_partner_years x where x.project_id = b.project_id and x.deviates ${yearIs(sql`x.year`)})) as deviations`
               : sql`sum(b.ahead_count) as ahead,
                     (select sum(y.deviation_count) from dashboard_programme_years y where y.programme_id = ${pid} ${yearIs(sql`y.year`)} ${basisIs(sql`y.aid_basis`)}) as deviations`
           }
      from ${level} b
      ${yearRow}
     where b.programme_id = ${pid} ${basisIs(sql`b.aid_basis`)} ${byProject ? codeIs(sql`b.code`) : sql``}`;

  const [headlineRows, grantedRows, projectRows, yearRows, milestoneRows, overdueRows, dueSoonRows, complianceRows, deviationRows, aheadRows, projectOptions] =
    await Promise.all([
      queryRows<Row>(db, headlineSql),
      // Granted over the whole programme (all aid bases), for the headroom under the cap.
      queryRows<Row>(db, sql`select sum(granted_cents) as granted from dashboard_programmes where programme_id = ${pid}`),
      // The projects on this page, with their figures for the view (all years, or the filtered year).
      queryRows<Row>(
        db,
        sql`select dp.code, pr.name, dp.aid_basis, dp.granted_cents as granted,
                   ${year ? sql`coalesce(y.paid_cents, 0)` : sql`dp.paid_cents`} as paid,
                   ${year ? sql`coalesce(y.approved_cents, 0)` : sql`dp.approved_cents`} as approved,
                   ${year ? sql`coalesce(y.pending_cents, 0)` : sql`dp.pending_cents`} as pending
              from (${page}) pg join dashboard_projects dp on dp.project_id = pg.id join projects pr on pr.id = pg.id
              ${year ? sql`left join dashboard_project_years y on y.project_id = pg.id and y.year = ${year}::int` : sql``}
             order by dp.code`,
      ),
      // Per year: payments made in it and costs approved in its report, for the cumulative line chart.
      byProject
        ? queryRows<{ year: number; paid: string | number | null; approved: string | number | null }>(
            db,
            sql`select y.year, sum(y.paid_cents) as paid, sum(y.approved_cents) as approved from dashboard_project_years y
                 where y.project_id in (${scopeIds}) group by y.year`,
          )
        : queryRows<{ year: number; paid: string | number | null; approved: string | number | null }>(
            db,
            sql`select y.year, sum(y.paid_cents) as paid, sum(y.approved_cents) as approved from dashboard_programme_years y
                 where y.programme_id = ${pid} ${basisIs(sql`y.aid_basis`)} group by y.year`,
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
      // Partners whose reported costs (submitted or approved) deviate more than the threshold from the
      // year's budget: the largest first, from the top of the deviation index (whose order is
      // `desc nulls last`: the query must say so too, or the index cannot give the order).
      queryRows<Row>(
        db,
        sql`select pr.code, o.name as organisation, d.year, d.approved_cents + d.pending_cents as reported, d.budget_cents as budget
              from (select * from dashboard_partner_years d where d.programme_id = ${pid} and d.deviates ${yearIs(sql`d.year`)} ${inScope(sql`d.project_id`)}
                     order by d.deviation desc nulls last, d.project_id, d.organisation_id, d.year limit ${LIST_LIMIT}::int) d
              join projects pr on pr.id = d.project_id join organisations o on o.id = d.organisation_id
             order by d.deviation desc nulls last, pr.code, o.name, d.year`,
      ),
      // Partners paid more to date than the subsidy that belongs to their approved costs to date.
      queryRows<Row>(
        db,
        sql`select pr.code, o.name as organisation, x.granted_cents as granted, x.paid_cents as paid, x.approved_cents as approved,
                   x.earned_cents as earned
              from (select * from dashboard_partners x where x.programme_id = ${pid} and x.ahead_cents > 0 and x.paid_cents > 0 ${inScope(sql`x.project_id`)}
                     order by x.ahead_cents desc nulls last, x.project_id, x.organisation_id limit ${LIST_LIMIT}::int) x
              join projects pr on pr.id = x.project_id join organisations o on o.id = x.organisation_id
             order by x.ahead_cents desc nulls last, pr.code, o.name`,
      ),
      // The project filter's list, only for a programme small enough to list its codes.
      queryRows<{ code: string }>(
        db,
        sql`select dp.code from dashboard_projects dp where dp.programme_id = ${pid}
             and (select count(*) from dashboard_projects c where c.programme_id = ${pid}) <= ${PROJECT_PICK_LIST_MAX}::int order by dp.code`,
      ),
    ]);
  const h = headlineRows[0] ?? {};
  const totalProjects = num(h.projects);
  const headline = {
    capCents: num(programme.cap_cents),
    grantedProgrammeCents: num(grantedRows[0]?.granted),
    headroomCents: num(programme.cap_cents) - num(grantedRows[0]?.granted),
    grantedCents: num(h.granted),
    paidCents: num(h.paid),
    approvedCents: num(h.approved),
    pendingCents: num(h.pending),
    /** Subsidy that belongs to the reported costs (costs × the partner's granted ÷ budgeted). */
    subsidyApprovedCents: num(h.share_approved),
    subsidyPendingCents: num(h.share_pending),
  };
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

  // Years up to this one (as the chart): a report for a year still to come is not due and says nothing yet.
  const cellYears = filters.year ? [filters.year] : years.filter((y) => y <= lastShown);
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
    programmes: all.map((p) => ({ code: p.code, name: p.name })),
    /** The codes to pick from, or null when the programme has too many to list (the filter is then typed). */
    projectCodes: projectOptions.length ? projectOptions.map((p) => p.code) : null,
    years,
    today,
    headline,
    page: { number: filters.page, size: PROJECTS_PER_PAGE, totalProjects, pages: Math.max(1, Math.ceil(totalProjects / PROJECTS_PER_PAGE)) },
    projects: projectsOnPage,
    /** False when the project filter names a code that nothing in view has. */
    projectFound: !filters.projectRejected && (!filters.projectCode || totalProjects > 0),
    overTime,
    milestoneCounts,
    overdue: overdueRows,
    dueSoon: dueSoonRows,
    compliance: { years: cellYears, rows: compliance },
    deviations: {
      total: num(h.deviations),
      rows: deviationRows.map((r) => ({
        code: String(r.code),
        organisation: String(r.organisation),
        year: Number(r.year),
        reportedCents: num(r.reported),
        budgetCents: num(r.budget),
      })),
    },
    paymentsAhead: {
      total: num(h.ahead),
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
