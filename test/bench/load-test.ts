/**
 * `npm run bench:load` — a bounded load test and a database-outage drill against a PostgreSQL server.
 *
 *   BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/postgres npm run bench:load
 *
 * 1. Creates a fresh database on that server (ipcei_load_<time>), migrates and seeds the demo data.
 * 2. Starts the portal (this checkout, production mode unless BENCH_NODE_ENV says otherwise) on
 *    loopback, BENCH_PORT (default 3290).
 * 3. autocannon, BENCH_SECONDS (default 30) with BENCH_USERS (default 50) concurrent connections,
 *    each with its own session: 60% dashboard/project reads (EZ officer), 30% section saves
 *    (penvoerders of ECOFED and MISD, progress section, optimistic version), 10% report submits
 *    (penvoerder of ECC, all racing for the same report).
 * 4. Afterwards counts the writes in the database: every save the portal confirmed must be exactly
 *    one audit entry and one version step (no lost, no duplicated writes), every confirmed submit one
 *    revision. Reports p50/p95/p99 per kind. Fails on any 5xx.
 * 5. Outage drill: cuts the portal off from its database (all its connections terminated, new ones
 *    refused), checks that pages fail with the clean error page (no stack trace) and /healthz says
 *    503 "down", lets the database back and checks the portal recovers by itself, without restart.
 * Drops the database at the end (BENCH_KEEP=1 keeps it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { openPostgres } from '#db/client';
import { migrate } from '#db/migrate';
import { seedDemo } from '#db/seed/index';
import { createSession, sessionCookieName } from '#app/utils/session.server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_URL = process.env.BENCH_DATABASE_URL;
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const BASE = `http://127.0.0.1:${PORT}`;

function percentile(values: number[], p: number) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return Date.now();
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** fetch that reports a refused or reset connection as status 0 instead of throwing. */
async function tryFetch(url: string, init?: RequestInit): Promise<{ status: number; body: string; type: string | null }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
    return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
  } catch (error) {
    return { status: 0, body: String((error as Error).cause ?? error), type: null };
  }
}

