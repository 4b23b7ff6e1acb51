import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows, type Queryable } from '#db/client';
import { getProgrammeDashboard, parseDashboardFilters } from '#app/models/dashboard.server';
import { setupTestDatabase } from '#test/support/db';
import { createDashboardFixture, FIXTURE } from './fixture';

/**
 * The dashboard rollups (db/schema/dashboard.ts) are kept by triggers level by level, most of them by
 * adding changes. After random writes of every kind that feeds them, each rollup table must be
 * exactly what dashboard_rebuild_rollups() computes from the base tables, and the dashboard's
 * headline exactly what a plain query over cost lines, payments and grants gives. On the server
 * the writes also run concurrently through separate connections.
 */
const database = setupTestDatabase();
const onServer = Boolean(process.env.TEST_DATABASE_URL);

const TABLES: Record<string, string> = {
  dashboard_partner_years: 'project_id, organisation_id, year',
  dashboard_partners: 'project_id, organisation_id',
  dashboard_projects: 'project_id',
  dashboard_project_years: 'project_id, year',
  dashboard_programmes: 'programme_id, aid_basis',
  dashboard_programme_years: 'programme_id, aid_basis, year',
  dashboard_milestones: 'milestone_id',
};

/** Keys, the copies of a partner's grant and budget a partner-year carries for its shares, and flags that mean nothing without figures. */
const NOT_FIGURES = ['year', 'code', 'aid_basis', 'planned_date', 'partner_granted_cents', 'partner_budget_cents', 'reported', 'deviation'];

/** Every rollup row as text; rows whose figures are all zero are left out (a key that had figures once may keep an empty row). */
async function snapshot(db: Queryable) {
  const out: Record<string, string[]> = {};
  for (const [table, keys] of Object.entries(TABLES)) {
    const rows = await queryRows<Record<string, unknown>>(db, sql.raw(`select * from ${table} order by ${keys}`));
    out[table] = rows
      .filter((row) => Object.entries(row).some(([k, v]) => !k.endsWith('_id') && !NOT_FIGURES.includes(k) && v !== null && v !== false && Number(v) !== 0))
      .map((row) => JSON.stringify(row));
  }
  return out;
}

class Rollback extends Error {}

