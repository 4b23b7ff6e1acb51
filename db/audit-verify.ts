/**
 * `npm run audit:verify`: walks the whole audit log (DATABASE_URL or PGLITE_DIR), recomputes every
 * hash and names the first entry that does not match, then compares the log with the last anchor
 * in AUDIT_ANCHOR_FILE (the entry it pinned must still be there with its hash, and at least as many
 * entries): deleting the newest entries, or rewriting and re-hashing the whole chain, is caught
 * there. No anchor file yet is a warning, not a failure. Exit code 0 when all holds, 1 otherwise
 * (for monitoring and for the restore drill), 2 when it could not run.
 *
 * `npm run audit:anchor` (`--anchor`): appends an anchor of the current head (reason 'manual');
 * refused (exit 1) when the log no longer matches the last anchor, unless `-- --force` (after a
 * deliberate restore from an older backup).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyAuditChain, type VerifyResult } from '#app/models/audit.server';
import { AnchorFileError, AnchorMismatchError, checkAgainstAnchor, readLastAnchor, writeAnchor, type AnchorComparison } from '#app/models/audit-anchor.server';
import type { Queryable } from './client';

/** The human verdict on a verification result. */
export function describeVerification(result: VerifyResult): string {
  if (result.ok) return `Audit log intact: ${result.entries} entries, head hash ${result.headHash}.`;
  const broken = result.firstBroken!;
  const why = broken.reason === 'hash' ? 'its contents do not match its hash (altered)' : 'it does not link to the entry before it (removed or reordered)';
  return `Audit log BROKEN at entry seq ${broken.seq}: ${why}. ${result.entries} entries before it verify; last good hash ${result.headHash}.`;
}

export interface AuditVerifyOutcome {
  ok: boolean;
  exitCode: 0 | 1;
  result: VerifyResult;
  /** The comparison with the last anchor; undefined without an anchor file or anchor. */
  anchor?: AnchorComparison;
  /** Set when the comparison could not be made (no anchor yet): printed, but not a failure. */
  warning?: string;
  message: string;
}

/**
 * Verifies the chain and, given `anchorFile`, compares it with that file's last anchor. Without
 * `anchorFile` only the chain itself is verified.
 */
export async function auditVerify(db: Queryable, options: { anchorFile?: string } = {}): Promise<AuditVerifyOutcome> {
  const result = await verifyAuditChain(db);
  const lines = [describeVerification(result)];
  let ok = result.ok;
  let anchor: AnchorComparison | undefined;
  let warning: string | undefined;
  if (options.anchorFile !== undefined) {
    const file = options.anchorFile;
    try {
      const last = readLastAnchor(file);
      if (!last) {
        warning = `WARNING: no audit anchor in ${file} yet, so the log was only checked against itself (deleting its newest entries or re-hashing the whole chain would not show). Run npm run audit:anchor or npm run backup to write one.`;
        lines.push(warning);
      } else {
        anchor = await checkAgainstAnchor(db, last);
        if (anchor.ok) {
          lines.push(`Matches the last anchor in ${file} (${last.reason}, ${last.at}): entry seq ${last.seq} has hash ${last.headHash}; ${anchor.current.count} entries now, ${last.count} then.`);
        } else {
          ok = false;
          lines.push(`Audit log does NOT match the last anchor in ${file}: ${anchor.message}.`);
        }
      }
    } catch (error) {
      if (!(error instanceof AnchorFileError)) throw error;
      ok = false;
      lines.push(`Audit anchor file unreadable: ${error.message}.`);
    }
  }
  return { ok, exitCode: ok ? 0 : 1, result, anchor, warning, message: lines.join('\n') };
}

async function main(argv: string[]) {
  const { parseConfig } = await import('#app/utils/config.server');
  const { openPglite, openPostgres } = await import('./client');
  const config = parseConfig(process.env);
  const database = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL, { max: 1 }) : await openPglite(config.pgliteDir);
  try {
    if (argv.includes('--anchor')) {
      if (!config.auditAnchorFile) throw new Error('AUDIT_ANCHOR_FILE is not set');
      try {
        const { line, file } = await writeAnchor(database.db, config.auditAnchorFile, 'manual', { force: argv.includes('--force') });
        console.log(`Audit anchor appended to ${file}:\n  ${line}`);
      } catch (error) {
        if (!(error instanceof AnchorMismatchError)) throw error;
        console.error(`${error.message}. Investigate (npm run audit:verify); after a deliberate restore use npm run audit:anchor -- --force.`);
        process.exitCode = 1;
      }
      return;
    }
    const outcome = await auditVerify(database.db, { anchorFile: config.auditAnchorFile ?? undefined });
    (outcome.ok ? console.log : console.error)(outcome.message);
    process.exitCode = outcome.exitCode;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`Audit ${process.argv.includes('--anchor') ? 'anchoring' : 'verification'} failed to run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}
