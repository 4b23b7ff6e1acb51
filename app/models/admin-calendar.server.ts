import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '#db/client';
import { programmes, projects, reportingPeriods, reports } from '#db/schema/index';
import { AdminError } from './admin-programme.server';
import { appendAudit, type AuditActor } from './audit.server';
import { openReport } from './report-open.server';
import { todayInAmsterdam } from '#app/rules/dates';

/**
 * The reporting calendar. Reports about year Y are opened in (or on 1 January of) year Y + 1 and
 * are due on the programme's due month/day of Y + 1. A year is opened for all projects of the
 * programme that run in that year, and later closed.
 */

/** The daily job (registered in jobs.server.ts) that opens the year just ended on or after 1 January. */
export const OPEN_REPORTING_YEAR_JOB = 'open-reporting-year';

export function dueDateFor(programme: { reportDueMonth: number; reportDueDay: number }, year: number) {
  return `${year + 1}-${String(programme.reportDueMonth).padStart(2, '0')}-${String(programme.reportDueDay).padStart(2, '0')}`;
}

export async function calendarOverview(db: Queryable) {
  const [programmeRows, periods, counts, openReports] = await Promise.all([
    db.select().from(programmes).orderBy(asc(programmes.code)),
    db.select().from(reportingPeriods),
    db
      .select({ programmeId: projects.programmeId, year: reports.year, count: sql<number>`count(*)::int`.mapWith(Number) })
      .from(reports)
      .innerJoin(projects, eq(projects.id, reports.projectId))
      .groupBy(projects.programmeId, reports.year),
    db
      .select({ id: reports.id, projectCode: projects.code, year: reports.year, dueDate: reports.dueDate, programmeId: projects.programmeId })
      .from(reports)
      .innerJoin(projects, eq(projects.id, reports.projectId))
      .where(inArray(reports.status, ['draft', 'changes_requested']))
      .orderBy(asc(reports.year), asc(projects.code)),
  ]);
  return programmeRows.map((programme) => ({
    id: programme.id,
    code: programme.code,
    years: Array.from({ length: programme.lastReportingYear - programme.firstReportingYear + 1 }, (_, i) => {
      const year = programme.firstReportingYear + i;
      const period = periods.find((p) => p.programmeId === programme.id && p.year === year);
      return {
        year,
        status: (period?.status ?? 'not_opened') as 'open' | 'closed' | 'not_opened',
        dueDate: dueDateFor(programme, year),
        reports: counts.find((c) => c.programmeId === programme.id && c.year === year)?.count ?? 0,
      };
    }),
    openReports: openReports.filter((r) => r.programmeId === programme.id).map(({ programmeId: _p, ...r }) => r),
  }));
}

async function lockProgramme(tx: Tx, programmeId: string) {
  const [programme] = await tx.select().from(programmes).where(eq(programmes.id, programmeId)).for('update');
  if (!programme) throw new AdminError('errors.admin.calendar.programme', 404);
  return programme;
}

/**
 * Opens year `year` of a programme: the period row, and a report (prefilled from last year by
 * `openReport`) for every project that runs in that year. The programme row is locked, so two
 * administrators (or the daily job) cannot open the same year twice.
 */
export async function openReportingYear(tx: Tx, actor: AuditActor, programmeId: string, year: number) {
  const programme = await lockProgramme(tx, programmeId);
  if (year < programme.firstReportingYear || year > programme.lastReportingYear) throw new AdminError('errors.admin.calendar.year', 400, 'year');
  const [period] = await tx
    .select()
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.programmeId, programmeId), eq(reportingPeriods.year, year)));
  if (period) throw new AdminError('errors.admin.calendar.alreadyOpen', 409, 'year');
  await tx.insert(reportingPeriods).values({ programmeId, year, status: 'open', openedBy: actor.userId });
  const running = await tx
    .select({ id: projects.id })
    .from(projects)
    .where(
      and(
        eq(projects.programmeId, programmeId),
        sql`extract(year from ${projects.startDate}) <= ${year}`,
        sql`extract(year from ${projects.endDate}) >= ${year}`,
      ),
    )
    .orderBy(asc(projects.code));
  const dueDate = dueDateFor(programme, year);
  let created = 0;
  let existing = 0;
  for (const project of running) {
    const result = await openReport(tx, { projectId: project.id, year, dueDate, actor });
    if (result.created) created++;
    else existing++;
  }
  await appendAudit(tx, actor, {
    action: 'admin.reporting_year_opened',
    entityType: 'programme',
    entityId: programmeId,
    details: { year, dueDate, created, existing, automatic: actor.userId === null },
  });
  return { created, existing, dueDate };
}

