/**
 * Property-based tests (fast-check) over every action in app/routes.ts: random and malformed form
 * input, posted by a user who may use the form, never yields a 5xx and never stores invalid data
 * (status, stamps, amounts and ownership untouched by junk; the audit chain intact; the database's
 * own checks never tripped, which would surface as a 5xx).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import routes from '#app/routes';
import { queryRows } from '#db/client';
import { verifyAuditChain } from '#app/models/audit.server';
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
const paramsOf = (p: string) => [...p.matchAll(/:(\w+)/g)].map((m) => m[1]!);
const KNOWN = new Set(['code', 'year', 'reportId', 'organisationId', 'attachmentId', 'revision']);
const ACTION_ROUTES = flatten(routes as RouteEntry[]).filter((r) => {
  if (r.path === '/*' || !fs.existsSync(path.join('app', r.file))) return false;
  if (!paramsOf(r.path).every((p) => KNOWN.has(p))) return false;
  return /export\s+async\s+function\s+action\b/.test(fs.readFileSync(path.join('app', r.file), 'utf8'));
});

/** Field names and intent values the route's own source mentions, so the junk reaches the schemas. */
function vocabulary(file: string) {
  const source = fs.readFileSync(path.join('app', file), 'utf8');
  const names = new Set(['intent', 'version', 'redirectTo']);
  for (const m of source.matchAll(/name=["']([\w.]+)["']/g)) names.add(m[1]!);
  for (const m of source.matchAll(/register\(['"`]([\w.]+)['"`]/g)) names.add(m[1]!);
  for (const m of source.matchAll(/^\s{2,6}(\w+):\s*z\./gm)) names.add(m[1]!);
  const values = new Set<string>();
  for (const m of source.matchAll(/(?:value=|z\.literal\()\s*["'](\w+)["']/g)) values.add(m[1]!);
  return { names: [...names], values: [...values] };
}

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', '1e308', 'NaN', 'Infinity', '-0', '9007199254740993', '12,50', '€ 1.000,00', 'true', 'null', 'undefined', '[]', '{}', "' or 1=1 --", '<script>alert(1)</script>', '../../etc/passwd', '\u0000', '\uFEFF', '2024-02-30', '00000000-0000-0000-0000-000000000000', 'a'.repeat(70_000)),
  fc.integer().map(String),
  fc.double().map(String),
);

let ctx: { cookie: string; admin: string; params: Record<string, string> };

beforeAll(async () => {
  const db = database().db;
  const [ecofed] = await queryRows<{ id: string }>(db, sql`select id from projects where code = 'ECOFED'`);
  const [report] = await queryRows<{ id: string; year: number }>(db, sql`select id, year from reports where project_id = ${ecofed!.id} and status = 'draft' order by year desc limit 1`);
  const [membership] = await queryRows<{ organisationId: string }>(
    db,
    sql`select m.organisation_id as "organisationId" from project_memberships m join users u on u.id = m.user_id where u.email = 'penvoerder.ecofed@demo.ipcei.test'`,
  );
  const [attachment] = await queryRows<{ id: string }>(db, sql`select id from attachments where report_id = ${report!.id} limit 1`);
  ctx = {
    cookie: await sessionCookieFor('penvoerder.ecofed@demo.ipcei.test'),
    admin: await sessionCookieFor('admin@demo.ipcei.test'),
    params: {
      code: 'ECOFED',
      year: String(report!.year),
      reportId: report!.id,
      organisationId: membership!.organisationId,
      attachmentId: attachment?.id ?? '00000000-0000-4000-8000-000000000000',
      revision: '1',
    },
  };
});

async function protectedState() {
  const db = database().db;
  return JSON.stringify(
    await Promise.all([
      queryRows(db, sql`select id, status, submitted_at, submitted_by, approved_at, approved_by from reports order by id`),
      queryRows(db, sql`select project_id, organisation_id, granted_cents from project_partners order by 1, 2`),
      queryRows(db, sql`select user_id, project_id, organisation_id, role from project_memberships order by 1, 2`),
      queryRows(db, sql`select user_id, role from user_roles order by 1, 2`),
    ]),
  );
}

async function status(run: () => Promise<unknown>) {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, error: '' };
    const init = (result as { init?: { status?: number } } | null)?.init;
    return { status: init?.status ?? 200, error: '' };
  } catch (error) {
    if (error instanceof Response) return { status: error.status, error: '' };
    return { status: 500, error: String(error instanceof Error ? error.stack : error) };
  }
}

describe('hostile input to every action (fast-check)', () => {
  it('finds actions to attack', () => {
    expect(ACTION_ROUTES.length).toBeGreaterThan(3);
  });

  it('never answers 5xx and never stores status, stamps, amounts or ownership from junk', async () => {
    const failures: string[] = [];
    for (const route of ACTION_ROUTES) {
      if (route.path === '/uitloggen') continue;
      const mod = (await import(/* @vite-ignore */ path.resolve('app', route.file))) as { action: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown> };
      const { names, values } = vocabulary(route.file);
      const params: Record<string, string> = {};
      for (const p of paramsOf(route.path)) params[p] = ctx.params[p]!;
      const url = route.path.replace(/:(\w+)/g, (_, n: string) => encodeURIComponent(params[n]!));
      const cookie = route.path.startsWith('/beheer') ? ctx.admin : ctx.cookie;
      const field = fc.tuple(fc.constantFrom(...names, 'workPackages.0.narrative', 'lines.0.amountCents', 'status', '__proto__', 'constructor.prototype'), fc.oneof(hostileString, values.length ? fc.constantFrom(...values) : hostileString));
      const before = await protectedState();
      await fc.assert(
        // Other content types never reach an action: formBodiesOnly answers 415 (browser-defences.test.ts).
        fc.asyncProperty(fc.array(field, { maxLength: 12 }), fc.boolean(), async (fields, multipart) => {
          const form = new FormData();
          const body = new URLSearchParams();
          for (const [k, v] of fields) {
            body.append(k, v);
            form.append(k, v);
          }
          const request = multipart
            ? new Request(`${BASE}${url}`, { method: 'POST', headers: { cookie, origin: BASE }, body: form })
            : new Request(`${BASE}${url}`, { method: 'POST', headers: { cookie, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
          const outcome = await status(() => mod.action({ request, params, context: {} }));
          if (outcome.status >= 500) {
            failures.push(`POST ${url} ${JSON.stringify(fields).slice(0, 300)} (${multipart ? 'multipart' : 'urlencoded'}): ${outcome.status} ${outcome.error.split('\n').slice(0, 3).join(' ')}`);
            return false;
          }
          return true;
        }),
        { numRuns: 12, seed: 20261122, endOnFailure: true },
      ).catch(() => {});
      if ((await protectedState()) !== before) failures.push(`POST ${url}: protected fields changed by junk input`);
    }
    const chain = await verifyAuditChain(database().db);
    expect(chain.ok).toBe(true);
    expect(failures).toEqual([]);
  }, 300_000);
});
