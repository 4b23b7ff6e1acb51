import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { queryRows, type Db } from '#db/client';
import { auditLog } from '#db/schema/index';
import { backupPglite, backupPostgres } from '#db/backup';
import { auditVerify } from '#db/audit-verify';
import { appendAudit, entryHash, GENESIS_HASH, verifyAuditChain } from '#app/models/audit.server';
import {
  AnchorFileError,
  AnchorMismatchError,
  checkAgainstAnchor,
  readAuditHead,
  readLastAnchor,
  writeAnchor,
  type AuditAnchor,
} from '#app/models/audit-anchor.server';
import { createWorker } from '#app/models/jobs/handlers.server';
import { getConfig } from '#app/utils/config.server';
import { canonicalJson } from '#app/utils/canonical-json';
import { setupTestDatabase } from '#test/support/db';

const database = setupTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcei-anchor-test-'));
// The daily job takes its file from the configuration (read on first use, after this line).
const dailyFile = path.join(dir, 'daily', 'audit-anchors.jsonl');
const previousSetting = process.env.AUDIT_ANCHOR_FILE;
process.env.AUDIT_ANCHOR_FILE = dailyFile;
afterAll(() => {
  if (previousSetting === undefined) delete process.env.AUDIT_ANCHOR_FILE;
  else process.env.AUDIT_ANCHOR_FILE = previousSetting;
  fs.rmSync(dir, { recursive: true, force: true });
});

let fileNumber = 0;
/** A fresh anchor file for one test, in a directory that does not exist yet. */
function anchorFile() {
  fileNumber++;
  return path.join(dir, `case-${fileNumber}`, 'anchors.jsonl');
}

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

const actor = { userId: null, email: 'anchor-test@example.test', ipAddress: '127.0.0.1', requestId: 'anchor' };

async function addEntries(n: number) {
  for (let i = 0; i < n; i++) {
    await database().db.transaction((tx) => appendAudit(tx, actor, { action: 'test.anchor', entityType: 'test', details: { i } }));
  }
}

/** What someone with superuser rights can do: switch the append-only guard off for a moment. */
async function tamper(work: (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => Promise<void>) {
  await database().db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await work(tx);
    await tx.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
  });
}

type Row = typeof auditLog.$inferSelect;

function hashedFields(row: Row) {
  return {
    occurredAt: row.occurredAt,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    projectId: row.projectId,
    details: row.details,
    ipAddress: row.ipAddress,
    requestId: row.requestId,
  };
}

async function allRows(): Promise<Row[]> {
  return database().db.select().from(auditLog).orderBy(asc(auditLog.seq));
}

/** The URL of this test file's own database on the server (TEST_DATABASE_URL runs). */
async function serverUrl(): Promise<string> {
  const template = inject('dbTemplate');
  if (template.kind !== 'postgres') throw new Error('not on a server');
  const [row] = await queryRows<{ name: string }>(database().db, sql`select current_database() as name`);
  const url = new URL(template.adminUrl);
  url.pathname = `/${row!.name}`;
  return url.toString();
}

