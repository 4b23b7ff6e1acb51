import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { projectPartners, reportRevisions, reports, reportSections } from '#db/schema/index';
import { buildReportSnapshot, snapshotHash } from '#app/models/report-snapshot.server';
import { transition } from '#app/models/report-workflow.server';
import * as checkRoute from '#app/routes/report/check';
import * as confirmationRoute from '#app/routes/report/confirmation';
import * as costPartRoute from '#app/routes/report/cost-part';
import * as indicatorsRoute from '#app/routes/report/indicators';
import * as milestonesRoute from '#app/routes/report/milestones';
import * as progressRoute from '#app/routes/report/progress';
import * as revisionRoute from '#app/routes/report/revision';
import * as risksRoute from '#app/routes/report/risks';
import * as spilloverRoute from '#app/routes/report/spillover';
import * as attachmentsRoute from '#app/routes/report/attachments';
import * as taskListRoute from '#app/routes/report/task-list';
import { setupTestDatabase } from '#test/support/db';
import { actorOf, principalFor } from '#test/support/principal';
import { todayInAmsterdam } from '#app/rules/dates';
import { get, milestonesOf, orgId, params, post, reportOf, workPackagesOf } from './support';

setupTestDatabase();

// ECC: a single-partner project, so Leaseweb's penvoerder fills in and signs off its own part too.
const ECC = 'penvoerder.ecc@demo.ipcei.test';
const P = params('ECC', 2025);
const path = (rest = '') => `/projecten/ECC/rapporten/2025${rest ? `/${rest}` : ''}`;
const EXPLAIN_ALL = Object.fromEntries(['personnel', 'equipment', 'materials', 'third_party', 'other', 'total'].map((k) => [`explanations.${k}`, 'Toelichting']));
let report: { id: string; projectId: string };
let leaseweb = '';

async function version(section: 'progress' | 'milestones' | 'costs' | 'indicators' | 'spillover' | 'risks' | 'attachments') {
  const [row] = await getDb()
    .select({ version: reportSections.version })
    .from(reportSections)
    .where(and(eq(reportSections.reportId, report.id), eq(reportSections.section, section)));
  return String(row!.version);
}

async function fillEverything() {
  const wps = await workPackagesOf(report.projectId);
  const progress: Record<string, string> = { version: await version('progress'), summary: 'Het campusontwerp is af.', complete: 'on' };
  wps.forEach((wp, i) => Object.assign(progress, { [`workPackages.${i}.id`]: wp.id, [`workPackages.${i}.narrative`]: `Werkpakket ${i + 1} loopt.` }));
  expect((await post(progressRoute, path('voortgang'), P, progress, ECC)).status).toBe(302);

  const list = await milestonesOf(report.projectId);
  const ms: Record<string, string> = { version: await version('milestones'), complete: 'on' };
  list.forEach((m, i) => Object.assign(ms, { [`milestones.${i}.id`]: m.id, [`milestones.${i}.status`]: 'achieved', [`milestones.${i}.achievedDate`]: m.plannedDate }));
  expect((await post(milestonesRoute, path('mijlpalen'), P, ms, ECC)).status).toBe(302);

  const part = { ...P, organisationId: leaseweb };
  const [partner] = await getDb().select({ costMethod: projectPartners.costMethod }).from(projectPartners).where(eq(projectPartners.organisationId, leaseweb));
  // Two people of 1.720 hours each (the ceiling per person); the wage where the cost method needs it.
  const wage: Record<string, string> = partner!.costMethod === 'wage_plus_overhead' ? { 'lines.0.wage': '90.000', 'lines.1.wage': '90.000' } : {};
  const costs: Record<string, string> = {
    version: '0',
    'lines.0.category': 'personnel', 'lines.0.employeeRef': 'LW-1', 'lines.0.hours': '1.720',
    'lines.1.category': 'personnel', 'lines.1.employeeRef': 'LW-2', 'lines.1.hours': '1.720',
    'lines.2.category': 'equipment', 'lines.2.amount': '250.000,00',
    ...wage,
    ...EXPLAIN_ALL,
  };
  expect((await post(costPartRoute, path(`kosten/${leaseweb}`), part, costs, ECC)).status).toBe(302);
  expect((await post(costPartRoute, path(`kosten/${leaseweb}`), part, { version: '1', intent: 'signoff', confirm: 'on' }, ECC)).status).toBe(302);

  const indicators = { version: await version('indicators'), complete: 'on', fte: '4,5', jobsCreated: '2', smesInvolved: '1', publications: '0', openSourceReleases: '1', patentApplications: '0', standardisationContributions: '0' };
  expect((await post(indicatorsRoute, path('indicatoren'), P, indicators, ECC)).status).toBe(302);
  expect((await post(spilloverRoute, path('spillover'), P, { version: await version('spillover'), complete: 'on' }, ECC)).status).toBe(302);
  expect((await post(risksRoute, path('risicos'), P, { version: await version('risks'), complete: 'on', deviations: 'Geen afwijkingen.' }, ECC)).status).toBe(302);
  expect((await post(attachmentsRoute, path('bijlagen'), P, { version: await version('attachments'), complete: 'on' }, ECC)).status).toBe(302);
}

