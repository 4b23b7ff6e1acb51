/**
 * The authorisation matrix, data-driven from app/routes.ts as it is when the test runs: every
 * project-scoped route (a :code or :reportId parameter) × every demo role × own / other project
 * (and, for a partner's cost part, another organisation in the same project), for loaders (GET)
 * and actions (POST). It proves:
 * - a partner never reaches another project: 404 (or 403), never a page, never a 5xx;
 * - no response to a partner carries an identifier of a project it is not in (project ids, report
 *   ids), on any route, project-scoped or not;
 * - field level: posting status, stamps, granted amounts and ownership fields to every action, as
 *   every role, changes none of them;
 * - a partner's cost figures (issue 14): a contributor reads only its own organisation's part (another
 *   part is a 404, and no page, revision, check page, dossier or dashboard shows another partner's
 *   lines, rates, wages, budgets or totals); the penvoerder reads every part of its project,
 *   read-only for the others'; RVO and EZ read all. Redaction never touches the stored revisions.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import routes from '#app/routes';
import { queryRows } from '#db/client';
import { DEMO_ACCOUNTS } from '#db/seed/demo-accounts';
import { snapshotHash } from '#app/models/report-snapshot.server';
import type { ReportSnapshot } from '#app/report/snapshot';
import * as checkRoute from '#app/routes/report/check';
import * as costImportRoute from '#app/routes/report/cost-import';
import * as costImportTemplateRoute from '#app/routes/report/cost-import-template';
import * as costPartRoute from '#app/routes/report/cost-part';
import * as costsRoute from '#app/routes/report/costs';
import * as revisionRoute from '#app/routes/report/revision';
import * as dossierRoute from '#app/routes/export/dossier';
import * as dossierPrintRoute from '#app/routes/export/dossier-print';
import * as projectDashboardRoute from '#app/routes/dashboard/project';
import { closePdfBrowser } from '#app/utils/pdf.server';
import { unzip } from '#test/export/support';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';

const database = setupTestDatabase();
const BASE = 'http://localhost:3000';

type RouteEntry = { path?: string; file: string; index?: boolean; children?: RouteEntry[] };
function flatten(entries: RouteEntry[], prefix = ''): { path: string; file: string }[] {
  return entries.flatMap((e) => {
    const p = e.index ? prefix || '/' : `${prefix}/${e.path ?? ''}`.replace(/\/+/g, '/');
    return [{ path: p, file: e.file }, ...flatten(e.children ?? [], p)];
  });
}
const ALL_ROUTES = flatten(routes as RouteEntry[]).filter((r) => r.path !== '/*' && fs.existsSync(path.join('app', r.file)));
const paramsOf = (p: string) => [...p.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const KNOWN_PARAMS = new Set(['code', 'year', 'reportId', 'organisationId', 'attachmentId', 'revision']);
const PROJECT_ROUTES = ALL_ROUTES.filter((r) => {
  const ps = paramsOf(r.path);
  return (ps.includes('code') || ps.includes('reportId')) && ps.every((p) => KNOWN_PARAMS.has(p)) && !r.path.startsWith('/beheer');
});

/** The partner roles in the matrix: a penvoerder and a contributor per consortium, the single-partner project. */
const PARTNERS = ['penvoerder.ecofed@demo.ipcei.test', 'partner.infosupport@demo.ipcei.test', 'partner.betterbe@demo.ipcei.test', 'penvoerder.ecc@demo.ipcei.test'];
const STAFF = DEMO_ACCOUNTS.filter((a) => a.staffRoles.length > 0).map((a) => a.email);

interface World {
  projects: { id: string; code: string }[];
  reports: { id: string; projectId: string; year: number }[];
  partners: { projectId: string; organisationId: string }[];
  attachments: { id: string; projectId: string }[];
  orgIds: Record<string, string>;
}
let world: World;

