/**
 * `npm run standby:drill [-- --seconds 20 --writers 4 --async --kill-under-load --server auto]`:
 * the standby-at-another-site drill (docs/operations.md, "Standby at another site").
 *
 * 1. Two throwaway PostgreSQL clusters in a temp directory, as two sites would hold them: the
 *    PRIMARY (site A: wal_level=replica, a replication role, pg_hba for replication) and a STANDBY
 *    made with `pg_basebackup -R` into site B's own directory, started as a hot standby on another
 *    port. Unless `--async`, the primary then names it in `synchronous_standby_names`.
 * 2. The portal's own code migrates and seeds the primary; then `--writers` concurrent writers run
 *    the save path's shape (lock the report, bump its version, change a cost line, `appendAudit`,
 *    one transaction) for `--seconds`, while the replication lag is sampled every 200 ms on the
 *    primary (pg_stat_replication: write/flush/replay lag and the replay distance in bytes).
 * 3. The load stops; the primary's facts are recorded (row counts of every table, audit entries and
 *    head hash, an audit anchor, the last acknowledged write); the primary is stopped abruptly
 *    (`pg_ctl stop -m immediate`: the site is lost) and the standby promoted. Promote-to-serving is
 *    measured until the portal's code has opened the promoted database, verified the audit chain
 *    against the anchor, served the dashboard read and committed a write.
 * 4. Nothing lost: the same row counts, audit count and head hash, a chain that verifies, the anchor
 *    matched, and every write the primary acknowledged present (the recovery point, in
 *    transactions). With `--kill-under-load` the primary is killed while the writers still write
 *    (the honest recovery point test: synchronous = 0 acknowledged writes lost; `--async` shows
 *    what asynchronous replication loses).
 * 5. The real portal (`app/server/main.ts`) is started on the promoted database and /healthz must
 *    answer 200 (`--server auto`: only with a fresh production build, which it never starts; `off`
 *    skips it; `development` runs Vite's dev server instead).
 *
 * Everything is removed at the end. Exit code 0 when every check holds, 1 otherwise, 2 when the
 * drill could not run (no PostgreSQL binaries). Runs as the invoking user; as root, the clusters
 * belong to the `postgres` OS user (else `nobody`), since initdb refuses root.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { eq, sql } from 'drizzle-orm';
import { appendAudit, verifyAuditChain } from '#app/models/audit.server';
import { checkAgainstAnchor, readAuditHead, readLastAnchor, writeAnchor } from '#app/models/audit-anchor.server';
import { getProgrammeDashboard, parseDashboardFilters } from '#app/models/dashboard.server';
import { buildIsStale } from '#app/server/build';
import { isDriverSocketRace } from '#app/utils/logger.server';
import { databaseFacts, rawQuery } from './backup';
import { openPostgres, queryRows, type Database } from './client';
import { migrate } from './migrate';
import { costLines, reports } from './schema/index';
import { seedDemo } from './seed/index';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The standby's name: primary_conninfo's application_name, and what synchronous_standby_names lists. */
export const STANDBY_NAME = 'site_b';

export interface DrillOptions {
  /** Seconds of write load (default 20). */
  seconds?: number;
  /** Concurrent writers (default 4). */
  writers?: number;
  /** Asynchronous replication (no synchronous_standby_names): measures what it loses. */
  async?: boolean;
  /** Kill the primary while the writers still write, instead of after they stopped. */
  killUnderLoad?: boolean;
  /** Start the real portal on the promoted database: auto = with a fresh production build only. */
  server?: 'auto' | 'production' | 'development' | 'off';
  /** Progress lines (default console.log). */
  log?: (line: string) => void;
}

