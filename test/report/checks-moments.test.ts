import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { auditLog, costLines, partnerBudgets, partnerParts, projectPartners } from '#db/schema/index';
import * as costPartRoute from '#app/routes/report/cost-part';
import { COST_CATEGORIES, type CostCategory } from '#app/rules/domain';
import { formatMoneyInput } from '#app/rules/numbers';
import { setupTestDatabase } from '#test/support/db';
import { get, orgId, params, post, reportOf } from './support';

/**
 * The checks at their moments, through the real cost-part route: a save shows what the rules find
 * and always keeps a well-formed draft; a sign-off runs the part's rules and is refused — changing
 * nothing — while a blocking one fails. (Submission: test/report/submit.test.ts.)
 */
setupTestDatabase();

const INFOSUPPORT = 'partner.infosupport@demo.ipcei.test';
const TNO = 'partner.tno@demo.ipcei.test';
type Finding = { rule: string; severity: string; field?: string; params: Record<string, unknown> };

let report: { id: string; projectId: string };
let infosupport = '';
let budget: Record<CostCategory, number>;
const partPath = (code: string, org: string) => `/projecten/${code}/rapporten/2025/kosten/${org}`;
const partParams = (code: string, org: string) => params(code, 2025, { organisationId: org });

async function partRow(reportId: string, org: string) {
  const [row] = await getDb().select().from(partnerParts).where(and(eq(partnerParts.reportId, reportId), eq(partnerParts.organisationId, org)));
  return row ?? null;
}

/** Lines at `percent` of the year's budget in every category that has one (non-personnel categories as amounts). */
function linesAt(percent: Partial<Record<CostCategory, number>>, version: number, explanations: Record<string, string> = {}) {
  const fields: Record<string, string> = { version: String(version) };
  let i = 0;
  for (const c of COST_CATEGORIES) {
    if (budget[c] === 0) continue;
    // Personnel is priced by the cost method; the boundary is tested on amounts, so book it as "other"-like
    // amounts only where the category allows it: personnel gets its own person with a wage below.
    if (c === 'personnel') continue;
    const cents = Math.round((budget[c] * (percent[c] ?? 100)) / 100);
    Object.assign(fields, { [`lines.${i}.category`]: c, [`lines.${i}.amount`]: formatMoneyInput(cents, 'nl') });
    i++;
  }
  for (const [k, v] of Object.entries(explanations)) fields[`explanations.${k}`] = v;
  return fields;
}

beforeAll(async () => {
  report = await reportOf('ECOFED', 2025);
  infosupport = await orgId('Info Support');
  const rows = await getDb()
    .select()
    .from(partnerBudgets)
    .where(and(eq(partnerBudgets.projectId, report.projectId), eq(partnerBudgets.organisationId, infosupport), eq(partnerBudgets.year, 2025)));
  budget = Object.fromEntries(COST_CATEGORIES.map((c) => [c, rows.filter((r) => r.category === c).reduce((s, r) => s + r.amountCents, 0)])) as Record<CostCategory, number>;
});