describe('audit anchors', () => {
  it('appends one JSON line per anchor, creating the directory, and matches a chain that only grew since', async () => {
    const { db } = database();
    const file = anchorFile();
    const head = await readAuditHead(db);
    expect(head.count).toBeGreaterThan(0);
    const { anchor, line } = await writeAnchor(db, file, 'manual', { now: new Date('2026-12-01T10:00:00Z') });
    expect(anchor).toEqual({ at: '2026-12-01T10:00:00.000Z', seq: head.seq, count: head.count, headHash: head.headHash, reason: 'manual', host: os.hostname() });
    expect(lines(file)).toEqual([line]);
    expect(JSON.parse(line)).toEqual(anchor);
    expect(readLastAnchor(file)).toEqual(anchor);

    await addEntries(2);
    expect(await checkAgainstAnchor(db, anchor)).toMatchObject({ ok: true, current: { count: head.count + 2 } });
    const outcome = await auditVerify(db, { anchorFile: file });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.message).toContain(`Matches the last anchor in ${file} (manual, 2026-12-01T10:00:00.000Z): entry seq ${head.seq}`);

    // The next anchor is appended, never overwriting the first, and becomes the one compared.
    const second = await writeAnchor(db, file, 'daily');
    expect(lines(file)).toEqual([line, second.line]);
    expect(readLastAnchor(file)).toMatchObject({ reason: 'daily', count: head.count + 2 });
  });

  it('warns, without failing, when there is no anchor yet; fails on a damaged anchor file', async () => {
    const { db } = database();
    const missing = path.join(dir, 'nowhere', 'anchors.jsonl');
    expect(readLastAnchor(missing)).toBeNull();
    const outcome = await auditVerify(db, { anchorFile: missing });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.warning).toContain(`no audit anchor in ${missing} yet`);
    expect(outcome.message).toContain('WARNING: no audit anchor');

    const damaged = anchorFile();
    await writeAnchor(db, damaged, 'manual');
    fs.appendFileSync(damaged, '{"at":"2026-12-01","seq":1,"cou\n');
    expect(() => readLastAnchor(damaged)).toThrow(AnchorFileError);
    const broken = await auditVerify(db, { anchorFile: damaged });
    expect(broken.exitCode).toBe(1);
    expect(broken.message).toContain(`Audit anchor file unreadable: the last line (2) of ${damaged} is not valid JSON`);
  });

  it('writes an anchor on every backup and keeps its line in the manifest', async () => {
    const db = database();
    const file = anchorFile();
    const before = await readAuditHead(db.db);
    const target = path.join(dir, 'backup');
    const { manifest, manifestPath } =
      db.driver === 'pglite' ? await backupPglite(db, target, new Date(), { anchorFile: file }) : await backupPostgres(await serverUrl(), target, new Date(), { anchorFile: file });
    expect(manifest.anchor).toEqual({ file, line: lines(file)[0] });
    const anchor = readLastAnchor(file)!;
    expect(anchor).toMatchObject({ reason: 'backup', seq: before.seq, count: manifest.audit.entries, headHash: manifest.audit.headHash });
    expect(JSON.parse(fs.readFileSync(manifestPath, 'utf8')).anchor).toEqual(manifest.anchor);
  });

  it('detects the newest entries deleted behind its back, which the chain alone cannot', async () => {
    const { db } = database();
    const file = anchorFile();
    const { anchor } = await writeAnchor(db, file, 'backup');
    const newest = (await allRows()).slice(-3).map((r) => r.seq);
    expect(newest.at(-1)).toBe(anchor.seq);
    await tamper(async (tx) => {
      await tx.execute(sql`delete from audit_log where seq in (${sql.join(newest, sql`, `)})`);
    });

    // What is left is a perfectly consistent, shorter chain.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: anchor.count - 3 });
    const comparison = await checkAgainstAnchor(db, anchor);
    expect(comparison).toMatchObject({ ok: false, reason: 'missing' });
    const outcome = await auditVerify(db, { anchorFile: file });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.message).toContain('Audit log intact');
    expect(outcome.message).toContain(`Audit log does NOT match the last anchor in ${file}: entry seq ${anchor.seq} recorded by the anchor of ${anchor.at} (backup) is missing`);

    // Making up the number with new entries does not help: the anchored entry is still gone.
    await addEntries(3);
    expect((await readAuditHead(db)).count).toBe(anchor.count);
    expect(await checkAgainstAnchor(db, anchor)).toMatchObject({ ok: false, reason: 'missing' });

    // The next anchor is refused, so the file's last line keeps the evidence; --force writes it.
    await expect(writeAnchor(db, file, 'daily')).rejects.toThrow(AnchorMismatchError);
    expect(lines(file)).toHaveLength(1);
    await writeAnchor(db, file, 'manual', { force: true });
    expect(lines(file)).toHaveLength(2);
    expect((await auditVerify(db, { anchorFile: file })).exitCode).toBe(0);
  });

  it('detects entries deleted before the anchored head (fewer entries up to it)', async () => {
    const { db } = database();
    // A hand-made anchor that claims one entry more up to the head than there is.
    const head = await readAuditHead(db);
    const anchor: AuditAnchor = { ...head, count: head.count + 1, at: new Date().toISOString(), reason: 'manual' };
    expect(await checkAgainstAnchor(db, anchor)).toMatchObject({ ok: false, reason: 'count' });
  });

  it('detects the whole chain rewritten and re-hashed consistently', async () => {
    const { db } = database();
    const file = anchorFile();
    const { anchor } = await writeAnchor(db, file, 'daily');
    const rows = await allRows();
    await tamper(async (tx) => {
      let prevHash = GENESIS_HASH;
      for (const [index, row] of rows.entries()) {
        const details = index === 0 ? { ...row.details, rewritten: true } : row.details;
        const hash = entryHash(prevHash, { ...hashedFields(row), details });
        await tx.update(auditLog).set({ details, prevHash, hash }).where(eq(auditLog.seq, row.seq));
        prevHash = hash;
      }
    });

    // The rewritten chain is consistent in itself …
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: anchor.count });
    // … but not with the hash anchored outside the database.
    const comparison = await checkAgainstAnchor(db, anchor);
    expect(comparison).toMatchObject({ ok: false, reason: 'hash' });
    const outcome = await auditVerify(db, { anchorFile: file });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.message).toContain(`entry seq ${anchor.seq} has hash ${comparison.current.headHash}, but the anchor of ${anchor.at} (daily) recorded ${anchor.headHash}: the chain up to it was rewritten`);
    await expect(writeAnchor(db, file, 'backup')).rejects.toThrow(AnchorMismatchError);
  });

  it('the daily job writes one anchor per day', async () => {
    expect(getConfig().auditAnchorFile).toBe(dailyFile);
    const worker = createWorker({ db: () => database().db, log: () => {} });
    const day = (d: string) => new Date(`${d}T07:00:00Z`);
    await worker.runOnce(day('2027-03-01'));
    await worker.runOnce(new Date(day('2027-03-01').getTime() + 3_600_000));
    expect(lines(dailyFile)).toHaveLength(1);
    await worker.runOnce(day('2027-03-02'));
    await worker.runOnce(day('2027-03-02'));
    const anchors = lines(dailyFile).map((l) => JSON.parse(l) as AuditAnchor);
    expect(anchors.map((a) => [a.reason, a.at])).toEqual([
      ['daily', '2027-03-01T07:00:00.000Z'],
      ['daily', '2027-03-02T07:00:00.000Z'],
    ]);
    expect(anchors[1]).toMatchObject(await readAuditHead(database().db));
    // The head is the entry with the highest seq (compared as numbers: seq 10 comes after seq 9).
    const rows = await allRows();
    expect(anchors[1]).toMatchObject({ seq: rows.at(-1)!.seq, headHash: rows.at(-1)!.hash, count: rows.length });
  });
});

