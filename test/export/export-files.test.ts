import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { projectPartners, projects, reports, risks } from '#db/schema/index';
import { DEMO_PROJECTS } from '#db/seed/demo-data';
import { exportBody } from '#app/models/export-files.server';
import { ExportDocumentSchema, type ExportDocument } from '#app/models/export-schema.server';
import { addSixMonths, deviationPercent, naceGroup } from '#app/models/export.server';
import { neutraliseCsvCell } from '#app/utils/csv.server';
import { setupTestDatabase } from '#test/support/db';
import { readAll, sourceFor, unzip } from './support';

setupTestDatabase();

const grantedOf = (code: string) => DEMO_PROJECTS.find((p) => p.code === code)!.partners.reduce((s, p) => s + p.grantedCents, 0);

async function jsonOf(kind: 'commission' | 'ez' | 'tam', extra: Record<string, unknown> = {}): Promise<ExportDocument> {
  const body = await exportBody(await sourceFor({ kind, ...extra }), 'json');
  return ExportDocumentSchema.parse(JSON.parse((await readAll(body.stream)).toString('utf8')));
}

describe('Commission progress summary', () => {
  it('holds only projects under the IPCEI Communication (ECC), never a GBER project', async () => {
    const doc = await jsonOf('commission');
    expect(doc.meta.language).toBe('en');
    expect(doc.parts.projects?.map((p) => p.projectCode)).toEqual(['ECC']);
    for (const part of Object.values(doc.parts)) {
      for (const row of part ?? []) {
        if ('projectCode' in row) expect(row.projectCode).toBe('ECC');
      }
    }
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/ECOFED|MISD|SA\.107851/);
  });

  it('marks a report that is not approved and still gives its content', async () => {
    const doc = await jsonOf('commission');
    const ecc = doc.parts.projects![0]!;
    expect(ecc.approval).toBe('not_yet_approved');
    expect(ecc.reportStatus).toBe('changes_requested');
    expect(ecc.approvedOn).toBeNull();
    expect(ecc.grantedCents).toBe(grantedOf('ECC'));
    expect(ecc.grantDecisionReference).toBe('EZ/IPCEI-CIS/2024/ECC');
    expect(ecc.progressSummary).toMatch(/European Cloud Campus/);
    expect(doc.parts.milestones!.filter((m) => m.status === 'achieved').map((m) => m.milestoneCode)).toEqual(['M1.1', 'M2.1']);
    // Milestones planned after the year and not reported on are left out.
    const eccMilestones = DEMO_PROJECTS.find((p) => p.code === 'ECC')!.workPackages.flatMap((wp) => wp.milestones);
    const expected = eccMilestones.filter((m) => m.plannedDate <= '2024-12-31' || ['M1.1', 'M2.1'].includes(m.code)).map((m) => m.code);
    expect(doc.parts.milestones!.map((m) => m.milestoneCode).sort()).toEqual(expected.sort());
    expect(expected.length).toBeLessThan(eccMilestones.length);
    expect(doc.parts.costs!.every((c) => c.approval === 'not_yet_approved')).toBe(true);
    expect(doc.parts.spillover).toHaveLength(2);
    expect(doc.parts.risks).toHaveLength(2);
    expect(doc.parts.indicators![0]!.jobsCreated).toBe(14);
  });

  it('never contains a GBER project, even when that project is the only one with an approved report', async () => {
    const doc = await jsonOf('commission', { year: 2025 });
    expect(doc.parts.projects?.map((p) => p.projectCode)).toEqual(['ECC']);
    expect(doc.parts.projects![0]!.approval).toBe('no_report');
    expect(doc.parts.spillover).toEqual([]);
  });
});

