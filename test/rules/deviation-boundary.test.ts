import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { costLines, organisations, partnerBudgets, programmes, projectPartners, projects, reports, users, type CostCategory } from '#db/schema/index';
import { getProgrammeDashboard, parseDashboardFilters } from '#app/models/dashboard.server';
import { collectParts, exportSource, findProgramme } from '#app/models/export.server';
import { runPartChecks, type CheckPartner, type DeviationKey } from '#app/rules/checks';
import { COST_CATEGORIES } from '#app/rules/domain';
import { setupTestDatabase } from '#test/support/db';

/**
 * The 25% rule (`needsExplanation` in app/rules/limits.ts: more than 25% above or below the year's
 * budget) at its boundary, in every place that applies it: the part's checks (sign-off and
 * submission), the programme dashboard's deviation list (SQL) and the exports' flag. Exactly 25%
 * is within the rule; 25.01% is not. Amounts are chosen so that 25.01% is exact in cents.
 */
const database = setupTestDatabase();

const BUDGET = 1_000_000;
/** Actual costs against a budget of 1,000,000 cents, and whether the deviation needs explaining. */
const CASES = [
  { name: 'exactly +25%', organisation: 'Plus 25 BV', actual: 1_250_000, flagged: false },
  { name: '+25.01%', organisation: 'Plus 25,01 BV', actual: 1_250_100, flagged: true },
  { name: 'exactly −25%', organisation: 'Min 25 BV', actual: 750_000, flagged: false },
  { name: '−25.01%', organisation: 'Min 25,01 BV', actual: 749_900, flagged: true },
] as const;

const ZERO: Record<CostCategory, number> = { personnel: 0, equipment: 0, materials: 0, third_party: 0, other: 0 };

describe('the part checks (runPartChecks: sign-off and submission)', () => {
  /** A partner whose only budget and cost is `category`; its total deviates just as much. */
  function partner(category: CostCategory, actual: number, explanations: Record<string, string> = {}): CheckPartner {
    return {
      organisation: { id: 'org-1', name: 'Partner' },
      costMethod: 'fixed_hourly_rate',
      hourlyRateCents: 10_000,
      budgetCents: { ...ZERO, [category]: BUDGET },
      budgetTotalCents: BUDGET,
      costLines: [{ category, employeeRef: null, hours: null, hourlyRateCents: null, annualWageCents: null, amountCents: actual }],
      totalsCents: { ...ZERO, [category]: actual },
      totalCents: actual,
      deviationExplanations: explanations,
      version: 1,
      signedOffAt: null,
    };
  }
  const deviations = (p: CheckPartner) =>
    runPartChecks({ productiveHours: 1720, partners: [p], personHours: [], advances: [] }, 'org-1')
      .filter((f) => f.rule === 'costs.deviation')
      .map((f) => f.params.category as DeviationKey);

  for (const c of CASES) {
    it(`${c.name}: ${c.flagged ? 'needs' : 'needs no'} explanation, per category and in total`, () => {
      expect(deviations(partner('equipment', c.actual))).toEqual(c.flagged ? ['equipment', 'total'] : []);
    });
  }

  it('reports the share and field of a flagged deviation, and an explanation satisfies it', () => {
    const findings = runPartChecks({ productiveHours: 1720, partners: [partner('other', 1_250_100)], personHours: [], advances: [] }, 'org-1');
    expect(findings.map((f) => [f.rule, f.severity, f.field, f.params.share])).toEqual([
      ['costs.deviation', 'blocking', 'explanations.other', 0.2501],
      ['costs.deviation', 'blocking', 'explanations.total', 0.2501],
    ]);
    expect(deviations(partner('other', 1_250_100, { other: 'Uitleg', total: 'Uitleg' }))).toEqual([]);
    // Whitespace is no explanation.
    expect(deviations(partner('other', 749_900, { other: '  ', total: 'Uitleg' }))).toEqual(['other']);
  });

  it('judges the total on its own: two categories at ±25.01% that cancel out flag only themselves', () => {
    const p: CheckPartner = {
      ...partner('equipment', 1_250_100),
      budgetCents: { ...ZERO, equipment: BUDGET, materials: BUDGET },
      budgetTotalCents: 2 * BUDGET,
      costLines: [
        { category: 'equipment', hours: null, hourlyRateCents: null, amountCents: 1_250_100 },
        { category: 'materials', hours: null, hourlyRateCents: null, amountCents: 749_900 },
      ],
      totalsCents: { ...ZERO, equipment: 1_250_100, materials: 749_900 },
      totalCents: 2 * BUDGET,
    };
    expect(deviations(p)).toEqual(['equipment', 'materials']);
    // The total at exactly +25% of 2,000,000 with both categories within 25%: nothing.
    const q: CheckPartner = { ...p, totalsCents: { ...ZERO, equipment: 1_250_000, materials: 1_250_000 }, totalCents: 2_500_000 };
    expect(deviations(q)).toEqual([]);
    expect(deviations({ ...q, totalsCents: { ...ZERO, equipment: 1_250_000, materials: 1_250_200 }, totalCents: 2_500_200 })).toEqual(['materials', 'total']);
  });
});

