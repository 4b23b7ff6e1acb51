import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { queryRows } from '#db/client';
import { backupPglite, backupPostgres, databaseFacts, rawQuery, type BackupManifest } from '#db/backup';
import { restorePglite, restorePostgres } from '#db/restore';
import { auditVerify } from '#db/audit-verify';
import { appendAudit, verifyAuditChain } from '#app/models/audit.server';
import { setupTestDatabase } from '#test/support/db';

const database = setupTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcei-backup-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The URL of this test file's own database on the server (TEST_DATABASE_URL runs). */
async function serverUrl(): Promise<{ url: string; admin: string }> {
  const template = inject('dbTemplate');
  if (template.kind !== 'postgres') throw new Error('not on a server');
  const [row] = await queryRows<{ name: string }>(database().db, sql`select current_database() as name`);
  const url = new URL(template.adminUrl);
  url.pathname = `/${row!.name}`;
  return { url: url.toString(), admin: template.adminUrl };
}

async function backup(target: string) {
  const db = database();
  return db.driver === 'pglite' ? backupPglite(db, target) : backupPostgres((await serverUrl()).url, target);
}

/** Restores into a fresh, empty database of the same kind and returns its report. */
async function restoreFresh(manifestPath: string) {
  const db = database();
  if (db.driver === 'pglite') return (await restorePglite(manifestPath, undefined)).report;
  const { admin } = await serverUrl();
  const name = `ipcei_restore_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = postgres(admin, { max: 1, onnotice: () => {} });
  await client.unsafe(`CREATE DATABASE ${name} TEMPLATE template0`);
  try {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return await restorePostgres(manifestPath, url.toString());
  } finally {
    await client.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

describe('backup and restore drill', () => {
  it('backs up the seeded database with a manifest, restores it into a fresh database with identical counts and audit head', async () => {
    const { db } = database();
    // A change right before the backup must be in it.
    await db.transaction((tx) => appendAudit(tx, { userId: null, email: 'drill@example.test' }, { action: 'test.backup_drill', entityType: 'test' }));
    const before = await databaseFacts(rawQuery(db));
    const { manifestPath, manifest } = await backup(path.join(dir, 'one'));
    expect(manifest.tables).toEqual(before.tables);
    expect(manifest.audit).toEqual(before.audit);
    expect(manifest.tables.users).toBeGreaterThan(10);
    expect(manifest.audit.entries).toBeGreaterThan(1);
    expect(manifest.tables.reports).toBeGreaterThan(0);
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);

    const report = await restoreFresh(manifestPath);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tables).toEqual(before.tables);
    expect(report.audit).toMatchObject({ chainOk: true, headHash: before.audit.headHash, entries: before.audit.entries });
  });

  it('refuses a backup file that does not match its manifest', async () => {
    const { manifestPath } = await backup(path.join(dir, 'two'));
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BackupManifest;
    const file = path.join(path.dirname(manifestPath), manifest.file);
    const bytes = fs.readFileSync(file);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    await expect(restoreFresh(manifestPath)).rejects.toThrow(/checksum mismatch/);
  });

  it('reports a restored database whose counts differ from the manifest', async () => {
    const { manifestPath } = await backup(path.join(dir, 'three'));
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BackupManifest;
    manifest.tables.users = manifest.tables.users! + 1;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
    const report = await restoreFresh(manifestPath);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([`table users: ${manifest.tables.users - 1} rows, manifest says ${manifest.tables.users}`]);
  });
});

describe('npm run audit:verify', () => {
  it('says the chain is intact, and after tampering names the first broken entry', async () => {
    const { db } = database();
    const intact = await auditVerify(db);
    expect(intact.result.ok).toBe(true);
    expect(intact.message).toMatch(/^Audit log intact: \d+ entries, head hash [0-9a-f]{64}\.$/);

    const [target] = await queryRows<{ seq: number }>(db, sql`select min(seq)::int as seq from audit_log where action = 'auth.signed_in' or action like 'report.%' or action like 'seed.%'`);
    const seq = target!.seq;
    await db.transaction(async (tx) => {
      await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await tx.execute(sql`update audit_log set actor_email = 'someone-else@example.test' where seq = ${seq}`);
      await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
    const broken = await auditVerify(db);
    expect(broken.result.ok).toBe(false);
    expect(broken.message).toContain(`BROKEN at entry seq ${seq}: its contents do not match its hash`);
    expect((await verifyAuditChain(db)).firstBroken?.seq).toBe(seq);
  });
});
