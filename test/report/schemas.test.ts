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
  it('progress: drafts may be empty, a completed section needs every narrative', () => {
    expect(ProgressSchema.safeParse({ version: '0', summary: '', workPackages: [{ id: ID, narrative: '' }] }).success).toBe(true);
    const done = ProgressSchema.safeParse({ version: '0', complete: 'on', summary: '', workPackages: [{ id: ID, narrative: '' }] });
    expect(issues(done)).toEqual({ summary: 'errors.report.progress.summaryRequired', 'workPackages.0.narrative': 'errors.report.progress.narrativeRequired' });
    const long = ProgressSchema.safeParse({ version: '0', summary: 'x'.repeat(LIMITS.longText + 1) });
    expect(issues(long)).toEqual({ summary: 'errors.report.text.tooLongLong' });
  });

  it('milestones: explanation when delayed, at risk, cancelled or forecast later than planned', () => {
    const row = { id: ID, plannedDate: '2025-06-30', achievedDate: '', forecastDate: '', explanation: '' };
    const parse = (m: Partial<typeof row> & { status: string }) => issues(MilestonesSchema.safeParse({ version: '1', milestones: [{ ...row, ...m }] }));
    expect(parse({ status: 'on_track' })).toEqual({});
    expect(parse({ status: 'on_track', forecastDate: '2025-09-30' })).toEqual({ 'milestones.0.explanation': 'errors.report.milestones.explanationRequired' });
    expect(parse({ status: 'delayed' })).toEqual({
      'milestones.0.forecastDate': 'errors.report.milestones.forecastRequired',
      'milestones.0.explanation': 'errors.report.milestones.explanationRequired',
    });
    expect(parse({ status: 'cancelled', explanation: 'Niet meer nodig' })).toEqual({});
    expect(parse({ status: 'achieved' })).toEqual({ 'milestones.0.achievedDate': 'errors.report.milestones.achievedDateRequired' });
    expect(parse({ status: 'achieved', achievedDate: '2025-02-30' })).toEqual({ 'milestones.0.achievedDate': 'errors.report.date.invalid' });
    expect(parse({ status: 'finished' })).toEqual({ 'milestones.0.status': 'errors.report.milestones.statusInvalid' });
  });

  it('costs: hours × rate for personnel, Dutch money, >25% deviation needs an explanation', () => {
    const schema = costPartSchema({ hourlyRateCents: 10_000, budgetCents: { personnel: 1_000_000, equipment: 0, materials: 0, third_party: 0, other: 0 } });
    const ok = schema.safeParse({
      version: '2',
      lines: [
        { category: 'personnel', description: 'Team', hours: '100', amount: '' },
        { category: '', description: '', hours: '', amount: '' },
      ],
    });
    expect(ok.success).toBe(true);
    expect(ok.data?.lines).toEqual([{ category: 'personnel', description: 'Team', hours: 100, amountCents: 1_000_000 }]);

    const over = schema.safeParse({ version: '2', lines: [{ category: 'equipment', description: 'Servers', hours: '', amount: '€ 1.000' }] });
    expect(issues(over)).toEqual({
      'explanations.personnel': 'errors.report.costs.explanationRequired.personnel',
      'explanations.equipment': 'errors.report.costs.explanationRequired.equipment',
      'explanations.total': 'errors.report.costs.explanationRequired.total',
    });
    const bad = schema.safeParse({
      version: '2',
      lines: [
        { category: 'personnel', description: '', hours: String(LIMITS.hoursPerLine + 1), amount: '' },
        { category: 'personnel', description: '', hours: '-3', amount: '' },
        { category: 'materials', description: '', hours: '', amount: '1.23' },
        { category: 'materials', description: '', hours: '5', amount: '1,00' },
        { category: '', description: 'Iets', hours: '', amount: '1,00' },
        { category: 'other', description: '', hours: '', amount: 'veel' },
      ],
    });
    expect(issues(bad)).toMatchObject({
      'lines.0.hours': 'errors.report.costs.hoursTooMany',
      'lines.1.hours': 'errors.report.costs.hoursNegative',
      'lines.2.amount': 'errors.report.money.ambiguous',
      'lines.3.hours': 'errors.report.costs.hoursOnlyPersonnel',
      'lines.4.category': 'errors.report.costs.categoryRequired',
      'lines.5.amount': 'errors.report.money.notANumber',
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
