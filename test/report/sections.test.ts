import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import {
  attachments,
  auditLog,
  costLines,
  milestoneUpdates,
  partnerParts,
  projectPartners,
  reportIndicators,
  reportNarratives,
  reportSections,
  risks,
  spilloverActivities,
  workPackageProgress,
} from '#db/schema/index';
import * as attachmentsRoute from '#app/routes/report/attachments';
import * as downloadRoute from '#app/routes/report/attachment-download';
import * as costPartRoute from '#app/routes/report/cost-part';
import * as indicatorsRoute from '#app/routes/report/indicators';
import * as milestonesRoute from '#app/routes/report/milestones';
import * as progressRoute from '#app/routes/report/progress';
import * as risksRoute from '#app/routes/report/risks';
import * as spilloverRoute from '#app/routes/report/spillover';
import { setupTestDatabase } from '#test/support/db';
import { get, milestonesOf, multipart, orgId, params, post, reportOf, workPackagesOf, type RouteModule } from './support';

setupTestDatabase();

const PENVOERDER = 'penvoerder.ecofed@demo.ipcei.test';
const INFOSUPPORT = 'partner.infosupport@demo.ipcei.test';
const OTHER_PENVOERDER = 'penvoerder.misd@demo.ipcei.test';
const REVIEWER = 'reviewer.a@demo.ipcei.test';
const P = params('ECOFED', 2025);
const path = (rest: string) => `/projecten/ECOFED/rapporten/2025/${rest}`;
let report: { id: string; projectId: string };

async function sectionRow(section: 'progress' | 'milestones' | 'costs' | 'indicators' | 'spillover' | 'risks' | 'attachments') {
  const [row] = await getDb()
    .select()
    .from(reportSections)
    .where(and(eq(reportSections.reportId, report.id), eq(reportSections.section, section)));
  return row!;
}

beforeAll(async () => {
  report = await reportOf('ECOFED', 2025);
});

/** The forbidden and not-found cases every shared section answers the same way. */
async function refusesOthers(route: RouteModule, slug: string, fields: Record<string, string>) {
  expect((await post(route, path(slug), P, fields, INFOSUPPORT)).status).toBe(403); // contributor: only its own cost part
  expect((await post(route, path(slug), P, fields, REVIEWER)).status).toBe(403); // staff read, never write
  expect((await post(route, path(slug), P, fields, OTHER_PENVOERDER)).status).toBe(404); // another project does not exist for them
}

