import { describe, expect, it } from 'vitest';
import { createTranslator } from '#app/i18n/index';
import * as projectDashboardRoute from '#app/routes/dashboard/project';
import * as healthRoute from '#app/routes/site/healthz';
import * as readyRoute from '#app/routes/site/readyz';
import * as programmeRoute from '#app/routes/site/programme';
import * as projectRoute from '#app/routes/site/project';
import * as rootRoute from '#app/root';
import { setupTestDatabase } from '#test/support/db';
import { queryRows } from '#db/client';
import { sql } from 'drizzle-orm';
import { getRequest, thrownResponse } from '#test/support/requests';

const database = setupTestDatabase();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

describe('programme overview', () => {
  it('shows staff every project and the programme totals against the cap', async () => {
    const data = await programmeRoute.loader(args(await getRequest('/programma', 'ez@demo.ipcei.test')));
    expect(data.programme.capCents).toBe(7_120_000_000);
    expect(data.projects.map((p) => p.code)).toEqual(['ECC', 'ECOFED', 'MISD']);
    const granted = data.projects.reduce((sum, p) => sum + p.grantedCents, 0);
    expect(data.totals?.grantedCents).toBe(granted);
    expect(granted).toBeLessThanOrEqual(data.programme.capCents);
    expect(data.projects.find((p) => p.code === 'MISD')?.partnerCount).toBe(7);
  });

  it('shows a partner only its own projects and no programme-wide totals', async () => {
    const data = await programmeRoute.loader(args(await getRequest('/programma', 'partner.tno@demo.ipcei.test')));
    expect(data.projects.map((p) => p.code)).toEqual(['ECOFED', 'MISD']);
    expect(data.totals).toBeNull();
    const single = await programmeRoute.loader(args(await getRequest('/programma', 'penvoerder.ecc@demo.ipcei.test')));
    expect(single.projects.map((p) => p.code)).toEqual(['ECC']);
  });
});

describe('project page', () => {
  it('shows the project with partners, money, work packages, milestones and reports', async () => {
    const data = await projectRoute.loader(args(await getRequest('/projecten/ECOFED', 'partner.infosupport@demo.ipcei.test'), { code: 'ECOFED' }));
    expect(data.project.code).toBe('ECOFED');
    expect(data.partners.map((p) => p.name)).toEqual(['AMS-IX', 'BIT', 'i3D.net', 'Info Support', 'TNO']);
    expect(data.totals.grantedCents).toBe(data.partners.reduce((s, p) => s + p.grantedCents, 0));
    expect(data.workPackages.length).toBeGreaterThan(0);
    expect(data.milestones.length).toBeGreaterThan(0);
    expect(data.reports.map((r) => [r.year, r.status])).toEqual([
      [2025, 'draft'],
      [2024, 'approved'],
    ]);
    expect(data.actingFor).toEqual({ organisation: 'Info Support', role: 'contributor' });
  });

  it("answers 404 to a partner asking for another project, and leaks nothing of it", async () => {
    const response = await thrownResponse(async () =>
      projectRoute.loader(args(await getRequest('/projecten/MISD', 'partner.infosupport@demo.ipcei.test'), { code: 'MISD' })),
    );
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).not.toMatch(/Asperitas|Deerns|MISD/);
  });

  it('answers 404 for a project that does not exist, also to staff', async () => {
    const response = await thrownResponse(async () =>
      projectRoute.loader(args(await getRequest('/projecten/NOPE', 'admin@demo.ipcei.test'), { code: 'NOPE' })),
    );
    expect(response.status).toBe(404);
  });

  it('names the project in the page titles of the project page and its dashboard', async () => {
    const request = () => getRequest('/projecten/ECOFED', 'partner.infosupport@demo.ipcei.test');
    const page = await projectRoute.loader(args(await request(), { code: 'ECOFED' }));
    const dashboard = await projectDashboardRoute.loader(args(await request(), { code: 'ECOFED' }));
    const nl = createTranslator('nl');
    expect(projectRoute.handle.title(nl, page)).toBe(`ECOFED – ${page.project.name}`);
    expect(projectDashboardRoute.handle.title(nl, dashboard)).toBe(`Dashboard ECOFED – ${page.project.name}`);
  });

  it('lets reviewers read every project', async () => {
    const data = await projectRoute.loader(args(await getRequest('/projecten/ECC', 'reviewer.b@demo.ipcei.test'), { code: 'ECC' }));
    expect(data.partners.map((p) => p.name)).toEqual(['Leaseweb']);
    expect(data.actingFor).toBeNull();
  });
});

describe('root and health', () => {
  it('uses Dutch by default and the language cookie when set', async () => {
    expect((await rootRoute.loader(args(await getRequest('/')))).locale).toBe('nl');
    const english = new Request('http://localhost:3000/', { headers: { cookie: 'lang=en' } });
    expect((await rootRoute.loader(args(english))).locale).toBe('en');
  });

  it('reports the database as up, and which process answered', async () => {
    const response = await healthRoute.loader(args(await getRequest('/healthz')));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'up', pid: process.pid, version: expect.any(String), worker: 'stopped' });
  });

  it('is ready when the database answers and its migrations are at the level of the code', async () => {
    const response = await readyRoute.loader(args(await getRequest('/readyz')));
    const body = (await response.json()) as { status: string; migrations: { expected: number; applied: number }; pid: number };
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ status: 'ready', problems: [], pid: process.pid });
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(body.migrations.expected).toBeGreaterThanOrEqual(9);
  });

  it('stays ready when a newer version has migrated further (rolling deploy), not when a migration it needs is missing', async () => {
    const { db } = database();
    const ready = async () => {
      const response = await readyRoute.loader(args(await getRequest('/readyz')));
      return { status: response.status, problems: ((await response.json()) as { problems: string[] }).problems };
    };
    await db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-a-newer-version', 9999999999999)`);
    try {
      expect(await ready()).toEqual({ status: 200, problems: [] });
    } finally {
      await db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'from-a-newer-version'`);
    }
    const [last] = await queryRows<{ id: number; hash: string; created_at: string }>(
      db,
      sql`select id, hash, created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    await db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`);
    try {
      expect(await ready()).toEqual({ status: 503, problems: ['migrations'] });
    } finally {
      await db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at}::bigint)`);
    }
    expect(await ready()).toEqual({ status: 200, problems: [] });
  });
});
