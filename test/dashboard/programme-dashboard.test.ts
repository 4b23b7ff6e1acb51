import { beforeAll, describe, expect, it } from 'vitest';
import { getProgrammeDashboard, parseDashboardFilters } from '#app/models/dashboard.server';
import { transition } from '#app/models/report-workflow.server';
import * as dashboardRoute from '#app/routes/dashboard/programme';
import * as projectDashboardRoute from '#app/routes/dashboard/project';
import { setupTestDatabase } from '#test/support/db';
import { actorOf, principalFor } from '#test/support/principal';
import { getRequest, thrownResponse } from '#test/support/requests';
import { createDashboardFixture, FIXTURE } from './fixture';

const database = setupTestDatabase();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
let fixture: Awaited<ReturnType<typeof createDashboardFixture>>;

beforeAll(async () => {
  fixture = await createDashboardFixture(database().db);
});

const view = (query: string) => {
  const url = new URL(`http://localhost/dashboard?programma=${FIXTURE.code}&${query}`);
  return getProgrammeDashboard(database().db, FIXTURE.code, parseDashboardFilters(url), FIXTURE.now);
};

describe('programme dashboard figures (against the hand-computed fixture)', () => {
  it('shows the cap, granted, headroom, paid, approved and pending costs and the subsidy share', async () => {
    const d = (await view(''))!;
    expect(d.headline).toEqual({
      capCents: FIXTURE.capCents,
      grantedProgrammeCents: FIXTURE.grantedCents,
      headroomCents: FIXTURE.headroomCents,
      grantedCents: FIXTURE.grantedCents,
      paidCents: FIXTURE.paidCents,
      approvedCents: FIXTURE.approvedCents,
      pendingCents: FIXTURE.pendingCents,
      subsidyApprovedCents: FIXTURE.subsidyApprovedCents,
      subsidyPendingCents: FIXTURE.subsidyPendingCents,
    });
  });

  it('splits granted, paid and reported per project', async () => {
    const d = (await view(''))!;
    expect(d.projects).toEqual([
      { code: 'ALPHA', name: 'Project ALPHA', aidBasis: 'gber', grantedCents: 50_000_000, paidCents: 19_000_000, approvedCents: 15_000_000, pendingCents: 5_000_000 },
      { code: 'BETA', name: 'Project BETA', aidBasis: 'ipcei_communication', grantedCents: 40_000_000, paidCents: 16_000_000, approvedCents: 0, pendingCents: 20_000_000 },
    ]);
    expect(d.page).toMatchObject({ number: 1, totalProjects: 2, pages: 1 });
  });

  it('adds up payments and approved costs per year, up to the current year', async () => {
    const d = (await view(''))!;
    expect(d.overTime.map((y) => [y.year, y.cumulativePaidCents, y.cumulativeApprovedCents])).toEqual([
      [2024, 31_000_000, 15_000_000],
      [2025, 35_000_000, 15_000_000],
      [2026, 35_000_000, 15_000_000],
    ]);
  });

  it('counts milestones by latest reported status and lists overdue and soon-due ones', async () => {
    const d = (await view(''))!;
    const alpha = d.milestoneCounts.find((m) => m.code === 'ALPHA')!.counts;
    const beta = d.milestoneCounts.find((m) => m.code === 'BETA')!.counts;
    expect(alpha).toMatchObject({ achieved: 1, delayed: 1, not_reported: 1, on_track: 0 });
    // BETA's M1 is "achieved" only in a draft: not reported yet.
    expect(beta).toMatchObject({ achieved: 0, not_reported: 1 });
    expect(d.overdue.rows.map((m) => [m.code, m.milestone, m.status])).toEqual([
      ['BETA', 'M1', 'not_reported'],
      ['ALPHA', 'M2', 'delayed'],
    ]);
    expect(d.overdue.rows[1]!.forecastDate).toBe('2025-12-31');
    expect(d.dueSoon.rows.map((m) => [m.code, m.milestone])).toEqual([['ALPHA', 'M3']]);
  });

  it('builds the compliance matrix with links to existing reports', async () => {
    const d = (await view(''))!;
    const states = Object.fromEntries(d.compliance.rows.map((r) => [r.code, r.cells.map((c) => c.state)]));
    expect(states).toEqual({ ALPHA: ['approved', 'submitted', 'not_open'], BETA: ['submitted', 'overdue', 'not_open'] });
    const alpha2024 = d.compliance.rows[0]!.cells[0]!;
    expect(alpha2024.reportId).toBe(fixture.reports.alpha2024);
    expect(d.compliance.rows[0]!.cells[2]!.reportId).toBeNull();
  });

  it('signals deviations above 25% and payments running ahead of approved costs', async () => {
    const d = (await view(''))!;
    expect(d.deviations.rows.map((r) => [r.code, r.organisation, r.year, r.reportedCents, r.budgetCents])).toEqual([
      ['ALPHA', 'Bravo BV', 2024, 2_000_000, 5_000_000],
      ['ALPHA', 'Alfa BV', 2025, 5_000_000, 10_000_000],
    ]);
    expect(d.paymentsAhead.rows.map((r) => [r.organisation, r.paidCents, r.earnedCents])).toEqual([
      ['Charlie BV', 16_000_000, 0],
      ['Bravo BV', 10_000_000, 8_000_000],
    ]);
    expect(d.paymentsAhead.total).toBe(2);
  });
});

