/**
 * `npm run backup [-- --dir <target>]`: a consistent backup of the whole database plus a manifest.
 *
 * - PostgreSQL server (DATABASE_URL): `pg_dump --format=custom` of one exported snapshot; the row
 *   counts and the audit head in the manifest are read in that same snapshot, so they describe
 *   exactly what is in the file even while the portal keeps writing.
 * - Embedded PGlite (PGLITE_DIR): the data directory dump (gzipped tar) of the instance. PGlite
 *   allows one process per directory: stop the portal first (the lock file says so otherwise).
 *
 * The target directory is BACKUP_DIR or --dir (default ./backups): point it at a disk elsewhere
 * (a mounted remote share: the "data embassy" copy). The manifest holds the file's SHA-256, row
 * counts per table, the audit log's entry count and head hash, and the time; `npm run restore`
 * checks all of them. Every backup also appends an anchor of the audit head (same snapshot) to
 * AUDIT_ANCHOR_FILE and records the file and the line in the manifest; when the log no longer
 * matches the previous anchor the backup is still written, the anchor is refused and the command
 * exits 1. See docs/operations.md.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { AnchorMismatchError, writeAnchor } from '#app/models/audit-anchor.server';
import { queryRows, type Database, type Queryable } from './client';

export const MANIFEST_VERSION = 1;

export interface BackupManifest {
  manifestVersion: number;
  kind: 'pg_dump-custom' | 'pglite-datadir';
  /** File name of the backup, next to the manifest. */
  file: string;
  bytes: number;
  sha256: string;
  createdAt: string;
  source: string;
  tables: Record<string, number>;
  audit: { entries: number; headHash: string };
  /**
   * The audit anchor this backup appended: the anchor file and the exact line (`grep -F` finds it),
   * or why it was refused (the log did not match the previous anchor). Absent without an anchor file.
   */
  anchor?: { file: string; line: string } | { file: string; refused: string };
  durationMs: number;
}

export interface BackupOptions {
  /** Where to append the audit anchor (AUDIT_ANCHOR_FILE); none when unset. */
  anchorFile?: string | null;
}

/** Appends the backup's anchor; a mismatch with the previous anchor is recorded, not thrown. */
async function anchorBackup(query: RawQuery | Queryable, options: BackupOptions, now: Date): Promise<BackupManifest['anchor']> {
  if (!options.anchorFile) return undefined;
  try {
    const { line, file } = await writeAnchor(query, options.anchorFile, 'backup', { now });
    return { file, line };
  } catch (error) {
    if (error instanceof AnchorMismatchError) return { file: options.anchorFile, refused: error.message };
    throw error;
  }
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

const GENESIS = '0'.repeat(64);
const identifier = /^[a-z_][a-z0-9_]*$/;

type RawQuery = <T>(text: string) => Promise<T[]>;

/** Raw read-only queries on a Drizzle database or transaction. */
export function rawQuery(db: Queryable): RawQuery {
  return <T,>(text: string) => queryRows(db, sql.raw(text)) as Promise<T[]>;
}

/** Row counts of every table in the public schema, and the audit log's length and head hash. */
export async function databaseFacts(query: RawQuery): Promise<{ tables: Record<string, number>; audit: { entries: number; headHash: string } }> {
  const names = await query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
  );
  const tables: Record<string, number> = {};
  for (const { name } of names) {
    if (!identifier.test(name)) throw new Error(`unexpected table name ${name}`);
    const [row] = await query<{ n: number }>(`select count(*)::int as n from "${name}"`);
    tables[name] = Number(row!.n);
  }
  const [head] = await query<{ hash: string | null; entries: number }>(
    'select (select hash from audit_log order by seq desc limit 1) as hash, (select count(*)::int from audit_log) as entries',
  );
  return { tables, audit: { entries: Number(head?.entries ?? 0), headHash: head?.hash ?? GENESIS } };
}

/** The directory of PostgreSQL client programs (pg_dump, pg_restore) of the newest version here. */
export function pgBinary(name: 'pg_dump' | 'pg_restore'): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(path.join(process.env.PG_BIN_DIR, name));
  try {
    const versions = fs
      .readdirSync('/usr/lib/postgresql')
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(`/usr/lib/postgresql/${v}/bin/${name}`);
  } catch {
    /* not a Debian layout */
  }
  candidates.push(`/usr/local/bin/${name}`, `/usr/local/pgsql/bin/${name}`);
  return candidates.find((c) => fs.existsSync(c)) ?? name;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', (error) => reject(new Error(`${command}: ${error.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** Connection settings for libpq programs, without putting the password on the command line. */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: decodeURIComponent(u.hostname) || 'localhost',
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username) || process.env.PGUSER || 'postgres',
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
}

function stamp(date: Date) {
  return date.toISOString().replace(/[:.]/g, '-');
}

