/**
 * `npm run restore -- <manifest.json>`: restores a backup made by `npm run backup` into an EMPTY
 * database and proves it is the same data:
 *   1. the file's SHA-256 matches the manifest (not damaged or swapped in transit);
 *   2. restore: pg_restore into DATABASE_URL (which must hold no tables), or the PGlite data directory
 *      into PGLITE_DIR (which must not exist yet or be empty);
 *   3. row counts per table equal the manifest's;
 *   4. the whole audit chain verifies and its head hash equals the manifest's.
 * Exit code 0 only when all four hold; the time taken is printed (the measured recovery time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { verifyAuditChain } from '#app/models/audit.server';
import { databaseFacts, libpqEnv, pgBinary, rawQuery, run, sha256File, type BackupManifest } from './backup';
import { openPglite, openPostgres, type Database } from './client';

export interface RestoreReport {
  ok: boolean;
  problems: string[];
  tables: Record<string, number>;
  audit: { entries: number; headHash: string; chainOk: boolean; firstBroken?: number };
  durationMs: number;
}

export function readManifest(manifestPath: string): { manifest: BackupManifest; file: string } {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BackupManifest;
  if (manifest.manifestVersion !== 1 || !manifest.file || !manifest.sha256) throw new Error(`${manifestPath} is not a backup manifest`);
  // The backup file sits next to its manifest; the name may not lead elsewhere.
  const file = path.join(path.dirname(manifestPath), path.basename(manifest.file));
  return { manifest, file };
}

/** Compares the restored database with the manifest (counts, audit chain and head). */
export async function verifyRestored(database: Database, manifest: BackupManifest, started: number): Promise<RestoreReport> {
  const problems: string[] = [];
  const facts = await databaseFacts(rawQuery(database.db));
  for (const [table, expected] of Object.entries(manifest.tables)) {
    const actual = facts.tables[table];
    if (actual !== expected) problems.push(`table ${table}: ${actual ?? 'missing'} rows, manifest says ${expected}`);
  }
  for (const table of Object.keys(facts.tables)) if (!(table in manifest.tables)) problems.push(`table ${table} is not in the manifest`);
  const chain = await verifyAuditChain(database.db);
  if (!chain.ok) problems.push(`audit chain broken at entry ${chain.firstBroken?.seq} (${chain.firstBroken?.reason})`);
  if (chain.headHash !== manifest.audit.headHash) problems.push(`audit head ${chain.headHash} differs from the manifest's ${manifest.audit.headHash}`);
  if (chain.entries !== manifest.audit.entries && chain.ok) problems.push(`audit log has ${chain.entries} entries, manifest says ${manifest.audit.entries}`);
  return {
    ok: problems.length === 0,
    problems,
    tables: facts.tables,
    audit: { entries: chain.entries, headHash: chain.headHash, chainOk: chain.ok, firstBroken: chain.firstBroken?.seq },
    durationMs: Date.now() - started,
  };
}

async function checksum(file: string, manifest: BackupManifest) {
  if (!fs.existsSync(file)) throw new Error(`backup file ${file} not found`);
  const actual = await sha256File(file);
  if (actual !== manifest.sha256) throw new Error(`checksum mismatch: ${file} has sha256 ${actual}, the manifest says ${manifest.sha256}`);
}

/** Restores a pg_dump backup into the (empty) database at `url`, then verifies it. */
export async function restorePostgres(manifestPath: string, url: string): Promise<RestoreReport> {
  const started = Date.now();
  const { manifest, file } = readManifest(manifestPath);
  if (manifest.kind !== 'pg_dump-custom') throw new Error(`this backup is ${manifest.kind}; restore it with PGLITE_DIR, not DATABASE_URL`);
  await checksum(file, manifest);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ n }] = (await admin`select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`) as unknown as [{ n: number }];
    if (n > 0) throw new Error(`the target database is not empty (${n} tables): restore into a new, empty database`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  await run(pgBinary('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${libpqEnv(url).PGDATABASE}`, file], libpqEnv(url));
  const database = await openPostgres(url, { max: 2 });
  try {
    return await verifyRestored(database, manifest, started);
  } finally {
    await database.close();
  }
}

/**
 * Restores a PGlite backup. With `dir` the data directory is created there (it must not hold data);
 * without, into memory (tests and dry runs). Returns the report and the open database when asked.
 */
export async function restorePglite(manifestPath: string, dir: string | undefined, options: { keepOpen?: boolean } = {}) {
  const started = Date.now();
  const { manifest, file } = readManifest(manifestPath);
  if (manifest.kind !== 'pglite-datadir') throw new Error(`this backup is ${manifest.kind}; restore it with DATABASE_URL, not PGLITE_DIR`);
  await checksum(file, manifest);
  if (dir && fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} is not empty: restore into a new directory`);
  const database = await openPglite(dir, { loadDataDir: new Blob([fs.readFileSync(file)]) });
  try {
    const report = await verifyRestored(database, manifest, started);
    return { report, database: options.keepOpen ? database : undefined };
  } finally {
    if (!options.keepOpen) await database.close();
  }
}

async function main() {
  const manifestPath = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!manifestPath) {
    console.error('Usage: npm run restore -- <path/to/ipcei-….manifest.json>  (target: DATABASE_URL or PGLITE_DIR; must be empty)');
    process.exit(2);
  }
  const { parseConfig } = await import('#app/utils/config.server');
  const config = parseConfig(process.env);
  const report = config.DATABASE_URL
    ? await restorePostgres(path.resolve(manifestPath), config.DATABASE_URL)
    : (await restorePglite(path.resolve(manifestPath), config.pgliteDir)).report;
  const rows = Object.values(report.tables).reduce((a, b) => a + b, 0);
  console.log(`Restored ${Object.keys(report.tables).length} tables, ${rows} rows; audit log ${report.audit.entries} entries, head ${report.audit.headHash.slice(0, 16)}…`);
  console.log(`Restore and verification took ${(report.durationMs / 1000).toFixed(1)} s`);
  if (!report.ok) {
    console.error(`Restore verification FAILED:\n  ${report.problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('Verified: checksum, row counts per table, audit chain and head hash match the manifest.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