beforeAll(async () => {
  report = await reportOf('ECC', 2025);
  leaseweb = await orgId('Leaseweb');
});

describe('submitting a report', () => {
  it('cannot start before every section is complete and every part signed off', async () => {
    const check = await get(checkRoute, path('controleren'), P, ECC);
    const findings = check.data?.findings as Array<{ rule: string; severity: string }>;
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['section.incomplete', 'costs.part.signedOff', 'costs.part.empty']));
    const task = await get(taskListRoute, path(), P, ECC);
    expect((task.data?.tasks as { readyForCheck: boolean }).readyForCheck).toBe(false);
    const refused = await post(checkRoute, path('controleren'), P, { version: '1', declaration: 'on', contentHash: String(check.data?.contentHash) }, ECC);
    expect(refused.status).toBe(400);
    expect((refused.data?.findings as Array<{ severity: string }>).every((f) => f.severity === 'blocking')).toBe(true);
    expect((await reportOf('ECC', 2025)).status).toBe('draft');
    expect(await getDb().select().from(reportRevisions).where(eq(reportRevisions.reportId, report.id))).toHaveLength(0);
  });

  it('submits a complete report: immutable revision with a SHA-256 of its snapshot, late flag, read-only afterwards', async () => {
    await fillEverything();
    const task = await get(taskListRoute, path(), P, ECC);
    expect(task.data?.tasks).toMatchObject({ completed: 7, readyForCheck: true });
    const check = await get(checkRoute, path('controleren'), P, ECC);
    expect((check.data?.findings as Array<{ severity: string }>).filter((f) => f.severity === 'blocking')).toEqual([]);
    const [row] = await getDb().select({ version: reports.version }).from(reports).where(eq(reports.id, report.id));
    const fields = { version: String(row!.version), contentHash: String(check.data?.contentHash) };

    // The declaration is required.
    const noDeclaration = await post(checkRoute, path('controleren'), P, fields, ECC);
    expect(noDeclaration.status).toBe(400);
    expect(noDeclaration.data?.errors).toEqual({ declaration: 'errors.report.submit.declarationRequired' });

    const submitted = await post(checkRoute, path('controleren'), P, { ...fields, declaration: 'on' }, ECC);
    expect(submitted.status).toBe(302);
    expect(submitted.location).toBe('/projecten/ECC/rapporten/2025/bevestiging?revisie=1');

    const [after] = await getDb().select().from(reports).where(eq(reports.id, report.id));
    expect(after).toMatchObject({ status: 'submitted', currentRevision: 1 });
    // Due 1 February 2026; the test runs later than that only if the clock says so.
    expect(after!.submittedLate).toBe(todayInAmsterdam() > '2026-02-01');

    const [revision] = await getDb().select().from(reportRevisions).where(eq(reportRevisions.reportId, report.id));
    expect(revision).toMatchObject({ revision: 1, reference: 'IPCEI-CIS-ECC-2025-R1' });
    // The warnings the penvoerder saw on the check page are kept with the revision, for RVO.
    expect(revision!.findings).toEqual(check.data?.findings);
    expect(snapshotHash(revision!.snapshot)).toBe(revision!.sha256);
    expect(revision!.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The snapshot is the report as it now stands, and says who submitted it.
    const rebuilt = await buildReportSnapshot(getDb(), report.id);
    expect(snapshotHash(rebuilt)).toBe(revision!.sha256);
    expect(rebuilt.submittedBy?.email).toBe(ECC);
    expect(rebuilt.partners[0]?.costLines).toHaveLength(3);

    const confirmation = await get(confirmationRoute, path('bevestiging?revisie=1'), P, ECC);
    expect(confirmation.data).toMatchObject({ revision: { reference: 'IPCEI-CIS-ECC-2025-R1', sha256: revision!.sha256 } });

    // Read-only now: a save and a second submit are refused with 409.
    expect((await post(progressRoute, path('voortgang'), P, { version: await version('progress'), summary: 'Later' }, ECC)).status).toBe(409);
    expect((await post(checkRoute, path('controleren'), P, { ...fields, declaration: 'on' }, ECC)).status).toBe(409);
  });

  it('after a request for changes, resubmission makes revision 2, and the two compare per section', async () => {
    const reviewer = await principalFor('reviewer.a@demo.ipcei.test');
    await getDb().transaction((tx) => transition(tx, reviewer, actorOf(reviewer), report.id, 'request_changes'));
    const changed = await post(progressRoute, path('voortgang'), P, { ...(await progressFields()), summary: 'Het campusontwerp is af en getest.' }, ECC);
    expect(changed.status).toBe(302);
    const check = await get(checkRoute, path('controleren'), P, ECC);
    expect((check.data?.findings as Array<{ severity: string }>).filter((f) => f.severity === 'blocking')).toEqual([]);
    const [row] = await getDb().select({ version: reports.version }).from(reports).where(eq(reports.id, report.id));

    // A stale check page (content changed since it was shown) is refused with 409.
    const stale = await post(checkRoute, path('controleren'), P, { version: String(row!.version), contentHash: '0'.repeat(64), declaration: 'on' }, ECC);
    expect(stale.status).toBe(409);

    const again = await post(checkRoute, path('controleren'), P, { version: String(row!.version), contentHash: String(check.data?.contentHash), declaration: 'on' }, ECC);
    expect(again.status).toBe(302);
    const revisions = await getDb().select().from(reportRevisions).where(eq(reportRevisions.reportId, report.id));
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);

    const view = await get(revisionRoute, path('revisies/2?met=1'), params('ECC', 2025, { revision: '2' }), 'reviewer.b@demo.ipcei.test');
    expect(view.data?.revision).toMatchObject({ revision: 2, hashOk: true, reference: 'IPCEI-CIS-ECC-2025-R2' });
    const sections = (view.data?.compare as { sections: Array<{ section: string; changes: Array<{ path: string; before: string; after: string }> }> }).sections;
    expect(sections.find((s) => s.section === 'progress')?.changes).toEqual([
      { path: 'summary', before: 'Het campusontwerp is af.', after: 'Het campusontwerp is af en getest.' },
    ]);
    expect(sections.find((s) => s.section === 'costs')?.changes).toEqual([]);
  });

  it('is only for the penvoerder', async () => {
    const ecofed = params('ECOFED', 2025);
    const answer = await post(checkRoute, '/projecten/ECOFED/rapporten/2025/controleren', ecofed, { version: '1', declaration: 'on', contentHash: 'x' }, 'partner.amsix@demo.ipcei.test');
    expect(answer.status).toBe(403);
  });
});

async function progressFields() {
  const wps = await workPackagesOf(report.projectId);
  const fields: Record<string, string> = { version: await version('progress'), complete: 'on' };
  wps.forEach((wp, i) => Object.assign(fields, { [`workPackages.${i}.id`]: wp.id, [`workPackages.${i}.narrative`]: `Werkpakket ${i + 1} loopt.` }));
  return fields;
}