describe('EZ summary', () => {
  it('covers every project with a programme page that adds up', async () => {
    const doc = await jsonOf('ez');
    expect(doc.parts.projects?.map((p) => [p.projectCode, p.approval])).toEqual([
      ['ECC', 'not_yet_approved'],
      ['ECOFED', 'approved'],
      ['MISD', 'not_yet_approved'],
    ]);
    const programme = doc.parts.programme![0]!;
    const projectsRows = doc.parts.projects!;
    expect(programme.capCents).toBe(7_120_000_000);
    expect(programme.grantedCents).toBe(grantedOf('ECC') + grantedOf('ECOFED') + grantedOf('MISD'));
    expect(programme.headroomCents).toBe(programme.capCents - programme.grantedCents);
    expect(programme.paidCumulativeCents).toBe(projectsRows.reduce((s, p) => s + p.paidCumulativeCents, 0));
    expect(programme.reportedYearCents).toBe(projectsRows.reduce((s, p) => s + (p.costsYearCents ?? 0), 0));
    expect(programme.reportsExpected).toBe(3);
    expect(programme.reportsApproved).toBe(1);
    expect(programme.reportsSubmittedOnTime + programme.reportsSubmittedLate + programme.reportsNotSubmitted).toBe(3);
    const milestoneTotal = doc.parts.milestones!.length;
    const counted =
      programme.milestonesAchieved +
      programme.milestonesOnTrack +
      programme.milestonesDelayed +
      programme.milestonesAtRisk +
      programme.milestonesCancelled +
      programme.milestonesNotStarted +
      programme.milestonesNotReported;
    expect(counted).toBe(milestoneTotal);
    // Costs by category add up to the project's totals.
    for (const p of projectsRows) {
      const costs = doc.parts.costs!.filter((c) => c.projectCode === p.projectCode);
      expect(costs).toHaveLength(5);
      expect(costs.reduce((s, c) => s + (c.costsYearCents ?? 0), 0)).toBe(p.costsYearCents);
      expect(costs.reduce((s, c) => s + c.budgetYearCents, 0)).toBe(p.budgetYearCents);
    }
    const ecofed = projectsRows.find((p) => p.projectCode === 'ECOFED')!;
    expect(ecofed.approvedOn).toMatch(/^2025-/);
    expect(doc.parts.beneficiaries!.filter((b) => b.projectCode === 'ECOFED').map((b) => b.organisation)).toEqual([
      'AMS-IX',
      'BIT',
      'i3D.net',
      'Info Support',
      'TNO',
    ]);
  });

  it('gives the same document for the same data, also with tiny batches', async () => {
    const once = await readAll((await exportBody(await sourceFor({ kind: 'ez' }), 'json')).stream);
    const twice = await readAll((await exportBody(await sourceFor({ kind: 'ez' }, 1), 'json')).stream);
    expect(twice.equals(once)).toBe(true);
    const csvOnce = await readAll((await exportBody(await sourceFor({ kind: 'ez' }), 'csv')).stream);
    const csvTwice = await readAll((await exportBody(await sourceFor({ kind: 'ez' }, 2), 'csv')).stream);
    expect(csvTwice.equals(csvOnce)).toBe(true);
  });
});

describe('XLSX', () => {
  it('reads back with typed euro cells, one sheet per part and frozen header rows', async () => {
    const body = await exportBody(await sourceFor({ kind: 'ez', locale: 'en' }), 'xlsx');
    expect(body.filename).toBe('ipcei-cis-ez-summary-2024-en.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readAll(body.stream)) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      'Programme',
      'Projects',
      'Beneficiaries',
      'Costs',
      'Milestones',
      'Spillover',
      'Indicators',
      'Risks',
    ]);
    const sheet = workbook.getWorksheet('Projects')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['Project', 'Project name', 'Aid basis']);
    const grantedCol = header.indexOf('Granted (EUR)') + 1;
    const ecofedRow = [2, 3, 4].map((r) => sheet.getRow(r)).find((row) => row.getCell(1).value === 'ECOFED')!;
    const granted = ecofedRow.getCell(grantedCol);
    expect(granted.type).toBe(ExcelJS.ValueType.Number);
    expect(granted.value).toBe(grantedOf('ECOFED') / 100);
    expect(granted.numFmt).toContain('€');
    expect(ecofedRow.getCell(header.indexOf('Aid basis') + 1).value).toBe('GBER');
    expect(ecofedRow.getCell(header.indexOf('Approval') + 1).value).toBe('Approved');
    const decisionDate = ecofedRow.getCell(header.indexOf('Decision date') + 1);
    expect(decisionDate.type).toBe(ExcelJS.ValueType.Date);
    expect((decisionDate.value as Date).toISOString().slice(0, 10)).toBe(DEMO_PROJECTS.find((p) => p.code === 'ECOFED')!.grantDecisionDate);
    const eccRow = sheet.getRow(2);
    expect(eccRow.getCell(1).value).toBe('ECC');
    expect(eccRow.getCell(header.indexOf('Approval') + 1).value).toBe('NOT YET APPROVED');

    const programme = workbook.getWorksheet('Programme')!;
    const capRow = [...Array(programme.rowCount).keys()].map((i) => programme.getRow(i + 1)).find((r) => r.getCell(1).value === 'Cap (EUR)')!;
    expect(capRow.getCell(2).value).toBe(71_200_000);
  });
});

