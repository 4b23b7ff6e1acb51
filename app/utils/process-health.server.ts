import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '#db/client';

/**
 * What this portal process knows about itself, for /healthz and /readyz: which process answered,
 * its version, and whether its background worker is alive (it records each pass here).
 */
interface ProcessState {
  started: number;
  worker: { running: boolean; intervalMs: number; lastPassAt: number; lastError: string | null };
}
// Kept on globalThis, as the database (db/client.ts): the server entry (which runs the worker) and
// the app build (whose /healthz and /readyz read this) each load their own copy of this module in
// production; module-level state would leave the probes saying "stopped" for ever.
const holder = globalThis as typeof globalThis & { __ipceiProcessState?: ProcessState };
const state = (holder.__ipceiProcessState ??= {
  started: Date.now(),
  worker: { running: false, intervalMs: 15_000, lastPassAt: 0, lastError: null },
});
const started = state.started;
const worker = state.worker;

/** The queue worker reports its state (app/models/jobs/queue.server.ts). */
export function reportWorker(state: { running?: boolean; intervalMs?: number; passEnded?: boolean; error?: string | null }) {
  if (state.running !== undefined) worker.running = state.running;
  if (state.intervalMs !== undefined) worker.intervalMs = state.intervalMs;
  if (state.passEnded) worker.lastPassAt = Date.now();
  if (state.error !== undefined) worker.lastError = state.error;
}

/**
 * The checkout this process runs from: the nearest folder up from this module that holds the
 * portal's package.json. Not a fixed `../..`: in the production build this module is bundled into
 * build/server/assets/, in development and tests it is app/utils/.
 */
let root: string | null = null;
export function projectRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, 'db', 'migrations'))) return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) return (root = process.cwd());
    dir = parent;
  }
}

let version: string | null = null;
/** APP_VERSION (set by the deployment, e.g. the git commit), else the package version. */
export function appVersion(): string {
  if (version) return version;
  const fromEnv = process.env.APP_VERSION?.trim();
  if (fromEnv) return (version = fromEnv.slice(0, 64));
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version?: string };
    return (version = pkg.version ?? 'unknown');
  } catch {
    return (version = 'unknown');
  }
}

export function processInfo() {
  return { pid: process.pid, version: appVersion(), uptimeSeconds: Math.round((Date.now() - started) / 1000) };
}

/**
 * The worker is alive when it runs and its last pass ended within three intervals (plus a minute
 * for a long pass); a process whose worker was never started (a test, a one-off script) says so.
 */
export function workerHealth(now = Date.now()) {
  if (!worker.running) return { state: 'stopped' as const, lastPassAt: null };
  const ago = worker.lastPassAt ? now - worker.lastPassAt : null;
  const alive = ago !== null ? ago <= 3 * worker.intervalMs + 60_000 : now - started <= 3 * worker.intervalMs + 60_000;
  return { state: alive ? ('alive' as const) : ('stalled' as const), lastPassAt: worker.lastPassAt ? new Date(worker.lastPassAt).toISOString() : null, lastError: worker.lastError };
}

/** The migrations the code expects (the committed journal) against those applied in the database. */
let expectedMigrations: number | null = null;
export async function migrationLevel(database: Database) {
  // The committed journal does not change while the process runs: read it once.
  expectedMigrations ??= (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'db/migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
  let applied = 0;
  try {
    const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    applied = row?.n ?? 0;
  } catch {
    applied = 0;
  }
  return { expected: expectedMigrations, applied };
}