describe('progress', () => {
  it('saves the summary and a narrative per work package, bumps the version, audits', async () => {
    const wps = await workPackagesOf(report.projectId);
    const before = await sectionRow('progress');
    const fields: Record<string, string> = { version: String(before.version), summary: 'Samenvatting <script>alert(1)</script>', complete: 'on' };
    wps.forEach((wp, i) => {
      fields[`workPackages.${i}.id`] = wp.id;
      fields[`workPackages.${i}.narrative`] = `Voortgang ${i}`;
    });
    const answer = await post(progressRoute, path('voortgang'), P, fields, PENVOERDER);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe('/projecten/ECOFED/rapporten/2025');
    const after = await sectionRow('progress');
    expect(after.version).toBe(before.version + 1);
    expect(after.status).toBe('completed');
    const [narrative] = await getDb().select().from(reportNarratives).where(eq(reportNarratives.reportId, report.id));
    // Stored exactly as typed; React escapes it when shown.
    expect(narrative!.progressSummary).toBe('Samenvatting <script>alert(1)</script>');
    expect(await getDb().select().from(workPackageProgress).where(eq(workPackageProgress.reportId, report.id))).toHaveLength(wps.length);
    const audit = await getDb().select().from(auditLog).where(and(eq(auditLog.action, 'report.section.save'), eq(auditLog.entityId, report.id)));
    expect(audit.some((a) => (a.details as { section?: string }).section === 'progress')).toBe(true);
  });

  it('refuses text beyond the limit with 400 and saves nothing', async () => {
    const before = await sectionRow('progress');
    const answer = await post(progressRoute, path('voortgang'), P, { version: String(before.version), summary: 'x'.repeat(10_001) }, PENVOERDER);
    expect(answer.status).toBe(400);
    expect(answer.data?.errors).toEqual({ summary: 'errors.report.text.tooLongLong' });
    expect(answer.data?.values).toMatchObject({ summary: 'x'.repeat(10_001) });
    expect((await sectionRow('progress')).version).toBe(before.version);
  });

  it('refuses a work package of another project', async () => {
    const misd = await reportOf('MISD', 2025);
    const [foreign] = await workPackagesOf(misd.projectId);
    const before = await sectionRow('progress');
    const answer = await post(progressRoute, path('voortgang'), P, { version: String(before.version), summary: 'x', 'workPackages.0.id': foreign!.id, 'workPackages.0.narrative': 'y' }, PENVOERDER);
    expect(answer.status).toBe(400);
    expect(answer.data?.errors).toEqual({ 'workPackages.0.narrative': 'errors.report.unknownItem' });
    expect((await sectionRow('progress')).version).toBe(before.version);
  });

  it('answers a stale version with 409, the user input next to the current content, and keeps the content', async () => {
    const before = await sectionRow('progress');
    const answer = await post(progressRoute, path('voortgang'), P, { version: String(before.version - 1), summary: 'Mijn oude versie' }, PENVOERDER);
    expect(answer.status).toBe(409);
    expect(answer.data?.conflict?.mine).toMatchObject({ summary: 'Mijn oude versie' });
    expect(answer.data?.conflict?.current).toMatchObject({ summary: 'Samenvatting <script>alert(1)</script>' });
    expect(answer.data?.values).toMatchObject({ summary: 'Mijn oude versie', version: String(before.version) });
    const [narrative] = await getDb().select().from(reportNarratives).where(eq(reportNarratives.reportId, report.id));
    expect(narrative!.progressSummary).toBe('Samenvatting <script>alert(1)</script>');
  });

  it('autosaves a draft and answers with the new version instead of redirecting', async () => {
    const before = await sectionRow('progress');
    const answer = await post(progressRoute, path('voortgang'), P, { version: String(before.version), summary: 'Concept', intent: 'autosave' }, PENVOERDER);
    expect(answer.status).toBe(200);
    expect(answer.data?.saved).toMatchObject({ version: before.version + 1 });
    expect((await sectionRow('progress')).status).toBe('in_progress');
  });

  it('is refused to contributors, staff and other projects', async () => {
    await refusesOthers(progressRoute, 'voortgang', { version: '0', summary: 'x' });
  });
});

