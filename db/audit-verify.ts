/**
 * `npm run audit:verify`: walks the whole audit log (DATABASE_URL or PGLITE_DIR), recomputes every
 * hash and names the first entry that does not match. Exit code 0 when the chain is intact, 1 when
 * it is broken (for monitoring and for the restore drill).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyAuditChain, type VerifyResult } from '#app/models/audit.server';
import type { Queryable } from './client';

/** The human verdict on a verification result. */
export function describeVerification(result: VerifyResult): string {
  if (result.ok) return `Audit log intact: ${result.entries} entries, head hash ${result.headHash}.`;
  const broken = result.firstBroken!;
  const why = broken.reason === 'hash' ? 'its contents do not match its hash (altered)' : 'it does not link to the entry before it (removed or reordered)';
  return `Audit log BROKEN at entry seq ${broken.seq}: ${why}. ${result.entries} entries before it verify; last good hash ${result.headHash}.`;
}

export async function auditVerify(db: Queryable) {
  const result = await verifyAuditChain(db);
  return { result, message: describeVerification(result) };
}

async function main() {
  const { parseConfig } = await import('#app/utils/config.server');
  const { openPglite, openPostgres } = await import('./client');
  const config = parseConfig(process.env);
  const database = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL, { max: 1 }) : await openPglite(config.pgliteDir);
  try {
    const { result, message } = await auditVerify(database.db);
    (result.ok ? console.log : console.error)(message);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`Audit verification failed to run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  });
}