describe('a cost part: checks at save and at sign-off', () => {
  it('refuses to sign off a part that was never filled in, and changes nothing', async () => {
    const before = await partRow(report.id, infosupport);
    const page = await get(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), INFOSUPPORT);
    expect((page.data?.findings as Finding[]).map((f) => f.rule)).toContain('costs.part.empty');
    // Only one empty line is offered, not three; "add a line" asks for more.
    expect((page.data?.values as { lines: unknown[] }).lines).toHaveLength(1);

    const refused = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), { version: String(before?.version ?? 0), intent: 'signoff', confirm: 'on' }, INFOSUPPORT);
    expect(refused.status).toBe(400);
    expect(refused.data?.errors).toEqual({ confirm: 'errors.report.signOff.blocked' });
    expect((refused.data?.findings as Finding[]).map((f) => [f.rule, f.severity])).toContainEqual(['costs.part.empty', 'blocking']);
    const after = await partRow(report.id, infosupport);
    expect(after?.signedOffAt ?? null).toBeNull();
    expect(after?.version ?? 0).toBe(before?.version ?? 0);
    const signoffs = await getDb().select().from(auditLog).where(eq(auditLog.action, 'report.part.signoff'));
    expect(signoffs.filter((a) => a.entityId === `${report.id}/${infosupport}`)).toHaveLength(0);
  });

  it('saves a draft whose deviations are not yet explained, shows them, and refuses the sign-off until they are', async () => {
    const version = (await partRow(report.id, infosupport))?.version ?? 0;
    // Only the first category is entered: every other category deviates −100%, with no explanation.
    const first = COST_CATEGORIES.find((c) => c !== 'personnel' && budget[c] > 0)!;
    const fields = { version: String(version), 'lines.0.category': first, 'lines.0.amount': formatMoneyInput(budget[first], 'nl') };
    const saved = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), fields, INFOSUPPORT);
    expect(saved.status).toBe(302);
    const page = await get(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), INFOSUPPORT);
    const deviations = (page.data?.findings as Finding[]).filter((f) => f.rule === 'costs.deviation');
    expect(deviations.map((f) => f.field)).toContain('explanations.total');
    expect(deviations.every((f) => f.severity === 'blocking')).toBe(true);
    expect(deviations.map((f) => f.field)).not.toContain(`explanations.${first}`);

    const refused = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), { version: String(version + 1), intent: 'signoff', confirm: 'on' }, INFOSUPPORT);
    expect(refused.status).toBe(400);
    expect((await partRow(report.id, infosupport))?.signedOffAt).toBeNull();
  });

  it('needs no explanation at exactly 25% and does at 25.01%, at save and at sign-off', async () => {
    const others = COST_CATEGORIES.filter((c) => c !== 'personnel' && budget[c] > 0);
    const target = others[0]!;
    const personnelExplained: Record<string, string> = budget.personnel > 0 ? { personnel: 'Personeel volgt in een volgende regel' } : {};
    // Exactly +25% in one category (all others at budget; the total explained because personnel is absent).
    let version = (await partRow(report.id, infosupport))!.version;
    const exact = linesAt({ [target]: 125 }, version, { ...personnelExplained, total: 'Personeel ontbreekt nog' });
    expect((await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), exact, INFOSUPPORT)).status).toBe(302);
    let page = await get(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), INFOSUPPORT);
    expect((page.data?.findings as Finding[]).filter((f) => f.rule === 'costs.deviation').map((f) => f.field)).not.toContain(`explanations.${target}`);

    // +25.01%: budget × 1.2501 (the budgets are whole euros, so this is exact in cents).
    version += 1;
    const over = linesAt({ [target]: 125.01 }, version, { ...personnelExplained, total: 'Personeel ontbreekt nog' });
    expect((await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), over, INFOSUPPORT)).status).toBe(302);
    page = await get(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), INFOSUPPORT);
    const flagged = (page.data?.findings as Finding[]).filter((f) => f.rule === 'costs.deviation');
    expect(flagged.map((f) => f.field)).toContain(`explanations.${target}`);
    expect(flagged.find((f) => f.field === `explanations.${target}`)?.params.share).toBeCloseTo(0.2501, 6);
    version += 1;
    const refused = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), { version: String(version), intent: 'signoff', confirm: 'on' }, INFOSUPPORT);
    expect(refused.status).toBe(400);
    expect((refused.data?.findings as Finding[]).map((f) => f.field)).toContain(`explanations.${target}`);

    // Explained: the sign-off goes through.
    const explained = linesAt({ [target]: 125.01 }, version, { ...personnelExplained, total: 'Personeel ontbreekt nog', [target]: 'Extra testservers' });
    expect((await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), explained, INFOSUPPORT)).status).toBe(302);
    version += 1;
    const signed = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), { version: String(version), intent: 'signoff', confirm: 'on' }, INFOSUPPORT);
    expect(signed.data?.findings).toBeUndefined();
    expect(signed.status).toBe(302);
    expect((await partRow(report.id, infosupport))?.signedOffAt).not.toBeNull();

    // The partner withdraws its own sign-off explicitly (audited).
    version += 1;
    const withdrawn = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), { version: String(version), intent: 'withdraw' }, INFOSUPPORT);
    expect(withdrawn.status).toBe(302);
    expect((await partRow(report.id, infosupport))?.signedOffAt).toBeNull();
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.action, 'report.part.signoff.withdraw'));
    expect(audit.some((a) => a.entityId === `${report.id}/${infosupport}`)).toBe(true);
  });

  it('"add a line" and "remove this line" work without JavaScript and keep what was typed', async () => {
    const version = (await partRow(report.id, infosupport))!.version;
    const fields = { version: String(version), 'lines.0.category': 'materials', 'lines.0.amount': '10,00', 'lines.1.category': 'other', 'lines.1.amount': '20,00', intent: 'add' };
    const added = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), fields, INFOSUPPORT);
    expect(added.status).toBe(302);
    expect(added.location).toBe(`${partPath('ECOFED', infosupport)}?lege=1`);
    const page = await get(costPartRoute, `${partPath('ECOFED', infosupport)}?lege=1`, partParams('ECOFED', infosupport), INFOSUPPORT);
    expect((page.data?.values as { lines: unknown[] }).lines).toHaveLength(3);
    const removed = await post(costPartRoute, partPath('ECOFED', infosupport), partParams('ECOFED', infosupport), { ...fields, version: String(version + 1), intent: 'remove:0' }, INFOSUPPORT);
    expect(removed.status).toBe(302);
    const lines = await getDb().select().from(costLines).where(and(eq(costLines.reportId, report.id), eq(costLines.organisationId, infosupport)));
    expect(lines.map((l) => [l.category, l.amountCents])).toEqual([['other', 2_000]]);
  });
});

