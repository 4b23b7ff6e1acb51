import { eq } from 'drizzle-orm';
import type { Db } from '#db/client';
import {
  costLines,
  milestones,
  milestoneUpdates,
  organisations,
  partnerBudgets,
  payments,
  programmes,
  projectPartners,
  projects,
  reports,
  users,
  type CostCategory,
  type ReportStatus,
} from '#db/schema/index';

/**
 * A small programme whose dashboard totals are worked out by hand below (amounts in cents).
 *
 * TEST-DASH, cap € 1.000.000,00, years 2024–2026.
 *   ALPHA (GBER): A granted 300.000, B granted 200.000.   BETA (IPCEI Communication): C granted 400.000.
 *   Budgets: A 2024 personnel 100.000 + equipment 20.000; A 2025 personnel 100.000; B 2024 other 50.000;
 *            C 2024 personnel 200.000; C 2025 personnel 200.000.
 *   Reports: ALPHA 2024 approved  (A 1.000 h × € 100 + equipment 30.000; B other 20.000)
 *            ALPHA 2025 submitted (A 500 h × € 100)
 *            BETA 2024 recommended (C 2.000 h × € 100)
 *            BETA 2025 draft       (C 10 h × € 100: a draft never counts)
 *   Payments: A 90.000 (2024), B 100.000 (2024), C 120.000 (2024) and 40.000 (2025).
 *   Milestones: ALPHA M1 2024-06-30 achieved (in ALPHA 2024), M2 2025-06-30 delayed (in ALPHA 2025),
 *               M3 2026-07-15 not reported; BETA M1 2024-09-30 "achieved" only in the draft → not reported.
 */
export const FIXTURE = {
  code: 'TEST-DASH',
  capCents: 100_000_000,
  grantedCents: 90_000_000,
  headroomCents: 10_000_000,
  paidCents: 35_000_000,
  approvedCents: 15_000_000, // ALPHA 2024: 100.000 + 30.000 + 20.000
  pendingCents: 25_000_000, // ALPHA 2025 50.000 + BETA 2024 200.000
  // Subsidy share: costs × granted ÷ total budget, per partner, rounded down to the cent.
  // A: 13.000.000 × 30.000.000 / 22.000.000 = 17.727.272,7 → 17.727.272; B: 2.000.000 × 20.000.000 / 5.000.000 = 8.000.000
  subsidyApprovedCents: 25_727_272,
  // A 2025: 5.000.000 × 30.000.000 / 22.000.000 = 6.818.181,8 → 6.818.181; C: 20.000.000 × 40.000.000 / 40.000.000
  subsidyPendingCents: 26_818_181,
  now: new Date('2026-06-01T10:00:00Z'),
} as const;

async function one<T>(rows: Promise<T[]>): Promise<T> {
  const [row] = await rows;
  if (!row) throw new Error('fixture insert returned nothing');
  return row;
}

