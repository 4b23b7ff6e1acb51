import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '#db/client';
import { organisations, programmes, projectPartners, projects, reports } from '#db/schema/index';
import { seedDemo } from '#db/seed/index';
import { verifyAuditChain } from '#app/models/audit.server';
import { setupTestDatabase } from '#test/support/db';

const database = setupTestDatabase();

describe('demo seed', () => {
  it('creates the IPCEI CIS programme with its €71.2M cap and reporting years', async () => {
    const [programme] = await database().db.select().from(programmes).where(eq(programmes.code, 'IPCEI-CIS'));
    expect(programme).toMatchObject({
      subsidyCapCents: 7_120_000_000,
      firstReportingYear: 2024,
      lastReportingYear: 2031,
      reportDueMonth: 2,
      reportDueDay: 1,
      grantingAuthority: 'Ministerie van Economische Zaken',
      fourEyes: true,
    });
  });

  it('has the three Dutch projects with their real partners and aid bases', async () => {
    const rows = await queryRows<{ code: string; aid_basis: string; partners: string[] }>(
      database().db,
      sql`select p.code, p.aid_basis::text as aid_basis, array_agg(o.name order by o.name) as partners
            from projects p join project_partners pp on pp.project_id = p.id
            join organisations o on o.id = pp.organisation_id
           group by p.code, p.aid_basis order by p.code`,
    );
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(Object.keys(byCode)).toEqual(['ECC', 'ECOFED', 'MISD']);
    expect(byCode.ECC).toMatchObject({ aid_basis: 'ipcei_communication', partners: ['Leaseweb'] });
    expect(byCode.ECOFED?.aid_basis).toBe('gber');
    expect(byCode.ECOFED?.partners).toHaveLength(5);
    expect(byCode.MISD?.aid_basis).toBe('gber');
    expect(byCode.MISD?.partners).toHaveLength(7);
    expect(byCode.ECOFED?.partners).toContain('TNO');
    expect(byCode.MISD?.partners).toContain('TNO');
  });

  it('keeps TNO as one organisation in two projects', async () => {
    const tno = await database()
      .db.select({ projectId: projectPartners.projectId })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(eq(organisations.name, 'TNO'));
    expect(tno).toHaveLength(2);
  });

  it('adds up: granted within the cap, payments within each grant', async () => {
    const [totals] = await queryRows<{ granted: string; cap: string; over_paid: number }>(
      database().db,
      sql`select (select sum(granted_cents) from project_partners)::text as granted,
                 (select subsidy_cap_cents from programmes where code = 'IPCEI-CIS')::text as cap,
                 (select count(*)::int from project_partners pp
                   where pp.granted_cents < (select coalesce(sum(amount_cents), 0) from payments pm
                                              where pm.project_id = pp.project_id and pm.organisation_id = pp.organisation_id)) as over_paid`,
    );
    expect(Number(totals?.granted)).toBeGreaterThan(0);
    expect(Number(totals?.granted)).toBeLessThanOrEqual(Number(totals?.cap));
    expect(totals?.over_paid).toBe(0);
  });

  it('has 2024 reports in different states and 2025 drafts, due 1 February of the next year', async () => {
    const rows = await database()
      .db.select({ code: projects.code, year: reports.year, status: reports.status, dueDate: reports.dueDate })
      .from(reports)
      .innerJoin(projects, eq(projects.id, reports.projectId))
      .orderBy(reports.year, projects.code);
    expect(rows).toEqual([
      { code: 'ECC', year: 2024, status: 'changes_requested', dueDate: '2025-02-01' },
      { code: 'ECOFED', year: 2024, status: 'approved', dueDate: '2025-02-01' },
      { code: 'MISD', year: 2024, status: 'submitted', dueDate: '2025-02-01' },
      { code: 'ECC', year: 2025, status: 'draft', dueDate: '2026-02-01' },
      { code: 'ECOFED', year: 2025, status: 'draft', dueDate: '2026-02-01' },
      { code: 'MISD', year: 2025, status: 'draft', dueDate: '2026-02-01' },
    ]);
  });

  it('records the ECOFED public event of 12 December 2024 as a spillover activity', async () => {
    const rows = await queryRows<{ title: string }>(
      database().db,
      sql`select s.title from spillover_activities s join reports r on r.id = s.report_id
            join projects p on p.id = r.project_id
           where p.code = 'ECOFED' and r.year = 2024 and s.activity_date = '2024-12-12' and s.type = 'event'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('is idempotent and leaves a valid audit chain', async () => {
    const count = async () => (await queryRows<{ n: number }>(database().db, sql`select count(*)::int as n from cost_lines`))[0]?.n;
    const before = await count();
    expect(await seedDemo(database().db, { accounts: true })).toEqual({ created: false });
    expect(await count()).toBe(before);
    const chain = await verifyAuditChain(database().db);
    expect(chain.ok).toBe(true);
    expect(chain.entries).toBeGreaterThan(0);
  });
});