describe('the audit hash covers the previous hash', () => {
  it('differs for the same contents after a different previous entry', () => {
    const fields = {
      occurredAt: new Date('2026-12-01T10:00:00Z'),
      actorId: null,
      actorEmail: null,
      action: 'test',
      entityType: 'test',
      entityId: null,
      projectId: null,
      details: {},
      ipAddress: null,
      requestId: null,
    };
    expect(entryHash('a'.repeat(64), fields)).not.toBe(entryHash('b'.repeat(64), fields));
  });

  it('fails verification of a rewritten row whose own hash and the next link were repaired', async () => {
    const { db } = database();
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const rows = await allRows();
    const [target, next] = rows.slice(-3, -1) as [Row, Row];
    const details = { ...target.details, altered: 'after the fact' };
    const repairedHash = entryHash(target.prevHash, { ...hashedFields(target), details });
    await tamper(async (tx) => {
      // The row is rewritten with a correct hash of its new contents, and the next row's link is
      // repaired to point at it: every link in the chain is consistent again.
      await tx.update(auditLog).set({ details, hash: repairedHash }).where(eq(auditLog.seq, target.seq));
      await tx.update(auditLog).set({ prevHash: repairedHash }).where(eq(auditLog.seq, next.seq));
    });
    const after = await allRows();
    for (let i = 1; i < after.length; i++) expect(after[i]!.prevHash).toBe(after[i - 1]!.hash);
    // A hash over the contents alone would still accept the next row (this is what the chain adds):
    const contentOnly = (row: Row) => createHash('sha256').update(canonicalJson(hashedFields(row))).digest('hex');
    expect(contentOnly(after.find((r) => r.seq === next.seq)!)).toBe(contentOnly(next));

    // The next row's hash covers the previous hash it was written after, so it no longer matches.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBroken: { seq: next.seq, reason: 'hash' } });
    const outcome = await auditVerify(db);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.message).toContain(`BROKEN at entry seq ${next.seq}: its contents do not match its hash`);
  });
});