export async function createDashboardFixture(db: Db) {
  const userId = async (email: string) => (await one(db.select({ id: users.id }).from(users).where(eq(users.email, email)))).id;
  const penvoerder = await userId('penvoerder.ecofed@demo.ipcei.test');
  const reviewerA = await userId('reviewer.a@demo.ipcei.test');
  const reviewerB = await userId('reviewer.b@demo.ipcei.test');

  return db.transaction(async (tx) => {
    const programme = await one(
      tx
        .insert(programmes)
        .values({ code: FIXTURE.code, name: 'Testprogramma dashboard', subsidyCapCents: FIXTURE.capCents, firstReportingYear: 2024, lastReportingYear: 2026, grantingAuthority: 'EZ' })
        .returning({ id: programmes.id }),
    );
    const org = async (name: string, kvk: string) =>
      (await one(tx.insert(organisations).values({ name, kvkNumber: kvk, enterpriseType: 'sme', nuts2Region: 'NL33', naceCode: '62.0' }).returning({ id: organisations.id }))).id;
    const A = await org('Alfa BV', '88800001');
    const B = await org('Bravo BV', '88800002');
    const C = await org('Charlie BV', '88800003');

    const project = async (code: string, aidBasis: 'gber' | 'ipcei_communication', lead: string) =>
      (
        await one(
          tx
            .insert(projects)
            .values({
              programmeId: programme.id,
              code,
              name: `Project ${code}`,
              aidBasis,
              leadOrganisationId: lead,
              grantDecisionReference: `TEST/${code}`,
              grantDecisionDate: '2023-12-01',
              aidMeasureNumber: 'SA.000001',
              aidObjective: 'Test',
              startDate: '2024-01-01',
              endDate: '2026-12-31',
            })
            .returning({ id: projects.id }),
        )
      ).id;
    const alpha = await project('ALPHA', 'gber', A);
    const beta = await project('BETA', 'ipcei_communication', C);
    const partner = (projectId: string, organisationId: string, grantedCents: number) => ({
      projectId,
      organisationId,
      grantedCents,
      grantedOn: '2023-12-01',
      enterpriseTypeAtGrant: 'sme' as const,
      costMethod: 'fixed_hourly_rate' as const,
      hourlyRateCents: 10_000,
    });
    await tx.insert(projectPartners).values([partner(alpha, A, 30_000_000), partner(alpha, B, 20_000_000), partner(beta, C, 40_000_000)]);

    const budget = (projectId: string, organisationId: string, year: number, category: CostCategory, amountCents: number) => ({ projectId, organisationId, year, category, amountCents });
    await tx.insert(partnerBudgets).values([
      budget(alpha, A, 2024, 'personnel', 10_000_000),
      budget(alpha, A, 2024, 'equipment', 2_000_000),
      budget(alpha, A, 2025, 'personnel', 10_000_000),
      budget(alpha, B, 2024, 'other', 5_000_000),
      budget(beta, C, 2024, 'personnel', 20_000_000),
      budget(beta, C, 2025, 'personnel', 20_000_000),
    ]);

    const stamp = new Date('2025-01-20T10:00:00Z');
    const report = async (projectId: string, year: number, status: ReportStatus) =>
      (
        await one(
          tx
            .insert(reports)
            .values({
              projectId,
              year,
              status,
              dueDate: `${year + 1}-02-01`,
              currentRevision: status === 'draft' ? 0 : 1,
              submittedAt: status === 'draft' ? null : stamp,
              submittedBy: status === 'draft' ? null : penvoerder,
              recommendedAt: status === 'recommended' || status === 'approved' ? stamp : null,
              recommendedBy: status === 'recommended' || status === 'approved' ? reviewerA : null,
              approvedAt: status === 'approved' ? stamp : null,
              approvedBy: status === 'approved' ? reviewerB : null,
            })
            .returning({ id: reports.id }),
        )
      ).id;
    const alpha2024 = await report(alpha, 2024, 'approved');
    const alpha2025 = await report(alpha, 2025, 'submitted');
    const beta2024 = await report(beta, 2024, 'recommended');
    const beta2025 = await report(beta, 2025, 'draft');

    const hours = (reportId: string, projectId: string, organisationId: string, h: number) => ({
      reportId,
      projectId,
      organisationId,
      category: 'personnel' as const,
      hours: h,
      hourlyRateCents: 10_000,
      amountCents: h * 10_000,
    });
    const amount = (reportId: string, projectId: string, organisationId: string, category: CostCategory, amountCents: number) => ({
      reportId,
      projectId,
      organisationId,
      category,
      amountCents,
    });
    await tx.insert(costLines).values([
      hours(alpha2024, alpha, A, 1000),
      amount(alpha2024, alpha, A, 'equipment', 3_000_000),
      amount(alpha2024, alpha, B, 'other', 2_000_000),
      hours(alpha2025, alpha, A, 500),
      hours(beta2024, beta, C, 2000),
      hours(beta2025, beta, C, 10),
    ]);

    await tx.insert(payments).values([
      { projectId: alpha, organisationId: A, amountCents: 9_000_000, paidOn: '2024-03-01', reference: 'TD-A-1', createdBy: reviewerB },
      { projectId: alpha, organisationId: B, amountCents: 10_000_000, paidOn: '2024-03-01', reference: 'TD-B-1', createdBy: reviewerB },
      { projectId: beta, organisationId: C, amountCents: 12_000_000, paidOn: '2024-03-01', reference: 'TD-C-1', createdBy: reviewerB },
      { projectId: beta, organisationId: C, amountCents: 4_000_000, paidOn: '2025-03-01', reference: 'TD-C-2', createdBy: reviewerB },
    ]);

    const milestone = async (projectId: string, code: string, plannedDate: string, position: number) =>
      (await one(tx.insert(milestones).values({ projectId, code, title: `Mijlpaal ${code}`, plannedDate, position }).returning({ id: milestones.id }))).id;
    const aM1 = await milestone(alpha, 'M1', '2024-06-30', 1);
    const aM2 = await milestone(alpha, 'M2', '2025-06-30', 2);
    await milestone(alpha, 'M3', '2026-07-15', 3);
    const bM1 = await milestone(beta, 'M1', '2024-09-30', 1);
    await tx.insert(milestoneUpdates).values([
      { reportId: alpha2024, projectId: alpha, milestoneId: aM1, status: 'achieved', achievedDate: '2024-06-20' },
      { reportId: alpha2025, projectId: alpha, milestoneId: aM2, status: 'delayed', forecastDate: '2025-12-31' },
      { reportId: beta2025, projectId: beta, milestoneId: bM1, status: 'achieved', achievedDate: '2024-09-01' },
    ]);
    return { programmeId: programme.id, alpha, beta, A, B, C, reports: { alpha2024, alpha2025, beta2024, beta2025 } };
  });
}
