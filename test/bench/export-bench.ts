/**
 * Benchmark of the programme-year exports on the EU-scale dataset (generate-eu-scale.ts): the EZ
 * summary (every project of one programme, all parts) as XLSX, CSV (ZIP of one CSV per part) and
 * JSON, and the Commission summary as XLSX. Each export runs in a fresh child process, so its memory
 * figure is its own: one warm-up run, then a measured run whose wall time (first query to last byte)
 * and peak resident memory are printed: the process's peak RSS (the kernel's maxRSS, which includes
 * node, the tsx loader and the loaded modules, ~95 MB) and the part the export adds (peak RSS during
 * the measured run, sampled every 5 ms, minus the RSS before it). The verdict uses the process peak.
 * The machine's load is printed too: on a shared 2-core box wall times vary with it, so the CPU time
 * of the export process is printed beside them (the database server's own time is not in it). Output
 * goes to a counting sink (nothing kept in memory), or to files with OUT_DIR=/some/dir.
 *
 *   DATABASE_URL=postgres://postgres@localhost:55434/ipcei_bench npm run bench:export
 *
 * Options (env): PROGRAMME (default EU-CIS-01), YEAR (default 2024). Targets: ≤ 2 s and ≤ 200 MB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '#db/client';
import * as schema from '#db/schema/index';
import { exportSource, findProgramme, type ExportSpec } from '#app/models/export.server';
import { exportBody, type ExportFormat } from '#app/models/export-files.server';
import type { ExportKind } from '#app/models/export-schema.server';

const TARGET_MS = 2000;
const TARGET_MB = 200;
const PROGRAMME = process.env.PROGRAMME ?? 'EU-CIS-01';
const YEAR = Number(process.env.YEAR ?? 2024);
const RUNS: Array<[ExportKind, ExportFormat]> = [
  ['ez', 'xlsx'],
  ['ez', 'csv'],
  ['ez', 'json'],
  ['commission', 'xlsx'],
];

interface Result {
  kind: ExportKind;
  format: ExportFormat;
  ms: number;
  /** CPU time of this process (user + system) during the measured run: independent of the machine's load. */
  cpuMs: number;
  bytes: number;
  /** Peak RSS during the measured run minus the RSS just before it. */
  addedMb: number;
  peakRssMb: number;
  maxRssMb: number;
  baselineRssMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function child(kind: ExportKind, format: ExportFormat): Promise<Result> {
  // postgres.js + Drizzle directly, as db/client's openPostgres does: db/client also loads the
  // embedded PGlite (~55 MB resident) whatever the driver, which would blur the export's own figure.
  const client = postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} });
  const database = { db: drizzle(client, { schema }) as unknown as Db, close: () => client.end({ timeout: 5 }) };
  try {
    const programme = await findProgramme(database.db, PROGRAMME);
    if (!programme) throw new Error(`No programme ${PROGRAMME}: run npm run bench:generate first.`);
    const spec: ExportSpec = { kind, year: YEAR, locale: 'nl', asOf: `${YEAR + 1}-05-01`, programmeCode: programme.code };
    const once = async (target: Writable) => {
      const started = performance.now();
      const body = await exportBody(exportSource(database.db, programme, spec, { illustrative: false }), format);
      await pipeline(body.stream, target);
      return { ms: performance.now() - started, filename: body.filename };
    };
    const sink = () => {
      let bytes = 0;
      const writable = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          bytes += chunk.length;
          callback();
        },
      });
      return { writable, bytes: () => bytes };
    };
    await once(sink().writable); // warm-up: connections, JIT, module loading
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const counter = sink();
    const cpuBefore = process.cpuUsage();
    const measured = await once(counter.writable);
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (process.env.OUT_DIR) {
      fs.mkdirSync(process.env.OUT_DIR, { recursive: true });
      await once(fs.createWriteStream(path.join(process.env.OUT_DIR, measured.filename)));
    }
    return {
      kind,
      format,
      ms: measured.ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      bytes: counter.bytes(),
      addedMb: mb(peak - baseline),
      peakRssMb: mb(peak),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      baselineRssMb: mb(baseline),
    };
  } finally {
    await database.close();
  }
}

function parent() {
  if (!process.env.DATABASE_URL) {
    console.error('Set DATABASE_URL to the EU-scale benchmark database (see test/bench/generate-eu-scale.ts).');
    process.exit(1);
  }
  const self = fileURLToPath(import.meta.url);
  console.log(`Export benchmark: programme ${PROGRAMME}, year ${YEAR}; targets ≤ ${TARGET_MS} ms and ≤ ${TARGET_MB} MB peak RSS per export`);
  console.log(`Load average (1/5/15 min): ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} CPUs`);
  console.log(
    `${'export'.padEnd(18)}${'time'.padStart(10)}${'CPU'.padStart(10)}${'size'.padStart(12)}${'peak RSS'.padStart(12)}${'of which export'.padStart(17)}${'before'.padStart(9)}  verdict`,
  );
  let failed = false;
  for (const [kind, format] of RUNS) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', kind, format], {
      env: process.env,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || !line) {
      console.error(`${kind} ${format} failed:\n${run.stderr}`);
      failed = true;
      continue;
    }
    const r = JSON.parse(line.slice(7)) as Result;
    const ok = r.ms <= TARGET_MS && r.maxRssMb <= TARGET_MB;
    failed ||= !ok;
    console.log(
      `${`${r.kind} ${r.format}`.padEnd(18)}${`${r.ms.toFixed(0)} ms`.padStart(10)}${`${r.cpuMs.toFixed(0)} ms`.padStart(10)}${`${(r.bytes / 1024).toFixed(0)} KiB`.padStart(12)}${`${r.maxRssMb.toFixed(0)} MB`.padStart(12)}${`+${r.addedMb.toFixed(0)} MB`.padStart(17)}${`${r.baselineRssMb.toFixed(0)} MB`.padStart(9)}  ${ok ? 'ok' : 'OVER TARGET'}`,
    );
  }
  process.exit(failed ? 1 : 0);
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  const kind = process.argv[childIndex + 1] as ExportKind;
  const format = process.argv[childIndex + 2] as ExportFormat;
  child(kind, format).then(
    (result) => {
      console.log(`RESULT ${JSON.stringify(result)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  parent();
}