beforeAll(async () => {
  const db = database().db;
  const projects = await queryRows<{ id: string; code: string }>(db, sql`select id, code from projects order by code`);
  const reports = await queryRows<{ id: string; projectId: string; year: number }>(db, sql`select id, project_id as "projectId", year from reports`);
  const partners = await queryRows<{ projectId: string; organisationId: string }>(db, sql`select project_id as "projectId", organisation_id as "organisationId" from project_partners`);
  const attachments = await queryRows<{ id: string; projectId: string }>(db, sql`select a.id, r.project_id as "projectId" from attachments a join reports r on r.id = a.report_id`);
  world = { projects, reports, partners, attachments, orgIds: {} };
});

async function membershipsOf(email: string) {
  return queryRows<{ projectId: string; organisationId: string; code: string }>(
    database().db,
    sql`select m.project_id as "projectId", m.organisation_id as "organisationId", p.code from project_memberships m join users u on u.id = m.user_id join projects p on p.id = m.project_id where lower(u.email) = ${email}`,
  );
}

function paramsFor(route: string, projectId: string, organisationId: string | undefined): Record<string, string> | null {
  const project = world.projects.find((p) => p.id === projectId)!;
  const report = world.reports.filter((r) => r.projectId === projectId).sort((a, b) => a.year - b.year)[0];
  if (!report) return null;
  const attachment = world.attachments.find((a) => a.projectId === projectId);
  const values: Record<string, string> = {
    code: project.code,
    year: String(report.year),
    reportId: report.id,
    organisationId: organisationId ?? world.partners.find((p) => p.projectId === projectId)!.organisationId,
    attachmentId: attachment?.id ?? '00000000-0000-4000-8000-000000000000',
    revision: '1',
  };
  const params: Record<string, string> = {};
  for (const name of paramsOf(route)) params[name] = values[name]!;
  return params;
}

const urlFor = (route: string, params: Record<string, string>) => route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name]!));

type Outcome = { status: number; body: string };

/** Calls a loader or action the way Remix would and reduces the result to status + body text. */
async function call(fn: (args: { request: Request; params: Record<string, string>; context: object }) => unknown, request: Request, params: Record<string, string>): Promise<Outcome> {
  const read = async (response: Response) => ({ status: response.status, body: await response.text().catch(() => '') });
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) return read(result);
    if (result && typeof result === 'object' && 'type' in result && (result as { type: unknown }).type === 'DataWithResponseInit') {
      const r = result as unknown as { data: unknown; init: { status?: number } | null };
      return { status: r.init?.status ?? 200, body: JSON.stringify(r.data) };
    }
    return { status: 200, body: JSON.stringify(result ?? null) };
  } catch (error) {
    if (error instanceof Response) return read(error);
    return { status: 500, body: String(error instanceof Error ? error.stack : error) };
  }
}

async function moduleOf(file: string) {
  return (await import(/* @vite-ignore */ path.resolve('app', file))) as { loader?: Parameters<typeof call>[0]; action?: Parameters<typeof call>[0] };
}

/** Identifiers no response to this partner may contain: projects it is not in and their reports. */
function foreignMarkers(ownProjectIds: string[]) {
  const foreign = world.projects.filter((p) => !ownProjectIds.includes(p.id));
  return [...foreign.map((p) => p.id), ...world.reports.filter((r) => !ownProjectIds.includes(r.projectId)).map((r) => r.id)];
}

/** Fields a form must never be able to set on its own. */
const FORBIDDEN_FIELDS = {
  status: 'approved',
  submittedAt: '2020-01-01',
  submittedBy: '00000000-0000-4000-8000-000000000001',
  approvedBy: '00000000-0000-4000-8000-000000000001',
  approvedAt: '2020-01-01',
  recommendedBy: '00000000-0000-4000-8000-000000000001',
  signedOffBy: '00000000-0000-4000-8000-000000000001',
  signedOffAt: '2020-01-01',
  grantedCents: '999999999',
  amountCents: '999999999',
  subsidyCapCents: '1',
  role: 'admin',
  userId: '00000000-0000-4000-8000-000000000001',
};

