import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { reports } from '#db/schema/index';
import { overdueReportSql } from '#app/models/report-deadlines.server';
import { transition } from '#app/models/report-workflow.server';
import { todayInAmsterdam } from '#app/rules/dates';
import { isOverdue, lateness } from '#app/rules/deadlines';
import * as dashboardRoute from '#app/routes/dashboard/programme';
import * as projectDashboardRoute from '#app/routes/dashboard/project';
import * as projectRoute from '#app/routes/site/project';
import { setupTestDatabase } from '#test/support/db';
import { actorOf, principalFor } from '#test/support/principal';
import { getRequest } from '#test/support/requests';
import { createDashboardFixture, FIXTURE } from './fixture';

/**
 * The project page, the project dashboard and the programme dashboard all say "overdue" by the one
 * rule (app/rules/deadlines.ts; overdueReportSql in SQL): a draft past its due date is overdue; a
 * report sent back with questions after its due date is not (it was submitted), it is only marked
 * when its first submission came late.
 */
const database = setupTestDatabase();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
const REVIEWER = 'reviewer.a@demo.ipcei.test';
let fixture: Awaited<ReturnType<typeof createDashboardFixture>>;
/** A due date well before today, whatever day the test runs. */
const past = todayInAmsterdam(new Date(Date.now() - 40 * 86_400_000));

beforeAll(async () => {
  const db = database().db;
  fixture = await createDashboardFixture(db);
  // BETA 2025: still a draft, its due date passed.
  await db.update(reports).set({ dueDate: past }).where(eq(reports.id, fixture.reports.beta2025));
  // ALPHA 2025: submitted (late), then sent back with questions by a reviewer; its due date passed too.
  const reviewer = await principalFor(REVIEWER);
  await db.transaction((tx) => transition(tx, reviewer, actorOf(reviewer), fixture.reports.alpha2025, 'request_changes'));
  await db.update(reports).set({ dueDate: past, submittedLate: true }).where(eq(reports.id, fixture.reports.alpha2025));
});

async function projectPage(code: string) {
  const data = await projectRoute.loader(args(await getRequest(`/projecten/${code}`, REVIEWER), { code }));
  return data.reports.find((r) => r.year === 2025)!;
}

async function projectDashboard(code: string) {
  const data = await projectDashboardRoute.loader(args(await getRequest(`/projecten/${code}/dashboard`, REVIEWER), { code }));
  return data.reports.find((r) => r.year === 2025)!;
}

async function complianceCell(code: string) {
  const data = await dashboardRoute.loader(args(await getRequest(`/dashboard?programma=${FIXTURE.code}`, REVIEWER)));
  return data.compliance.rows.find((r) => r.code === code)!.cells.find((c) => c.year === 2025)!;
}

describe('one late rule on the project page and the dashboards', () => {
  it('calls a draft past its due date overdue everywhere', async () => {
    const page = await projectPage('BETA');
    expect(page).toMatchObject({ status: 'draft', dueDate: past, lateness: 'overdue' });
    expect(isOverdue(page)).toBe(true);
    expect(await projectDashboard('BETA')).toMatchObject({ status: 'draft', lateness: 'overdue' });
    expect(await complianceCell('BETA')).toMatchObject({ reportId: fixture.reports.beta2025, state: 'overdue', late: false });
  });

  it('does not call a report sent back with questions after its due date overdue: it was submitted (late)', async () => {
    const page = await projectPage('ALPHA');
    expect(page).toMatchObject({ status: 'changes_requested', dueDate: past, submittedLate: true, lateness: 'submitted_late' });
    expect(isOverdue(page)).toBe(false);
    expect(await projectDashboard('ALPHA')).toMatchObject({ status: 'changes_requested', lateness: 'submitted_late' });
    expect(await complianceCell('ALPHA')).toMatchObject({ reportId: fixture.reports.alpha2025, state: 'changes_requested', late: true });
  });

  it('agrees with the rule in SQL', async () => {
    const ids = [fixture.reports.beta2025, fixture.reports.alpha2025];
    const rows = await database()
      .db.select({ id: reports.id, status: reports.status, dueDate: reports.dueDate, submittedLate: reports.submittedLate })
      .from(reports)
      .where(inArray(reports.id, ids));
    const overdueInSql = await database()
      .db.select({ id: reports.id })
      .from(reports)
      .where(and(inArray(reports.id, ids), overdueReportSql(todayInAmsterdam())));
    expect(overdueInSql.map((r) => r.id)).toEqual([fixture.reports.beta2025]);
    expect(rows.filter((r) => lateness(r) === 'overdue').map((r) => r.id)).toEqual([fixture.reports.beta2025]);
  });
});