describe('milestones', () => {
  it('saves a draft with what is still missing, shows it, and refuses "complete" until it is resolved', async () => {
    const list = await milestonesOf(report.projectId);
    const before = await sectionRow('milestones');
    const fields: Record<string, string> = { version: String(before.version) };
    list.forEach((m, i) => {
      fields[`milestones.${i}.id`] = m.id;
      fields[`milestones.${i}.status`] = 'achieved';
      fields[`milestones.${i}.achievedDate`] = m.plannedDate;
    });
    fields['milestones.0.status'] = 'delayed';
    fields['milestones.0.achievedDate'] = '';
    // A draft saves (302) although the delayed milestone has no forecast and no explanation yet…
    expect((await post(milestonesRoute, path('mijlpalen'), P, fields, PENVOERDER)).status).toBe(302);
    // …and the page shows both as blocking findings, pointing at the fields.
    const page = await get(milestonesRoute, path('mijlpalen'), P, PENVOERDER);
    const findings = page.data?.findings as Array<{ rule: string; severity: string; field?: string }>;
    expect(findings.filter((f) => f.field?.startsWith('milestones.0.')).map((f) => [f.rule, f.severity, f.field])).toEqual([
      ['milestones.forecast', 'blocking', 'milestones.0.forecastDate'],
      ['milestones.explanation', 'blocking', 'milestones.0.explanation'],
    ]);
    // "This section is complete" runs the section's rules: refused, and nothing of this post is saved.
    fields.version = String(before.version + 1);
    const refused = await post(milestonesRoute, path('mijlpalen'), P, { ...fields, complete: 'on', 'milestones.1.explanation': 'niet bewaard' }, PENVOERDER);
    expect(refused.status).toBe(400);
    expect(refused.data?.errors).toEqual({ complete: 'errors.report.section.completeBlocked' });
    expect((refused.data?.findings as Array<{ rule: string }>).map((f) => f.rule)).toEqual(['milestones.forecast', 'milestones.explanation']);
    expect((await sectionRow('milestones')).version).toBe(before.version + 1);
    // A planned date sent by the browser is not trusted: the stored one decides (forecast later → explain).
    fields['milestones.0.forecastDate'] = '2099-01-01';
    fields['milestones.0.plannedDate'] = '2100-01-01';
    const still = await post(milestonesRoute, path('mijlpalen'), P, { ...fields, complete: 'on' }, PENVOERDER);
    expect((still.data?.findings as Array<{ rule: string }>).map((f) => f.rule)).toEqual(['milestones.explanation']);
    fields['milestones.0.explanation'] = 'Leverancier levert later';
    expect((await post(milestonesRoute, path('mijlpalen'), P, { ...fields, complete: 'on' }, PENVOERDER)).status).toBe(302);
    expect((await sectionRow('milestones')).status).toBe('completed');
    const updates = await getDb().select().from(milestoneUpdates).where(eq(milestoneUpdates.reportId, report.id));
    expect(updates).toHaveLength(list.length);
    expect(updates.find((u) => u.milestoneId === list[0]!.id)).toMatchObject({ status: 'delayed', forecastDate: '2099-01-01' });
  });

  it("refuses a milestone that is not the project's", async () => {
    const misd = await reportOf('MISD', 2025);
    const [foreign] = await milestonesOf(misd.projectId);
    const before = await sectionRow('milestones');
    const answer = await post(milestonesRoute, path('mijlpalen'), P, { version: String(before.version), 'milestones.0.id': foreign!.id, 'milestones.0.status': 'on_track' }, PENVOERDER);
    expect(answer.status).toBe(400);
    expect(answer.data?.errors).toEqual({ 'milestones.0.status': 'errors.report.unknownItem' });
  });

  it('answers a stale version with 409', async () => {
    const answer = await post(milestonesRoute, path('mijlpalen'), P, { version: '0' }, PENVOERDER);
    expect(answer.status).toBe(409);
  });

  it('is refused to contributors, staff and other projects', async () => {
    await refusesOthers(milestonesRoute, 'mijlpalen', { version: '0' });
  });
});

