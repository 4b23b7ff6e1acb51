import { describe, expect, it } from 'vitest';
import { findPgBin, formatReport, runStandbyDrill } from '#db/standby-drill';

/**
 * The standby drill (issue 15, docs/operations.md "Standby at another site"): its own primary and
 * streaming standby clusters, a short write load, the primary lost, the standby promoted, nothing
 * lost. Only on the PostgreSQL pass (TEST_DATABASE_URL) and where the PostgreSQL binaries are.
 */
const skipReason = !process.env.TEST_DATABASE_URL
  ? 'TEST_DATABASE_URL is not set (the PostgreSQL pass runs it)'
  : !findPgBin()
    ? 'no PostgreSQL binaries (initdb, pg_ctl, pg_basebackup; PG_BIN_DIR)'
    : null;

describe('standby at another site', () => {
  if (skipReason) console.log(`[standby drill] skipped: ${skipReason}`);

  it.skipIf(skipReason !== null)(
    'promotes a synchronous streaming standby after the primary is lost, with nothing lost and the portal serving from it, on the server',
    async () => {
      const lines: string[] = [];
      const report = await runStandbyDrill({ seconds: 5, writers: 4, log: (line) => lines.push(line) });
      console.log(`[standby drill]\n${lines.join('\n')}\n${formatReport(report)}`);

      expect(report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.mode.synchronous).toBe(true);
      expect(report.writes.acknowledged).toBeGreaterThan(0);
      expect(report.recoveryPointTransactions).toBe(0);
      // The lag was measured under the load, and the promotion timed.
      expect(report.lag.replayBytes.samples).toBeGreaterThan(0);
      expect(report.promoteToServingMs).toBeGreaterThan(0);
      expect(report.promoteToServingMs).toBeLessThan(30_000);
      const names = report.checks.map((c) => c.name);
      for (const name of ['row counts of every table', 'audit count and head hash', 'audit chain verifies', 'audit anchor', 'last committed write', 'recovery point', 'serving']) {
        expect(names).toContain(name);
      }
    },
    90_000,
  );
});
