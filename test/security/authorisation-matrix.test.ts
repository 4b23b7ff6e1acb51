/**
 * The authorisation matrix, data-driven from app/routes.ts as it is when the test runs: every
 * project-scoped route (a :code or :reportId parameter) × every demo role × own / other project
 * (and, for a partner's cost part, another organisation in the same project), for loaders (GET)
 * and actions (POST). It proves:
 * - a partner never reaches another project: 404 (or 403), never a page, never a 5xx;
 * - no response to a partner carries an identifier of a project it is not in (project ids, report
 *   ids), on any route, project-scoped or not;
 * - field level: posting status, stamps, granted amounts and ownership fields to every action, as
 *   every role, changes none of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import routes from '#app/routes';
import { queryRows } from '#db/client';
import { DEMO_ACCOUNTS } from '#db/seed/demo-accounts';
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