export interface Distribution {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

export interface DrillCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** Measured, not required (asynchronous mode's loss). */
  informational?: boolean;
}

export interface DrillReport {
  ok: boolean;
  mode: { synchronous: boolean; killUnderLoad: boolean; seconds: number; writers: number };
  writes: { acknowledged: number; failed: number; perSecond: number };
  lag: { writeMs: Distribution; flushMs: Distribution; replayMs: Distribution; replayBytes: Distribution; flushBytes: Distribution };
  /** WAL bytes per acknowledged write during the load. */
  walBytesPerWrite: number;
  /**
   * What asynchronous replication puts at risk: WAL written on the primary but not yet flushed at
   * site B (the flush distance), in bytes and in writes (bytes / WAL per write). Synchronous: 0 by
   * construction for acknowledged writes.
   */
  asyncExposure: { p95Bytes: number; maxBytes: number; p95Writes: number; maxWrites: number };
  /** Acknowledged-on-primary writes missing on the promoted standby. */
  recoveryPointTransactions: number;
  /** `pg_ctl promote` until it returned (the standby accepts writes). */
  promoteMs: number;
  /** `pg_ctl promote` until the portal's code served a read and committed a write on it. */
  promoteToServingMs: number;
  /** The real portal's cold start on the promoted database until /healthz answered 200. */
  server: { mode: 'production' | 'development'; startToHealthyMs: number; promoteToHealthyMs: number } | { skipped: string };
  checks: DrillCheck[];
}

// ------------------------------------------------------------------------------------------------
// PostgreSQL binaries and the OS user that runs the clusters

/** The directory with initdb, pg_ctl and pg_basebackup (PG_BIN_DIR, else PostgreSQL 15's), or null. */
export function findPgBin(): string | null {
  const candidates = [process.env.PG_BIN_DIR, '/usr/lib/postgresql/15/bin', '/usr/local/pgsql/bin'].filter(Boolean) as string[];
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((name) => fs.existsSync(path.join(dir, name)))) ?? null;
}

/** As root: the unprivileged user that owns the clusters (initdb refuses root). Otherwise null. */
function clusterUser(): string | null {
  if (process.getuid?.() !== 0) return null;
  return spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody';
}

interface Pg {
  bin: string;
  user: string | null;
  run(program: string, args: string[], options?: { env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<string>;
}

function pgRunner(bin: string, user: string | null): Pg {
  return {
    bin,
    user,
    run(program, args, options = {}) {
      const command = user ? 'runuser' : path.join(bin, program);
      const argv = user ? ['-u', user, '--', path.join(bin, program), ...args] : args;
      return new Promise((resolve, reject) => {
        const child = spawn(command, argv, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += String(chunk)));
        child.stderr.on('data', (chunk) => (output += String(chunk)));
        const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
        child.on('error', (error) => {
          clearTimeout(timer);
          reject(new Error(`${program}: ${error.message}`));
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve(output);
          else reject(new Error(`${program} ${args.join(' ')} failed (exit ${code}): ${output.trim().slice(-2000)}`));
        });
      });
    },
  };
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}`);
}

/** Bytes between two WAL positions ('16/B374D848'). */
export function lsnDistance(a: string, b: string): number {
  const value = (lsn: string) => {
    const [high, low] = lsn.split('/');
    return BigInt(`0x${high}`) * 2n ** 32n + BigInt(`0x${low}`);
  };
  return Number(value(a) - value(b));
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { samples: 0, p50: NaN, p95: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

// ------------------------------------------------------------------------------------------------
// The two sites

interface Site {
  name: string;
  root: string;
  data: string;
  port: number;
  log: string;
}

function chown(target: string, user: string | null) {
  if (!user) return;
  const result = spawnSync('chown', ['-R', user, target]);
  if (result.status !== 0) throw new Error(`chown ${user} ${target}: ${String(result.stderr)}`);
}

/** Settings of the primary (in postgresql.conf, so the standby inherits them through the base backup). */
function primarySettings(socketDir: string) {
  return [
    '# --- standby drill ---',
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketDir}'`,
    'max_connections = 60',
    'wal_level = replica',
    'max_wal_senders = 5',
    'max_replication_slots = 5',
    "wal_keep_size = '256MB'",
    'hot_standby = on',
    'hot_standby_feedback = on',
    // Throwaway clusters: no fsync. A real site keeps fsync on (docs/operations.md).
    'fsync = off',
    "password_encryption = 'scram-sha-256'",
    '',
  ].join('\n');
}

const PG_HBA = [
  '# TYPE  DATABASE     USER        ADDRESS         METHOD',
  'local   all          postgres                    trust',
  'host    replication  replicator  127.0.0.1/32    scram-sha-256',
  'host    all          all         127.0.0.1/32    scram-sha-256',
  '',
].join('\n');

function startArgs(site: Site) {
  // Each site has its own socket directory (its own root), as on another machine.
  return ['-D', site.data, '-l', site.log, '-w', '-t', '60', '-o', `-p ${site.port} -c unix_socket_directories=${site.root}`, 'start'];
}