// --- The dashboard and the exports, on a programme of their own -------------------------------------

const CODE = 'TEST-DEV';
/**
 * Project DEVA: one partner per case, each with an equipment budget of 1,000,000 in 2024 and the
 * case's actual costs in the submitted 2024 report (the dashboard judges a partner-year in total).
 * Project DEVB: one partner with a budget of 1,000,000 in every category, and per category one case
 * (personnel exactly on budget), so the exports' rows (per project and category) cover every case
 * while the partner-year as a whole is on budget and not listed on the dashboard.
 */
async function createFixture() {
  const db = database().db;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'penvoerder.ecofed@demo.ipcei.test'));
  return db.transaction(async (tx) => {
    const [programme] = await tx
      .insert(programmes)
      .values({ code: CODE, name: 'Testprogramma afwijkingen', subsidyCapCents: 100_000_000, firstReportingYear: 2024, lastReportingYear: 2025, grantingAuthority: 'EZ' })
      .returning({ id: programmes.id });
    const org = async (name: string, kvk: string) =>
      (await tx.insert(organisations).values({ name, kvkNumber: kvk, enterpriseType: 'sme', nuts2Region: 'NL33', naceCode: '62.0' }).returning({ id: organisations.id }))[0]!.id;
    const project = async (code: string, lead: string) =>
      (
        await tx
          .insert(projects)
          .values({
            programmeId: programme!.id,
            code,
            name: `Project ${code}`,
            aidBasis: 'gber',
            leadOrganisationId: lead,
            grantDecisionReference: `TEST/${code}`,
            grantDecisionDate: '2023-12-01',
            aidMeasureNumber: 'SA.000001',
            aidObjective: 'Test',
            startDate: '2024-01-01',
            endDate: '2025-12-31',
          })
          .returning({ id: projects.id })
      )[0]!.id;
    const partner = (projectId: string, organisationId: string) => ({
      projectId,
      organisationId,
      grantedCents: 1_000_000,
      grantedOn: '2023-12-01',
      enterpriseTypeAtGrant: 'sme' as const,
      costMethod: 'fixed_hourly_rate' as const,
      hourlyRateCents: 10_000,
    });
    const submitted = async (projectId: string) =>
      (
        await tx
          .insert(reports)
          .values({ projectId, year: 2024, status: 'submitted', dueDate: '2025-02-01', currentRevision: 1, submittedAt: new Date('2025-01-20T10:00:00Z'), submittedBy: user!.id })
          .returning({ id: reports.id })
      )[0]!.id;

    const orgs: string[] = [];
    for (const [i, c] of CASES.entries()) orgs.push(await org(c.organisation, `8870000${i}`));
    const a = await project('DEVA', orgs[0]!);
    await tx.insert(projectPartners).values(orgs.map((o) => partner(a, o)));
    await tx.insert(partnerBudgets).values(orgs.map((o) => ({ projectId: a, organisationId: o, year: 2024, category: 'equipment' as const, amountCents: BUDGET })));
    const reportA = await submitted(a);
    await tx.insert(costLines).values(CASES.map((c, i) => ({ reportId: reportA, projectId: a, organisationId: orgs[i]!, category: 'equipment' as const, amountCents: c.actual })));

    const single = await org('Alle categorieën BV', '88700009');
    const b = await project('DEVB', single);
    await tx.insert(projectPartners).values(partner(b, single));
    await tx.insert(partnerBudgets).values(COST_CATEGORIES.map((category) => ({ projectId: b, organisationId: single, year: 2024, category, amountCents: BUDGET })));
    const reportB = await submitted(b);
    const amounts: Record<Exclude<CostCategory, 'personnel'>, number> = { equipment: CASES[0].actual, materials: CASES[1].actual, third_party: CASES[2].actual, other: CASES[3].actual };
    await tx.insert(costLines).values([
      // 100 h × € 100,00 = exactly the personnel budget.
      { reportId: reportB, projectId: b, organisationId: single, category: 'personnel', employeeRef: 'P-1', hours: 100, hourlyRateCents: 10_000, amountCents: BUDGET },
      ...Object.entries(amounts).map(([category, amountCents]) => ({ reportId: reportB, projectId: b, organisationId: single, category: category as CostCategory, amountCents })),
    ]);
  });
}

