/**
 * Benchmark of the programme dashboard on EU-scale data (see generate-eu-scale.ts), on a PostgreSQL
 * server. Prints:
 *   1. the dashboard model (all SQL of the page) and the route loader (with session and permission
 *      lookups): p50/p95 over sequential calls in this process;
 *   2. the whole server-rendered response (HTML read to the end) over HTTP on loopback: p50/p95;
 *   3. under a bounded autocannon load on loopback (fixed overall request rate), the dashboard's
 *      throughput as a ratio of a trivial route (/healthz) on the same server in the same run; and,
 *      for context, the unbounded (saturation) throughput of both.
 *
 *   DATABASE_URL=postgres://postgres@localhost:55433/ipcei_bench npm run bench:dashboard
 *
 * The HTTP server is started in this process: Express with the portal's own middleware (request id,
 * security headers, CSRF guard, compression) and the Remix request handler, with the server build
 * loaded through Vite's ssrLoadModule (the shared build/ directory is not touched). NODE_ENV is
 * production, so React renders with its production build; Vite's dev transform of the app modules
 * (esbuild, not minified) is the only difference from `npm start`.
 * Options (env): ITERATIONS (default 200), RATE (bounded load, requests/s, default 10: several times the peak of a staff of ~50),
 * CONNECTIONS (default 8), DURATION (seconds per autocannon run, default 15).
 */
process.env.NODE_ENV = 'production';

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import autocannon from 'autocannon';
import compression from 'compression';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import express from 'express';
import { getDb, openPostgres, schema, setDatabase, type Db } from '#db/client';
import { programmes, users } from '#db/schema/index';
import { getProgrammeDashboard, parseDashboardFilters } from '#app/models/dashboard.server';
import * as dashboardRoute from '#app/routes/dashboard/programme';
import { baseSecurityHeaders, csrfGuard } from '#app/server/middleware';
import { getConfig } from '#app/utils/config.server';
import { createSession, sessionCookieName } from '#app/utils/session.server';

