import { EXPLANATION_NEEDED, COST_CATEGORIES, type CostCategory, type CostMethod, type SectionStatus } from './domain';
import { personnelAmountCents, personnelRateCents, rateFromWage, toHundredths } from './costs';
import { deviationShare, needsExplanation } from './limits';
import { REPORT_SECTIONS, SECTION_SLUGS, type ReportSection } from './sections';

/**
 * THE checks of a report: one rule set, run on every page of a report (so a save shows what is
 * still missing), at a partner's sign-off of its cost part (that part's rules) and at submission
 * (all rules). Only malformed input (not a number, too long, not allowed) refuses a save, field by
 * field, in the section's form schema; what these rules find never does:
 * - `blocking`: refuses the sign-off of the part it points to, and the submission;
 * - `warning`: shown to the partner, and to RVO with the submitted revision; refuses nothing.
 *
 * Each finding names its rule, a translated message with its parameters, and the section,
 * partner and form field it points to, so every page can link to the field.
 */

export type Severity = 'blocking' | 'warning';

export const RULES = {
  /** A section other than the costs is not yet marked complete. */
  'section.incomplete': { severity: 'blocking' },
  'progress.summary': { severity: 'blocking' },
  'progress.narrative': { severity: 'blocking' },
  /** A milestone of the project has no status in this report. */
  'milestones.status': { severity: 'blocking' },
  'milestones.achievedDate': { severity: 'blocking' },
  'milestones.forecast': { severity: 'blocking' },
  /**
   * Delayed, at risk, cancelled, a forecast after the planned date, or a planned date that has
   * passed without the milestone being achieved: explain why.
   */
  'milestones.explanation': { severity: 'blocking' },
  'indicators.missing': { severity: 'blocking' },
  /** A partner's part without any cost line while the year has a budget. */
  'costs.part.empty': { severity: 'blocking' },
  /** Every partner signs off its own part before the penvoerder submits (not checked at sign-off). */
  'costs.part.signedOff': { severity: 'blocking' },
  /** More than 25% above or below the year's budget, per category and in total, needs an explanation. */
  'costs.deviation': { severity: 'blocking' },
  /** A personnel line names its person: personnel number or role code. */
  'costs.employeeRef': { severity: 'blocking' },
  /** Under loonkosten plus vaste opslag a personnel line gives the person's annual wage costs. */
  'costs.wage': { severity: 'blocking' },
  /** The line's rate is the one its cost method gives today, and its amount hours × that rate. */
  'costs.rate': { severity: 'blocking' },
  /** One person's hours in the year, over all projects of the organisation, above the ceiling. */
  'costs.ceiling': { severity: 'blocking' },
  /** Advances received exceed the subsidy earned with the approved costs (for the reviewer). */
  'costs.advances': { severity: 'warning' },
} as const satisfies Record<string, { severity: Severity }>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

export type DeviationKey = CostCategory | 'total';
export const DEVIATION_KEYS: readonly DeviationKey[] = [...COST_CATEGORIES, 'total'];

export interface FindingParams {
  partner?: string;
  category?: DeviationKey;
  section?: ReportSection;
  code?: string;
  /** 1-based line number on the part's page. */
  line?: number;
  employeeRef?: string;
  /** Deviation as a share (0.2501). */
  share?: number;
  hours?: number;
  ceiling?: number;
  /** Hours per project, "ECOFED 1.000, MISD 900" is written by the page. */
  projects?: Array<{ code: string; hours: number }>;
  paidCents?: number;
  earnedCents?: number;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Translation key `checks.<rule>`. */
  message: `checks.${RuleId}`;
  params: FindingParams;
  section: ReportSection;
  /** The partner whose cost part it is about (costs rules). */
  organisationId?: string;
  /** The form field (path) on the section's page, for the link. */
  field?: string;
}

// --- What the rules read --------------------------------------------------------------------------

export interface CheckCostLine {
  category: CostCategory;
  employeeRef?: string | null;
  hours: number | null;
  hourlyRateCents: number | null;
  annualWageCents?: number | null;
  amountCents: number;
}

export interface CheckPartner {
  organisation: { id: string; name: string };
  costMethod: CostMethod;
  hourlyRateCents: number;
  budgetCents: Record<CostCategory, number>;
  budgetTotalCents: number;
  costLines: CheckCostLine[];
  totalsCents: Record<CostCategory, number>;
  totalCents: number;
  deviationExplanations: Record<string, string>;
  version: number;
  signedOffAt: string | null;
}