beforeAll(async () => {
  await createFixture();
});

describe('the programme dashboard (deviation list, SQL)', () => {
  it('lists a partner-year at +25.01% and −25.01%, not one at exactly ±25% nor one on budget', async () => {
    const d = await getProgrammeDashboard(database().db, CODE, parseDashboardFilters(new URL(`http://localhost/dashboard?programma=${CODE}`)), new Date('2025-06-01T10:00:00Z'));
    expect(d!.deviations.rows.map((r) => [r.code, r.organisation, r.year, r.reportedCents, r.budgetCents])).toEqual([
      // Equal shares: by organisation name.
      ['DEVA', 'Min 25,01 BV', 2024, 749_900, BUDGET],
      ['DEVA', 'Plus 25,01 BV', 2024, 1_250_100, BUDGET],
    ]);
    expect(d!.deviations.total).toBe(2);
  });
});

describe('the exports (deviationOver25 per project and category)', () => {
  it('flags +25.01% and −25.01%, not exactly ±25% nor on budget', async () => {
    const db = database().db;
    const programme = await findProgramme(db, CODE);
    const source = await exportSource(db, programme!, { kind: 'ez', year: 2024, locale: 'nl', asOf: '2025-06-01', programmeCode: CODE }, { illustrative: true });
    const costs = (await collectParts(source)).costs!;
    const row = (code: string, category: CostCategory) => costs.find((r) => r.projectCode === code && r.category === category)!;
    expect(COST_CATEGORIES.map((c) => [c, row('DEVB', c).costsYearCents, row('DEVB', c).budgetYearCents, row('DEVB', c).deviationOver25])).toEqual([
      ['personnel', BUDGET, BUDGET, false],
      ['equipment', 1_250_000, BUDGET, false],
      ['materials', 1_250_100, BUDGET, true],
      ['third_party', 750_000, BUDGET, false],
      ['other', 749_900, BUDGET, true],
    ]);
    // The percentage column has one decimal: exactly ±25 where the flag is off.
    expect([row('DEVB', 'equipment').deviationPercent, row('DEVB', 'third_party').deviationPercent]).toEqual([25, -25]);
    // DEVA: four partners' equipment together, 4,000,000 against 4,000,000: on budget.
    expect(row('DEVA', 'equipment')).toMatchObject({ costsYearCents: 4 * BUDGET, budgetYearCents: 4 * BUDGET, deviationOver25: false });
  });
});