describe('CSV', () => {
  it('neutralises cells that a spreadsheet would run as a formula', () => {
    for (const evil of ['=1+1', '+31 6 1234', '-2+3', '@SUM(A1)', '\tcmd', '\r=x']) expect(neutraliseCsvCell(evil)).toBe(`'${evil}`);
    for (const fine of ['ECC', '1.234,56', 'a=b', ' =spaced']) expect(neutraliseCsvCell(fine)).toBe(fine);
  });

  it('writes semicolons and a BOM, and neutralises injected text from a report', async () => {
    const [ecc] = await getDb().select({ id: reports.id }).from(reports).innerJoin(projects, eq(projects.id, reports.projectId)).where(eq(projects.code, 'ECC'));
    await getDb().insert(risks).values([
      { reportId: ecc!.id, description: '=HYPERLINK("http://evil.example","klik")', likelihood: 'low', impact: 'low', mitigation: '@SUM(1;2)', position: 10 },
      { reportId: ecc!.id, description: '-1+1', likelihood: 'low', impact: 'low', mitigation: '\tTab; en "quotes"', position: 11 },
    ]);
    const body = await exportBody(await sourceFor({ kind: 'commission' }), 'csv');
    expect(body.filename).toBe('ipcei-cis-commission-summary-2024-csv.zip');
    const zipBytes = await readAll(body.stream);
    const files = await unzip(zipBytes);
    expect(Object.keys(files)).toEqual([
      '01-projects.csv',
      '02-beneficiaries.csv',
      '03-costs.csv',
      '04-milestones.csv',
      '05-spillover.csv',
      '06-indicators.csv',
      '07-risks.csv',
    ]);
    const risksCsv = files['07-risks.csv']!;
    expect(risksCsv.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const text = risksCsv.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe('Project;Approval;Description;Likelihood;Impact;Mitigation');
    expect(text).toContain(`'=HYPERLINK(""http://evil.example"",""klik"")"`);
    expect(text).toContain("'@SUM(1;2)");
    expect(text).toContain(";'-1+1;");
    expect(text).toContain(`"'\tTab; en ""quotes"""`);
    expect(text).not.toMatch(/;=|;@|;-1|^=|;"=/m);
    // Numbers stay numbers (decimal comma in every language: the file is for Dutch Excel; no apostrophe even when negative).
    const costs = files['03-costs.csv']!.toString('utf8');
    expect(costs).toMatch(/;-\d+(,\d)?;/);
  });
});

describe('Transparency register (TAM)', () => {
  it('has a row for every award above €100,000 and none at or below it, with the deadline flag', async () => {
    const db = getDb();
    const [misd] = await db.select({ id: projects.id }).from(projects).where(eq(projects.code, 'MISD'));
    const { organisations } = await import('#db/schema/index');
    const added = await db
      .insert(organisations)
      .values([
        { name: 'Drempel Exact BV', kvkNumber: '99911001', enterpriseType: 'sme', nuts2Region: 'NL11', naceCode: '62.01' },
        { name: 'Drempel Plus BV', kvkNumber: '99911002', enterpriseType: 'sme', nuts2Region: 'NL12', naceCode: '62.02' },
        { name: 'Klein BV', kvkNumber: '99911003', enterpriseType: 'sme', nuts2Region: 'NL13', naceCode: '62.0' },
      ])
      .returning({ id: organisations.id, name: organisations.name });
    const amounts = [10_000_000, 10_000_001, 4_000_000];
    await db.insert(projectPartners).values(
      added.map((o, i) => ({
        projectId: misd!.id,
        organisationId: o.id,
        grantedCents: amounts[i]!,
        grantedOn: '2024-08-31',
        enterpriseTypeAtGrant: 'sme' as const,
        costMethod: 'fixed_hourly_rate' as const,
        hourlyRateCents: 6000,
      })),
    );

    const doc = await jsonOf('tam', { asOf: '2024-07-01' });
    const awards = doc.parts.awards!;
    const all = await db.select({ granted: projectPartners.grantedCents }).from(projectPartners);
    expect(awards).toHaveLength(all.filter((a) => a.granted > 10_000_000).length);
    expect(awards.every((a) => a.aidElementCents > 10_000_000)).toBe(true);
    expect(awards.map((a) => a.beneficiaryName)).toContain('Drempel Plus BV');
    expect(awards.map((a) => a.beneficiaryName)).not.toContain('Drempel Exact BV');
    expect(awards.map((a) => a.beneficiaryName)).not.toContain('Klein BV');

    const plus = awards.find((a) => a.beneficiaryName === 'Drempel Plus BV')!;
    expect(plus).toMatchObject({ beneficiaryId: '99911002', region: 'NL12', sector: '62.0', aidInstrument: 'grant', publicationDeadline: '2025-02-28' });
    expect(plus.grantingAuthority).toBe('Ministerie van Economische Zaken');
    // ECOFED granted 2023-12-15: deadline 2024-06-15 has passed on 2024-07-01; ECC (2024-01-23) has not.
    expect(awards.find((a) => a.projectCode === 'ECOFED')!.deadlinePassed).toBe(true);
    expect(awards.find((a) => a.projectCode === 'ECC')!.deadlinePassed).toBe(false);
    const tno = awards.filter((a) => a.beneficiaryName === 'TNO');
    expect(tno.map((a) => a.projectCode)).toEqual(['ECOFED', 'MISD']);
    expect(tno[0]!.enterpriseType).toBe('research');

    const csv = await exportBody(await sourceFor({ kind: 'tam', asOf: '2024-07-01' }), 'csv');
    expect(csv.filename).toBe('ipcei-cis-transparency-register-2024-07-01-nl.csv');
    const lines = (await readAll(csv.stream)).toString('utf8').slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(awards.length + 1);
    expect(lines[0]!.split(';').slice(0, 6)).toEqual([
      'Naam begunstigde',
      'Identificatie begunstigde (KvK)',
      'Type onderneming',
      'Regio (NUTS 2)',
      'Sector (NACE-groep)',
      'Steunelement (EUR)',
    ]);
    expect(lines.find((l) => l.startsWith('Drempel Plus BV'))).toContain(';100000,01;');
  });
});

describe('helpers', () => {
  it('computes deadlines, NACE groups and deviations exactly', () => {
    expect(addSixMonths('2023-12-15')).toBe('2024-06-15');
    expect(addSixMonths('2024-08-31')).toBe('2025-02-28');
    expect(addSixMonths('2023-08-31')).toBe('2024-02-29');
    expect(naceGroup('63.11')).toBe('63.1');
    expect(naceGroup('62.0')).toBe('62.0');
    expect(deviationPercent(62, 100)).toBe(-38);
    expect(deviationPercent(1, 3)).toBe(-66.7);
    expect(deviationPercent(5, 0)).toBeNull();
  });
});