async function writeManifest(dir: string, manifest: BackupManifest) {
  const manifestPath = path.join(dir, manifest.file.replace(/\.(dump|tar\.gz)$/, '.manifest.json'));
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifestPath;
}

/** Backs up a PostgreSQL database (by URL) into `dir`. Returns the manifest's path and contents. */
export async function backupPostgres(url: string, dir: string, now = new Date(), options: BackupOptions = {}) {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const file = `ipcei-${stamp(now)}.dump`;
  const target = path.join(dir, file);
  const client = postgres(url, { max: 1, onnotice: () => {} });
  let facts: Awaited<ReturnType<typeof databaseFacts>> | undefined;
  let anchor: BackupManifest['anchor'];
  try {
    await client.begin('isolation level repeatable read read only', async (tx) => {
      const [{ snapshot }] = (await tx`select pg_export_snapshot() as snapshot`) as unknown as [{ snapshot: string }];
      const query: RawQuery = <T,>(text: string) => tx.unsafe(text) as unknown as Promise<T[]>;
      // Counts and audit head from the same snapshot pg_dump reads.
      facts = await databaseFacts(query);
      await run(pgBinary('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${target}`], libpqEnv(url));
      // The anchor, too, describes exactly what is in the file (still the same snapshot).
      anchor = await anchorBackup(query, options, now);
    });
  } finally {
    await client.end({ timeout: 5 });
  }
  const manifest: BackupManifest = {
    manifestVersion: MANIFEST_VERSION,
    kind: 'pg_dump-custom',
    file,
    bytes: fs.statSync(target).size,
    sha256: await sha256File(target),
    createdAt: now.toISOString(),
    source: describe(url),
    tables: facts!.tables,
    audit: facts!.audit,
    ...(anchor ? { anchor } : {}),
    durationMs: Date.now() - started,
  };
  return { manifestPath: await writeManifest(dir, manifest), manifest };
}

/** Backs up an open PGlite database into `dir` (a gzipped dump of its data directory). */
export async function backupPglite(database: Database, dir: string, now = new Date(), options: BackupOptions = {}) {
  if (!database.pglite) throw new Error('not a PGlite database');
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const file = `ipcei-${stamp(now)}.tar.gz`;
  const target = path.join(dir, file);
  // PGlite runs one query at a time: the facts and the dump see the same state when nothing else
  // uses this instance (the CLI holds the directory's lock).
  const facts = await databaseFacts(rawQuery(database.db));
  const dump = await database.pglite.dumpDataDir('gzip');
  fs.writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
  const anchor = await anchorBackup(database.db, options, now);
  const manifest: BackupManifest = {
    manifestVersion: MANIFEST_VERSION,
    kind: 'pglite-datadir',
    file,
    bytes: fs.statSync(target).size,
    sha256: await sha256File(target),
    createdAt: now.toISOString(),
    source: `pglite:${database.location}`,
    tables: facts.tables,
    audit: facts.audit,
    ...(anchor ? { anchor } : {}),
    durationMs: Date.now() - started,
  };
  return { manifestPath: await writeManifest(dir, manifest), manifest };
}

function describe(url: string) {
  const u = new URL(url);
  return `postgresql://${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** --dir <path> or BACKUP_DIR or ./backups */
export function targetDir(argv: string[]) {
  const index = argv.indexOf('--dir');
  return path.resolve(index >= 0 && argv[index + 1] ? argv[index + 1]! : (process.env.BACKUP_DIR ?? './backups'));
}

async function main() {
  const { parseConfig } = await import('#app/utils/config.server');
  const { openPglite } = await import('./client');
  const config = parseConfig(process.env);
  const dir = targetDir(process.argv.slice(2));
  const options: BackupOptions = { anchorFile: config.auditAnchorFile };
  const result = config.DATABASE_URL
    ? await backupPostgres(config.DATABASE_URL, dir, new Date(), options)
    : await (async () => {
        const database = await openPglite(config.pgliteDir);
        try {
          return await backupPglite(database, dir, new Date(), options);
        } finally {
          await database.close();
        }
      })();
  const m = result.manifest;
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`Backup written: ${path.join(dir, m.file)} (${(m.bytes / 1024).toFixed(0)} KiB, sha256 ${m.sha256.slice(0, 16)}…)`);
  console.log(`  ${Object.keys(m.tables).length} tables, ${rows} rows; audit log ${m.audit.entries} entries, head ${m.audit.headHash.slice(0, 16)}…; ${m.durationMs} ms`);
  console.log(`Manifest: ${result.manifestPath}`);
  if (!m.anchor) {
    console.log('Audit anchor: none written (AUDIT_ANCHOR_FILE is not set).');
  } else if ('line' in m.anchor) {
    console.log(`Audit anchor appended to ${m.anchor.file}:\n  ${m.anchor.line}`);
  } else {
    console.error(`Backup written, but ${m.anchor.refused}. Investigate before trusting this log (docs/operations.md, "Anchoring the audit chain").`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