describe('costs (a partner part)', () => {
  let infosupport = '';
  let tno = '';
  beforeAll(async () => {
    infosupport = await orgId('Info Support');
    tno = await orgId('TNO');
  });
  const part = (org: string) => path(`kosten/${org}`);
  const partParams = (org: string) => params('ECOFED', 2025, { organisationId: org });
  const partRow = async (org: string) =>
    (await getDb().select().from(partnerParts).where(and(eq(partnerParts.reportId, report.id), eq(partnerParts.organisationId, org))))[0];

  it('lets a partner save its own part: a person × hours × the rate of its cost method, Dutch money, explanations', async () => {
    const [partner] = await getDb().select().from(projectPartners).where(and(eq(projectPartners.projectId, report.projectId), eq(projectPartners.organisationId, infosupport)));
    // Info Support works with loonkosten plus vaste opslag: the rate comes from the person's wage costs.
    expect(partner!.costMethod).toBe('wage_plus_overhead');
    const fields = {
      version: '0',
      'lines.0.category': 'personnel',
      'lines.0.description': 'Ontwikkelaars',
      'lines.0.employeeRef': 'is-900',
      'lines.0.hours': '1.720',
      'lines.0.wage': '118.680,00',
      'lines.1.category': 'equipment',
      'lines.1.amount': '€ 12.345,67',
      'lines.2.category': '',
      ...Object.fromEntries(['personnel', 'equipment', 'materials', 'third_party', 'other', 'total'].map((k) => [`explanations.${k}`, 'Toelichting'])),
    };
    const answer = await post(costPartRoute, part(infosupport), partParams(infosupport), fields, INFOSUPPORT);
    expect(answer.data?.errors).toBeUndefined();
    expect(answer.status).toBe(302);
    const lines = await getDb().select().from(costLines).where(and(eq(costLines.reportId, report.id), eq(costLines.organisationId, infosupport)));
    // € 118.680 × 1,5 ÷ 1.720 h = € 103,50 an hour.
    expect(lines.map((l) => [l.category, l.employeeRef, l.hours, l.hourlyRateCents, l.amountCents])).toEqual(
      expect.arrayContaining([
        ['personnel', 'IS-900', 1720, 10_350, 1720 * 10_350],
        ['equipment', null, null, null, 1_234_567],
      ]),
    );
    expect(lines).toHaveLength(2);
    expect((await partRow(infosupport))?.version).toBe(1);
  });

  it('refuses bad amounts and absurd hours with 400 and keeps the lines', async () => {
    const answer = await post(
      costPartRoute,
      part(infosupport),
      partParams(infosupport),
      { version: '1', 'lines.0.category': 'materials', 'lines.0.amount': '1,234.56', 'lines.1.category': 'personnel', 'lines.1.hours': '999999', 'lines.2.category': 'other', 'lines.2.amount': '-5' },
      INFOSUPPORT,
    );
    expect(answer.status).toBe(400);
    expect(answer.data?.errors).toMatchObject({
      'lines.0.amount': 'errors.report.money.englishNotation',
      'lines.1.hours': 'errors.report.costs.hoursTooMany',
      'lines.2.amount': 'errors.report.money.negative',
    });
    expect(await getDb().select().from(costLines).where(and(eq(costLines.reportId, report.id), eq(costLines.organisationId, infosupport)))).toHaveLength(2);
  });

  it("refuses a partner posting another organisation's part (404: it may not even see it), and the penvoerder and staff (403)", async () => {
    const fields = { version: '0', 'lines.0.category': 'other', 'lines.0.amount': '1,00' };
    expect((await post(costPartRoute, part(tno), partParams(tno), fields, INFOSUPPORT)).status).toBe(404);
    expect((await post(costPartRoute, part(infosupport), partParams(infosupport), fields, PENVOERDER)).status).toBe(403);
    expect((await post(costPartRoute, part(infosupport), partParams(infosupport), fields, REVIEWER)).status).toBe(403);
    // An organisation that is not a partner of the project: 404.
    const asperitas = await orgId('Asperitas');
    expect((await post(costPartRoute, part(asperitas), partParams(asperitas), fields, PENVOERDER)).status).toBe(404);
  });

  it('signs off, and any later edit withdraws the sign-off', async () => {
    const missing = await post(costPartRoute, part(infosupport), partParams(infosupport), { version: '1', intent: 'signoff' }, INFOSUPPORT);
    expect(missing.status).toBe(400);
    expect(missing.data?.errors).toEqual({ confirm: 'errors.report.signOff.confirmRequired' });
    expect((await post(costPartRoute, part(infosupport), partParams(infosupport), { version: '1', intent: 'signoff', confirm: 'on' }, INFOSUPPORT)).status).toBe(302);
    const signed = await partRow(infosupport);
    expect(signed?.signedOffAt).not.toBeNull();
    expect(signed?.version).toBe(2);
    // Stale sign-off: 409.
    expect((await post(costPartRoute, part(infosupport), partParams(infosupport), { version: '1', intent: 'signoff', confirm: 'on' }, INFOSUPPORT)).status).toBe(409);
    const edit = await post(
      costPartRoute,
      part(infosupport),
      partParams(infosupport),
      { version: '2', 'lines.0.category': 'other', 'lines.0.amount': '10,00', ...Object.fromEntries(['personnel', 'equipment', 'materials', 'third_party', 'other', 'total'].map((k) => [`explanations.${k}`, 'Uitleg'])) },
      INFOSUPPORT,
    );
    expect(edit.status).toBe(302);
    const after = await partRow(infosupport);
    expect(after?.signedOffAt).toBeNull();
    expect(after?.signedOffBy).toBeNull();
  });

  it('shows the penvoerder every part read-only, with the subsidy received so far', async () => {
    const answer = await get(costPartRoute, part(infosupport), partParams(infosupport), PENVOERDER);
    expect(answer.status).toBe(200);
    expect(answer.data).toMatchObject({ canEdit: false, partner: { name: 'Info Support' } });
    expect(typeof answer.data?.paidCents).toBe('number');
  });
});

