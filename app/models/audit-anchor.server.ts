import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '#db/client';
import { GENESIS_HASH } from './audit.server';

/**
 * Anchors of the audit chain outside the database (docs/operations.md, "Anchoring the audit
 * chain"). The hash chain proves that no entry was altered *relative to the entries after it*;
 * someone who can write the database can still delete the newest entries, or rewrite the whole
 * chain and re-hash it consistently. An anchor — the head's seq and hash and the entry count,
 * appended to a file elsewhere (another machine, WORM storage) on every backup and daily — pins the
 * chain down: a later chain must still hold that entry with that hash, and at least that many
 * entries.
 *
 * The file is JSON Lines, one anchor per line, only ever appended to; the last line is the one
 * compared.
 */

export const ANCHOR_REASONS = ['daily', 'backup', 'manual'] as const;
export type AnchorReason = (typeof ANCHOR_REASONS)[number];

export interface AuditHead {
  /** The head entry's seq; 0 for an empty log. */
  seq: number;
  /** Number of entries. */
  count: number;
  headHash: string;
}

export interface AuditAnchor extends AuditHead {
  /** When the anchor was taken (ISO 8601). */
  at: string;
  reason: AnchorReason;
  host?: string;
}

/** The anchor file cannot be read as anchors (damaged or edited). */
export class AnchorFileError extends Error {}

/** A new anchor was refused: the log no longer matches the last one (see `writeAnchor`). */
export class AnchorMismatchError extends Error {}

/** Raw read-only SQL, as a Drizzle database or a postgres.js transaction (the backup's snapshot) runs it. */
export type RawQuery = <T>(text: string) => Promise<T[]>;

type Source = Queryable | RawQuery;

function rawQuery(source: Source): RawQuery {
  if (typeof source === 'function') return source;
  return <T,>(text: string) => queryRows(source, sql.raw(text)) as Promise<T[]>;
}

/** The head and length of the log in one statement (one snapshot), as raw SQL for other drivers. */
export const AUDIT_HEAD_SQL =
  // (The cast is outside the subquery: `order by seq` must sort the bigint column, not its text — '9' > '10'.)
  'select (select a.seq from audit_log a order by a.seq desc limit 1)::text as seq, (select a.hash from audit_log a order by a.seq desc limit 1) as hash, (select count(*)::int from audit_log) as count';

type HeadRow = { seq: string | number | null; hash: string | null; count: number | string };

/** Turns a row of `AUDIT_HEAD_SQL` into the head. */
export function toAuditHead(row: HeadRow | undefined): AuditHead {
  return { seq: Number(row?.seq ?? 0), count: Number(row?.count ?? 0), headHash: row?.hash ?? GENESIS_HASH };
}

export async function readAuditHead(source: Source): Promise<AuditHead> {
  const [row] = await rawQuery(source)<HeadRow>(AUDIT_HEAD_SQL);
  return toAuditHead(row);
}

export function anchorOf(head: AuditHead, reason: AnchorReason, now = new Date()): AuditAnchor {
  return { at: now.toISOString(), seq: head.seq, count: head.count, headHash: head.headHash, reason, host: os.hostname() };
}

/**
 * Appends one anchor as a line (O_APPEND: never overwrites, even with several writers), flushed to
 * disk before returning. Creates the directory. Returns the exact line written (without newline).
 */