async function expectRollupsEqualRebuild() {
  const { db } = database();
  let kept: Record<string, string[]> = {};
  let rebuilt: Record<string, string[]> = {};
  await db
    .transaction(async (tx) => {
      kept = await snapshot(tx);
      await tx.execute(sql`select dashboard_rebuild_rollups()`);
      rebuilt = await snapshot(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  for (const table of Object.keys(TABLES)) {
    const missing = rebuilt[table]!.filter((row) => !kept[table]!.includes(row));
    const extra = kept[table]!.filter((row) => !rebuilt[table]!.includes(row));
    expect({ table, missing, extra }).toEqual({ table, missing: [], extra: [] });
  }
  expect(kept.dashboard_partner_years!.length).toBeGreaterThan(0);
}

/** The programme headline straight from the base tables. */
async function baseHeadline(db: Queryable, programmeId: string) {
  const [row] = await queryRows<Record<string, string | number | null>>(
    db,
    sql`select (select coalesce(sum(pp.granted_cents), 0) from project_partners pp join projects pr on pr.id = pp.project_id where pr.programme_id = ${programmeId}::uuid) as granted,
               (select coalesce(sum(p.amount_cents), 0) from payments p join projects pr on pr.id = p.project_id where pr.programme_id = ${programmeId}::uuid) as paid,
               (select coalesce(sum(c.amount_cents), 0) from cost_lines c join reports r on r.id = c.report_id join projects pr on pr.id = r.project_id
                 where pr.programme_id = ${programmeId}::uuid and r.status = 'approved') as approved,
               (select coalesce(sum(c.amount_cents), 0) from cost_lines c join reports r on r.id = c.report_id join projects pr on pr.id = r.project_id
                 where pr.programme_id = ${programmeId}::uuid and r.status in ('submitted', 'recommended')) as pending,
               (select coalesce(sum(floor(coalesce(a.approved, 0)::numeric * pp.granted_cents / nullif(b.budget, 0))), 0)
                  from project_partners pp join projects pr on pr.id = pp.project_id
                  left join (select c.project_id, c.organisation_id, sum(c.amount_cents) as approved from cost_lines c join reports r on r.id = c.report_id
                              where r.status = 'approved' group by 1, 2) a on a.project_id = pp.project_id and a.organisation_id = pp.organisation_id
                  left join (select project_id, organisation_id, sum(amount_cents) as budget from partner_budgets group by 1, 2) b
                    on b.project_id = pp.project_id and b.organisation_id = pp.organisation_id
                 where pr.programme_id = ${programmeId}::uuid) as share_approved`,
  );
  return { granted: Number(row!.granted), paid: Number(row!.paid), approved: Number(row!.approved), pending: Number(row!.pending), shareApproved: Number(row!.share_approved) };
}

async function expectHeadlineEqualsBase(programmeId: string) {
  const { db } = database();
  const dashboard = await getProgrammeDashboard(db, FIXTURE.code, parseDashboardFilters(new URL('http://x/dashboard')), FIXTURE.now);
  const h = dashboard!.headline;
  expect({ granted: h.grantedCents, paid: h.paidCents, approved: h.approvedCents, pending: h.pendingCents, shareApproved: h.subsidyApprovedCents }).toEqual(
    await baseHeadline(db, programmeId),
  );
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Fixture = Awaited<ReturnType<typeof createDashboardFixture>>;

/** One random write of a kind that feeds the rollups. Refusals by the database's own rules (cap, grant) are part of the game. */
async function randomWrite(db: Queryable, f: Fixture, next: () => number, reviewerId: string) {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const partner = pick([
    { project: f.alpha, org: f.A },
    { project: f.alpha, org: f.B },
    { project: f.beta, org: f.C },
  ]);
  const report = partner.project === f.alpha ? pick([f.reports.alpha2024, f.reports.alpha2025]) : pick([f.reports.beta2024, f.reports.beta2025]);
  const amount = 1 + Math.floor(next() * 5_000_000);
  const kind = Math.floor(next() * 9);
  const run = (statement: ReturnType<typeof sql>) =>
    db.execute(statement).catch((error: unknown) => {
      const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
      if (code !== '23514') throw error; // a check the database guards (cap, payments within grant)
    });
  switch (kind) {
    case 0:
      return run(sql`insert into cost_lines (report_id, project_id, organisation_id, category, amount_cents)
                     values (${report}::uuid, ${partner.project}::uuid, ${partner.org}::uuid, ${pick(['equipment', 'other', 'third_party'])}::cost_category, ${amount})`);
    case 1:
      return run(sql`update cost_lines set amount_cents = ${amount} where id = (select id from cost_lines where hours is null and report_id = ${report}::uuid
                       order by id limit 1)`);
    case 2:
      return run(sql`delete from cost_lines where id = (select id from cost_lines where report_id = ${report}::uuid and organisation_id = ${partner.org}::uuid order by id limit 1)`);
    case 3:
      return run(sql`insert into partner_budgets (project_id, organisation_id, year, category, amount_cents)
                     values (${partner.project}::uuid, ${partner.org}::uuid, ${pick([2024, 2025, 2026])}, ${pick(['personnel', 'equipment', 'other'])}::cost_category, ${amount * 4})
                     on conflict (project_id, organisation_id, year, category) do update set amount_cents = excluded.amount_cents`);
    case 4:
      return run(sql`update project_partners set granted_cents = greatest(granted_cents + ${Math.floor((next() - 0.5) * 4_000_000)}::bigint, 0)
                      where project_id = ${partner.project}::uuid and organisation_id = ${partner.org}::uuid`);
    case 5:
      return run(sql`insert into payments (project_id, organisation_id, kind, amount_cents, paid_on, reference, created_by)
                     values (${partner.project}::uuid, ${partner.org}::uuid, 'advance', ${Math.ceil(amount / 5)}, ${pick(['2024-05-01', '2025-05-01', '2026-02-01'])}::date,
                             ${`R-${Math.floor(next() * 1e9)}`}, ${reviewerId}::uuid)`);
    case 6:
      return run(sql`delete from payments where id = (select id from payments where project_id = ${partner.project}::uuid order by id limit 1)`);
    case 7: {
      // Status changes a reviewer's decision or a reopening makes (the stamps the checks need are in the fixture).
      const statuses: Record<string, readonly string[]> = {
        [f.reports.alpha2024]: ['approved', 'submitted', 'recommended', 'changes_requested'],
        [f.reports.alpha2025]: ['submitted', 'recommended', 'changes_requested'],
        [f.reports.beta2024]: ['recommended', 'submitted'],
        [f.reports.beta2025]: ['draft'],
      };
      return run(sql`update reports set status = ${pick(statuses[report]!)}::report_status where id = ${report}::uuid`);
    }
    default:
      return run(sql`update projects set aid_basis = (case when aid_basis = 'gber' then 'ipcei_communication' else 'gber' end)::aid_basis
                      where id = ${partner.project}::uuid`);
  }
}

describe('dashboard rollups stay equal to the base tables', () => {
  it('after 150 random writes of every kind, one at a time', async () => {
    const { db } = database();
    const f = await createDashboardFixture(db);
    const [reviewer] = await queryRows<{ id: string }>(db, sql`select id from users where email = 'reviewer.b@demo.ipcei.test'`);
    await expectRollupsEqualRebuild();
    await expectHeadlineEqualsBase(f.programmeId);
    const next = random(20261202);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 30; i++) await randomWrite(db, f, next, reviewer!.id);
      await expectRollupsEqualRebuild();
      await expectHeadlineEqualsBase(f.programmeId);
    }
  });

  it.skipIf(!onServer)('after concurrent random writes through separate connections on the server', async () => {
    const { db } = database();
    const [programme] = await queryRows<{ id: string }>(db, sql`select id from programmes where code = ${FIXTURE.code}::text`);
    // The fixture was created by the test above (same file, same database).
    const [alpha] = await queryRows<{ id: string }>(db, sql`select id from projects where programme_id = ${programme!.id}::uuid and code = 'ALPHA'`);
    const [beta] = await queryRows<{ id: string }>(db, sql`select id from projects where programme_id = ${programme!.id}::uuid and code = 'BETA'`);
    const partners = await queryRows<{ project_id: string; organisation_id: string }>(
      db,
      sql`select project_id, organisation_id from project_partners where project_id in (${alpha!.id}::uuid, ${beta!.id}::uuid) order by 1, 2`,
    );
    const reports = await queryRows<{ id: string; project_id: string; year: number }>(
      db,
      sql`select id, project_id, year from reports where project_id in (${alpha!.id}::uuid, ${beta!.id}::uuid) order by project_id, year`,
    );
    const [reviewer] = await queryRows<{ id: string }>(db, sql`select id from users where email = 'reviewer.b@demo.ipcei.test'`);
    const f: Fixture = {
      programmeId: programme!.id,
      alpha: alpha!.id,
      beta: beta!.id,
      A: partners.filter((p) => p.project_id === alpha!.id)[0]!.organisation_id,
      B: partners.filter((p) => p.project_id === alpha!.id)[1]!.organisation_id,
      C: partners.find((p) => p.project_id === beta!.id)!.organisation_id,
      reports: {
        alpha2024: reports.find((r) => r.project_id === alpha!.id && r.year === 2024)!.id,
        alpha2025: reports.find((r) => r.project_id === alpha!.id && r.year === 2025)!.id,
        beta2024: reports.find((r) => r.project_id === beta!.id && r.year === 2024)!.id,
        beta2025: reports.find((r) => r.project_id === beta!.id && r.year === 2025)!.id,
      },
    };
    let deadlocks = 0;
    for (let round = 0; round < 6; round++) {
      // Five writers at once (the pool has five connections), each statement its own transaction.
      await Promise.all(
        Array.from({ length: 5 }, async (_, w) => {
          const next = random(1000 * round + w);
          for (let i = 0; i < 6; i++) {
            await randomWrite(db, f, next, reviewer!.id).catch((error: unknown) => {
              // Two writers may deadlock on the base tables themselves (payments' grant check); the
              // database then rolls one back whole, which keeps the rollups right by construction.
              const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
              if (code !== '40P01') throw error;
              deadlocks++;
            });
          }
        }),
      );
      await expectRollupsEqualRebuild();
      await expectHeadlineEqualsBase(f.programmeId);
    }
    // Deadlocks are the database's answer to base-table lock cycles, not a rollup failure; they must stay rare.
    expect(deadlocks).toBeLessThan(30);
    console.info(`[rollups] concurrent writes: ${deadlocks} of 180 statements rolled back by deadlock detection`);
  });
});
