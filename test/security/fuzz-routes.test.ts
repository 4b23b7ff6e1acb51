/**
 * Issue 14: hostile input never reaches a 500. Every route of app/routes.ts, as every role
 * (anonymous, partner contributor, penvoerder, reviewer, EZ officer, administrator), through the
 * input boundary the server wraps every route in (app/server/input-boundary.ts):
 * - each path parameter replaced by malformed values (non-UUID of UUID length, SQL, unicode,
 *   overlong, empty, out-of-range years);
 * - each query parameter a loader reads, with hostile values;
 * - each action: each form field (the names the route's source and its schemas use) with each class
 *   of hostile value (control characters, huge/negative/float/exponent/hex numbers, 100 KB text,
 *   markup, formula prefixes, malformed ids), every field hostile at once, random mixes (fast-check),
 *   and malformed bodies (text/plain, JSON, multipart without boundary, broken multipart, empty).
 * Asserted: no 5xx (a thrown non-Response error counts as 500); a 400/409/413/415 carries a specific
 * message (a translation key in the answer); a refused request changed no row (fingerprint: every
 * table's row count, report/part/section versions, the audit log's length — sign-in bookkeeping aside).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import routes from '#app/routes';
import { queryRows } from '#db/client';
import { nl } from '#app/i18n/messages/index';
import { guardRouteModule, onInputError } from '#app/server/input-boundary';
import { setupTestDatabase } from '#test/support/db';
import { sessionCookieFor } from '#test/support/requests';

const database = setupTestDatabase();
const BASE = 'http://localhost:3000';

type RouteEntry = { path?: string; file: string; index?: boolean; children?: RouteEntry[] };
function flattenRoutes(entries: RouteEntry[], prefix = ''): { path: string; file: string }[] {
  return entries.flatMap((e) => {
    const p = e.index ? prefix || '/' : `${prefix}/${e.path ?? ''}`.replace(/\/+/g, '/');
    return [{ path: p, file: e.file }, ...flattenRoutes(e.children ?? [], p)];
  });
}
const ROUTES = flattenRoutes(routes as RouteEntry[]).filter((r) => r.path !== '/*');
const paramsOf = (p: string) => [...p.matchAll(/:(\w+)/g)].map((m) => m[1]!);

const ROLES = {
  anonymous: null,
  contributor: 'partner.infosupport@demo.ipcei.test',
  penvoerder: 'penvoerder.ecofed@demo.ipcei.test',
  reviewer: 'reviewer.a@demo.ipcei.test',
  ez: 'ez@demo.ipcei.test',
  admin: 'admin@demo.ipcei.test',
} as const;
type Role = keyof typeof ROLES;

/** The role that may use a route's forms: its fields get every class one by one. */
function ownerOf(p: string): Role {
  if (p.startsWith('/beheer')) return 'admin';
  if (p.startsWith('/beoordelen') || p.startsWith('/vragen')) return 'reviewer';
  if (p.startsWith('/exporten') || p.startsWith('/dashboard')) return 'ez';
  if (p.includes('/kosten/')) return 'contributor';
  if (p === '/inloggen' || p === '/inloggen/code' || p.startsWith('/uitnodiging')) return 'anonymous';
  return 'penvoerder';
}

/** Hostile values by class (one representative per class for field-by-field; all of them for the mixes). */
const CLASSES: Record<string, string[]> = {
  nul: ['a\u0000b'],
  bell: ['\u0007'],
  escape: ['\u001b[31mred'],
  huge: ['9999999999999999999'],
  negative: ['-1'],
  float: ['1.5'],
  exponent: ['1e309'],
  hex: ['0x10'],
  overlong: ['x'.repeat(100_000)],
  markup: ['<script>alert(1)</script>'],
  formula: ['=HYPERLINK("http://evil.example","x")'],
  badId: ['00000000-0000-0000-0000-00000000000g'],
  sql: ["' or 1=1 --"],
  unicode: ['\uD800\u202E𝕏\uFEFF'],
  empty: [''],
};
const CLASS_NAMES = Object.keys(CLASSES);
const ALL_VALUES = Object.values(CLASSES).flat();