describe('indicators, spillover, risks', () => {
  it('saves indicators and refuses non-numbers', async () => {
    const v = (await sectionRow('indicators')).version;
    const base = { fte: '12,5', jobsCreated: '3', smesInvolved: '2', publications: '1', openSourceReleases: '0', patentApplications: '0', standardisationContributions: '1' };
    const bad = await post(indicatorsRoute, path('indicatoren'), P, { version: String(v), ...base, jobsCreated: 'drie' }, PENVOERDER);
    expect(bad.status).toBe(400);
    expect(bad.data?.errors).toEqual({ jobsCreated: 'errors.report.indicators.whole' });
    expect((await post(indicatorsRoute, path('indicatoren'), P, { version: String(v), ...base }, PENVOERDER)).status).toBe(302);
    const [row] = await getDb().select().from(reportIndicators).where(eq(reportIndicators.reportId, report.id));
    expect(row).toMatchObject({ fteTenths: 125, jobsCreated: 3 });
    expect((await post(indicatorsRoute, path('indicatoren'), P, { version: String(v), ...base }, PENVOERDER)).status).toBe(409);
    await refusesOthers(indicatorsRoute, 'indicatoren', { version: '0', ...base });
  });

  it('saves spillover activities and refuses a script link', async () => {
    const v = (await sectionRow('spillover')).version;
    const row = { 'activities.0.type': 'event', 'activities.0.title': 'Demodag', 'activities.0.activityDate': '2025-12-12', 'activities.0.reach': '150' };
    const bad = await post(spilloverRoute, path('spillover'), P, { version: String(v), ...row, 'activities.0.url': 'javascript:alert(1)' }, PENVOERDER);
    expect(bad.status).toBe(400);
    expect(bad.data?.errors).toEqual({ 'activities.0.url': 'errors.report.spillover.urlInvalid' });
    expect((await post(spilloverRoute, path('spillover'), P, { version: String(v), ...row, 'activities.0.url': 'https://example.org' }, PENVOERDER)).status).toBe(302);
    expect(await getDb().select().from(spilloverActivities).where(eq(spilloverActivities.reportId, report.id))).toHaveLength(1);
    expect((await post(spilloverRoute, path('spillover'), P, { version: String(v), ...row }, PENVOERDER)).status).toBe(409);
    await refusesOthers(spilloverRoute, 'spillover', { version: '0' });
  });

  it('saves deviations and risks, refusing half-filled risks', async () => {
    const v = (await sectionRow('risks')).version;
    const bad = await post(risksRoute, path('risicos'), P, { version: String(v), deviations: 'Geen', 'risks.0.description': 'Tekort', 'risks.0.likelihood': 'extreme' }, PENVOERDER);
    expect(bad.status).toBe(400);
    expect(bad.data?.errors).toMatchObject({ 'risks.0.likelihood': 'errors.report.risks.levelInvalid' });
    const good = { version: String(v), deviations: 'Geen', 'risks.0.description': 'Tekort', 'risks.0.likelihood': 'high', 'risks.0.impact': 'medium', 'risks.0.mitigation': 'Werven', complete: 'on' };
    expect((await post(risksRoute, path('risicos'), P, good, PENVOERDER)).status).toBe(302);
    expect(await getDb().select().from(risks).where(eq(risks.reportId, report.id))).toHaveLength(1);
    expect((await post(risksRoute, path('risicos'), P, good, PENVOERDER)).status).toBe(409);
    await refusesOthers(risksRoute, 'risicos', { version: '0' });
  });
});