async function protectedState() {
  const db = database().db;
  const parts = await Promise.all([
    queryRows(db, sql`select id, project_id, status, submitted_at, submitted_by, recommended_at, recommended_by, approved_at, approved_by from reports order by id`),
    queryRows(db, sql`select project_id, organisation_id, granted_cents, hourly_rate_cents from project_partners order by 1, 2`),
    queryRows(db, sql`select report_id, organisation_id, project_id, signed_off_at, signed_off_by from partner_parts order by 1, 2`),
    queryRows(db, sql`select user_id, project_id, organisation_id, role from project_memberships order by 1, 2`),
    queryRows(db, sql`select user_id, role from user_roles order by 1, 2`),
    queryRows(db, sql`select id, email, status, is_demo from users order by id`),
    queryRows(db, sql`select count(*)::int as n, coalesce(sum(amount_cents), 0)::text as total from payments`),
    queryRows(db, sql`select id, subsidy_cap_cents::text from programmes order by id`),
  ]);
  return JSON.stringify(parts);
}

function post(url: string, cookie: string, fields: Record<string, string>) {
  return new Request(`${BASE}${url}`, {
    method: 'POST',
    headers: { cookie, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('authorisation matrix (routes from app/routes.ts)', () => {
  it('finds project-scoped routes to check', () => {
    expect(PROJECT_ROUTES.length).toBeGreaterThan(0);
  });

  it('keeps every partner out of projects it is not in (loaders and actions), and lets it into its own without a 5xx', async () => {
    const failures: string[] = [];
    let ownPagesShown = 0;
    let checked = 0;
    for (const email of PARTNERS) {
      const mine = await membershipsOf(email);
      const own = mine[0]!;
      const other = world.projects.find((p) => !mine.some((m) => m.projectId === p.id))!;
      const cookie = await sessionCookieFor(email);
      for (const route of PROJECT_ROUTES) {
        const mod = await moduleOf(route.file);
        for (const [which, projectId, orgId] of [
          ['own', own.projectId, own.organisationId],
          ['other', other.id, undefined],
        ] as const) {
          const params = paramsFor(route.path, projectId, orgId);
          if (!params) continue;
          const url = urlFor(route.path, params);
          const outcomes: [string, Outcome][] = [];
          if (mod.loader) outcomes.push(['GET', await call(mod.loader, new Request(`${BASE}${url}`, { headers: { cookie } }), params)]);
          if (mod.action) outcomes.push(['POST', await call(mod.action, post(url, cookie, {}), params)]);
          for (const [method, outcome] of outcomes) {
            const label = `${email} ${method} ${url} (${which} project)`;
            checked++;
            if (which === 'own' && method === 'GET' && outcome.status === 200) ownPagesShown++;
            if (outcome.status >= 500) failures.push(`${label}: ${outcome.status} ${outcome.body.slice(0, 200)}`);
            if (which === 'other' && outcome.status !== 404 && outcome.status !== 403) failures.push(`${label}: expected 404/403, got ${outcome.status}`);
            for (const marker of foreignMarkers(mine.map((m) => m.projectId))) {
              if (outcome.body.includes(marker)) failures.push(`${label}: response holds ${marker} of another project`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The matrix really ran signed in: partners did see pages of their own project.
    expect(ownPagesShown).toBeGreaterThanOrEqual(PARTNERS.length);
    expect(checked).toBeGreaterThan(PROJECT_ROUTES.length * PARTNERS.length);
  }, 120_000);

  it('lets a contributor change only its own organisation’s cost part', async () => {
    const routesWithOrg = PROJECT_ROUTES.filter((r) => paramsOf(r.path).includes('organisationId'));
    const failures: string[] = [];
    const email = 'partner.infosupport@demo.ipcei.test';
    const [own] = await membershipsOf(email);
    const otherOrg = world.partners.find((p) => p.projectId === own!.projectId && p.organisationId !== own!.organisationId)!;
    const cookie = await sessionCookieFor(email);
    for (const route of routesWithOrg) {
      const mod = await moduleOf(route.file);
      if (!mod.action) continue;
      const params = paramsFor(route.path, own!.projectId, otherOrg.organisationId)!;
      const before = await protectedState();
      const outcome = await call(mod.action, post(urlFor(route.path, params), cookie, { intent: 'save', intentSignOff: 'signOff' }), params);
      if (outcome.status !== 403 && outcome.status !== 404) failures.push(`${route.path} as ${email} for another organisation: expected 403/404, got ${outcome.status}`);
      if ((await protectedState()) !== before) failures.push(`${route.path}: protected fields changed`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('never puts another project’s identifiers in any response to a partner, on any route', async () => {
    const failures: string[] = [];
    const plain = ALL_ROUTES.filter((r) => paramsOf(r.path).length === 0);
    for (const email of PARTNERS) {
      const mine = await membershipsOf(email);
      const markers = foreignMarkers(mine.map((m) => m.projectId));
      const cookie = await sessionCookieFor(email);
      for (const route of plain) {
        const mod = await moduleOf(route.file);
        if (!mod.loader) continue;
        const outcome = await call(mod.loader, new Request(`${BASE}${route.path}`, { headers: { cookie } }), {});
        if (outcome.status >= 500) failures.push(`${email} GET ${route.path}: ${outcome.status} ${outcome.body.slice(0, 200)}`);
        for (const marker of markers) if (outcome.body.includes(marker)) failures.push(`${email} GET ${route.path}: holds ${marker} of another project`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('lets no form set status, stamps, granted amounts or ownership fields, for any role', async () => {
    const failures: string[] = [];
    for (const email of [...PARTNERS, ...STAFF]) {
      const mine = await membershipsOf(email);
      const projectId = mine[0]?.projectId ?? world.projects[0]!.id;
      const cookie = await sessionCookieFor(email);
      for (const route of ALL_ROUTES) {
        if (route.path === '/uitloggen' || route.path.startsWith('/inloggen')) continue;
        const mod = await moduleOf(route.file);
        if (!mod.action) continue;
        const ps = paramsOf(route.path);
        const params = ps.every((p) => KNOWN_PARAMS.has(p)) ? paramsFor(route.path, projectId, mine[0]?.organisationId) : null;
        if (ps.length > 0 && !params) continue;
        const url = urlFor(route.path, params ?? {});
        const before = await protectedState();
        const outcome = await call(mod.action, post(url, cookie, { ...FORBIDDEN_FIELDS, projectId: world.projects.at(-1)!.id, organisationId: world.partners.at(-1)!.organisationId }), params ?? {});
        if (outcome.status >= 500) failures.push(`${email} POST ${url}: ${outcome.status} ${outcome.body.slice(0, 200)}`);
        if ((await protectedState()) !== before) failures.push(`${email} POST ${url}: protected fields changed`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});

// --- Issue 14: whose cost figures a partner may read ----------------------------------------------------

const PENVOERDER = 'penvoerder.ecofed@demo.ipcei.test';
const CONTRIBUTORS = ['partner.infosupport@demo.ipcei.test', 'partner.amsix@demo.ipcei.test'];
const READERS_OF_ALL = [PENVOERDER, 'reviewer.a@demo.ipcei.test', 'ez@demo.ipcei.test'];

interface Ecofed {
  projectId: string;
  reports: Record<2024 | 2025, string>;
  /** Organisation id → name, every partner of the project. */
  partners: Map<string, string>;
  /** Per organisation: the ids and employee references of its cost lines, live and in every stored revision. */
  markers: Map<string, string[]>;
}
let ecofed: Ecofed;

async function loadEcofed(): Promise<Ecofed> {
  const db = database().db;
  const [project] = await queryRows<{ id: string }>(db, sql`select id from projects where code = 'ECOFED'`);
  const reportRows = await queryRows<{ id: string; year: number }>(db, sql`select id, year from reports where project_id = ${project!.id}::uuid`);
  const partnerRows = await queryRows<{ id: string; name: string }>(
    db,
    sql`select o.id, o.name from project_partners pp join organisations o on o.id = pp.organisation_id where pp.project_id = ${project!.id}::uuid`,
  );
  const lineRows = await queryRows<{ org: string; marker: string }>(
    db,
    sql`select organisation_id::text as org, id::text as marker from cost_lines where project_id = ${project!.id}::uuid
        union select organisation_id::text, employee_ref from cost_lines where project_id = ${project!.id}::uuid and employee_ref is not null
        union select p->'organisation'->>'id', l->>'id' from report_revisions r join reports re on re.id = r.report_id,
                     jsonb_array_elements(r.snapshot->'partners') p, jsonb_array_elements(p->'costLines') l where re.project_id = ${project!.id}::uuid
        union select p->'organisation'->>'id', l->>'employeeRef' from report_revisions r join reports re on re.id = r.report_id,
                     jsonb_array_elements(r.snapshot->'partners') p, jsonb_array_elements(p->'costLines') l
               where re.project_id = ${project!.id}::uuid and l->>'employeeRef' is not null`,
  );
  const markers = new Map<string, string[]>();
  for (const row of lineRows) markers.set(row.org, [...(markers.get(row.org) ?? []), row.marker]);
  return {
    projectId: project!.id,
    reports: Object.fromEntries(reportRows.map((r) => [r.year, r.id])) as Ecofed['reports'],
    partners: new Map(partnerRows.map((p) => [p.id, p.name])),
    markers,
  };
}

async function orgOf(email: string) {
  return (await membershipsOf(email)).find((m) => m.projectId === ecofed.projectId)!.organisationId;
}

/** The markers (line ids, employee references) of every organisation but `own`. */
function othersMarkers(own: string) {
  return [...ecofed.markers.entries()].filter(([org]) => org !== own).flatMap(([, m]) => m);
}

const reportBase = (year: number) => `/projecten/ECOFED/rapporten/${year}`;

type Handler = Parameters<typeof call>[0];

async function getAs(route: { loader?: unknown }, url: string, params: Record<string, string>, email: string) {
  return call(route.loader as Handler, new Request(`${BASE}${url}`, { headers: { cookie: await sessionCookieFor(email) } }), params);
}

async function postAs(route: { action?: unknown }, url: string, params: Record<string, string>, email: string, fields: Record<string, string>) {
  return call(route.action as Handler, post(url, await sessionCookieFor(email), fields), params);
}

const json = <T>(outcome: Outcome) => JSON.parse(outcome.body) as T;

/** The files of the report's dossier ZIP as `email` downloads it. */
async function dossierFiles(reportId: string, email: string) {
  const request = new Request(`${BASE}/exporten/dossier/${reportId}`, { headers: { cookie: await sessionCookieFor(email) } });
  const response = await dossierRoute.loader({ request, params: { reportId }, context: {} });
  expect(response.status, email).toBe(200);
  return unzip(Buffer.from(await response.arrayBuffer()));
}

describe('authorisation matrix: a partner’s cost part is its own (issue 14)', () => {
  beforeAll(async () => {
    ecofed = await loadEcofed();
    expect(ecofed.partners.size).toBeGreaterThan(2);
  });

  it('cost part page: a contributor reads its own part (200) and gets 404 for every other part, also its import page and template', async () => {
    const failures: string[] = [];
    for (const email of CONTRIBUTORS) {
      const own = await orgOf(email);
      for (const organisationId of ecofed.partners.keys()) {
        const params = { code: 'ECOFED', year: '2025', organisationId };
        const url = `${reportBase(2025)}/kosten/${organisationId}`;
        const want = organisationId === own ? 200 : 404;
        const page = await getAs(costPartRoute, url, params, email);
        if (page.status !== want) failures.push(`${email} GET ${url}: expected ${want}, got ${page.status}`);
        if (want === 200 && !json<{ canEdit: boolean }>(page).canEdit) failures.push(`${email} cannot edit its own part`);
        if (want === 404) {
          for (const [name, route, suffix] of [
            ['import page', costImportRoute, '/importeren'],
            ['template', costImportTemplateRoute, '/sjabloon.xlsx'],
          ] as const) {
            const outcome = await getAs(route, `${url}${suffix}`, params, email);
            if (outcome.status !== 404) failures.push(`${email} GET ${name} of ${organisationId}: expected 404, got ${outcome.status}`);
          }
          const posted = await postAs(costPartRoute, url, params, email, { version: '0', 'lines.0.category': 'other', 'lines.0.amount': '1,00' });
          if (posted.status !== 404) failures.push(`${email} POST ${url}: expected 404, got ${posted.status}`);
        }
        for (const marker of want === 404 ? [] : othersMarkers(own)) if (page.body.includes(marker)) failures.push(`${email} own part holds another partner's ${marker}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('cost part page: the penvoerder reads every part (200) read-only for the others’ and gets 403 posting to another; RVO and EZ read every part read-only', async () => {
    const failures: string[] = [];
    const penvoerderOrg = await orgOf(PENVOERDER);
    for (const email of READERS_OF_ALL) {
      for (const organisationId of ecofed.partners.keys()) {
        const params = { code: 'ECOFED', year: '2025', organisationId };
        const url = `${reportBase(2025)}/kosten/${organisationId}`;
        const page = await getAs(costPartRoute, url, params, email);
        if (page.status !== 200) {
          failures.push(`${email} GET ${url}: expected 200, got ${page.status}`);
          continue;
        }
        const data = json<{ canEdit: boolean; partner: { organisationId: string } }>(page);
        const mayEdit = email === PENVOERDER && organisationId === penvoerderOrg;
        if (data.canEdit !== mayEdit) failures.push(`${email} ${url}: canEdit ${data.canEdit}, expected ${mayEdit}`);
        if (data.partner.organisationId !== organisationId) failures.push(`${email} ${url}: shows ${data.partner.organisationId}`);
      }
    }
    const other = [...ecofed.partners.keys()].find((id) => id !== penvoerderOrg)!;
    const url = `${reportBase(2025)}/kosten/${other}`;
    const before = await protectedState();
    const posted = await postAs(costPartRoute, url, { code: 'ECOFED', year: '2025', organisationId: other }, PENVOERDER, { version: '0', 'lines.0.category': 'other', 'lines.0.amount': '1,00' });
    expect(posted.status).toBe(403);
    expect(await protectedState()).toBe(before);
    expect(failures).toEqual([]);
  }, 60_000);

  it('costs overview: a contributor sees only its own figures (others: name and state; no totals); the penvoerder and staff see all', async () => {
    type Overview = { totals: unknown; partners: Array<{ id: string; name: string; figures: { totalCents: number } | null; status: string }> };
    for (const year of [2024, 2025]) {
      const params = { code: 'ECOFED', year: String(year) };
      for (const email of CONTRIBUTORS) {
        const own = await orgOf(email);
        const data = json<Overview>(await getAs(costsRoute, `${reportBase(year)}/kosten`, params, email));
        expect(data.partners.map((p) => p.id).sort(), email).toEqual([...ecofed.partners.keys()].sort());
        for (const p of data.partners) expect(p.figures === null, `${email} ${year} ${p.name}`).toBe(p.id !== own);
        expect(data.totals, `${email} ${year}`).toBeNull();
        expect(data.partners.every((p) => ['completed', 'in_progress', 'not_started'].includes(p.status))).toBe(true);
      }
      for (const email of READERS_OF_ALL) {
        const data = json<Overview>(await getAs(costsRoute, `${reportBase(year)}/kosten`, params, email));
        expect(data.partners.every((p) => p.figures !== null), `${email} ${year}`).toBe(true);
        expect(data.totals, `${email} ${year}`).not.toBeNull();
      }
    }
  });

  it('revision page: a contributor sees only its own lines, also in the compare; the hash is checked on the stored snapshot, which stays whole', async () => {
    const reportId = ecofed.reports[2024];
    const [r1] = await queryRows<{ snapshot: ReportSnapshot; sha256: string; submittedBy: string }>(
      database().db,
      sql`select snapshot, sha256, submitted_by as "submittedBy" from report_revisions where report_id = ${reportId}::uuid and revision = 1`,
    );
    // A second revision in which another partner's (TNO's, the penvoerder's) line changed.
    const penvoerderOrg = await orgOf(PENVOERDER);
    const r2: ReportSnapshot = structuredClone(r1!.snapshot);
    const changed = r2.partners.find((p) => p.organisation.id === penvoerderOrg && p.costLines.length > 0)!;
    changed.costLines[0]!.amountCents += 100;
    await queryRows(
      database().db,
      sql`insert into report_revisions (report_id, revision, snapshot, sha256, reference, submitted_by)
          values (${reportId}::uuid, 2, ${JSON.stringify(r2)}::jsonb, ${snapshotHash(r2)}, 'TEST-ECOFED-2024-R2', ${r1!.submittedBy}::uuid)`,
    );
    type Revision = { revision: { hashOk: boolean }; snapshot: ReportSnapshot & { withheld?: Array<{ organisation: { id: string } }> }; compare: { sections: Array<{ section: string; changes: unknown[] }> } | null };
    const costChanges = (data: Revision) => data.compare!.sections.find((s) => s.section === 'costs')!.changes.length;
    const params = { code: 'ECOFED', year: '2024', revision: '1' };
    const url = `${reportBase(2024)}/revisies/1?met=2`;

    for (const email of CONTRIBUTORS) {
      const own = await orgOf(email);
      const outcome = await getAs(revisionRoute, url, params, email);
      expect(outcome.status).toBe(200);
      const data = json<Revision>(outcome);
      expect(data.revision.hashOk, email).toBe(true);
      expect(data.snapshot.partners.map((p) => p.organisation.id), email).toEqual([own]);
      expect(data.snapshot.withheld?.length, email).toBe(ecofed.partners.size - 1);
      expect(costChanges(data), `${email}: another partner's change is not shown`).toBe(0);
      for (const marker of othersMarkers(own)) expect(outcome.body.includes(marker), `${email} revision holds ${marker}`).toBe(false);
    }
    for (const email of READERS_OF_ALL) {
      const data = json<Revision>(await getAs(revisionRoute, url, params, email));
      expect(data.revision.hashOk, email).toBe(true);
      expect(data.snapshot.partners, email).toHaveLength(ecofed.partners.size);
      expect(data.snapshot.withheld, email).toBeUndefined();
      expect(costChanges(data), email).toBeGreaterThan(0);
    }
    // Nothing of the redaction reached what is stored.
    const [after] = await queryRows<{ snapshot: ReportSnapshot; sha256: string }>(database().db, sql`select snapshot, sha256 from report_revisions where report_id = ${reportId}::uuid and revision = 1`);
    expect(after!.snapshot.partners).toHaveLength(ecofed.partners.size);
    expect(snapshotHash(after!.snapshot)).toBe(after!.sha256);
    expect(after!.sha256).toBe(r1!.sha256);
  }, 60_000);

  it('check page: a contributor sees its own part’s figures and findings only, and no content hash', async () => {
    type Check = { snapshot: ReportSnapshot; findings: Array<{ organisationId?: string }>; contentHash: string };
    const params = { code: 'ECOFED', year: '2025' };
    for (const email of CONTRIBUTORS) {
      const own = await orgOf(email);
      const outcome = await getAs(checkRoute, `${reportBase(2025)}/controleren`, params, email);
      expect(outcome.status).toBe(200);
      const data = json<Check>(outcome);
      expect(data.snapshot.partners.map((p) => p.organisation.id), email).toEqual([own]);
      expect(data.findings.filter((f) => f.organisationId && f.organisationId !== own), email).toEqual([]);
      expect(data.contentHash, email).toBe('');
      for (const marker of othersMarkers(own)) expect(outcome.body.includes(marker), `${email} check page holds ${marker}`).toBe(false);
    }
    const data = json<Check>(await getAs(checkRoute, `${reportBase(2025)}/controleren`, params, PENVOERDER));
    expect(data.snapshot.partners).toHaveLength(ecofed.partners.size);
    expect(new Set(data.findings.map((f) => f.organisationId).filter(Boolean)).size).toBeGreaterThan(1);
    expect(data.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('dossier: a contributor’s holds only its own lines (print view, snapshot.json, every file); the penvoerder’s snapshot.json is the stored snapshot', async () => {
    const reportId = ecofed.reports[2024];
    const saved = process.env.CHROMIUM_PATH;
    await closePdfBrowser();
    process.env.CHROMIUM_PATH = '/nonexistent/chromium'; // the HTML print view instead of a PDF: fast, and searchable
    try {
      for (const email of CONTRIBUTORS) {
        const own = await orgOf(email);
        const print = await getAs(dossierPrintRoute, `/exporten/dossier/${reportId}/afdruk`, { reportId }, email);
        expect(print.status).toBe(200);
        type Section = { id: string; facts?: unknown[]; tables?: unknown[]; sections?: Section[] };
        const costs = json<{ doc: { sections: Section[] } }>(print).doc.sections.find((s) => s.id === 'costs')!;
        expect(costs.tables, `${email}: no project totals`).toEqual([]);
        const partnerSections = costs.sections![0]!.sections!;
        expect(partnerSections.map((s) => s.id.replace('partner-', '')).sort()).toEqual([...ecofed.partners.keys()].sort());
        for (const s of partnerSections) {
          if (s.id === `partner-${own}`) expect(s.tables?.length).toBe(1);
          else expect({ facts: s.facts?.length, tables: s.tables }, `${email} ${s.id}`).toEqual({ facts: 1, tables: undefined });
        }

        const files = await dossierFiles(reportId, email);
        const snapshot = JSON.parse(files['snapshot.json']!.toString('utf8')) as ReportSnapshot;
        expect(snapshot.partners.map((p) => p.organisation.id), email).toEqual([own]);
        const manifest = JSON.parse(files['manifest.json']!.toString('utf8')) as { snapshotWithheld: Array<{ organisationId: string }>; snapshotSha256: string };
        expect(manifest.snapshotWithheld.map((p) => p.organisationId).sort()).toEqual([...ecofed.partners.keys()].filter((id) => id !== own).sort());
        for (const [name, content] of Object.entries(files)) {
          const text = content.toString('utf8');
          for (const marker of othersMarkers(own)) expect(text.includes(marker), `${email} dossier ${name} holds ${marker}`).toBe(false);
        }
      }
      const files = await dossierFiles(reportId, PENVOERDER);
      const manifest = JSON.parse(files['manifest.json']!.toString('utf8')) as { snapshotWithheld: unknown[]; snapshotSha256: string };
      expect(manifest.snapshotWithheld).toEqual([]);
      expect(createHash('sha256').update(files['snapshot.json']!).digest('hex')).toBe(manifest.snapshotSha256);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  }, 60_000);

  // The route hands its principal to getProjectDashboard (without one no partner's figures are shown).
  it('project dashboard: a contributor’s budget against reported costs holds only its own organisation', async () => {
    for (const email of CONTRIBUTORS) {
      const own = await orgOf(email);
      const data = json<{ budget: Array<{ organisationId: string }> }>(await getAs(projectDashboardRoute, '/projecten/ECOFED/dashboard?jaar=2024', { code: 'ECOFED' }, email));
      expect(data.budget.map((p) => p.organisationId), email).toEqual([own]);
    }
    for (const email of READERS_OF_ALL) {
      const data = json<{ budget: unknown[] }>(await getAs(projectDashboardRoute, '/projecten/ECOFED/dashboard?jaar=2024', { code: 'ECOFED' }, email));
      expect(data.budget, email).toHaveLength(ecofed.partners.size);
    }
  });

  it('no page of its own project shows a contributor another partner’s cost lines (every project route, both years)', async () => {
    const failures: string[] = [];
    for (const email of CONTRIBUTORS) {
      const own = await orgOf(email);
      const markers = othersMarkers(own);
      const cookie = await sessionCookieFor(email);
      for (const route of PROJECT_ROUTES) {
        const mod = await moduleOf(route.file);
        if (!mod.loader || route.path === '/exporten/dossier/:reportId') continue; // the ZIP is compressed: see the dossier row
        for (const year of [2024, 2025] as const) {
          const values: Record<string, string> = { code: 'ECOFED', year: String(year), reportId: ecofed.reports[year], organisationId: own, revision: '1', attachmentId: '00000000-0000-4000-8000-000000000000' };
          const params = Object.fromEntries(paramsOf(route.path).map((name) => [name, values[name]!]));
          const url = urlFor(route.path, params);
          const outcome = await call(mod.loader, new Request(`${BASE}${url}`, { headers: { cookie } }), params);
          if (outcome.status >= 500) failures.push(`${email} GET ${url}: ${outcome.status} ${outcome.body.slice(0, 200)}`);
          for (const marker of markers) if (outcome.body.includes(marker)) failures.push(`${email} GET ${url}: holds another partner's ${marker}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
