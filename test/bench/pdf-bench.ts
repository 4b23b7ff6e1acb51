/**
 * Benchmark (not a test): printing a report dossier's PDF with the process's one Chromium
 * (app/utils/pdf.server.ts). The HTML is the real dossier print document (`dossierPrintDoc` +
 * `printHtml`, exactly what `/exporten/dossier/:reportId` prints) of the demo ECOFED 2024 revision
 * (five partners, approved), read from the demo data in an in-memory PGlite as the tests do.
 *
 *   npm run bench:pdf            (PDF_BENCH_RUNS=20 for more warm samples)
 *
 * Prints, in milliseconds:
 * - cold: the first PDF of the process, including Chromium's launch;
 * - warm: p50 / p95 / max over PDF_BENCH_RUNS (default 10) sequential PDFs on the running browser;
 * - 4 concurrent: four PDFs started together (the bound, PDF_MAX_CONCURRENT, default 2, lets two
 *   print at once; the others wait in the queue): wall time of the batch and each one's latency;
 * - how many times Chromium was launched (1 expected), and the resident memory of the Chromium
 *   processes once warm.
 * The machine's load average is printed before and after: on a shared 2-core box the figures vary
 * with it. Every PDF is checked to be a PDF of several pages, so a figure is never the time of a
 * failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import { and, eq } from 'drizzle-orm';
import { openPglite, setDatabase } from '#db/client';
import { migrate } from '#db/migrate';
import { projects, reports } from '#db/schema/index';
import { seedDemo } from '#db/seed/index';
import { createTranslator } from '#app/i18n/index';
import { dossierPrintDoc, findDossierRevision } from '#app/models/export-dossier.server';
import { printHtml } from '#app/models/export-files.server';
import { chromiumPath, closePdfBrowser, hasChromium, htmlToPdf, pdfBrowserStats } from '#app/utils/pdf.server';
import { principalFor } from '#test/support/principal';

const RUNS = Number(process.env.PDF_BENCH_RUNS ?? 10);

function loadLine(when: string) {
  const [l1, l5, l15] = os.loadavg();
  return `Load average ${when}: ${l1!.toFixed(2)} / ${l5!.toFixed(2)} / ${l15!.toFixed(2)} (1 / 5 / 15 min) on ${os.cpus().length} cores.`;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => `${n.toFixed(0).padStart(5)} ms`;

/** Resident memory (MB) of the Chromium processes below this one (the browser, its renderers, GPU and utility processes). */
function chromiumRssMb(): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* the process ended meanwhile */
    }
  }
  let kb = 0;
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      try {
        const status = fs.readFileSync(`/proc/${child}/status`, 'utf8');
        if (/^Name:\s+chrom/m.test(status)) kb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      } catch {
        /* gone */
      }
      walk(child);
    }
  };
  walk(process.pid);
  return kb / 1024;
}

async function timedPdf(html: string, footerText: string) {
  const started = performance.now();
  const pdf = await htmlToPdf(html, { footerText });
  const elapsed = performance.now() - started;
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  if (pdf.subarray(0, 5).toString() !== '%PDF-' || pages < 2) throw new Error(`not the dossier PDF (${pdf.length} bytes, ${pages} pages)`);
  return { elapsed, bytes: pdf.length, pages };
}

async function main() {
  console.log(loadLine('at the start'));
  if (!hasChromium()) {
    console.log(`No Chromium at ${chromiumPath()} (set CHROMIUM_PATH): nothing to measure.`);
    return;
  }
  const database = await openPglite(undefined);
  setDatabase(database);
  await migrate(database);
  await seedDemo(database.db, { accounts: true });
  const [report] = await database.db
    .select({ id: reports.id })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, 'ECOFED'), eq(reports.year, 2024)));
  const dossier = await findDossierRevision(database.db, await principalFor('reviewer.b@demo.ipcei.test'), report!.id);
  if (!dossier) throw new Error('the demo data has no ECOFED 2024 revision');
  const html = printHtml(dossierPrintDoc(dossier, createTranslator('nl')));
  const footer = `${dossier.reference} – SHA-256 ${dossier.sha256.slice(0, 16)}…`;
  console.log(`Dossier ${dossier.reference}: ${(html.length / 1024).toFixed(0)} KB of HTML; Chromium ${chromiumPath()}.`);
  console.log(loadLine('before the first PDF'));

  try {
    const cold = await timedPdf(html, footer);
    console.log(`cold (launch + first PDF)       ${ms(cold.elapsed)}   (${cold.pages} pages, ${(cold.bytes / 1024).toFixed(0)} KB)`);

    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push((await timedPdf(html, footer)).elapsed);
    const sorted = [...warm].sort((a, b) => a - b);
    console.log(`warm, sequential (n=${RUNS})        p50 ${ms(percentile(sorted, 50))}   p95 ${ms(percentile(sorted, 95))}   max ${ms(sorted[sorted.length - 1]!)}`);
    console.log(`Chromium resident memory, warm  ${chromiumRssMb().toFixed(0)} MB`);

    const batchStarted = performance.now();
    const batch = await Promise.all(Array.from({ length: 4 }, () => timedPdf(html, footer)));
    const wall = performance.now() - batchStarted;
    const latencies = batch.map((b) => b.elapsed).sort((a, b) => a - b);
    console.log(`4 concurrent                    wall ${ms(wall)}   each: ${latencies.map((l) => l.toFixed(0)).join(' / ')} ms`);
    const stats = pdfBrowserStats();
    console.log(`Chromium launches: ${stats.launches}; at most ${stats.maxConcurrent} pages at once, queue up to ${stats.maxQueue}.`);
  } finally {
    await closePdfBrowser();
    await database.close();
  }
  console.log(loadLine('at the end'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
