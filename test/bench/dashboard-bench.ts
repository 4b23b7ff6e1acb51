/**
 * Benchmark of the programme dashboard on EU-scale data (generate-eu-scale.ts) on a PostgreSQL
 * server, signed in as the EZ officer. Prints, in one run:
 *   1. the queries of one page view of each kind with their server-side time and buffers (EXPLAIN ANALYZE);
 *   2. the route loader (session, permission and all SQL of the page) in this process: p50/p95;
 *   3. with QUARTER_DATABASE_URL (a database filled with `bench:generate -- --scale 0.25`): the
 *      loader at quarter and at full scale in the same process, interleaved, and their ratio;
 *   4. over HTTP against a real production server process (the build in build/, NODE_ENV and
 *      APP_MODE production, started like `npm start`): the whole response p50/p95 and the page size;
 *   5. THE HEADLINE: throughput at saturation (autocannon, no rate limit) of the dashboard and of
 *      /healthz, same connections, same run, and their ratio; then the same under a bounded load.
 *
 *   npm run build
 *   DATABASE_URL=postgres://postgres@127.0.0.1:55433/ipcei_bench \
 *   QUARTER_DATABASE_URL=postgres://postgres@127.0.0.1:55433/ipcei_bench_q npm run bench:dashboard
 *
 * Options (env): ITERATIONS (default 200), CONNECTIONS (default 8), DURATION (seconds per
 * autocannon run, default 15), RATE (bounded load, requests/s, default 10), CPU_PROFILE_DIR (write
 * the server process's V8 CPU profile there when it stops; open it in Chrome DevTools).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { openPostgres, schema, setDatabase, type Db } from '#db/client';
import { migrate } from '#db/migrate';
import { programmes, projects, users } from '#db/schema/index';
import { getProgrammeDashboard, parseDashboardFilters } from '#app/models/dashboard.server';
import * as dashboardRoute from '#app/routes/dashboard/programme';
import { createSession, sessionCookieName } from '#app/utils/session.server';

process.env.NODE_ENV = 'production';
process.env.APP_MODE = 'production';
process.env.PUBLIC_URL ??= 'https://portal.bench.invalid';
process.env.TRUST_PROXY ??= '0';

/** The EZ officer that generate-eu-scale.ts creates. */
const BENCH_EZ_EMAIL = 'bench.ez@bench.ipcei.test';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ITERATIONS = Number(process.env.ITERATIONS ?? 200);
const RATE = Number(process.env.RATE ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 8);
const DURATION = Number(process.env.DURATION ?? 15);

