import { COST_CATEGORIES, type SectionStatus } from '#app/rules/domain';
import type { Finding } from '#app/rules/checks';
import { can, type Principal } from '#app/utils/permissions.server';
import { partStatus, sumCents, zeroByCategory, type CostsPart, type ReportSnapshot, type SnapshotPartner } from './snapshot';

/**
 * What a reader may see of a report's costs (issue 14): the one place that turns "who may read a
 * partner's part" (`read:report-part` in app/utils/permissions.server.ts) into what a page, a
 * revision or a dossier shows.
 *
 * Decision. A partner's cost part is its own business: hourly rates and annual wages are
 * commercially sensitive, and so is everything derived from them. So a reader who may not read a
 * partner's part (a contributor, for every organisation but its own) gets of that partner only
 * - its name and whether it is the penvoerder (already on the project page), and
 * - the state of its part: started or not, signed off or not, by whom and when (the task list
 *   shows it to every member; the penvoerder's list of who still has to sign off needs it);
 * and none of its figures: no cost lines (employee references, hours, rates, wages, amounts), no
 * agreed hourly rate, no budget or actual per category or in total, no deviation explanations, no
 * findings of the rule set on its part. The project totals are withheld too: summed over all
 * partners they look harmless, but with two partners the total minus one's own is the other's. A
 * restricted reader's totals are the sum over the parts it may read (its own). The penvoerder (it
 * answers for the whole report; read-only for the others' parts) and RVO/EZ staff see everything.
 *
 * Redaction happens when something is shown, never on what is stored or hashed: a revision's
 * stored snapshot stays whole, its SHA-256 is checked on the stored value, and only then is a copy
 * made for the reader. These functions never change their input.
 */

/** A partner whose figures the reader may not see: who it is and the state of its part, nothing more. */
export interface WithheldPartner {
  organisation: { id: string; name: string };
  isLead: boolean;
  status: SectionStatus;
  signedOffAt: string | null;
  signedOffBy: { name: string } | null;
}

/** The costs as a reader may see them. */
export interface ReadableCosts extends CostsPart {
  /** The partners whose figures are withheld from this reader (empty for the penvoerder and staff). */
  withheld: WithheldPartner[];
}

/** A snapshot as a reader may see it; `withheld` is there only when something was withheld. */
export type ReaderSnapshot = ReportSnapshot & { withheld?: WithheldPartner[] };

/** True when the principal may read this organisation's part of the project (the permission rule). */
export function mayReadPart(principal: Principal, projectId: string, organisationId: string) {
  return can(principal, 'read:report-part', { projectId, organisationId });
}

/** Only the parts the reader may read; the others reduced to their name and state. */
export function costsFor(principal: Principal, projectId: string, costs: CostsPart): ReadableCosts {
  const partners = costs.partners.filter((p) => mayReadPart(principal, projectId, p.organisation.id));
  if (partners.length === costs.partners.length) return { ...costs, withheld: [] };
  const withheld = costs.partners
    .filter((p) => !partners.includes(p))
    .map((p) => ({
      organisation: { id: p.organisation.id, name: p.organisation.name },
      isLead: p.isLead,
      status: partStatus(p),
      signedOffAt: p.signedOffAt,
      signedOffBy: p.signedOffBy ? { name: p.signedOffBy.name } : null,
    }));
  return { partners, totals: totalsOf(partners), withheld };
}

/** The totals over the given parts (the same sums as the costs read makes over all of them). */
function totalsOf(partners: readonly SnapshotPartner[]): CostsPart['totals'] {
  const totals = { costsCents: zeroByCategory(), costTotalCents: 0, budgetCents: zeroByCategory(), budgetTotalCents: 0 };
  for (const p of partners) {
    for (const c of COST_CATEGORIES) {
      totals.costsCents[c] += p.totalsCents[c];
      totals.budgetCents[c] += p.budgetCents[c];
    }
  }
  totals.costTotalCents = sumCents(Object.values(totals.costsCents));
  totals.budgetTotalCents = sumCents(Object.values(totals.budgetCents));
  return totals;
}

/**
 * The snapshot for display to `principal`: the stored snapshot itself (the same object) when it may
 * read every part, otherwise a copy without the other partners' figures (see the decision above).
 * Hash the stored snapshot, never this.
 */
export function snapshotFor(principal: Principal, snapshot: ReportSnapshot): ReaderSnapshot {
  const costs = costsFor(principal, snapshot.project.id, snapshot);
  if (costs.withheld.length === 0) return snapshot;
  return { ...snapshot, partners: costs.partners, totals: costs.totals, withheld: costs.withheld };
}

/**
 * The findings of the rule set a reader may see: those of the shared sections and of the parts it
 * may read (another partner's findings name its deviations, employee references, hours, advances).
 */
export function visibleFindings(principal: Principal, projectId: string, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => !f.organisationId || mayReadPart(principal, projectId, f.organisationId));
}
