import { describe, expect, it } from 'vitest';
import { formToObject } from '#app/components/form/parse';
import { costPartSchema as costPartSchemaFor, type CostContext } from '#app/report/sections/costs';
import { indicatorsSchema } from '#app/report/sections/indicators';
import { MilestonesSchema } from '#app/report/sections/milestones';
import { ProgressSchema } from '#app/report/sections/progress';
import { RisksSchema } from '#app/report/sections/risks';
import { spilloverSchema } from '#app/report/sections/spillover';
import { LIMITS } from '#app/rules/limits';
import { detectFileKind } from '#app/models/report-attachments.server';

const ID = '00000000-0000-4000-8000-000000000001';
// The schemas that read numbers are made per page language; these cases are Dutch pages.
const IndicatorsSchema = indicatorsSchema('nl');
const SpilloverSchema = spilloverSchema('nl');
const costPartSchema = (context: CostContext) => costPartSchemaFor('nl', context);
const issues = (result: { success: boolean; error?: { issues: Array<{ path: (string | number)[]; message: string }> } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

describe('formToObject', () => {
  it('builds nested rows from field names and ignores unsafe names', () => {
    const form = new URLSearchParams([
      ['version', '3'],
      ['lines.0.amount', '1,00'],
      ['lines.1.amount', '2,00'],
      ['__proto__.polluted', 'x'],
      ['lines.0.constructor', 'y'],
    ]);
    const value: unknown = formToObject(form.entries());
    const expected: unknown = { version: '3', lines: [{ amount: '1,00', constructor: 'y' }, { amount: '2,00' }] };
    expect(value).toEqual(expected);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('section schemas', () => {
  it('progress: only malformed input is refused — what is missing is for the checks (app/rules/checks.ts)', () => {
    expect(ProgressSchema.safeParse({ version: '0', summary: '', workPackages: [{ id: ID, narrative: '' }] }).success).toBe(true);
    expect(ProgressSchema.safeParse({ version: '0', complete: 'on', summary: '', workPackages: [{ id: ID, narrative: '' }] }).success).toBe(true);
    const long = ProgressSchema.safeParse({ version: '0', summary: 'x'.repeat(LIMITS.longText + 1) });
    expect(issues(long)).toEqual({ summary: 'errors.report.text.tooLongLong' });
  });

  it('milestones: a draft without dates or explanations saves; a contradiction or a bad date does not', () => {
    const row = { id: ID, plannedDate: '2025-06-30', achievedDate: '', forecastDate: '', explanation: '' };
    const parse = (m: Partial<typeof row> & { status: string }) => issues(MilestonesSchema.safeParse({ version: '1', milestones: [{ ...row, ...m }] }));
    expect(parse({ status: 'on_track' })).toEqual({});
    expect(parse({ status: 'delayed' })).toEqual({});
    expect(parse({ status: 'achieved' })).toEqual({});
    expect(parse({ status: 'on_track', achievedDate: '2025-05-01' })).toEqual({ 'milestones.0.achievedDate': 'errors.report.milestones.achievedDateOnlyWhenAchieved' });
    expect(parse({ status: 'achieved', achievedDate: '2025-02-30' })).toEqual({ 'milestones.0.achievedDate': 'errors.report.date.invalid' });
    expect(parse({ status: 'finished' })).toEqual({ 'milestones.0.status': 'errors.report.milestones.statusInvalid' });
  });

  it('costs: a personnel line is a person × hours × the rate of the cost method; drafts with deviations save', () => {
    const budgetCents = { personnel: 1_000_000, equipment: 0, materials: 0, third_party: 0, other: 0 };
    const schema = costPartSchema({ costMethod: 'fixed_hourly_rate', hourlyRateCents: 10_000, productiveHours: 1720, budgetCents });
    const ok = schema.safeParse({
      version: '2',
      lines: [
        { category: 'personnel', description: 'Team', employeeRef: 'e-104', hours: '12,5', amount: '' },
        { category: '', description: '', employeeRef: '', hours: '', amount: '' },
      ],
    });
    expect(ok.success).toBe(true);
    expect(ok.data?.lines).toEqual([
      { category: 'personnel', description: 'Team', employeeRef: 'E-104', hours: 12.5, hoursHundredths: 1250, hourlyRateCents: 10_000, annualWageCents: null, amountCents: 125_000 },
    ]);
    // A deviation without an explanation is a finding of the checks, not a refused save.
    const over = schema.safeParse({ version: '2', lines: [{ category: 'equipment', description: 'Servers', hours: '', amount: '€ 1.000' }] });
    expect(over.success).toBe(true);
    // Wage costs plus 50% over 1,720 productive hours: € 60.000 → € 52,33 an hour (half up).
    const wage = costPartSchema({ costMethod: 'wage_plus_overhead', hourlyRateCents: 9_000, productiveHours: 1720, budgetCents });
    const byWage = wage.safeParse({ version: '1', lines: [{ category: 'personnel', employeeRef: 'R-7', hours: '100', wage: '60.000' }] });
    expect(byWage.data?.lines[0]).toMatchObject({ hourlyRateCents: 5_233, annualWageCents: 6_000_000, amountCents: 523_300 });

    const bad = schema.safeParse({
      version: '2',
      lines: [
        { category: 'personnel', description: '', employeeRef: 'A-1', hours: '1.720,5', amount: '' },
        { category: 'personnel', description: '', employeeRef: 'A-2', hours: '-3', amount: '' },
        { category: 'materials', description: '', hours: '', amount: '1.23' },
        { category: 'materials', description: '', hours: '5', amount: '1,00' },
        { category: '', description: 'Iets', hours: '', amount: '1,00' },
        { category: 'other', description: '', hours: '', amount: 'veel' },
        { category: 'personnel', description: '', employeeRef: 'Jan Jansen', hours: '10', amount: '' },
        { category: 'personnel', description: '', employeeRef: 'A-3', hours: '12.5', amount: '' },
        { category: 'personnel', description: '', employeeRef: 'A-4', hours: '10', wage: '50.000' },
      ],
    });
    expect(issues(bad)).toMatchObject({
      'lines.0.hours': 'errors.report.costs.hoursTooMany',
      'lines.1.hours': 'errors.report.costs.hoursNegative',
      'lines.2.amount': 'errors.report.money.ambiguous',
      'lines.3.hours': 'errors.report.costs.hoursOnlyPersonnel',
      'lines.4.category': 'errors.report.costs.categoryRequired',
      'lines.5.amount': 'errors.report.money.notANumber',
      'lines.6.employeeRef': 'errors.report.costs.employeeRefInvalid',
      'lines.7.hours': 'errors.report.costs.hoursAmbiguous',
      'lines.8.wage': 'errors.report.costs.wageOnlyWageMethod',
    });
  });

  it('indicators: whole numbers, FTE with one decimal', () => {
    const base = { version: '0', fte: '12,5', jobsCreated: '3', smesInvolved: '0', publications: '1', openSourceReleases: '0', patentApplications: '0', standardisationContributions: '2' };
    expect(IndicatorsSchema.parse(base)).toMatchObject({ fte: 125, jobsCreated: 3 });
    expect(issues(IndicatorsSchema.safeParse({ ...base, fte: '12,55', jobsCreated: '-1', publications: 'drie', smesInvolved: '' }))).toEqual({
      fte: 'errors.report.indicators.fteFormat',
      jobsCreated: 'errors.report.indicators.negative',
      publications: 'errors.report.indicators.whole',
      smesInvolved: 'errors.report.indicators.required',
    });
  });

  it('spillover and risks: blank rows are skipped, partial rows are refused', () => {
    const spill = SpilloverSchema.safeParse({
      version: '0',
      activities: [
        { type: 'event', title: 'Demo', activityDate: '2025-12-12', audience: '', reach: '150', url: 'https://example.org' },
        { type: '', title: '', activityDate: '', audience: '', reach: '', url: '' },
        { type: 'event', title: '', activityDate: '2025-01-01', audience: '', reach: '', url: 'javascript:alert(1)' },
      ],
    });
    expect(issues(spill)).toEqual({ 'activities.2.title': 'errors.report.spillover.titleRequired', 'activities.2.url': 'errors.report.spillover.urlInvalid' });
    const risks = RisksSchema.safeParse({ version: '0', complete: 'on', deviations: '', risks: [{ description: 'Vertraging', likelihood: 'high', impact: '', mitigation: '' }] });
    expect(issues(risks)).toEqual({
      'risks.0.impact': 'errors.report.risks.impactRequired',
      'risks.0.mitigation': 'errors.report.risks.mitigationRequired',
      deviations: 'errors.report.risks.deviationsRequired',
    });
  });
});

describe('attachment type by content', () => {
  const bytes = (...parts: Array<string | number[]>) =>
    new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)))));
  it('recognises the allowed formats by magic bytes, not by name', () => {
    expect(detectFileKind(bytes('%PDF-1.7\n'))).toBe('pdf');
    expect(detectFileKind(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('png');
    expect(detectFileKind(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    const zipHeader = [0x50, 0x4b, 0x03, 0x04, ...new Array(26).fill(0)];
    expect(detectFileKind(bytes(zipHeader, 'mimetypeapplication/vnd.oasis.opendocument.text'))).toBe('odt');
    expect(detectFileKind(bytes(zipHeader, '[Content_Types].xml', 'word/document.xml'))).toBe('docx');
    expect(detectFileKind(bytes(zipHeader, '[Content_Types].xml', 'xl/workbook.xml'))).toBe('xlsx');
  });
  it('refuses anything else, whatever it claims', () => {
    expect(detectFileKind(bytes('<html><script>alert(1)</script>'))).toBeNull();
    expect(detectFileKind(bytes('PDF pretending'))).toBeNull();
    expect(detectFileKind(bytes([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(0)]))).toBeNull();
    expect(detectFileKind(new Uint8Array())).toBeNull();
  });
});