/** The reviewer account that generate-eu-scale.ts creates. */
const BENCH_USER_EMAIL = 'bench.reviewer@bench.ipcei.test';
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

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the database filled by npm run bench:generate.');
  const database = await openPostgres(url, { max: 10 });
  setDatabase(database);
  const db = getDb();
  const codes = (await db.select({ code: programmes.code }).from(programmes).orderBy(programmes.code)).map((p) => p.code);
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, BENCH_USER_EMAIL));
  if (!user || codes.length === 0) throw new Error('No EU-scale data here: run npm run bench:generate first.');
  const token = await db.transaction((tx) => createSession(tx, user.id, { ipAddress: '127.0.0.1', userAgent: 'bench' }));
  const cookie = `${sessionCookieName()}=${token}`;
  console.log(`PostgreSQL ${database.location}; ${codes.length} programmes; pool of 10 connections`);

  // The views a user opens: whole programme, one year, one aid basis, one project, page 2.
  const views = codes.flatMap((code) => [
    `programma=${code}`,
    `programma=${code}&jaar=2025`,
    `programma=${code}&grondslag=ipcei_communication`,
    `programma=${code}&pagina=2`,
    `programma=${code}&project=P-${String((codes.indexOf(code) * 250 + 7)).padStart(4, '0')}`,
  ]);
  const pick = (i: number) => views[i % views.length]!;

  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  console.log(`machine: ${os.cpus().length} cores, load average (1/5/15 min) ${load()} at the start`);

  // --- 0. What the page's queries cost on the server, one view at a time (EXPLAIN ANALYZE) ------
  // Buffers touched do not depend on how busy the machine is; the times do.
  const captured: Array<{ query: string; params: unknown[] }> = [];
  const tracing = postgres(url, { max: 1, onnotice: () => {}, debug: (_c, query, params) => captured.push({ query, params: [...params] }) });
  const traced = drizzle(tracing, { schema }) as unknown as Db;
  const sample = new URL(`http://localhost/dashboard?programma=${codes[0]}`);
  await getProgrammeDashboard(traced, codes[0]!, parseDashboardFilters(sample));
  console.log(`\nQueries of one page view (${sample.search}), server side:`);
  let totalMs = 0;
  let totalBuffers = 0;
  for (const { query, params } of captured.filter((c) => !/pg_catalog/.test(c.query))) {
    const plan = await tracing.unsafe<{ 'QUERY PLAN': string }[]>(`explain (analyze, buffers, costs off) ${query}`, params as never[]);
    const lines = plan.map((r) => r['QUERY PLAN']);
    const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.join('\n'))?.[1] ?? 0);
    // The first Buffers line belongs to the top plan node and includes all its children.
    const first = lines.find((l) => l.trim().startsWith('Buffers:')) ?? '';
    const buffers = [...first.matchAll(/(?:hit|read)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    totalMs += ms;
    totalBuffers += buffers;
    console.log(`  ${ms.toFixed(1).padStart(7)} ms ${String(buffers).padStart(6)} buffers  ${query.replace(/\s+/g, ' ').slice(0, 70)}`);
  }
  console.log(`  ${totalMs.toFixed(1).padStart(7)} ms ${String(totalBuffers).padStart(6)} buffers  total (${captured.length} queries)`);
  await tracing.end();

  // --- 1. In process: the model (SQL only) and the loader (with session and permission) ---------
  for (let i = 0; i < 20; i++) await getProgrammeDashboard(db, codes[i % codes.length]!, parseDashboardFilters(new URL(`http://x/dashboard?${pick(i)}`)));
  const model: number[] = [];
  const loader: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const query = pick(i);
    const u = new URL(`http://localhost/dashboard?${query}`);
    model.push(await time(() => getProgrammeDashboard(db, u.searchParams.get('programma'), parseDashboardFilters(u))));
    const request = new Request(u, { headers: { cookie } });
    loader.push(await time(() => dashboardRoute.loader({ request, params: {}, context: {} })));
  }
  console.log('\nIn process, sequential:');
  summary('dashboard model (all queries of the page)', model);
  const loaderStats = summary('dashboard loader (+ session and permission)', loader);

  // --- 2. HTTP: the whole server-rendered response ----------------------------------------------
  const vite = await import('vite');
  const viteServer = await vite.createServer({
    root: ROOT,
    cacheDir: '/tmp/ipcei-dashboard-bench-vite',
    logLevel: 'error',
    mode: 'production',
    // The Remix plugin compiles JSX for React's development runtime when serving; React here runs
    // its production build, so switch the transform back to the production runtime.
    plugins: [{ name: 'bench-production-jsx', config: () => ({ esbuild: { jsx: 'automatic', jsxDev: false } }) }],
    server: { middlewareMode: true, hmr: false, ws: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const build = (await viteServer.ssrLoadModule('virtual:remix/server-build')) as ServerBuild;
  const config = getConfig();
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const id = randomUUID();
    req.headers['x-request-id'] = id;
    req.headers['x-client-ip'] = req.socket.remoteAddress ?? 'unknown';
    res.setHeader('X-Request-Id', id);
    next();
  });
  app.use(baseSecurityHeaders(config));
  app.use(csrfGuard(config));
  app.use(compression());
  app.all('*', createRequestHandler({ build, mode: 'production' }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fetchAll = async (path: string, withCookie = true) => {
    const response = await fetch(`${base}${path}`, { headers: withCookie ? { cookie, 'accept-encoding': 'gzip' } : {} });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
    return body;
  };
  const firstHtml = await fetchAll(`/dashboard?${pick(0)}`);
  if (!firstHtml.includes('Kerncijfers')) throw new Error('The dashboard page did not render.');
  for (let i = 0; i < 10; i++) await fetchAll(`/dashboard?${pick(i)}`);
  const ssr: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) ssr.push(await time(() => fetchAll(`/dashboard?${pick(i)}`)));
  console.log('\nHTTP on loopback, sequential (whole response read):');
  const ssrStats = summary('GET /dashboard (server-rendered HTML)', ssr);
  const trivial: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) trivial.push(await time(() => fetchAll('/healthz', false)));
  summary('GET /healthz (trivial route)', trivial);
  console.log(`dashboard HTML size: ${(firstHtml.length / 1024).toFixed(0)} KiB uncompressed`);

  // --- 3. autocannon: bounded load (fixed rate), then saturation --------------------------------
  const paths = views.map((v) => `/dashboard?${v}`);
  const run = (label: string, opts: { path?: string; paths?: string[]; rate?: number; cookie?: boolean }) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      const requests = (opts.paths ?? [opts.path!]).map((path) => ({ method: 'GET' as const, path }));
      autocannon(
        {
          url: base,
          connections: CONNECTIONS,
          duration: DURATION,
          overallRate: opts.rate,
          headers: opts.cookie ? { cookie, 'accept-encoding': 'gzip' } : {},
          requests,
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    }).then((result) => {
      const non2xx = result.non2xx + result.errors + result.timeouts;
      console.log(
        `${label.padEnd(44)} ${result.requests.average.toFixed(1).padStart(7)} req/s  latency p50=${result.latency.p50} ms p97.5=${result.latency.p97_5} ms p99=${result.latency.p99} ms${non2xx ? `  FAILED=${non2xx}` : ''}`,
      );
      return result;
    });

  console.log(`\nautocannon, bounded load: ${RATE} req/s overall, ${CONNECTIONS} connections, ${DURATION} s each:`);
  const boundedTrivial = await run('GET /healthz (trivial)', { path: '/healthz', rate: RATE });
  const boundedDashboard = await run('GET /dashboard (60 views, 12 programmes)', { paths, rate: RATE, cookie: true });
  const ratio = boundedDashboard.requests.average / boundedTrivial.requests.average;
  console.log(`${'ratio dashboard / trivial (bounded)'.padEnd(44)} ${ratio.toFixed(2)}`);

  console.log(`\nautocannon, unbounded (saturation), ${CONNECTIONS} connections, ${DURATION} s each (context only):`);
  const freeTrivial = await run('GET /healthz (trivial)', { path: '/healthz' });
  const freeDashboard = await run('GET /dashboard (60 views, 12 programmes)', { paths, cookie: true });
  const freeRatio = freeDashboard.requests.average / freeTrivial.requests.average;
  console.log(`${'ratio dashboard / trivial (saturation)'.padEnd(44)} ${freeRatio.toFixed(2)}`);

  console.log(`\nload average (1/5/15 min) at the end: ${load()}`);
  console.log('\nTargets:');
  console.log(`  loader p95 ≤ 50 ms: ${loaderStats.p95.toFixed(1)} ms ${loaderStats.p95 <= 50 ? 'MET' : 'NOT MET'}`);
  console.log(`  whole response p50/p95: ${ssrStats.p50.toFixed(1)} / ${ssrStats.p95.toFixed(1)} ms`);
  console.log(`  bounded throughput ratio ≥ 0.5: ${ratio.toFixed(2)} ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`);

  // Let requests that autocannon left in flight finish before the pool closes.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
  await viteServer.close();
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