const PARAM_VALUES = ['------------------------------------', 'gggggggg-gggg-gggg-gggg-gggggggggggg', "1' OR '1'='1", '\u0000', 'ÄÖÜ🚀', 'x'.repeat(5000), '', '99999', '-1', '1e3', '0x10', '..%2F..'];

/** Field names, intents and query parameters the route's source (and the section/schema modules it names) mention. */
function vocabulary(file: string) {
  const sources = [path.join('app', file)];
  const own = fs.readFileSync(sources[0]!, 'utf8');
  for (const m of own.matchAll(/from '#app\/(report\/sections\/[\w-]+|components\/(?:admin|review|form)\/[\w-]+)(?:\.server)?'/g)) {
    for (const ext of ['.tsx', '.ts', '.server.ts']) {
      const f = path.join('app', `${m[1]}${ext}`);
      if (fs.existsSync(f)) sources.push(f);
    }
  }
  const names = new Set(['intent', 'version', 'redirectTo']);
  const values = new Set<string>();
  const query = new Set<string>();
  for (const f of sources) {
    const source = fs.readFileSync(f, 'utf8');
    for (const m of source.matchAll(/name=["']([\w.]+)["']/g)) names.add(m[1]!);
    for (const m of source.matchAll(/(?:register|field)\(['"`]([\w.]+)['"`]/g)) names.add(m[1]!);
    for (const m of source.matchAll(/^\s{2,10}(\w+):\s*(?:z\.|text\(|requiredText\(|money|requiredMoney|count\(|tenths\(|choice\(|oneOf\(|uuid\(|version|checkbox|optionalDate|requiredDate|rows\(|group\(|recordId|wholeBetween|moneyBetween|hiddenText|confirmPassword)/gm)) names.add(m[1]!);
    for (const m of source.matchAll(/(?:value=|z\.literal\(|intent === )\s*["'](\w[\w:-]*)["']/g)) values.add(m[1]!);
    for (const m of source.matchAll(/searchParams\.get\('(\w+)'\)/g)) query.add(m[1]!);
  }
  // Nested rows: a first row of each list the schemas know.
  for (const n of ['workPackages.0.narrative', 'workPackages.0.id', 'milestones.0.id', 'milestones.0.status', 'lines.0.amount', 'lines.0.description', 'lines.0.employeeRef', 'risks.0.description', 'activities.0.reach', 'explanations.total']) names.add(n);
  return { names: [...names], intents: [...values], query: [...query] };
}

type Fn = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
type Outcome = { status: number; error: string; body: unknown };

async function run(fn: Fn, request: Request, params: Record<string, string>): Promise<Outcome> {
  try {
    return answer(await fn({ request, params, context: {} }));
  } catch (error) {
    if (error instanceof Response || isData(error)) return answer(error);
    return { status: 500, error: String(error instanceof Error ? error.stack : error), body: null };
  }
}
const isData = (v: unknown): v is { data: unknown; init?: { status?: number } } => !!v && typeof v === 'object' && (v as { type?: unknown }).type === 'DataWithResponseInit';
async function answer(result: unknown): Promise<Outcome> {
  if (result instanceof Response) {
    const text = result.status >= 300 && result.status < 400 ? '' : await result.clone().text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text */
    }
    return { status: result.status, error: '', body };
  }
  if (isData(result)) return { status: result.init?.status ?? 200, error: '', body: result.data };
  return { status: 200, error: '', body: result };
}
const resolved = async (p: Promise<Outcome> | Outcome) => p;

/** A translation key anywhere in the answer (errors, messageKey, refusal text). */
function hasMessage(body: unknown): boolean {
  if (typeof body === 'string') return Object.hasOwn(nl, body) || Object.values(nl).includes(body);
  if (Array.isArray(body)) return body.some(hasMessage);
  if (body && typeof body === 'object') return Object.values(body).some(hasMessage);
  return false;
}

let fingerprintSql = '';
async function fingerprint(): Promise<string> {
  const rows = await queryRows(database().db, sql.raw(fingerprintSql));
  return JSON.stringify(rows);
}

const cookies: Partial<Record<Role, string>> = {};
let validParams: Record<string, string> = {};
const sqlHits: string[] = [];
let stopListening = () => {};

beforeAll(async () => {
  const db = database().db;
  for (const [role, email] of Object.entries(ROLES)) if (email) cookies[role as Role] = await sessionCookieFor(email);
  const [ecofed] = await queryRows<{ id: string }>(db, sql`select id from projects where code = 'ECOFED'`);
  const [report] = await queryRows<{ id: string; year: number }>(db, sql`select id, year from reports where project_id = ${ecofed!.id} and status = 'draft' order by year desc limit 1`);
  const [org] = await queryRows<{ id: string }>(db, sql`select m.organisation_id as id from project_memberships m join users u on u.id = m.user_id where u.email = ${ROLES.contributor}`);
  const [attachment] = await queryRows<{ id: string }>(db, sql`select id from attachments limit 1`);
  const [user] = await queryRows<{ id: string }>(db, sql`select id from users where email = ${ROLES.contributor}`);
  validParams = {
    code: 'ECOFED',
    year: String(report!.year),
    reportId: report!.id,
    organisationId: org!.id,
    attachmentId: attachment?.id ?? '00000000-0000-4000-8000-000000000000',
    revision: '1',
    id: user!.id,
    token: 'A'.repeat(43),
    kind: 'budgets',
    format: 'csv',
  };
  // Every table's row count, every versioned row's version, and the audit log without the sign-in bookkeeping.
  const tables = await queryRows<{ name: string }>(db, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('sessions', 'sign_in_attempts', 'rate_limits', 'jobs', 'email_outbox', '__drizzle_migrations', 'audit_log') order by 1`);
  const versioned = await queryRows<{ name: string }>(db, sql`select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'version' order by 1`);
  fingerprintSql = `select ${[
    ...tables.map((t) => `(select count(*) from "${t.name}")::int as "${t.name}"`),
    ...versioned.map((t) => `(select coalesce(sum(version), 0) from "${t.name}")::bigint as "v_${t.name}"`),
    // Refused attempts are audited on purpose (security events such as account.password_change_failed): not a half-save.
    `(select count(*) from audit_log where action not like 'auth.%' and action not like 'session.%' and action not like 'security.%' and action not like '%\\_failed')::int as audit`,
  ].join(', ')}`;
  stopListening = onInputError((e) => sqlHits.push(`${e.kind} ${e.url}: SQLSTATE ${e.sqlState}${e.constraint ? ` (${e.constraint})` : ''}`));
});
afterAll(() => stopListening());

function post(url: string, cookie: string | undefined, body: BodyInit | null, type?: string) {
  const headers = new Headers({ origin: BASE });
  if (cookie) headers.set('cookie', cookie);
  if (type) headers.set('content-type', type);
  return new Request(`${BASE}${url}`, { method: 'POST', headers, body });
}
/** Percent-encoding that keeps a lone surrogate as the invalid UTF-8 bytes a hostile client would send. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const encode = (v: string) => v.split(LONE_SURROGATE).map(encodeURIComponent).join('%ED%A0%80');
const urlFor = (p: string, params: Record<string, string>) => p.replace(/:(\w+)/g, (_, n: string) => encode(params[n] ?? ''));

describe('fuzzing every route as every role', () => {
  it('never answers 5xx, always names the problem, and a refusal changes nothing', async () => {
    const started = Date.now();
    const failures: string[] = [];
    let requests = 0;
    let combos = 0;
    const counted = { routes: 0, roles: Object.keys(ROLES).length, fields: 0, classes: CLASS_NAMES.length, params: 0 };

    // The fingerprint after the last request: taken again before a request only when the last one was allowed to write.
    let known: string | null = null;
    async function check(label: string, fn: Fn, request: Request, params: Record<string, string>, write: boolean) {
      const before = write ? (known ??= await fingerprint()) : '';
      const outcome = await resolved(run(fn, request, params));
      requests++;
      if (write && outcome.status < 400) known = null;
      if (outcome.status >= 500) {
        failures.push(`${label}: ${outcome.status} ${outcome.error.split('\n').slice(0, 4).join(' | ')}`);
        return outcome;
      }
      if ([400, 409, 411, 413, 415, 422].includes(outcome.status) && !hasMessage(outcome.body)) failures.push(`${label}: ${outcome.status} without a specific message: ${JSON.stringify(outcome.body).slice(0, 200)}`);
      if (write && outcome.status >= 400) {
        known = await fingerprint();
        if (known !== before) {
          const [was, now] = [JSON.parse(before)[0] as Record<string, unknown>, JSON.parse(known)[0] as Record<string, unknown>];
          const changed = Object.keys(now).filter((k) => now[k] !== was[k]).map((k) => `${k} ${String(was[k])}→${String(now[k])}`);
          failures.push(`${label}: refused with ${outcome.status}, but rows changed (${changed.join(', ')})`);
        }
      }
      return outcome;
    }

    for (const route of ROUTES) {
      const mod = guardRouteModule((await import(/* @vite-ignore */ path.resolve('app', route.file))) as { loader?: Fn; action?: Fn });
      if (!mod.loader && !mod.action) continue;
      counted.routes++;
      const names = paramsOf(route.path);
      const params = Object.fromEntries(names.map((n) => [n, validParams[n]!]));
      const { names: fields, intents, query } = vocabulary(route.file);
      const owner = ownerOf(route.path);
      const isSignOut = route.path === '/uitloggen';

      for (const role of Object.keys(ROLES) as Role[]) {
        const cookie = cookies[role];
        const get = (url: string) => new Request(`${BASE}${url}`, { headers: cookie ? { cookie } : {} });
        if (mod.loader) {
          // Malformed path parameters, one at a time.
          for (const name of names) {
            for (const value of role === owner || role === 'admin' ? PARAM_VALUES : PARAM_VALUES.slice(0, 4)) {
              const bad = { ...params, [name]: value };
              const outcome = await check(`GET ${route.path} [${role}] :${name}=${JSON.stringify(value).slice(0, 40)}`, mod.loader, get(urlFor(route.path, bad)), bad, false);
              if (outcome.status === 200 && role === owner) failures.push(`GET ${route.path} :${name}=${JSON.stringify(value).slice(0, 40)} answered 200`);
            }
            counted.params++;
          }
          // Hostile query parameters.
          for (const q of role === owner ? query : []) {
            for (const value of ALL_VALUES) {
              await check(`GET ${route.path}?${q}= [${role}] ${JSON.stringify(value).slice(0, 40)}`, mod.loader, get(`${urlFor(route.path, params)}?${q}=${encode(value)}`), params, false);
            }
          }
        }
        if (!mod.action || isSignOut) continue;
        const action = mod.action;
        const url = urlFor(route.path, params);
        // Malformed path parameters on the action too.
        for (const name of names) {
          for (const value of PARAM_VALUES.slice(0, 6)) {
            const bad = { ...params, [name]: value };
            await check(`POST ${route.path} [${role}] :${name}=${JSON.stringify(value).slice(0, 40)}`, mod.action, post(urlFor(route.path, bad), cookie, 'intent=x', 'application/x-www-form-urlencoded'), bad, true);
          }
        }
        // Malformed bodies.
        const bodies: [string, BodyInit | null, string | undefined][] = [
          ['text/plain', 'a=1', 'text/plain'],
          ['json', '{"status":"approved"}', 'application/json'],
          ['multipart without boundary', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', 'multipart/form-data'],
          ['broken multipart', '--x\r\nfoo\r\n', 'multipart/form-data; boundary=x'],
          ['empty form', '', 'application/x-www-form-urlencoded'],
          ['no content type', 'a=1', undefined],
          ['file name with ; = and quotes', '--x\r\nContent-Disposition: form-data; name="file"; filename="a;b=c\\".pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--x--\r\n', 'multipart/form-data; boundary=x'],
        ];
        for (const [label, body, type] of bodies) await check(`POST ${route.path} [${role}] body: ${label}`, mod.action, post(url, cookie, body, type), params, true);

        const intentsOrNone = intents.length ? intents.slice(0, 12) : [''];
        // Roles that may not use the form meet the permission check first: one intent is enough for them.
        for (const intent of role === owner ? intentsOrNone : intentsOrNone.slice(0, 1)) {
          const form = (entries: [string, string][], multipart = false) => {
            if (multipart) {
              const f = new FormData();
              if (intent) f.append('intent', intent);
              for (const [k, v] of entries) f.append(k, v);
              return post(url, cookie, f);
            }
            const b = new URLSearchParams();
            if (intent) b.append('intent', intent);
            for (const [k, v] of entries) b.append(k, v);
            return post(url, cookie, b.toString(), 'application/x-www-form-urlencoded');
          };
          // Every field hostile at once, per class.
          for (const cls of CLASS_NAMES) {
            await check(`POST ${route.path} [${role}] intent=${intent} all fields ${cls}`, mod.action, form(fields.filter((f) => f !== 'intent').map((f) => [f, CLASSES[cls]![0]!])), params, true);
          }
          // Field by field, as the role that may use the form (FUZZ=full: ~22,000 requests, ~7 minutes;
          // by default every field meets every class at once above, which keeps CI fast).
          if (role !== owner || process.env.FUZZ !== 'full') continue;
          for (const field of fields) {
            if (field === 'intent') continue;
            for (const cls of CLASS_NAMES) {
              combos++;
              await check(`POST ${route.path} [${role}] intent=${intent} ${field}=${cls}`, mod.action, form([[field, CLASSES[cls]![0]!]]), params, true);
            }
          }
        }
        // Random mixes of hostile fields (fast-check): a few runs, as multipart and URL-encoded.
        await fc.assert(
          fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...fields), fc.constantFrom(...ALL_VALUES)), { minLength: 1, maxLength: 8 }), fc.constantFrom(...intentsOrNone), fc.boolean(), async (entries, intent, multipart) => {
            const all: [string, string][] = intent ? [['intent', intent], ...entries] : entries;
            const request = multipart
              ? (() => {
                  const f = new FormData();
                  for (const [k, v] of all) f.append(k, v);
                  return post(url, cookie, f);
                })()
              : post(url, cookie, new URLSearchParams(all).toString(), 'application/x-www-form-urlencoded');
            const before = failures.length;
            await check(`POST ${route.path} [${role}] mix ${JSON.stringify(all).slice(0, 200)} (${multipart ? 'multipart' : 'urlencoded'})`, action, request, params, true);
            return failures.length === before;
          }),
          { numRuns: 2, seed: 14, endOnFailure: true },
        ).catch(() => {});
      }
      counted.fields += fields.length;
      if (process.env.FUZZ_PROGRESS) console.log(`[fuzz-routes] ${route.path}: ${requests} requests, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `[fuzz-routes] ${counted.routes} routes × ${counted.roles} roles; ${counted.params} path parameters × ${PARAM_VALUES.length} values; ${counted.fields} fields × ${counted.classes} classes (${combos} field×class requests as the owning role); ${requests} requests; ${failures.filter((f) => / 5\d\d /.test(f)).length} 5xx; ${failures.length} failures; ${sqlHits.length} values refused only by the database; ${seconds} s`,
    );
    if (sqlHits.length) console.log(`[fuzz-routes] refused by the database, not by a schema:\n  ${[...new Set(sqlHits)].join('\n  ')}`);
    const byRoute = new Map<string, number>();
    for (const f of failures) {
      const key = f.replace(/ \[.*$/, '') + (f.match(/: (\d{3}) /)?.[1] ? ` ${f.match(/: (\d{3}) /)![1]}` : '');
      byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
    }
    if (failures.length) console.log(`[fuzz-routes] failures by route:\n  ${[...byRoute].map(([k, n]) => `${n} × ${k}`).join('\n  ')}\n  first of each:\n  ${[...new Map(failures.map((f) => [f.replace(/ \[.*$/, ''), f])).values()].map((f) => f.slice(0, 300)).join('\n  ')}`);
    const fiveHundreds = failures.filter((f) => / 5\d\d /.test(f));
    if (fiveHundreds.length) console.log(`[fuzz-routes] 5xx:\n  ${fiveHundreds.join('\n  ')}`);
    expect(fiveHundreds).toEqual([]);
    expect(failures.slice(0, 40)).toEqual([]);
  }, 900_000);
});