async function main() {
  if (!ADMIN_URL) {
    console.error('Set BENCH_DATABASE_URL to a PostgreSQL server (an admin connection that may CREATE DATABASE).');
    process.exit(2);
  }
  const name = `ipcei_load_${Date.now()}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const database = await openPostgres(dbUrl, { max: 4 });
  let portal: ChildProcess | undefined;
  let failed = false;
  try {
    await migrate(database);
    await seedDemo(database.db, { accounts: true });
    const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });

    // Sessions made the way sign-in makes them (MFA already passed for the staff account).
    const { setDatabase } = await import('#db/client');
    setDatabase(database);
    const idOf = async (email: string) => ((await sql`select id from users where email = ${email}`) as unknown as [{ id: string }])[0].id;
    const cookie = async (email: string) => {
      const id = await idOf(email);
      const token = await database.db.transaction((tx) => createSession(tx, id, { ipAddress: '127.0.0.1', userAgent: 'autocannon' }));
      return `${sessionCookieName()}=${token}`;
    };
    const readers = Math.round(USERS * 0.6);
    const savers = Math.round(USERS * 0.3);
    const submitters = USERS - readers - savers;
    const readerCookies = await Promise.all(Array.from({ length: readers }, () => cookie('ez@demo.ipcei.test')));
    const saverCookies = {
      ECOFED: await Promise.all(Array.from({ length: Math.ceil(savers / 2) }, () => cookie('penvoerder.ecofed@demo.ipcei.test'))),
      MISD: await Promise.all(Array.from({ length: Math.ceil(savers / 2) }, () => cookie('penvoerder.misd@demo.ipcei.test'))),
    };
    const submitCookies = await Promise.all(Array.from({ length: submitters }, () => cookie('penvoerder.ecc@demo.ipcei.test')));

    // The sections being saved, and their current versions (polled, as a browser would reload them).
    const targets = (await sql`
      select p.code, r.year, r.id as report_id, s.version from report_sections s join reports r on r.id = s.report_id join projects p on p.id = r.project_id
      where s.section = 'progress' and r.status = 'draft' and p.code in ('ECOFED', 'MISD') order by r.year desc`) as unknown as { code: string; year: number; report_id: string; version: number }[];
    const target = { ECOFED: targets.find((t) => t.code === 'ECOFED')!, MISD: targets.find((t) => t.code === 'MISD')! };
    const [submitTarget] = (await sql`select r.id, r.year, r.version from reports r join projects p on p.id = r.project_id where p.code = 'ECC' and r.status = 'draft' order by r.year desc limit 1`) as unknown as { id: string; year: number; version: number }[];
    const versions: Record<string, number> = { ECOFED: target.ECOFED.version, MISD: target.MISD.version };
    const startVersions = { ...versions };
    const [{ n: auditBefore }] = (await sql`select count(*)::int as n from audit_log where action = 'report.section.save'`) as unknown as [{ n: number }];
    const [{ n: revisionsBefore }] = (await sql`select count(*)::int as n from report_revisions`) as unknown as [{ n: number }];

    // Start the portal.
    const env = { ...process.env, DATABASE_URL: dbUrl, PORT: String(PORT), HOST: '127.0.0.1', APP_MODE: 'demo', NODE_ENV: process.env.BENCH_NODE_ENV ?? 'production', LOG_LEVEL: 'warn' };
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/server/main.ts')], {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    portal = child;
    let portalLog = '';
    child.stdout!.on('data', (c: Buffer) => (portalLog += String(c)));
    child.stderr!.on('data', (c: Buffer) => (portalLog += String(c)));
    const startedAt = Date.now();
    await waitFor(async () => (await fetch(`${BASE}/healthz`)).ok, 300_000, 'the portal to start').catch((error) => {
      console.error(portalLog.slice(-3000));
      throw error;
    });
    console.log(`Portal up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (${env.NODE_ENV}); ${USERS} users for ${SECONDS} s…`);
    // Warm up each page once.
    for (const p of ['/dashboard', '/projecten/ECOFED/dashboard', '/programma']) await fetch(`${BASE}${p}`, { headers: { cookie: readerCookies[0]! } });

    const poll = setInterval(() => {
      void sql`select p.code, s.version from report_sections s join reports r on r.id = s.report_id join projects p on p.id = r.project_id where s.section = 'progress' and r.id in (${target.ECOFED.report_id}, ${target.MISD.report_id})`.then(
        (rows) => {
          for (const row of rows as unknown as { code: string; version: number }[]) versions[row.code] = Math.max(versions[row.code] ?? 0, row.version);
        },
      );
    }, 20);

    const stats = { read: [] as number[], save: [] as number[], submit: [] as number[] };
    const statuses: Record<string, Record<number, number>> = { read: {}, save: {}, submit: {} };
    let saveCounter = 0;
    const run = (kind: 'read' | 'save' | 'submit', connections: number, opts: Partial<autocannon.Options>) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon({ url: BASE, connections, duration: SECONDS, timeout: 20, ...opts } as autocannon.Options, (error, result) => (error ? reject(error) : resolve(result)));
        instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
          stats[kind].push(ms);
          statuses[kind]![statusCode] = (statuses[kind]![statusCode] ?? 0) + 1;
        });
      });
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: BASE };
    const results = await Promise.all([
      run('read', readers, {
        requests: [
          { method: 'GET', path: '/dashboard', setupRequest: (req: autocannon.Request, ctx: { i?: number }) => ({ ...req, headers: { ...req.headers, cookie: readerCookies[(ctx.i = ((ctx.i ?? 0) + 1) % readers)]! } }) },
          { method: 'GET', path: '/projecten/ECOFED/dashboard', setupRequest: (req: autocannon.Request, ctx: { i?: number }) => ({ ...req, headers: { ...req.headers, cookie: readerCookies[(ctx.i ?? 0) % readers]! } }) },
          { method: 'GET', path: '/projecten/MISD', setupRequest: (req: autocannon.Request, ctx: { i?: number }) => ({ ...req, headers: { ...req.headers, cookie: readerCookies[(ctx.i ?? 0) % readers]! } }) },
        ],
      } as Partial<autocannon.Options>),
      run('save', savers, {
        requests: [
          {
            method: 'POST',
            setupRequest: (req: autocannon.Request) => {
              const n = saveCounter++;
              const code = n % 2 ? 'MISD' : 'ECOFED';
              const t = target[code];
              const body = new URLSearchParams({ intent: 'save', version: String(versions[code]), summary: `Voortgang onder belasting, opslag ${n}` }).toString();
              return { ...req, path: `/projecten/${code}/rapporten/${t.year}/voortgang`, headers: { ...form, cookie: saverCookies[code][n % saverCookies[code].length]! }, body };
            },
          },
        ],
      } as Partial<autocannon.Options>),
      run('submit', submitters, {
        requests: [
          {
            method: 'POST',
            path: `/projecten/ECC/rapporten/${submitTarget!.year}/controleren`,
            setupRequest: (req: autocannon.Request, ctx: { i?: number }) => ({
              ...req,
              headers: { ...form, cookie: submitCookies[(ctx.i = ((ctx.i ?? 0) + 1) % submitters)]! },
              body: new URLSearchParams({ version: String(submitTarget!.version), declaration: 'on', contentHash: 'load-test' }).toString(),
            }),
          },
        ],
      } as Partial<autocannon.Options>),
    ]);
    clearInterval(poll);

    // Count the writes afterwards.
    const ok = (kind: string) => Object.entries(statuses[kind]!).filter(([s]) => Number(s) >= 200 && Number(s) < 400).reduce((a, [, n]) => a + n, 0);
    const fiveXX = Object.values(statuses).flatMap((s) => Object.entries(s)).filter(([s]) => Number(s) >= 500).reduce((a, [, n]) => a + n, 0);
    const [{ n: auditAfter }] = (await sql`select count(*)::int as n from audit_log where action = 'report.section.save'`) as unknown as [{ n: number }];
    const after = (await sql`select p.code, s.version from report_sections s join reports r on r.id = s.report_id join projects p on p.id = r.project_id where s.section = 'progress' and r.id in (${target.ECOFED.report_id}, ${target.MISD.report_id})`) as unknown as { code: string; version: number }[];
    const versionSteps = after.reduce((a, row) => a + row.version - startVersions[row.code]!, 0);
    const [{ n: revisionsAfter }] = (await sql`select count(*)::int as n from report_revisions`) as unknown as [{ n: number }];
    const savesConfirmed = ok('save');
    const submitsConfirmed = ok('submit');
    const savedAudit = auditAfter - auditBefore;
    const newRevisions = revisionsAfter - revisionsBefore;

    const line = (kind: 'read' | 'save' | 'submit') =>
      `${kind.padEnd(7)} ${String(stats[kind].length).padStart(6)} requests  p50 ${percentile(stats[kind], 50).toFixed(0).padStart(5)} ms  p95 ${percentile(stats[kind], 95).toFixed(0).padStart(5)} ms  p99 ${percentile(stats[kind], 99).toFixed(0).padStart(5)} ms  statuses ${JSON.stringify(statuses[kind])}`;
    console.log(`\nLoad: ${USERS} concurrent users (${readers} reading, ${savers} saving, ${submitters} submitting), ${SECONDS} s, PostgreSQL ${new URL(ADMIN_URL).host}`);
    for (const kind of ['read', 'save', 'submit'] as const) console.log(line(kind));
    const all = [...stats.read, ...stats.save, ...stats.submit];
    console.log(`all     ${String(all.length).padStart(6)} requests  p95 ${percentile(all, 95).toFixed(0)} ms; ${(all.length / SECONDS).toFixed(0)} req/s; errors/timeouts ${results.reduce((a, r) => a + r.errors + r.timeouts, 0)}`);
    console.log(`Writes: ${savesConfirmed} saves confirmed = ${savedAudit} audit entries = ${versionSteps} version steps; ${submitsConfirmed} submits confirmed = ${newRevisions} new revisions`);
    const problems: string[] = [];
    if (fiveXX > 0) problems.push(`${fiveXX} responses were 5xx`);
    if (savesConfirmed !== savedAudit || savedAudit !== versionSteps) problems.push('saves confirmed, audit entries and version steps differ (lost or duplicated writes)');
    if (submitsConfirmed !== newRevisions || newRevisions > 1) problems.push('submits confirmed and revisions differ, or a report was submitted twice');
    if (savesConfirmed === 0) problems.push('no save succeeded: the load test did not exercise writes');

    // Outage drill.
    console.log('\nOutage: cutting the portal off from its database…');
    const page = await tryFetch(`${BASE}/programma`, { headers: { cookie: readerCookies[0]! } });
    if (page.status !== 200) problems.push(`before the outage /programma answered ${page.status}`);
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.unsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
    await sql.end({ timeout: 1 }).catch(() => {});
    const outageStart = Date.now();
    await new Promise((r) => setTimeout(r, 500));
    const health = await tryFetch(`${BASE}/healthz`);
    const healthBody = health.body;
    const down = await tryFetch(`${BASE}/programma`, { headers: { cookie: readerCookies[0]! } });
    const downBody = down.body;
    console.log(`  during: /healthz ${health.status} ${healthBody}; /programma ${down.status} ${down.type}`);
    if (health.status !== 503 || !healthBody.includes('"down"')) problems.push('/healthz did not report the database as down');
    if (down.status !== 503) problems.push(`/programma answered ${down.status} with the database gone (expected 503)`);
    if (down.status !== 503) console.log(`  error page excerpt: ${downBody.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
    if (!/<html/i.test(downBody) || /\bat [\w.]+ \(|ECONNREFUSED|postgres|stack/i.test(downBody)) problems.push('the error page is not a clean HTML page (or leaks internals)');
    await new Promise((r) => setTimeout(r, 3000));
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    const backAt = Date.now();
    const recovered = await waitFor(async () => (await tryFetch(`${BASE}/healthz`)).status === 200 && (await tryFetch(`${BASE}/programma`, { headers: { cookie: readerCookies[0]! } })).status === 200, 60_000, 'recovery').catch(() => null);
    if (recovered === null) problems.push('the portal did not recover within 60 s');
    else console.log(`  database back after ${((backAt - outageStart) / 1000).toFixed(1)} s; portal serving again ${((recovered - backAt) / 1000).toFixed(1)} s later, same process (pid ${child.pid}, never restarted)`);
    if (child.exitCode !== null || child.signalCode !== null) {
      problems.push(`the portal process exited (${child.exitCode ?? child.signalCode})`);
      console.error(portalLog.slice(-2000));
    }

    if (problems.length) {
      failed = true;
      console.error(`\nFAILED:\n  ${problems.join('\n  ')}`);
    } else {
      console.log('\nPASSED: zero 5xx under load, no lost or duplicated writes, clean failure and self-recovery after the outage.');
    }
  } finally {
    portal?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await database.close().catch(() => {});
    if (!process.env.BENCH_KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
