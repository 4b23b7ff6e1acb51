/**
 * Benchmark (not a test): server time of saving a report section and of loading the task list,
 * on the demo data in an in-memory PGlite, through the real route modules with real Requests.
 *
 *   npm run bench:report            (BENCH_RUNS=300 for more samples)
 *
 * Prints p50/p95/max in milliseconds. Target: p95 ≤ 50 ms on PGlite.
 */
import os from 'node:os';
import { and, eq } from 'drizzle-orm';
import { openPglite, setDatabase } from '#db/client';
import { migrate } from '#db/migrate';
import { organisations, projects, reports, reportSections, workPackages } from '#db/schema/index';
import { seedDemo } from '#db/seed/index';
import * as taskListRoute from '#app/routes/report/task-list';
import * as progressRoute from '#app/routes/report/progress';
import * as costPartRoute from '#app/routes/report/cost-part';
import { sessionCookieFor } from '#test/support/requests';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARMUP = 20;
const BASE = 'http://localhost:3000';

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(name: string, samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(`${name.padEnd(44)} n=${String(s.length).padEnd(4)} p50 ${f(percentile(s, 50))} ms   p95 ${f(percentile(s, 95))} ms   max ${f(s[s.length - 1]!)} ms`);
  return percentile(s, 95);
}

async function time(fn: () => Promise<unknown>) {
  const start = performance.now();
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof Response) || error.status >= 400) throw error;
  }
  return performance.now() - start;
}

async function main() {
  const database = await openPglite(undefined);
  setDatabase(database);
  await migrate(database);
  await seedDemo(database.db, { accounts: true });
  const db = database.db;

  const [report] = await db
    .select({ id: reports.id, projectId: projects.id })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, 'ECOFED'), eq(reports.year, 2025)));
  const wps = await db.select({ id: workPackages.id }).from(workPackages).where(eq(workPackages.projectId, report!.projectId));
  const penvoerder = await sessionCookieFor('penvoerder.ecofed@demo.ipcei.test');
  const contributor = await sessionCookieFor('partner.infosupport@demo.ipcei.test');
  const params = { code: 'ECOFED', year: '2025' };
  const [infosupport] = await db.select({ organisation_id: organisations.id }).from(organisations).where(eq(organisations.name, 'Info Support'));

  const sectionVersion = async () => {
    const [row] = await db
      .select({ version: reportSections.version })
      .from(reportSections)
      .where(and(eq(reportSections.reportId, report!.id), eq(reportSections.section, 'progress')));
    return row!.version;
  };

  const loadTaskList = () =>
    taskListRoute.loader({ request: new Request(`${BASE}/projecten/ECOFED/rapporten/2025`, { headers: { cookie: penvoerder } }), params, context: {} });

  let version = await sectionVersion();
  const saveProgress = (i: number) => {
    const body = new URLSearchParams({ version: String(version), summary: `Samenvatting ${i} `.repeat(40), intent: 'autosave' });
    wps.forEach((wp, j) => {
      body.set(`workPackages.${j}.id`, wp.id);
      body.set(`workPackages.${j}.narrative`, `Werkpakket ${j}, meting ${i}. `.repeat(20));
    });
    const request = new Request(`${BASE}/projecten/ECOFED/rapporten/2025/voortgang`, {
      method: 'POST',
      headers: { cookie: penvoerder, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    return progressRoute.action({ request, params, context: {} }).then((r) => {
      version += 1;
      return r;
    });
  };

  let partVersion = 0;
  const savePart = (i: number) => {
    const body = new URLSearchParams({ version: String(partVersion), intent: 'autosave' });
    for (let j = 0; j < 10; j++) {
      body.set(`lines.${j}.category`, j % 2 ? 'equipment' : 'personnel');
      body.set(`lines.${j}.description`, `Regel ${j} (${i})`);
      if (j % 2) body.set(`lines.${j}.amount`, `${1000 + i},${String(j).padStart(2, '0')}`);
      else body.set(`lines.${j}.hours`, String(100 + i));
    }
    for (const k of ['personnel', 'equipment', 'materials', 'third_party', 'other', 'total']) body.set(`explanations.${k}`, 'Toelichting');
    const request = new Request(`${BASE}/projecten/ECOFED/rapporten/2025/kosten/${infosupport!.organisation_id}`, {
      method: 'POST',
      headers: { cookie: contributor, origin: BASE, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    return costPartRoute.action({ request, params: { ...params, organisationId: infosupport!.organisation_id }, context: {} }).then((r) => {
      partVersion += 1;
      return r;
    });
  };

  const measure = async (fn: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < WARMUP; i++) await fn(-i - 1);
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await time(() => fn(i)));
    return samples;
  };

  console.log(`Report benchmark on PGlite (in memory), demo data, ${RUNS} runs after ${WARMUP} warm-up; server time per request`);
  const p95s = [
    summary('save section (progress, autosave)', await measure(saveProgress)),
    summary('save partner cost part (10 lines)', await measure(savePart)),
    summary('load task list', await measure(() => loadTaskList())),
  ];
  const [load1] = os.loadavg();
  console.log(`Machine load average (1 min) at the end: ${load1!.toFixed(1)} on ${os.cpus().length} cores (other work on the machine inflates p95).`);
  console.log(p95s.every((p) => p <= 50) ? 'All p95 within the 50 ms target.' : 'Some p95 above the 50 ms target.');
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