async function stopSite(pg: Pg, site: Site, mode: 'fast' | 'immediate') {
  const pidFile = path.join(site.data, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  await pg.run('pg_ctl', ['-D', site.data, '-m', mode, '-w', '-t', '30', 'stop']).catch(() => {});
  if (fs.existsSync(pidFile)) {
    // Our own postmaster, by the pid it wrote.
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

function siteLog(site: Site) {
  try {
    return fs.readFileSync(site.log, 'utf8').slice(-3000);
  } catch {
    return '(no log)';
  }
}

// ------------------------------------------------------------------------------------------------
// The write load

interface AckedWrite {
  id: string;
  writer: number;
  auditHash: string;
  reportId: string;
  reportVersion: number;
  costLineId: string;
  at: number;
}

const DRILL_ACTOR = { userId: null, email: 'standby-drill', ipAddress: '127.0.0.1', requestId: null };

/**
 * One write of the save path's shape, in one transaction: lock the report and bump its version
 * (the optimistic lock), change a cost line's amount, append the audit entry.
 */
async function oneWrite(db: Database['db'], line: { id: string; reportId: string; projectId: string }, id: string, writer: number): Promise<AckedWrite> {
  return db.transaction(async (tx) => {
    const [report] = await tx
      .update(reports)
      .set({ version: sql`${reports.version} + 1` })
      .where(eq(reports.id, line.reportId))
      .returning({ version: reports.version });
    const [cost] = await tx
      .update(costLines)
      .set({ amountCents: sql`${costLines.amountCents} + 100` })
      .where(eq(costLines.id, line.id))
      .returning({ amountCents: costLines.amountCents });
    const auditHash = await appendAudit(tx, DRILL_ACTOR, {
      action: 'drill.cost_line.update',
      entityType: 'cost_line',
      entityId: line.id,
      projectId: line.projectId,
      details: { write: id, writer, reportVersion: report!.version, amountCents: cost!.amountCents },
    });
    return { id, writer, auditHash, reportId: line.reportId, reportVersion: report!.version, costLineId: line.id, at: Date.now() };
  });
}

// ------------------------------------------------------------------------------------------------

export async function runStandbyDrill(options: DrillOptions = {}): Promise<DrillReport> {
  const seconds = options.seconds ?? 20;
  const writerCount = options.writers ?? 4;
  const synchronous = !options.async;
  const killUnderLoad = options.killUnderLoad ?? false;
  const serverMode = options.server ?? 'auto';
  const log = options.log ?? ((line: string) => console.log(line));
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl, pg_basebackup) not found: install PostgreSQL 15 or set PG_BIN_DIR');
  const user = clusterUser();
  const pg = pgRunner(bin, user);

  const checks: DrillCheck[] = [];
  const check = (name: string, ok: boolean, detail: string, informational = false) => {
    checks.push({ name, ok, detail, informational: informational || undefined });
    log(`  ${ok ? 'ok  ' : informational ? 'info' : 'FAIL'}  ${name}: ${detail}`);
  };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcei-standby-drill-'));
  fs.chmodSync(tmp, 0o755);
  const primary: Site = { name: 'primary (site A)', root: path.join(tmp, 'site-a'), data: path.join(tmp, 'site-a', 'data'), port: await freePort(), log: path.join(tmp, 'site-a', 'server.log') };
  const standby: Site = { name: 'standby (site B)', root: path.join(tmp, 'site-b'), data: path.join(tmp, 'site-b', 'data'), port: await freePort(), log: path.join(tmp, 'site-b', 'server.log') };
  for (const site of [primary, standby]) fs.mkdirSync(site.root, { mode: 0o700 });
  chown(tmp, user);
  const anchorFile = path.join(tmp, 'audit-anchors.jsonl');

  const superPassword = randomBytes(12).toString('hex');
  const replicationPassword = randomBytes(12).toString('hex');
  const portalPassword = randomBytes(12).toString('hex');
  const url = (site: Site, who: 'postgres' | 'portal', database: string) =>
    `postgres://${who}:${who === 'postgres' ? superPassword : portalPassword}@127.0.0.1:${site.port}/${database}`;

  const opened: Array<{ close(): Promise<void> }> = [];
  let server: ChildProcess | null = null;
  // If the process dies before the finally below (a crash, Ctrl-C in main), still stop our own
  // postmasters and remove the directories, synchronously.
  const lastResort = () => {
    server?.kill('SIGKILL');
    for (const site of [standby, primary]) {
      if (!fs.existsSync(path.join(site.data, 'postmaster.pid'))) continue;
      const pgCtl = path.join(bin, 'pg_ctl');
      const args = ['-D', site.data, '-m', 'immediate', '-w', '-t', '10', 'stop'];
      spawnSync(user ? 'runuser' : pgCtl, user ? ['-u', user, '--', pgCtl, ...args] : args, { stdio: 'ignore' });
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  process.once('exit', lastResort);

  try {
    // --- a. the primary ------------------------------------------------------------------------
    log(`Standby drill: ${synchronous ? 'synchronous' : 'ASYNCHRONOUS'} replication, ${writerCount} writers for ${seconds} s${killUnderLoad ? ', primary killed under load' : ''}; clusters in ${tmp}${user ? ` (as OS user ${user})` : ''}`);
    const pwfile = path.join(tmp, 'pwfile');
    fs.writeFileSync(pwfile, `${superPassword}\n`, { mode: 0o600 });
    chown(pwfile, user);
    await pg.run('initdb', ['-D', primary.data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8']);
    fs.rmSync(pwfile);
    fs.appendFileSync(path.join(primary.data, 'postgresql.conf'), primarySettings(primary.root));
    fs.writeFileSync(path.join(primary.data, 'pg_hba.conf'), PG_HBA);
    chown(primary.data, user);
    await pg.run('pg_ctl', startArgs(primary)).catch((error: Error) => {
      throw new Error(`${error.message}\n${siteLog(primary)}`);
    });
    const admin = postgres(url(primary, 'postgres', 'postgres'), { max: 2, onnotice: () => {} });
    opened.push({ close: () => admin.end({ timeout: 5 }) });
    await admin.unsafe(`create role replicator with replication login password '${replicationPassword}'`);
    await admin.unsafe(`create role portal with login password '${portalPassword}'`);
    await admin.unsafe('create database ipcei owner portal');
    log(`  primary on 127.0.0.1:${primary.port} (${(await admin`select version()`)[0]!.version.split(' on ')[0]})`);

    // --- the standby at "another site": pg_basebackup -R into its own directory ---------------
    const basebackupStarted = Date.now();
    await pg.run(
      'pg_basebackup',
      ['-D', standby.data, '-R', '-X', 'stream', '-c', 'fast', '-d', `host=127.0.0.1 port=${primary.port} user=replicator application_name=${STANDBY_NAME}`],
      { env: { ...process.env, PGPASSWORD: replicationPassword } },
    );
    const autoConf = fs.readFileSync(path.join(standby.data, 'postgresql.auto.conf'), 'utf8');
    if (!autoConf.includes(`application_name=${STANDBY_NAME}`) || !fs.existsSync(path.join(standby.data, 'standby.signal'))) {
      throw new Error(`pg_basebackup -R did not write standby.signal and primary_conninfo with application_name=${STANDBY_NAME}:\n${autoConf}`);
    }
    // Site B's own socket directory (the copied postgresql.conf names site A's).
    fs.appendFileSync(path.join(standby.data, 'postgresql.conf'), `unix_socket_directories = '${standby.root}'\n`);
    fs.chmodSync(standby.data, 0o700);
    chown(standby.data, user);
    await pg.run('pg_ctl', startArgs(standby)).catch((error: Error) => {
      throw new Error(`${error.message}\n${siteLog(standby)}`);
    });
    const streaming = await waitFor('the standby to stream', 30_000, async () => {
      const [row] = await admin`select state, sync_state from pg_stat_replication where application_name = ${STANDBY_NAME}`;
      return row?.state === 'streaming' ? row : null;
    });
    log(`  standby on 127.0.0.1:${standby.port}: base backup and start in ${Date.now() - basebackupStarted} ms, ${String(streaming.state)}`);
    if (synchronous) {
      // Only now: naming a standby that is not connected would make every commit wait.
      await admin.unsafe(`alter system set synchronous_standby_names = '${STANDBY_NAME}'`);
      await admin`select pg_reload_conf()`;
      await waitFor('the standby to become synchronous', 10_000, async () => {
        const [row] = await admin`select sync_state from pg_stat_replication where application_name = ${STANDBY_NAME}`;
        return row?.sync_state === 'sync';
      });
    }
    const [replication] = await admin`select sync_state from pg_stat_replication where application_name = ${STANDBY_NAME}`;
    const standbyAdmin = postgres(url(standby, 'postgres', 'postgres'), { max: 1, onnotice: () => {} });
    opened.push({ close: () => standbyAdmin.end({ timeout: 5 }) });
    const [recovering] = await standbyAdmin`select pg_is_in_recovery() as r`;
    check('standby streaming', recovering!.r === true && replication?.sync_state === (synchronous ? 'sync' : 'async'), `hot standby in recovery, sync_state ${String(replication?.sync_state)}`);

    // --- b. the portal's schema and demo data, then the write load ----------------------------
    const portalPrimary = await openPostgres(url(primary, 'portal', 'ipcei'), { max: writerCount + 2 });
    opened.push(portalPrimary);
    const seedStarted = Date.now();
    await migrate(portalPrimary);
    await seedDemo(portalPrimary.db, { accounts: false });
    log(`  migrated and seeded the primary in ${Date.now() - seedStarted} ms`);
    await writeAnchor(portalPrimary.db, anchorFile, 'manual');

    const lines = await queryRows<{ id: string; reportId: string; projectId: string }>(
      portalPrimary.db,
      sql`select id, report_id as "reportId", project_id as "projectId" from cost_lines where hours is null order by id limit 64`,
    );
    if (lines.length === 0) throw new Error('the demo seed has no cost lines (other than personnel) to write to');

    const acked: AckedWrite[] = [];
    let failed = 0;
    let firstFailure: string | undefined;
    let running = true;
    const [walStart] = await queryRows<{ lsn: string }>(portalPrimary.db, sql`select pg_current_wal_lsn()::text as lsn`);
    const loadStarted = Date.now();
    const writers = Array.from({ length: writerCount }, async (_, writer) => {
      for (let n = 0; running; n++) {
        const line = lines[(writer * 7 + n) % lines.length]!;
        try {
          acked.push(await oneWrite(portalPrimary.db, line, `w${writer}-${n}`, writer));
        } catch (error) {
          failed++; // not acknowledged: in doubt (only when the primary is killed under load)
          firstFailure ??= error instanceof Error ? String((error.cause as Error | undefined)?.message ?? error.message) : String(error);
          if (!running) return;
          await sleep(50);
        }
      }
    });

    const samples = { writeMs: [] as number[], flushMs: [] as number[], replayMs: [] as number[], replayBytes: [] as number[], flushBytes: [] as number[] };
    let walEnd: string | null = null;
    const sampler = (async () => {
      while (running) {
        const tick = Date.now();
        try {
          const [row] = await admin`
            select extract(epoch from write_lag) * 1000 as write_ms,
                   extract(epoch from flush_lag) * 1000 as flush_ms,
                   extract(epoch from replay_lag) * 1000 as replay_ms,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint as replay_bytes,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::bigint as flush_bytes,
                   pg_current_wal_lsn()::text as current_lsn
              from pg_stat_replication where application_name = ${STANDBY_NAME}`;
          // The lag columns are NULL when the standby has caught up and nothing new was sent.
          if (row?.current_lsn) walEnd = String(row.current_lsn);
          if (row?.write_ms != null) samples.writeMs.push(Number(row.write_ms));
          if (row?.flush_ms != null) samples.flushMs.push(Number(row.flush_ms));
          if (row?.replay_ms != null) samples.replayMs.push(Number(row.replay_ms));
          if (row?.replay_bytes != null) samples.replayBytes.push(Number(row.replay_bytes));
          if (row?.flush_bytes != null) samples.flushBytes.push(Number(row.flush_bytes));
        } catch {
          /* the primary was killed under load */
        }
        await sleep(Math.max(0, 200 - (Date.now() - tick)));
      }
    })();

    // A mid-load anchor, as the daily job would write one while the portal is busy.
    await sleep((seconds * 1000) / 2);
    await writeAnchor(portalPrimary.db, anchorFile, 'manual');
    await sleep(Math.max(0, loadStarted + seconds * 1000 - Date.now()));

    // --- c. the primary's facts, then the site is lost -----------------------------------------
    let primaryFacts: Awaited<ReturnType<typeof databaseFacts>> | null = null;
    let primaryHeadSeq = 0;
    let loadEnded = 0;
    if (killUnderLoad) {
      // The postgres.js socket race of a lost server (see installCrashGuard) is the lost site, not
      // a fault of the drill: ignored while the primary dies; anything else is rethrown.
      let swallowed = 0;
      const guard = (error: Error) => {
        if (isDriverSocketRace(error)) swallowed++;
        else throw error;
      };
      process.on('uncaughtException', guard);
      try {
        await pg.run('pg_ctl', ['-D', primary.data, '-m', 'immediate', '-w', 'stop']);
        running = false;
        await Promise.all([...writers, sampler]);
        loadEnded = Date.now();
        await portalPrimary.close().catch(() => {});
        await admin.end({ timeout: 1 }).catch(() => {});
        await sleep(200);
      } finally {
        process.off('uncaughtException', guard);
      }
      if (swallowed) log(`  (${swallowed} postgres.js socket error(s) of the killed primary ignored)`);
    } else {
      running = false;
      await Promise.all([...writers, sampler]);
      loadEnded = Date.now();
      primaryFacts = await databaseFacts(rawQuery(portalPrimary.db));
      primaryHeadSeq = (await readAuditHead(portalPrimary.db)).seq;
      await writeAnchor(portalPrimary.db, anchorFile, 'manual');
      // Idle pools closed first (nothing in flight), then the server dies without a shutdown.
      await portalPrimary.close().catch(() => {});
      await admin.end({ timeout: 1 }).catch(() => {});
      await pg.run('pg_ctl', ['-D', primary.data, '-m', 'immediate', '-w', 'stop']);
    }
    const loadMs = loadEnded - loadStarted;
    await portalPrimary.close().catch(() => {});
    await admin.end({ timeout: 1 }).catch(() => {});
    // WAL per acknowledged write: turns the bytes not yet at site B into transactions at risk.
    const walPerWrite = walEnd && acked.length ? lsnDistance(walEnd, walStart!.lsn) / acked.length : NaN;
    const last = acked.reduce<AckedWrite | null>((a, b) => (a === null || b.at >= a.at ? b : a), null);
    log(`  load: ${acked.length} writes acknowledged (${(acked.length / (loadMs / 1000)).toFixed(0)}/s), ${failed} not acknowledged; primary stopped with -m immediate`);
    check(
      'write load',
      acked.length > 0 && (killUnderLoad || failed === 0),
      `${acked.length} writes acknowledged, ${failed} failed${killUnderLoad ? ' (the primary was killed under them)' : ''}${firstFailure ? ` (first: ${firstFailure})` : ''}`,
    );
    if (primaryFacts) {
      const rows = Object.values(primaryFacts.tables).reduce((a, b) => a + b, 0);
      log(`  primary before the loss: ${Object.keys(primaryFacts.tables).length} tables, ${rows} rows, audit ${primaryFacts.audit.entries} entries (seq ${primaryHeadSeq}), head ${primaryFacts.audit.headHash.slice(0, 16)}…, last write ${last?.id ?? '–'}`);
    }

    // --- promote, and serve from site B ---------------------------------------------------------
    const promoteStarted = Date.now();
    await pg.run('pg_ctl', ['-D', standby.data, '-w', '-t', '60', 'promote']);
    const promoteMs = Date.now() - promoteStarted;
    const portalStandby = await openPostgres(url(standby, 'portal', 'ipcei'), { max: 4 });
    opened.push(portalStandby);
    const [state] = await queryRows<{ recovering: boolean }>(portalStandby.db, sql`select pg_is_in_recovery() as recovering`);
    const standbyFacts = await databaseFacts(rawQuery(portalStandby.db));
    const chain = await verifyAuditChain(portalStandby.db);
    const lastAnchor = readLastAnchor(anchorFile);
    const anchor = lastAnchor ? await checkAgainstAnchor(portalStandby.db, lastAnchor) : null;
    const dashboard = await getProgrammeDashboard(portalStandby.db, null, parseDashboardFilters(new URL('http://drill.invalid/dashboard')));
    const failoverHash = await portalStandby.db.transaction((tx) =>
      appendAudit(tx, DRILL_ACTOR, { action: 'drill.failover', entityType: 'database', details: { promotedAt: new Date(promoteStarted).toISOString() } }),
    );
    const promoteToServingMs = Date.now() - promoteStarted;
    log(`  promoted in ${promoteMs} ms; the portal's code read, verified and wrote on it ${promoteToServingMs} ms after the promote command`);

    // --- d. nothing lost --------------------------------------------------------------------------
    const lossIsInformational = !synchronous;
    check('promoted', state!.recovering === false, `pg_is_in_recovery() = ${String(state!.recovering)} after ${promoteMs} ms`);
    if (primaryFacts) {
      const differences = Object.keys({ ...primaryFacts.tables, ...standbyFacts.tables }).filter((t) => primaryFacts!.tables[t] !== standbyFacts.tables[t]);
      check(
        'row counts of every table',
        differences.length === 0,
        differences.length === 0
          ? `${Object.keys(standbyFacts.tables).length} tables equal`
          : differences.map((t) => `${t}: primary ${primaryFacts!.tables[t] ?? '–'}, standby ${standbyFacts.tables[t] ?? '–'}`).join('; '),
        lossIsInformational,
      );
      const sameHead = primaryFacts.audit.entries === standbyFacts.audit.entries && primaryFacts.audit.headHash === standbyFacts.audit.headHash;
      check(
        'audit count and head hash',
        sameHead,
        `primary ${primaryFacts.audit.entries} / ${primaryFacts.audit.headHash.slice(0, 16)}…, standby ${standbyFacts.audit.entries} / ${standbyFacts.audit.headHash.slice(0, 16)}…`,
        lossIsInformational,
      );
    } else {
      check('row counts of every table', true, 'not compared: the primary was lost mid-write (the acknowledged writes are compared instead)', true);
    }
    check('audit chain verifies', chain.ok, chain.ok ? `${chain.entries} entries, head ${chain.headHash.slice(0, 16)}…` : `broken at seq ${chain.firstBroken?.seq} (${chain.firstBroken?.reason})`);
    check(
      'audit anchor',
      anchor?.ok === true,
      anchor ? (anchor.ok ? `last anchor (seq ${anchor.anchor.seq}, ${anchor.anchor.count} entries) matches` : anchor.message) : 'no anchor written',
      lossIsInformational,
    );

    const present = new Set(
      (
        await queryRows<{ hash: string }>(
          portalStandby.db,
          sql`select hash from audit_log where action = 'drill.cost_line.update'`,
        )
      ).map((r) => r.hash.trim()),
    );
    const missing = acked.filter((write) => !present.has(write.auditHash));
    let lastDetail = 'no write acknowledged';
    let lastOk = false;
    if (last) {
      const [report] = await portalStandby.db.select({ version: reports.version }).from(reports).where(eq(reports.id, last.reportId));
      lastOk = present.has(last.auditHash) && (report?.version ?? 0) >= last.reportVersion;
      lastDetail = `${last.id}: audit entry ${present.has(last.auditHash) ? 'present' : 'MISSING'}, report version ${report?.version ?? '–'} (committed ${last.reportVersion})`;
    }
    check('last committed write', lastOk, lastDetail, lossIsInformational);
    check(
      'recovery point',
      missing.length === 0,
      `${missing.length} of ${acked.length} acknowledged writes missing on the promoted standby${synchronous ? '' : ' (asynchronous replication)'}`,
      lossIsInformational,
    );
    check(
      'serving',
      dashboard !== null && /^[0-9a-f]{64}$/.test(failoverHash),
      `dashboard read (${dashboard ? 'programme found' : 'no programme'}) and a committed write ${promoteToServingMs} ms after promote`,
    );

    // --- the real portal on the promoted database ------------------------------------------------
    let serverReport: DrillReport['server'];
    // The drill never builds: main.ts would, and the build's minutes are not the failover's.
    const stale = serverMode === 'auto' || serverMode === 'production' ? buildIsStale(ROOT) : false;
    const mode = serverMode === 'off' || stale ? null : serverMode === 'auto' ? 'production' : serverMode;
    if (!mode) {
      serverReport = { skipped: serverMode === 'off' ? '--server off' : 'build/ is missing or older than the sources (npm run build first; the drill does not build)' };
      if (serverMode === 'production') check('portal serves from site B', false, serverReport.skipped);
      else log(`  portal server: skipped (${serverReport.skipped})`);
    } else {
      const port = await freePort();
      const started = Date.now();
      let output = '';
      server = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'app/server/main.ts')], {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: url(standby, 'portal', 'ipcei'),
          PORT: String(port),
          HOST: '127.0.0.1',
          NODE_ENV: mode,
          APP_MODE: 'demo',
          LOG_LEVEL: 'warn',
          AUDIT_ANCHOR_FILE: anchorFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout!.on('data', (chunk) => (output += String(chunk)));
      server.stderr!.on('data', (chunk) => (output += String(chunk)));
      const child = server;
      const healthy = await waitFor('the portal on the promoted database to answer /healthz', 180_000, async () => {
        if (child.exitCode !== null) throw new Error(`the portal exited (${child.exitCode}): ${output.slice(-2000)}`);
        const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
        return response.status === 200 ? Date.now() : null;
      }).catch((error: Error) => error);
      if (healthy instanceof Error) {
        check('portal serves from site B', false, `${healthy.message}\n${output.slice(-1500)}`);
        serverReport = { skipped: 'did not become healthy' };
      } else {
        serverReport = { mode, startToHealthyMs: healthy - started, promoteToHealthyMs: healthy - promoteStarted };
        check('portal serves from site B', true, `GET /healthz 200 ${serverReport.startToHealthyMs} ms after starting app/server/main.ts (${mode})`);
      }
    }

    const ok = checks.every((c) => c.ok || c.informational);
    const flushBytes = distribution(samples.flushBytes);
    return {
      ok,
      mode: { synchronous, killUnderLoad, seconds, writers: writerCount },
      writes: { acknowledged: acked.length, failed, perSecond: Math.round(acked.length / (loadMs / 1000)) },
      lag: {
        writeMs: distribution(samples.writeMs),
        flushMs: distribution(samples.flushMs),
        replayMs: distribution(samples.replayMs),
        replayBytes: distribution(samples.replayBytes),
        flushBytes: flushBytes,
      },
      walBytesPerWrite: Math.round(walPerWrite),
      asyncExposure: {
        p95Bytes: flushBytes.p95,
        maxBytes: flushBytes.max,
        p95Writes: Math.ceil(flushBytes.p95 / walPerWrite),
        maxWrites: Math.ceil(flushBytes.max / walPerWrite),
      },
      recoveryPointTransactions: missing.length,
      promoteMs,
      promoteToServingMs,
      server: serverReport,
      checks,
    };
  } finally {
    // --- e. clean up ------------------------------------------------------------------------------
    if (server && server.exitCode === null) {
      const child = server;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    for (const handle of opened.reverse()) await handle.close().catch(() => {});
    await stopSite(pg, standby, 'fast');
    await stopSite(pg, primary, 'immediate');
    fs.rmSync(tmp, { recursive: true, force: true });
    process.off('exit', lastResort);
  }
}

// ------------------------------------------------------------------------------------------------

const round = (n: number) => (Number.isFinite(n) ? (Math.round(n * 10) / 10).toString() : '–');

/** The summary table. */
export function formatReport(report: DrillReport): string {
  const d = (x: Distribution, unit: string) => `p50 ${round(x.p50)} ${unit}, p95 ${round(x.p95)} ${unit}, max ${round(x.max)} ${unit} (${x.samples} samples)`;
  const rows: Array<[string, string]> = [
    ['replication', `${report.mode.synchronous ? 'synchronous (synchronous_standby_names)' : 'asynchronous'}${report.mode.killUnderLoad ? ', primary killed under load' : ', primary killed after the load'}`],
    ['write load', `${report.mode.writers} writers, ${report.mode.seconds} s: ${report.writes.acknowledged} writes acknowledged (${report.writes.perSecond}/s), ${report.writes.failed} not acknowledged`],
    ['write lag', d(report.lag.writeMs, 'ms')],
    ['flush lag', d(report.lag.flushMs, 'ms')],
    ['replay lag', d(report.lag.replayMs, 'ms')],
    ['replay distance', d(report.lag.replayBytes, 'bytes')],
    ['flush distance', d(report.lag.flushBytes, 'bytes')],
    ['recovery point', `${report.recoveryPointTransactions} acknowledged transactions lost`],
    [
      'async exposure',
      `not yet flushed at site B: p95 ${round(report.asyncExposure.p95Bytes)} bytes ≈ ${round(report.asyncExposure.p95Writes)} writes, max ${round(report.asyncExposure.maxBytes)} bytes ≈ ${round(report.asyncExposure.maxWrites)} writes (${round(report.walBytesPerWrite)} bytes of WAL per write)`,
    ],
    ['promote', `${report.promoteMs} ms (pg_ctl promote -w)`],
    ['promote to serving', `${report.promoteToServingMs} ms (portal code: open, counts, chain + anchor, dashboard read, one write)`],
    [
      'portal on site B',
      'skipped' in report.server
        ? `skipped: ${report.server.skipped}`
        : `/healthz 200 ${report.server.startToHealthyMs} ms after start (${report.server.mode}); ${report.server.promoteToHealthyMs} ms after promote`,
    ],
    ...report.checks.map((c): [string, string] => [`${c.ok ? 'ok' : c.informational ? 'info' : 'FAIL'}: ${c.name}`, c.detail]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), '', report.ok ? 'Standby drill PASSED.' : 'Standby drill FAILED.'].join('\n');
}

export function parseArgs(argv: string[]): DrillOptions {
  const options: DrillOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--seconds') options.seconds = Number(value());
    else if (arg === '--writers') options.writers = Number(value());
    else if (arg === '--async') options.async = true;
    else if (arg === '--kill-under-load') options.killUnderLoad = true;
    else if (arg === '--server') {
      const v = value();
      if (!['auto', 'production', 'development', 'off'].includes(v)) throw new Error('--server is auto, production, development or off');
      options.server = v as DrillOptions['server'];
    } else throw new Error(`unknown option ${arg}`);
  }
  if (options.seconds !== undefined && !(options.seconds > 0 && options.seconds <= 3600)) throw new Error('--seconds is 1 to 3600');
  if (options.writers !== undefined && !(Number.isInteger(options.writers) && options.writers >= 1 && options.writers <= 32)) throw new Error('--writers is 1 to 32');
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // Ctrl-C / kill: exit through 'exit', so the drill's clusters are stopped and removed.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  if (!findPgBin()) {
    console.error('Standby drill cannot run: PostgreSQL binaries (initdb, pg_ctl, pg_basebackup) not found; install PostgreSQL 15 or set PG_BIN_DIR.');
    process.exit(2);
  }
  const report = await runStandbyDrill(options);
  console.log(`\n${formatReport(report)}`);
  process.exitCode = report.ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`Standby drill failed to run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}