export interface CheckFacts {
  /** Today in the Netherlands (YYYY-MM-DD): a planned date before it has passed. */
  today: string;
  /** The programme's productive hours per person per year (ceiling and wage divisor). */
  productiveHours: number;
  sections: Record<ReportSection, SectionStatus>;
  progressSummary: string;
  workPackages: Array<{ id: string; code: string; narrative: string }>;
  /** The project's milestones in the order of the milestones page. */
  projectMilestones: Array<{ id: string; code: string; plannedDate: string }>;
  milestones: Array<{ id: string; status: string; achievedDate: string | null; forecastDate: string | null; explanation: string }>;
  indicators: unknown | null;
  partners: CheckPartner[];
  /**
   * Per partner and person, the hours (hundredths) of the report's year on each of the
   * organisation's projects, this report's saved lines included.
   */
  personHours: Array<{ organisationId: string; employeeRef: string; projects: Array<{ code: string; hundredths: number }> }>;
  /** Per partner: advances paid to date and the subsidy earned by its approved costs to date. */
  advances: Array<{ organisationId: string; paidCents: number; earnedCents: number }>;
}

/** What a partner's part's rules read (its sign-off runs only those). */
export type PartFacts = Pick<CheckFacts, 'productiveHours' | 'partners' | 'personHours' | 'advances'>;

// --- The rules --------------------------------------------------------------------------------------

function finding(rule: RuleId, section: ReportSection, params: FindingParams = {}, at: { organisationId?: string; field?: string } = {}): Finding {
  return { rule, severity: RULES[rule].severity, message: `checks.${rule}`, params, section, ...at };
}

/** A milestone needs an explanation (delayed, at risk, cancelled, later than planned, or overdue). */
export function milestoneNeedsExplanation(m: { status: string; plannedDate: string; forecastDate: string | null }, today: string) {
  if (EXPLANATION_NEEDED.has(m.status)) return true;
  if (m.forecastDate && m.forecastDate > m.plannedDate) return true;
  return m.status !== 'achieved' && m.plannedDate < today;
}

function partFindings(p: CheckPartner, facts: PartFacts): Finding[] {
  const out: Finding[] = [];
  const at = (field?: string) => ({ organisationId: p.organisation.id, field });
  const partner = p.organisation.name;
  if (p.costLines.length === 0 && p.budgetTotalCents > 0) out.push(finding('costs.part.empty', 'costs', { partner }, at('lines.0.category')));
  for (const key of DEVIATION_KEYS) {
    const actual = key === 'total' ? p.totalCents : p.totalsCents[key];
    const budget = key === 'total' ? p.budgetTotalCents : p.budgetCents[key];
    if (needsExplanation(actual, budget) && !p.deviationExplanations[key]?.trim()) {
      out.push(finding('costs.deviation', 'costs', { partner, category: key, share: deviationShare(actual, budget) }, at(`explanations.${key}`)));
    }
  }
  p.costLines.forEach((line, i) => {
    if (line.category !== 'personnel' || line.hours === null) return;
    const params = { partner, line: i + 1 };
    if (!line.employeeRef) out.push(finding('costs.employeeRef', 'costs', params, at(`lines.${i}.employeeRef`)));
    const wage = line.annualWageCents ?? null;
    if (rateFromWage(p.costMethod) && wage === null) {
      out.push(finding('costs.wage', 'costs', params, at(`lines.${i}.wage`)));
      return;
    }
    const rate = personnelRateCents(p.costMethod, p.hourlyRateCents, wage, facts.productiveHours);
    if (rate === null || line.hourlyRateCents !== rate || line.amountCents !== personnelAmountCents(toHundredths(line.hours), rate)) {
      out.push(finding('costs.rate', 'costs', params, at(`lines.${i}.hours`)));
    }
  });
  // The same person over the organisation's projects in this year (this part's lines included).
  const ceiling = facts.productiveHours * 100;
  for (const person of facts.personHours) {
    if (person.organisationId !== p.organisation.id) continue;
    const total = person.projects.reduce((s, x) => s + x.hundredths, 0);
    if (total <= ceiling) continue;
    const index = p.costLines.findIndex((l) => l.employeeRef === person.employeeRef);
    out.push(
      finding(
        'costs.ceiling',
        'costs',
        { partner, employeeRef: person.employeeRef, hours: total / 100, ceiling: facts.productiveHours, projects: person.projects.map((x) => ({ code: x.code, hours: x.hundredths / 100 })) },
        at(index >= 0 ? `lines.${index}.hours` : undefined),
      ),
    );
  }
  const advances = facts.advances.find((a) => a.organisationId === p.organisation.id);
  if (advances && advances.paidCents > advances.earnedCents) {
    out.push(finding('costs.advances', 'costs', { partner, paidCents: advances.paidCents, earnedCents: advances.earnedCents }, at()));
  }
  return out;
}

