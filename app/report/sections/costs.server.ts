import { and, eq, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '#db/client';
import { costLines, organisations, partnerBudgets, partnerParts, programmes, projectPartners, projects, users } from '#db/schema/index';
import { DEFAULT_PRODUCTIVE_HOURS } from '#app/rules/costs';
import { COST_CATEGORIES } from '#app/rules/domain';
import type { ReportScope } from '../engine.server';
import type { CostLineInput } from './costs';
import type { CostsPart, SnapshotPartner } from '../snapshot';
import { sumCents, zeroByCategory } from '../snapshot';

const collator = new Intl.Collator('nl', { sensitivity: 'base' });

/**
 * THE read of the costs: every partner's part of a report (or only `organisationId`'s) with its
 * year budget, lines, totals, explanations and sign-off, partners in Dutch name order; plus the
 * project totals. The cost-part page, the costs overview, the snapshot (and so the check page, the
 * revisions, the review page and the dossier) all come from here.
 */
export async function readCosts(db: Queryable, scope: ReportScope, organisationId?: string): Promise<CostsPart> {
  const only = <T extends SQL>(column: Parameters<typeof eq>[0], base: T) => (organisationId ? and(base, eq(column, organisationId))! : base);
  const [partnerRows, partRows, budgetRows, lineRows] = await Promise.all([
    db
      .select({
        organisationId: organisations.id,
        name: organisations.name,
        kvkNumber: organisations.kvkNumber,
        grantedCents: projectPartners.grantedCents,
        costMethod: projectPartners.costMethod,
        hourlyRateCents: projectPartners.hourlyRateCents,
      })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(only(projectPartners.organisationId, eq(projectPartners.projectId, scope.projectId))),
    db
      .select({
        organisationId: partnerParts.organisationId,
        version: partnerParts.version,
        deviationExplanations: partnerParts.deviationExplanations,
        signedOffAt: partnerParts.signedOffAt,
        signedOffBy: partnerParts.signedOffBy,
        signerName: users.name,
      })
      .from(partnerParts)
      .leftJoin(users, eq(users.id, partnerParts.signedOffBy))
      .where(only(partnerParts.organisationId, eq(partnerParts.reportId, scope.reportId))),
    db
      .select({ organisationId: partnerBudgets.organisationId, category: partnerBudgets.category, amountCents: partnerBudgets.amountCents })
      .from(partnerBudgets)
      .where(only(partnerBudgets.organisationId, and(eq(partnerBudgets.projectId, scope.projectId), eq(partnerBudgets.year, scope.year))!)),
    db
      .select({
        id: costLines.id,
        organisationId: costLines.organisationId,
        category: costLines.category,
        description: costLines.description,
        employeeRef: costLines.employeeRef,
        hours: costLines.hours,
        hourlyRateCents: costLines.hourlyRateCents,
        annualWageCents: costLines.annualWageCents,
        amountCents: costLines.amountCents,
        position: costLines.position,
      })
      .from(costLines)
      .where(only(costLines.organisationId, eq(costLines.reportId, scope.reportId))),
  ]);
  const partsByOrg = new Map(partRows.map((p) => [p.organisationId, p]));
  const totals = { costsCents: zeroByCategory(), costTotalCents: 0, budgetCents: zeroByCategory(), budgetTotalCents: 0 };
  const partners: SnapshotPartner[] = partnerRows
    .sort((a, b) => collator.compare(a.name, b.name) || (a.organisationId < b.organisationId ? -1 : 1))
    .map((partner) => {
      const budgetCents = zeroByCategory();
      for (const b of budgetRows) if (b.organisationId === partner.organisationId) budgetCents[b.category] += b.amountCents;
      const lines = lineRows
        .filter((l) => l.organisationId === partner.organisationId)
        .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const totalsCents = zeroByCategory();
      for (const l of lines) totalsCents[l.category] += l.amountCents;
      const part = partsByOrg.get(partner.organisationId);
      const totalCents = sumCents(Object.values(totalsCents));
      const budgetTotalCents = sumCents(Object.values(budgetCents));
      for (const c of COST_CATEGORIES) {
        totals.costsCents[c] += totalsCents[c];
        totals.budgetCents[c] += budgetCents[c];
      }
      totals.costTotalCents += totalCents;
      totals.budgetTotalCents += budgetTotalCents;
      return {
        organisation: { id: partner.organisationId, name: partner.name, kvkNumber: partner.kvkNumber },
        isLead: partner.organisationId === scope.leadOrganisationId,
        grantedCents: partner.grantedCents,
        costMethod: partner.costMethod,
        hourlyRateCents: partner.hourlyRateCents,
        budgetCents,
        budgetTotalCents,
        costLines: lines.map((l) => ({
          id: l.id,
          category: l.category,
          description: l.description,
          employeeRef: l.employeeRef,
          hours: l.hours,
          hourlyRateCents: l.hourlyRateCents,
          annualWageCents: l.annualWageCents,
          amountCents: l.amountCents,
        })),
        totalsCents,
        totalCents,
        deviationExplanations: part?.deviationExplanations ?? {},
        version: part?.version ?? 0,
        signedOffAt: part?.signedOffAt ? part.signedOffAt.toISOString() : null,
        signedOffBy: part?.signedOffBy ? { id: part.signedOffBy, name: part.signerName ?? '' } : null,
      };
    });
  return { partners, totals };
}

/** The programme's productive hours per person per year (ceiling and wage divisor). */
export async function programmeProductiveHours(db: Queryable, projectId: string) {
  const [row] = await db
    .select({ hours: programmes.productiveHoursPerYear })
    .from(projects)
    .innerJoin(programmes, eq(programmes.id, projects.programmeId))
    .where(eq(projects.id, projectId));
  return row?.hours ?? DEFAULT_PRODUCTIVE_HOURS;
}

/** Replaces all lines of one partner's part (inside the save's transaction): the form's save and the import. */
export async function replaceCostLines(tx: Tx, scope: Pick<ReportScope, 'reportId' | 'projectId'>, organisationId: string, lines: readonly CostLineInput[]) {
  await tx.delete(costLines).where(and(eq(costLines.reportId, scope.reportId), eq(costLines.organisationId, organisationId)));
  if (lines.length === 0) return;
  await tx.insert(costLines).values(
    lines.map((l, i) => ({
      reportId: scope.reportId,
      projectId: scope.projectId,
      organisationId,
      category: l.category,
      description: l.description,
      employeeRef: l.employeeRef,
      hours: l.hours,
      hourlyRateCents: l.hourlyRateCents,
      annualWageCents: l.annualWageCents,
      amountCents: l.amountCents,
      position: i + 1,
    })),
  );
}