export async function closeReportingYear(tx: Tx, actor: AuditActor, programmeId: string, year: number, now = new Date()) {
  await lockProgramme(tx, programmeId);
  const closed = await tx
    .update(reportingPeriods)
    .set({ status: 'closed', closedAt: now, closedBy: actor.userId })
    .where(and(eq(reportingPeriods.programmeId, programmeId), eq(reportingPeriods.year, year), eq(reportingPeriods.status, 'open')))
    .returning({ year: reportingPeriods.year });
  if (closed.length === 0) throw new AdminError('errors.admin.calendar.notOpen', 409, 'year');
  await appendAudit(tx, actor, { action: 'admin.reporting_year_closed', entityType: 'programme', entityId: programmeId, details: { year } });
}

/** Moves one report's due date later, with a reason (in the audit log). Only while it is still with the project. */
export async function extendDeadline(tx: Tx, actor: AuditActor, reportId: string, newDueDate: string, reason: string) {
  const [report] = await tx
    .select({ id: reports.id, projectId: reports.projectId, year: reports.year, dueDate: reports.dueDate, status: reports.status, projectCode: projects.code })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(eq(reports.id, reportId))
    .for('update', { of: reports });
  if (!report) throw new AdminError('errors.admin.calendar.report', 404, 'reportId');
  if (report.status !== 'draft' && report.status !== 'changes_requested') throw new AdminError('errors.admin.calendar.reportClosed', 409, 'reportId');
  if (newDueDate <= report.dueDate) throw new AdminError('errors.admin.calendar.dueDateNotLater', 400, 'dueDate');
  await tx.update(reports).set({ dueDate: newDueDate, updatedAt: new Date() }).where(eq(reports.id, reportId));
  await appendAudit(tx, actor, {
    action: 'admin.report_deadline_extended',
    entityType: 'report',
    entityId: reportId,
    projectId: report.projectId,
    details: { year: report.year, from: report.dueDate, to: newDueDate, reason },
  });
  return { projectCode: report.projectCode, year: report.year };
}

/**
 * The automatic opening on (or after) 1 January: for each programme, the year just ended is opened
 * when it is one of the programme's years and has no period yet (open or closed). Safe to run
 * every day and from several workers (the programme lock and the period check make it once only).
 */
export async function autoOpenReportingYears(db: Db, now = new Date()) {
  const year = Number(todayInAmsterdam(now).slice(0, 4)) - 1;
  const opened: { programmeCode: string; year: number; created: number }[] = [];
  const candidates = await db
    .select({ id: programmes.id, code: programmes.code })
    .from(programmes)
    .where(
      and(
        sql`${programmes.firstReportingYear} <= ${year}`,
        sql`${programmes.lastReportingYear} >= ${year}`,
        sql`not exists (select 1 from reporting_periods rp where rp.programme_id = "programmes"."id" and rp.year = ${year})`,
      ),
    );
  for (const programme of candidates) {
    try {
      const result = await db.transaction((tx) =>
        openReportingYear(tx, { userId: null, email: null, ipAddress: null, requestId: 'job:open-reporting-year' }, programme.id, year),
      );
      opened.push({ programmeCode: programme.code, year, created: result.created });
    } catch (error) {
      // Opened by someone else in the meantime: nothing to do.
      if (error instanceof AdminError && error.messageKey === 'errors.admin.calendar.alreadyOpen') continue;
      throw error;
    }
  }
  return opened;
}
