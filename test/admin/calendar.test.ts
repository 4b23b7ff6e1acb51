import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, jobs, programmes, projects, reportingPeriods, reports, reportSections } from '#db/schema/index';
import * as calendarRoute from '#app/routes/admin/calendar';
import { autoOpenReportingYears } from '#app/models/admin-calendar.server';
import { scheduleDaily } from '#app/models/jobs/handlers.server';
import { setupTestDatabase } from '#test/support/db';
import { getRequest, postRequest, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();
const ADMIN = 'admin@demo.ipcei.test';
const args = (request: Request) => ({ request, params: {}, context: {} });
type Result = { data?: { errors: Record<string, string>; done?: string; params?: Record<string, number | string> }; init?: { status?: number } };

async function programmeId() {
  const [row] = await database().db.select({ id: programmes.id }).from(programmes).where(eq(programmes.code, 'IPCEI-CIS'));
  return row!.id;
}

async function post(fields: Record<string, string>, email = ADMIN) {
  return (await calendarRoute.action(args(await postRequest('/beheer/kalender', fields, email)))) as unknown as Result;
}

async function reportsOf(year: number) {
  return database()
    .db.select({ id: reports.id, code: projects.code, dueDate: reports.dueDate, status: reports.status })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(eq(reports.year, year));
}

describe('reporting calendar', () => {
  it('opens a year for every running project (with its sections), once only, and closes it', async () => {
    const id = await programmeId();
    expect(await reportsOf(2026)).toEqual([]);
    const opened = await post({ intent: 'open', programmeId: id, year: '2026' });
    expect(opened.data?.done).toBe('admin.calendar.opened');
    const created = await reportsOf(2026);
    expect(created.map((r) => r.code).sort()).toEqual(['ECC', 'ECOFED', 'MISD']);
    expect(created.every((r) => r.dueDate === '2027-02-01' && r.status === 'draft')).toBe(true);
    expect(opened.data?.params).toMatchObject({ year: 2026, created: 3, existing: 0 });
    const sections = await database().db.select().from(reportSections).where(eq(reportSections.reportId, created[0]!.id));
    expect(sections).toHaveLength(7);

    const again = await post({ intent: 'open', programmeId: id, year: '2026' });
    expect(again.init?.status).toBe(409);
    expect(again.data?.errors).toEqual({ year: 'errors.admin.calendar.alreadyOpen' });
    expect(await reportsOf(2026)).toHaveLength(3);

    const closed = await post({ intent: 'close', programmeId: id, year: '2026' });
    expect(closed.data?.done).toBe('admin.calendar.closed');
    const [period] = await database().db.select().from(reportingPeriods).where(and(eq(reportingPeriods.programmeId, id), eq(reportingPeriods.year, 2026)));
    expect(period).toMatchObject({ status: 'closed' });
    expect(period!.closedAt).toBeInstanceOf(Date);
    const closeAgain = await post({ intent: 'close', programmeId: id, year: '2026' });
    expect(closeAgain.init?.status).toBe(409);
    expect(closeAgain.data?.errors).toEqual({ year: 'errors.admin.calendar.notOpen' });
  });

  it('refuses a year outside the programme', async () => {
    const result = await post({ intent: 'open', programmeId: await programmeId(), year: '2040' });
    expect(result.init?.status).toBe(400);
    expect(result.data?.errors).toEqual({ year: 'errors.admin.calendar.year' });
  });

  it('extends one project deadline with a reason (in the audit log), only later and only while open', async () => {
    const [ecofed] = (await reportsOf(2025)).filter((r) => r.code === 'ECOFED' && r.status === 'draft');
    expect(ecofed).toBeDefined();
    const missingReason = await post({ intent: 'extend', reportId: ecofed!.id, dueDate: '2026-03-01', reason: ' ' });
    expect(missingReason.init?.status).toBe(400);
    expect(missingReason.data?.errors).toEqual({ reason: 'errors.admin.calendar.reason' });
    const earlier = await post({ intent: 'extend', reportId: ecofed!.id, dueDate: '2026-01-15', reason: 'Ziekte' });
    expect(earlier.data?.errors).toEqual({ dueDate: 'errors.admin.calendar.dueDateNotLater' });

    const result = await post({ intent: 'extend', reportId: ecofed!.id, dueDate: '2026-03-01', reason: 'Accountant later beschikbaar' });
    expect(result.data?.done).toBe('admin.calendar.extended');
    const [after] = await database().db.select({ dueDate: reports.dueDate }).from(reports).where(eq(reports.id, ecofed!.id));
    expect(after!.dueDate).toBe('2026-03-01');
    const [audit] = await database().db.select().from(auditLog).where(and(eq(auditLog.action, 'admin.report_deadline_extended'), eq(auditLog.entityId, ecofed!.id)));
    expect(audit!.details).toMatchObject({ from: ecofed!.dueDate, to: '2026-03-01', reason: 'Accountant later beschikbaar' });

    const [approved] = (await reportsOf(2024)).filter((r) => r.status === 'approved');
    const closed = await post({ intent: 'extend', reportId: approved!.id, dueDate: '2030-01-01', reason: 'x' });
    expect(closed.init?.status).toBe(409);
    expect(closed.data?.errors).toEqual({ reportId: 'errors.admin.calendar.reportClosed' });
  });

  it('is for administrators only', async () => {
    const response = await thrownResponse(async () => calendarRoute.loader(args(await getRequest('/beheer/kalender', 'reviewer.a@demo.ipcei.test'))));
    expect(response.status).toBe(403);
    const post403 = await thrownResponse(async () => calendarRoute.action(args(await postRequest('/beheer/kalender', { intent: 'open', programmeId: await programmeId(), year: '2027' }, 'ez@demo.ipcei.test'))));
    expect(post403.status).toBe(403);
  });

  it('opens the year just ended automatically on or after 1 January, once, through the daily job', async () => {
    const id = await programmeId();
    // 2 January 2028: the year 2027 is not open yet.
    const now = new Date('2028-01-02T06:00:00Z');
    await scheduleDaily(database().db, now);
    const queued = await database().db.select().from(jobs).where(eq(jobs.uniqueKey, 'open-reporting-year:2028-01-02'));
    expect(queued).toHaveLength(1);
    const first = await autoOpenReportingYears(database().db, now);
    expect(first).toEqual([{ programmeCode: 'IPCEI-CIS', year: 2027, created: 3 }]);
    expect(await autoOpenReportingYears(database().db, new Date('2028-01-03T06:00:00Z'))).toEqual([]);
    const [period] = await database().db.select().from(reportingPeriods).where(and(eq(reportingPeriods.programmeId, id), eq(reportingPeriods.year, 2027)));
    expect(period).toMatchObject({ status: 'open', openedBy: null });
    expect(await reportsOf(2027)).toHaveLength(3);
  });
});