/**
 * A partner's part's rules (what its sign-off runs): filled, deviations explained, every personnel
 * line a person with the rate of its cost method, no person above the ceiling, advances.
 */
export function runPartChecks(facts: PartFacts, organisationId: string): Finding[] {
  const p = facts.partners.find((x) => x.organisation.id === organisationId);
  return p ? partFindings(p, facts) : [];
}

/** The whole rule set (what a submission runs): every finding, in the order of the task list. */
export function runChecks(facts: CheckFacts): Finding[] {
  const out: Finding[] = [];
  const bySection: Record<ReportSection, Finding[]> = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, []])) as unknown as Record<ReportSection, Finding[]>;

  if (!facts.progressSummary.trim()) bySection.progress.push(finding('progress.summary', 'progress', {}, { field: 'summary' }));
  facts.workPackages.forEach((wp, i) => {
    if (!wp.narrative.trim()) bySection.progress.push(finding('progress.narrative', 'progress', { code: wp.code }, { field: `workPackages.${i}.narrative` }));
  });

  const updates = new Map(facts.milestones.map((m) => [m.id, m]));
  facts.projectMilestones.forEach((m, i) => {
    const u = updates.get(m.id);
    const field = (f: string) => ({ field: `milestones.${i}.${f}` });
    if (!u || !u.status) {
      bySection.milestones.push(finding('milestones.status', 'milestones', { code: m.code }, field('status')));
      return;
    }
    if (u.status === 'achieved' && !u.achievedDate) bySection.milestones.push(finding('milestones.achievedDate', 'milestones', { code: m.code }, field('achievedDate')));
    if ((u.status === 'delayed' || u.status === 'at_risk') && !u.forecastDate) bySection.milestones.push(finding('milestones.forecast', 'milestones', { code: m.code }, field('forecastDate')));
    if (milestoneNeedsExplanation({ status: u.status, plannedDate: m.plannedDate, forecastDate: u.forecastDate }, facts.today) && !u.explanation.trim()) {
      bySection.milestones.push(finding('milestones.explanation', 'milestones', { code: m.code }, field('explanation')));
    }
  });

  for (const p of facts.partners) {
    bySection.costs.push(...partFindings(p, facts));
    if (!p.signedOffAt) bySection.costs.push(finding('costs.part.signedOff', 'costs', { partner: p.organisation.name }, { organisationId: p.organisation.id, field: 'confirm' }));
  }

  if (!facts.indicators) bySection.indicators.push(finding('indicators.missing', 'indicators', {}, { field: 'fte' }));

  for (const section of REPORT_SECTIONS) {
    if (section !== 'costs' && facts.sections[section] !== 'completed') {
      bySection[section].push(finding('section.incomplete', section, { section }, { field: 'complete' }));
    }
    out.push(...bySection[section]);
  }
  return out;
}

export const isBlocking = (f: Finding) => f.severity === 'blocking';

/** The findings that point to one section (and, for the costs, one partner's part). */
export function findingsFor(findings: readonly Finding[], section: ReportSection, organisationId?: string) {
  return findings.filter((f) => f.section === section && (organisationId === undefined || f.organisationId === organisationId));
}

/** Where a finding is fixed, relative to the report: the section's page (a partner's part for costs). */
export function findingPath(f: Pick<Finding, 'section' | 'organisationId'>) {
  return f.section === 'costs' && f.organisationId ? `${SECTION_SLUGS.costs}/${f.organisationId}` : SECTION_SLUGS[f.section];
}