function percentile(sorted: number[], p: number) {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const line = `${label.padEnd(44)} n=${String(samples.length).padEnd(5)} p50=${percentile(sorted, 50).toFixed(1).padStart(7)} ms  p95=${percentile(sorted, 95).toFixed(1).padStart(7)} ms  max=${sorted[sorted.length - 1]!.toFixed(1).padStart(7)} ms`;
  console.log(line);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function time<T>(run: () => Promise<T>) {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

const VIEW_KINDS = ['whole programme', 'one year', 'one aid basis', 'page 2', 'one project'] as const;

/** A scale's database, its EZ session and the views a user opens (whole programme, a year, an aid basis, page 2, one project). */
async function openScale(url: string) {
  const database = await openPostgres(url, { max: 10 });
  await migrate(database);
  const db = database.db;
  const codes = (await db.select({ code: programmes.code }).from(programmes).orderBy(programmes.code)).map((p) => p.code);
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, BENCH_EZ_EMAIL));
  if (!user || codes.length === 0) throw new Error(`No EU-scale data in ${database.location}: run npm run bench:generate first.`);
  const token = await db.transaction((tx) => createSession(tx, user.id, { ipAddress: '127.0.0.1', userAgent: 'bench' }));
  const projectCodes = await db.select({ code: projects.code }).from(projects).orderBy(projects.code);
  const perProgramme = Math.floor(projectCodes.length / codes.length);
  const views = codes.flatMap((code, i) => [
    `programma=${code}`,
    `programma=${code}&jaar=2025`,
    `programma=${code}&grondslag=ipcei_communication`,
    `programma=${code}&pagina=2`,
    `programma=${code}&project=${projectCodes[i * perProgramme + 7]!.code}`,
  ]);
  return { database, codes, token, views, projects: projectCodes.length };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the database filled by npm run bench:generate (and QUARTER_DATABASE_URL to one filled with --scale 0.25).');
  if (!fs.existsSync(path.join(ROOT, 'build/server/index.js'))) throw new Error('No production build: run `npm run build` first.');
  const full = await openScale(url);
  const quarterUrl = process.env.QUARTER_DATABASE_URL;
  const quarter = quarterUrl ? await openScale(quarterUrl) : null;
  setDatabase(full.database);
  const cookieName = sessionCookieName();
  const cookie = `${cookieName}=${full.token}`;
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
  console.log(`PostgreSQL ${full.database.location}: ${full.codes.length} programmes, ${full.projects} projects; pool of 10 connections`);
  if (quarter) console.log(`quarter scale ${quarter.database.location}: ${quarter.projects} projects`);
  console.log(`machine: ${os.cpus().length} cores, load average (1/5/15 min) ${load()} at the start`);
  const pick = (views: string[], i: number) => views[i % views.length]!;

  // --- 1. What the page's queries cost on the server, one view at a time (EXPLAIN ANALYZE) ------
  // Buffers touched do not depend on how busy the machine is; the times do.
  const captured: Array<{ query: string; params: unknown[] }> = [];
  const tracing = postgres(url, { max: 1, onnotice: () => {}, debug: (_c, query, params) => captured.push({ query, params: [...params] }) });
  const traced = drizzle(tracing, { schema }) as unknown as Db;
  for (const view of full.views.slice(0, VIEW_KINDS.length)) {
    captured.length = 0;
    const sample = new URL(`http://localhost/dashboard?${view}`);
    await getProgrammeDashboard(traced, sample.searchParams.get('programma'), parseDashboardFilters(sample));
    console.log(`\nQueries of one page view (?${view}), server side:`);
    let totalMs = 0;
    let totalBuffers = 0;
    // The page's own statements (postgres.js's type lookups on a new connection are left out).
    const statements = captured.filter((c) => !/pg_catalog/.test(c.query));
    for (const { query, params } of statements) {
      const plan = await tracing.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers, costs off) ${query}`, params as never[]);
      const lines = plan.map((r) => r['QUERY PLAN']);
      const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? 0);
      const first = lines.find((l) => l.trim().startsWith('Buffers:')) ?? '';
      const buffers = [...first.matchAll(/(?:hit|read)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
      totalMs += ms;
      totalBuffers += buffers;
      console.log(`  ${ms.toFixed(2).padStart(7)} ms ${String(buffers).padStart(6)} buffers  ${query.replace(/\s+/g, ' ').slice(0, 80)}`);
    }
    console.log(`  ${totalMs.toFixed(2).padStart(7)} ms ${String(totalBuffers).padStart(6)} buffers  total (${statements.length} statements)`);
  }
  await tracing.end();

  // --- 2./3. The loader in this process; quarter vs full scale interleaved ----------------------
  const runLoader = (scale: typeof full, i: number) => {
    setDatabase(scale.database);
    const request = new Request(`http://localhost/dashboard?${pick(scale.views, i)}`, { headers: { cookie: `${cookieName}=${scale.token}` } });
    return time(() => dashboardRoute.loader({ request, params: {}, context: {} }));
  };
  for (let i = 0; i < 30; i++) {
    await runLoader(full, i);
    if (quarter) await runLoader(quarter, i);
  }
  const loaderFull: number[] = [];
  const loaderQuarter: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    loaderFull.push(await runLoader(full, i));
    if (quarter) loaderQuarter.push(await runLoader(quarter, i));
  }
  setDatabase(full.database);
  console.log(`\nIn process, sequential (load average ${load()}):`);
  const loaderStats = summary('dashboard loader, full scale', loaderFull);
  // The same samples by kind of view (the views cycle whole / year / aid basis / page 2 / project).
  VIEW_KINDS.forEach((kind, k) => summary(`  of which ${kind}`, loaderFull.filter((_, i) => i % VIEW_KINDS.length === k)));
  let scaleRatio: number | null = null;
  if (quarter) {
    const q = summary('dashboard loader, quarter scale', loaderQuarter);
    scaleRatio = loaderStats.p50 / q.p50;
    console.log(`${'loader full / quarter scale (p50; p95)'.padEnd(44)} ${scaleRatio.toFixed(2)}; ${(loaderStats.p95 / q.p95).toFixed(2)}`);
  }

  // --- 4. A real production server process ------------------------------------------------------
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const profile = process.env.CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.CPU_PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'app/server/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      APP_MODE: 'production',
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUDIT_ANCHOR_FILE: path.join(os.tmpdir(), `ipcei-bench-anchors-${process.pid}.jsonl`),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const until = Date.now() + 60_000;
    for (;;) {
      const ready = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > until || child.exitCode !== null) throw new Error('the portal did not become ready');
      await new Promise((r) => setTimeout(r, 250));
    }
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

    const fetchAll = async (target: string, withCookie = true) => {
      const response = await fetch(`${base}${target}`, { headers: withCookie ? { cookie, 'accept-encoding': 'gzip' } : {} });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${target}: ${response.status} ${body.slice(0, 200)}`);
      return body;
    };
    const first = await fetchAll(`/dashboard?${full.views[0]}`);
    if (!first.includes('<h1>')) throw new Error('The dashboard page did not render.');
    const sizes = await Promise.all(full.views.slice(0, 5).map(async (view) => ({ view, html: await fetchAll(`/dashboard?${view}`) })));
    for (let i = 0; i < 20; i++) await fetchAll(`/dashboard?${pick(full.views, i)}`);
    const ssr: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) ssr.push(await time(() => fetchAll(`/dashboard?${pick(full.views, i)}`)));
    const trivial: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) trivial.push(await time(() => fetchAll('/healthz', false)));
    console.log(`\nHTTP on loopback to a production server process (pid ${child.pid}), sequential, whole response read (load average ${load()}):`);
    const ssrStats = summary('GET /dashboard (server-rendered HTML)', ssr);
    summary('GET /healthz', trivial);
    let largest = 0;
    for (const { view, html } of sizes) {
      const kb = Buffer.byteLength(html) / 1000;
      largest = Math.max(largest, kb);
      console.log(`  HTML ?${view.padEnd(42)} ${kb.toFixed(1).padStart(6)} KB (${(gzipSync(html).length / 1000).toFixed(1)} KB gzip)`);
    }

    // --- 5. autocannon: saturation (the headline), then bounded ---------------------------------
    const paths = full.views.map((v) => `/dashboard?${v}`);
    const run = (label: string, opts: { path?: string; paths?: string[]; rate?: number; cookie?: boolean }) =>
      new Promise<autocannon.Result>((resolve, reject) => {
        const requests = (opts.paths ?? [opts.path!]).map((p) => ({ method: 'GET' as const, path: p }));
        autocannon(
          { url: base, connections: CONNECTIONS, duration: DURATION, overallRate: opts.rate, headers: opts.cookie ? { cookie, 'accept-encoding': 'gzip' } : {}, requests },
          (error, result) => (error ? reject(error) : resolve(result)),
        );
      }).then((result) => {
        const failed = result.non2xx + result.errors + result.timeouts;
        console.log(
          `${label.padEnd(44)} ${result.requests.average.toFixed(1).padStart(7)} req/s  latency p50=${result.latency.p50} ms p97.5=${result.latency.p97_5} ms${failed ? `  FAILED=${failed}` : ''}  (load ${load()})`,
        );
        return result;
      });
    console.log(`\nautocannon at saturation (no rate limit), ${CONNECTIONS} connections, ${DURATION} s each, same server, same run:`);
    const freeTrivial = await run('GET /healthz', { path: '/healthz' });
    const freeDashboard = await run(`GET /dashboard (${paths.length} views, ${full.codes.length} programmes)`, { paths, cookie: true });
    const saturation = freeDashboard.requests.average / freeTrivial.requests.average;
    console.log(`${'RATIO dashboard / healthz at saturation'.padEnd(44)} ${saturation.toFixed(3)}`);
    console.log(`server RSS after the saturation runs: ${rss().toFixed(0)} MB`);

    console.log(`\nautocannon bounded: ${RATE} req/s overall, ${CONNECTIONS} connections, ${DURATION} s each (secondary):`);
    const boundedTrivial = await run('GET /healthz', { path: '/healthz', rate: RATE });
    const boundedDashboard = await run('GET /dashboard', { paths, rate: RATE, cookie: true });
    const bounded = boundedDashboard.requests.average / boundedTrivial.requests.average;
    console.log(`${'ratio dashboard / healthz (bounded)'.padEnd(44)} ${bounded.toFixed(2)}`);

    console.log(`\nload average (1/5/15 min) at the end: ${load()}`);
    console.log('\nGoals (issue 16):');
    const line = (label: string, value: string, met: boolean) => console.log(`  ${label.padEnd(48)} ${value.padStart(10)}  ${met ? 'MET' : 'NOT MET'}`);
    line('throughput at saturation ≥ 0.25 × /healthz', saturation.toFixed(3), saturation >= 0.25);
    if (scaleRatio !== null) line('loader full / quarter scale ≤ 1.2 (p50)', scaleRatio.toFixed(2), scaleRatio <= 1.2);
    else console.log('  loader full / quarter scale: set QUARTER_DATABASE_URL to measure');
    line('loader p95 ≤ 25 ms (quiet machine)', `${loaderStats.p95.toFixed(1)} ms`, loaderStats.p95 <= 25);
    line('dashboard HTML ≤ 60 KB (largest of 5 views)', `${largest.toFixed(1)} KB`, largest <= 60);
    console.log(`  whole response p50/p95: ${ssrStats.p50.toFixed(1)} / ${ssrStats.p95.toFixed(1)} ms`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await full.database.close();
    await quarter?.database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