describe('one person across projects', () => {
  it("sums a person's hours over the organisation's projects in the year and blocks above 1,720", async () => {
    const tno = await orgId('TNO');
    const misd = await reportOf('MISD', 2025);
    const [ecofedPartner, misdPartner] = await Promise.all(
      [report.projectId, misd.projectId].map(async (projectId) => (await getDb().select().from(projectPartners).where(and(eq(projectPartners.projectId, projectId), eq(projectPartners.organisationId, tno))))[0]!),
    );
    expect(ecofedPartner!.costMethod).not.toBe('wage_plus_overhead');
    expect(misdPartner!.costMethod).not.toBe('wage_plus_overhead');
    const person = (hours: string, version: number) => ({ version: String(version), 'lines.0.category': 'personnel', 'lines.0.employeeRef': 'TNO-4711', 'lines.0.hours': hours });
    const v1 = (await partRow(report.id, tno))?.version ?? 0;
    const v2 = (await partRow(misd.id, tno))?.version ?? 0;
    expect((await post(costPartRoute, partPath('ECOFED', tno), partParams('ECOFED', tno), person('1.000', v1), TNO)).status).toBe(302);
    // 1,000 + 720 = 1,720: exactly the ceiling, allowed.
    expect((await post(costPartRoute, partPath('MISD', tno), partParams('MISD', tno), person('720', v2), TNO)).status).toBe(302);
    let page = await get(costPartRoute, partPath('MISD', tno), partParams('MISD', tno), TNO);
    expect((page.data?.findings as Finding[]).map((f) => f.rule)).not.toContain('costs.ceiling');
    // 1,000 + 720,5 > 1,720: blocking, on both projects' parts, with the hours per project.
    expect((await post(costPartRoute, partPath('MISD', tno), partParams('MISD', tno), person('720,5', v2 + 1), TNO)).status).toBe(302);
    for (const [code, reportId] of [['ECOFED', report.id], ['MISD', misd.id]] as const) {
      page = await get(costPartRoute, partPath(code, tno), partParams(code, tno), TNO);
      const ceiling = (page.data?.findings as Finding[]).find((f) => f.rule === 'costs.ceiling');
      expect(ceiling).toMatchObject({ severity: 'blocking', field: 'lines.0.hours', params: { employeeRef: 'TNO-4711', hours: 1720.5, ceiling: 1720 } });
      expect(ceiling?.params.projects).toEqual([{ code: 'ECOFED', hours: 1000 }, { code: 'MISD', hours: 720.5 }]);
      const version = (await partRow(reportId, tno))!.version;
      expect((await post(costPartRoute, partPath(code, tno), partParams(code, tno), { version: String(version), intent: 'signoff', confirm: 'on' }, TNO)).status).toBe(400);
    }
  });
});