describe('filters', () => {
  it('narrows to one aid basis, keeping the programme-wide cap and headroom', async () => {
    const d = (await view('grondslag=ipcei_communication'))!;
    expect(d.projects.map((p) => p.code)).toEqual(['BETA']);
    expect(d.headline).toMatchObject({ grantedCents: 40_000_000, paidCents: 16_000_000, approvedCents: 0, pendingCents: 20_000_000 });
    expect(d.headline.headroomCents).toBe(FIXTURE.headroomCents);
  });

  it('narrows to one year: costs of that year’s reports and payments made in it', async () => {
    const d = (await view('jaar=2024'))!;
    expect(d.headline).toMatchObject({ paidCents: 31_000_000, approvedCents: 15_000_000, pendingCents: 20_000_000 });
    expect(d.compliance.years).toEqual([2024]);
    expect(d.deviations.rows.map((r) => r.year)).toEqual([2024]);
  });

  it('narrows to one project', async () => {
    const d = (await view('project=ALPHA'))!;
    expect(d.projects.map((p) => p.code)).toEqual(['ALPHA']);
    expect(d.headline).toMatchObject({ grantedCents: 50_000_000, paidCents: 19_000_000, approvedCents: 15_000_000, pendingCents: 5_000_000 });
  });

  it('reads the filters from the URL through the loader and ignores nonsense', async () => {
    const data = await dashboardRoute.loader(
      args(await getRequest(`/dashboard?programma=${FIXTURE.code}&grondslag=ipcei_communication&jaar=2024&pagina=abc`, 'ez@demo.ipcei.test')),
    );
    expect(data.programme.code).toBe(FIXTURE.code);
    expect(data.filters).toEqual({ year: 2024, projectCode: null, projectRejected: null, aidBasis: 'ipcei_communication', page: 1 });
    expect(data.projects.map((p) => p.code)).toEqual(['BETA']);
    expect(parseDashboardFilters(new URL('http://x/dashboard?jaar=1800&grondslag=x&project=%27;drop'))).toEqual({
      year: null,
      projectCode: null,
      // Not a project code: never queried, but shown back so the user sees why nothing was filtered.
      projectRejected: "';DROP",
      aidBasis: null,
      page: 1,
    });
    expect(data.projectFound).toBe(true);
  });

  it('says so when the typed project code matches nothing in view', async () => {
    const data = await dashboardRoute.loader(args(await getRequest(`/dashboard?programma=${FIXTURE.code}&project=NOPE-1`, 'ez@demo.ipcei.test')));
    expect(data.projectFound).toBe(false);
    expect(data.projects).toEqual([]);
    expect(data.headline.grantedCents).toBe(0);
    // The programme-wide cap and headroom stay.
    expect(data.headline.capCents).toBeGreaterThan(0);
  });

  it('defaults to the first programme when none or an unknown one is asked for', async () => {
    const data = await dashboardRoute.loader(args(await getRequest('/dashboard?programma=NOPE', 'reviewer.a@demo.ipcei.test')));
    expect(data.programme.code).toBe('IPCEI-CIS');
    expect(data.programmes.map((p) => p.code)).toEqual(['IPCEI-CIS', FIXTURE.code]);
  });
});