describe('attachments', () => {
  const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1'));
  const formWith = (bytes: Uint8Array, name: string, type: string) => {
    const form = new FormData();
    form.set('file', new File([Buffer.from(bytes)], name, { type }));
    form.set('description', 'Bewijs');
    return form;
  };

  it('stores a real PDF, audits it, and lets those who may see the report download it', async () => {
    const answer = await multipart(attachmentsRoute, path('bijlagen'), P, formWith(pdf, 'bewijs.pdf', 'application/pdf'), INFOSUPPORT);
    expect(answer.status).toBe(302);
    const [file] = await getDb().select().from(attachments).where(eq(attachments.reportId, report.id));
    expect(file).toMatchObject({ filename: 'bewijs.pdf', contentType: 'application/pdf', sizeBytes: pdf.byteLength });
    const download = await get(downloadRoute, path(`bijlagen/${file!.id}`), params('ECOFED', 2025, { attachmentId: file!.id }), REVIEWER);
    expect(download.status).toBe(200);
    expect(download.response?.headers.get('content-type')).toBe('application/pdf');
    expect(download.response?.headers.get('content-disposition')).toContain('attachment');
    expect(Buffer.from(await download.response!.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    expect((await get(downloadRoute, path(`bijlagen/${file!.id}`), params('ECOFED', 2025, { attachmentId: file!.id }), OTHER_PENVOERDER)).status).toBe(404);
  });

  it('refuses a file that claims to be a PDF but is not (400) and one that is too large (413)', async () => {
    const fake = await multipart(attachmentsRoute, path('bijlagen'), P, formWith(new Uint8Array(Buffer.from('<script>alert(1)</script>')), 'factuur.pdf', 'application/pdf'), PENVOERDER);
    expect(fake.status).toBe(400);
    expect(fake.data?.errors).toEqual({ file: 'errors.report.attachment.type' });
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(pdf);
    const tooLarge = await multipart(attachmentsRoute, path('bijlagen'), P, formWith(big, 'groot.pdf', 'application/pdf'), PENVOERDER);
    expect(tooLarge.status).toBe(413);
    expect(await getDb().select({ id: attachments.id }).from(attachments).where(eq(attachments.reportId, report.id))).toHaveLength(1);
  });

  it('refuses a request whose parts together exceed the limit (413), however it is sent', async () => {
    const part = new Uint8Array(12 * 1024 * 1024);
    part.set(pdf);
    const form = formWith(part, 'een.pdf', 'application/pdf');
    form.append('extra', new File([Buffer.from(part)], 'twee.pdf', { type: 'application/pdf' }));
    expect((await multipart(attachmentsRoute, path('bijlagen'), P, form, PENVOERDER)).status).toBe(413);
  });

  it('refuses uploads by staff', async () => {
    expect((await multipart(attachmentsRoute, path('bijlagen'), P, formWith(pdf, 'x.pdf', 'application/pdf'), REVIEWER)).status).toBe(403);
  });
});

describe('a submitted report', () => {
  it('cannot be edited: 409 with a clear message, nothing saved', async () => {
    const approved = params('ECOFED', 2024);
    const answer = await post(progressRoute, '/projecten/ECOFED/rapporten/2024/voortgang', approved, { version: '1', summary: 'Gewijzigd' }, PENVOERDER);
    expect(answer.status).toBe(409);
    expect(await answer.response!.json()).toEqual({ messageKey: 'errors.report.notEditable' });
    const loaded = await get(progressRoute, '/projecten/ECOFED/rapporten/2024/voortgang', approved, PENVOERDER);
    expect(loaded.data).toMatchObject({ canEdit: false, editable: false });
  });
});
