import { describe, expect, it } from 'vitest';
import { en, nl } from '#app/i18n/messages/index';
import { milestoneNeedsExplanation, RULE_IDS, RULES, runChecks, runPartChecks, type CheckFacts, type CheckPartner } from '#app/rules/checks';
import { earnedSubsidyCents, personnelAmountCents, personnelRateCents } from '#app/rules/costs';

const ZERO = { personnel: 0, equipment: 0, materials: 0, third_party: 0, other: 0 };

function partner(over: Partial<CheckPartner> = {}): CheckPartner {
  return {
    organisation: { id: 'org-1', name: 'Partner' },
    costMethod: 'fixed_hourly_rate',
    hourlyRateCents: 10_000,
    budgetCents: { ...ZERO, personnel: 1_000_000 },
    budgetTotalCents: 1_000_000,
    costLines: [{ category: 'personnel', employeeRef: 'P-1', hours: 100, hourlyRateCents: 10_000, annualWageCents: null, amountCents: 1_000_000 }],
    totalsCents: { ...ZERO, personnel: 1_000_000 },
    totalCents: 1_000_000,
    deviationExplanations: {},
    version: 1,
    signedOffAt: null,
    ...over,
  };
}

const part = (p: CheckPartner, extra: Partial<CheckFacts> = {}) =>
  runPartChecks({ productiveHours: 1720, partners: [p], personHours: [], advances: [], ...extra }, p.organisation.id).map((f) => f.rule);

describe('the rule set', () => {
  it('has a severity and a Dutch and English message for every rule', () => {
    for (const id of RULE_IDS) {
      expect(['blocking', 'warning']).toContain(RULES[id].severity);
      expect(nl[`checks.${id}` as keyof typeof nl], id).toBeTruthy();
      expect(en[`checks.${id}` as keyof typeof en], id).toBeTruthy();
    }
    // The requirement: advances beyond the earned subsidy warn; everything else blocks.
    expect(RULE_IDS.filter((id) => RULES[id].severity === 'warning')).toEqual(['costs.advances']);
  });

  it('prices a person by the cost method: wage ÷ productive hours + 50%, or the agreed rate', () => {
    // € 60.000 wage costs: 6,000,000 × 1.5 ÷ 1,720 = 5,232.56 → 5,233 cents (half up).
    expect(personnelRateCents('wage_plus_overhead', 9_999, 6_000_000, 1720)).toBe(5_233);
    expect(personnelRateCents('wage_plus_overhead', 9_999, null, 1720)).toBeNull();
    expect(personnelRateCents('fixed_hourly_rate', 6_000, 6_000_000, 1720)).toBe(6_000);
    expect(personnelRateCents('full_cost_iks', 13_200, null, 1720)).toBe(13_200);
    // 12.5 hours × € 52,33 = € 654,125 → € 654,13 (half up), in integers.
    expect(personnelAmountCents(1_250, 5_233)).toBe(65_413);
    expect(earnedSubsidyCents(1_000_000, 600_000, 2_000_000)).toBe(300_000);
    expect(earnedSubsidyCents(1, 1, 3)).toBe(0);
  });

  it('flags a line whose rate no longer matches the cost method, and a missing person or wage', () => {
    expect(part(partner())).toEqual([]);
    // The agreed rate changed after the line was saved.
    expect(part(partner({ hourlyRateCents: 11_000 }))).toEqual(['costs.rate']);
    expect(part(partner({ costLines: [{ category: 'personnel', employeeRef: null, hours: 100, hourlyRateCents: 10_000, amountCents: 1_000_000 }] }))).toEqual(['costs.employeeRef']);
    expect(part(partner({ costMethod: 'wage_plus_overhead' }))).toEqual(['costs.wage']);
    const byWage = partner({
      costMethod: 'wage_plus_overhead',
      costLines: [{ category: 'personnel', employeeRef: 'P-1', hours: 100, hourlyRateCents: 5_233, annualWageCents: 6_000_000, amountCents: 523_300 }],
      totalsCents: { ...ZERO, personnel: 523_300 },
      totalCents: 523_300,
      deviationExplanations: { personnel: 'x', total: 'x' },
    });
    expect(part(byWage)).toEqual([]);
  });

  it('blocks a person above the ceiling summed over projects, at 1,720.01 and not at 1,720', () => {
    const hours = (a: number, b: number) => ({ personHours: [{ organisationId: 'org-1', employeeRef: 'P-1', projects: [{ code: 'A', hundredths: a }, { code: 'B', hundredths: b }] }] });
    expect(part(partner(), hours(100_000, 72_000))).toEqual([]);
    expect(part(partner(), hours(100_000, 72_001))).toEqual(['costs.ceiling']);
  });

  it('warns (never blocks) when advances exceed the subsidy earned', () => {
    const findings = runPartChecks({ productiveHours: 1720, partners: [partner()], personHours: [], advances: [{ organisationId: 'org-1', paidCents: 2, earnedCents: 1 }] }, 'org-1');
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['costs.advances', 'warning']]);
    expect(part(partner(), { advances: [{ organisationId: 'org-1', paidCents: 1, earnedCents: 1 }] })).toEqual([]);
  });

  it('asks an explanation for a milestone whose planned date has passed and that is not achieved', () => {
    const m = { status: 'on_track', plannedDate: '2026-06-30', forecastDate: null };
    expect(milestoneNeedsExplanation(m, '2026-06-30')).toBe(false);
    expect(milestoneNeedsExplanation(m, '2026-07-01')).toBe(true);
    expect(milestoneNeedsExplanation({ ...m, status: 'achieved' }, '2026-07-01')).toBe(false);
    expect(milestoneNeedsExplanation({ ...m, status: 'delayed' }, '2026-01-01')).toBe(true);
    expect(milestoneNeedsExplanation({ ...m, forecastDate: '2026-09-30' }, '2026-01-01')).toBe(true);
  });

  it('runs every rule at submission, in the order of the task list, and the part rules within it', () => {
    const facts: CheckFacts = {
      today: '2026-12-01',
      productiveHours: 1720,
      sections: { progress: 'in_progress', milestones: 'completed', costs: 'in_progress', indicators: 'completed', spillover: 'completed', risks: 'completed', attachments: 'not_started' },
      progressSummary: '',
      workPackages: [{ id: 'w', code: 'WP1', narrative: 'ok' }],
      projectMilestones: [{ id: 'm', code: 'M1', plannedDate: '2026-06-30' }],
      milestones: [{ id: 'm', status: 'on_track', achievedDate: null, forecastDate: null, explanation: '' }],
      indicators: null,
      partners: [partner()],
      personHours: [],
      advances: [],
    };
    expect(runChecks(facts).map((f) => [f.rule, f.section, f.field])).toEqual([
      ['progress.summary', 'progress', 'summary'],
      ['section.incomplete', 'progress', 'complete'],
      ['milestones.explanation', 'milestones', 'milestones.0.explanation'],
      ['costs.part.signedOff', 'costs', 'confirm'],
      ['indicators.missing', 'indicators', 'fte'],
      ['section.incomplete', 'attachments', 'complete'],
    ]);
  });
});