describe('permissions', () => {
  it('lets reviewers, EZ officers and administrators open the programme dashboard', async () => {
    for (const email of ['reviewer.b@demo.ipcei.test', 'ez@demo.ipcei.test', 'admin@demo.ipcei.test']) {
      const data = await dashboardRoute.loader(args(await getRequest('/dashboard', email)));
      expect(data.programme.code).toBe('IPCEI-CIS');
    }
  });

  it('never lets a partner reach the programme dashboard', async () => {
    for (const email of ['partner.tno@demo.ipcei.test', 'penvoerder.ecc@demo.ipcei.test']) {
      const response = await thrownResponse(async () => dashboardRoute.loader(args(await getRequest(`/dashboard?programma=${FIXTURE.code}`, email))));
      expect(response.status).toBe(403);
    }
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const response = await thrownResponse(async () => dashboardRoute.loader(args(await getRequest('/dashboard'))));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/inloggen\?redirectTo=%2Fdashboard/);
  });

  it('shows a partner its own project dashboard and nothing of another project', async () => {
    const own = await projectDashboardRoute.loader(args(await getRequest('/projecten/ECOFED/dashboard', 'partner.infosupport@demo.ipcei.test'), { code: 'ECOFED' }));
    expect(own.project.code).toBe('ECOFED');
    const other = await thrownResponse(async () =>
      projectDashboardRoute.loader(args(await getRequest('/projecten/MISD/dashboard', 'partner.infosupport@demo.ipcei.test'), { code: 'MISD' })),
    );
    expect(other.status).toBe(404);
    expect(await other.text()).not.toMatch(/Asperitas|MISD/);
  });
});

describe('project dashboard', () => {
  it('compares budget and reported costs per partner and category for a year', async () => {
    const data = await projectDashboardRoute.loader(args(await getRequest('/projecten/ALPHA/dashboard?jaar=2024', 'reviewer.a@demo.ipcei.test'), { code: 'ALPHA' }));
    expect(data.year).toBe(2024);
    expect(data.actualsKnown).toBe(true);
    const alfa = data.budget.find((p) => p.name === 'Alfa BV')!;
    expect(alfa.categories.find((c) => c.category === 'personnel')).toEqual({ category: 'personnel', budgetCents: 10_000_000, actualCents: 10_000_000 });
    expect(alfa.categories.find((c) => c.category === 'equipment')).toEqual({ category: 'equipment', budgetCents: 2_000_000, actualCents: 3_000_000 });
    expect([alfa.budgetCents, alfa.actualCents]).toEqual([12_000_000, 13_000_000]);
    expect(data.partners.map((p) => [p.name, p.grantedCents, p.paidCents])).toEqual([
      ['Alfa BV', 30_000_000, 9_000_000],
      ['Bravo BV', 20_000_000, 10_000_000],
    ]);
    expect(data.reports.map((r) => [r.year, r.status])).toEqual([
      [2025, 'submitted'],
      [2024, 'approved'],
    ]);
    expect(data.milestones.map((m) => [m.code, m.status])).toEqual([
      ['M1', 'achieved'],
      ['M2', 'delayed'],
      ['M3', 'not_reported'],
    ]);
  });

  it('shows no actual costs for a year whose report is still a draft', async () => {
    const data = await projectDashboardRoute.loader(args(await getRequest('/projecten/BETA/dashboard?jaar=2025', 'admin@demo.ipcei.test'), { code: 'BETA' }));
    expect(data.actualsKnown).toBe(false);
    expect(data.budget.reduce((s, p) => s + p.actualCents, 0)).toBe(0);
  });
});

describe('rollups follow the workflow in the same transaction', () => {
  it('counts a report as approved as soon as it is approved, and no longer once reopened', async () => {
    const db = database().db;
    const reviewerA = await principalFor('reviewer.a@demo.ipcei.test');
    const reviewerB = await principalFor('reviewer.b@demo.ipcei.test');
    const admin = await principalFor('admin@demo.ipcei.test');
    const id = fixture.reports.alpha2025;
    await db.transaction((tx) => transition(tx, reviewerA, actorOf(reviewerA), id, 'recommend'));
    expect((await view(''))!.headline).toMatchObject({ approvedCents: 15_000_000, pendingCents: 25_000_000 });
    await db.transaction((tx) => transition(tx, reviewerB, actorOf(reviewerB), id, 'approve'));
    expect((await view(''))!.headline).toMatchObject({ approvedCents: 20_000_000, pendingCents: 20_000_000 });
    // A rolled-back approval leaves no trace in the totals.
    await db.transaction((tx) => transition(tx, admin, actorOf(admin), id, 'reopen', { reason: 'Correctie' }));
    expect((await view(''))!.headline).toMatchObject({ approvedCents: 15_000_000, pendingCents: 20_000_000 });
  });
});