export async function appendAnchor(file: string, anchor: AuditAnchor): Promise<string> {
  const line = JSON.stringify(anchor);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const handle = await fs.promises.open(file, 'a');
  try {
    await handle.appendFile(`${line}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return line;
}

/**
 * Reads the log's head now and appends it to `file` as an anchor. First the log is compared with
 * the file's last anchor: when it no longer matches (entries deleted, chain rewritten) no new
 * anchor is written — that would bless the tampering — and `AnchorMismatchError` says why. `force`
 * writes anyway: after a deliberate restore from an older backup (docs/operations.md).
 */
export async function writeAnchor(source: Source, file: string, reason: AnchorReason, options: { now?: Date; force?: boolean } = {}) {
  if (!options.force) {
    const last = readLastAnchor(file);
    if (last) {
      const comparison = await checkAgainstAnchor(source, last);
      if (!comparison.ok) throw new AnchorMismatchError(`no new audit anchor written: the log does not match the last anchor in ${file}: ${comparison.message}`);
    }
  }
  const anchor = anchorOf(await readAuditHead(source), reason, options.now);
  const line = await appendAnchor(file, anchor);
  return { anchor, line, file };
}

function parseAnchor(line: string, where: string): AuditAnchor {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new AnchorFileError(`${where} is not valid JSON`);
  }
  const a = value as Partial<AuditAnchor> | null;
  const valid =
    a !== null &&
    typeof a === 'object' &&
    typeof a.at === 'string' &&
    Number.isSafeInteger(a.seq) &&
    a.seq! >= 0 &&
    Number.isSafeInteger(a.count) &&
    a.count! >= 0 &&
    typeof a.headHash === 'string' &&
    /^[0-9a-f]{64}$/.test(a.headHash) &&
    (ANCHOR_REASONS as readonly string[]).includes(a.reason as string);
  if (!valid) throw new AnchorFileError(`${where} is not an audit anchor (expected at, seq, count, headHash, reason)`);
  return a as AuditAnchor;
}

/**
 * The last anchor in `file`; null when the file does not exist or holds no anchor yet. A last line
 * that is not an anchor (damaged or edited file) is an `AnchorFileError`, not silently skipped.
 */
export function readLastAnchor(file: string): AuditAnchor | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const lines = text.split('\n');
  let index = lines.length - 1;
  while (index >= 0 && lines[index]!.trim() === '') index--;
  if (index < 0) return null;
  return parseAnchor(lines[index]!.trim(), `the last line (${index + 1}) of ${file}`);
}

export type AnchorComparison =
  | { ok: true; anchor: AuditAnchor; current: AuditHead }
  | { ok: false; anchor: AuditAnchor; current: AuditHead; reason: 'missing' | 'hash' | 'count'; message: string };

/**
 * Does the chain in `db` still contain what `anchor` pinned down? The anchored entry must exist at
 * the anchored seq with the anchored hash, exactly `count` entries must lie up to it, and the log
 * may only have grown since. Entries after the anchor are not checked here (verifyAuditChain does).
 *
 * - newest entries deleted: the anchored seq is gone, or fewer entries than anchored;
 * - chain rewritten and re-hashed: the hash at the anchored seq differs.
 */
export async function checkAgainstAnchor(source: Source, anchor: AuditAnchor): Promise<AnchorComparison> {
  const query = rawQuery(source);
  const current = await readAuditHead(query);
  // A validated safe integer (parseAnchor / AuditHead), so it may stand in the text.
  const seq = Number(anchor.seq);
  if (!Number.isSafeInteger(seq) || seq < 0) throw new AnchorFileError(`anchor seq ${String(anchor.seq)} is not a sequence number`);
  const [row] = await query<{ hash: string | null; upto: number | string }>(
    `select (select hash from audit_log where seq = ${seq}) as hash, (select count(*)::int from audit_log where seq <= ${seq}) as upto`,
  );
  const hashAtSeq = row?.hash ?? (anchor.seq === 0 ? GENESIS_HASH : null);
  const upto = Number(row?.upto ?? 0);
  const taken = `the anchor of ${anchor.at} (${anchor.reason})`;
  if (hashAtSeq === null) {
    return {
      ok: false,
      anchor,
      current,
      reason: 'missing',
      message: `entry seq ${anchor.seq} recorded by ${taken} is missing (the log now ends at seq ${current.seq} with ${current.count} entries): entries were deleted`,
    };
  }
  if (hashAtSeq !== anchor.headHash) {
    return {
      ok: false,
      anchor,
      current,
      reason: 'hash',
      message: `entry seq ${anchor.seq} has hash ${hashAtSeq}, but ${taken} recorded ${anchor.headHash}: the chain up to it was rewritten`,
    };
  }
  if (upto !== anchor.count || current.count < anchor.count) {
    return {
      ok: false,
      anchor,
      current,
      reason: 'count',
      message: `${upto} entries up to seq ${anchor.seq} (${current.count} in all), but ${taken} recorded ${anchor.count}: entries were deleted or inserted`,
    };
  }
  return { ok: true, anchor, current };
}
