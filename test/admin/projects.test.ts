import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organisations, programmes, projectPartners, projects } from '#db/schema/index';
import * as projectsRoute from '#app/routes/admin/projects';
import * as projectRoute from '#app/routes/admin/project';
import * as programmeRoute from '#app/routes/admin/programme';
import { setupTestDatabase } from '#test/support/db';
import { getRequest, postRequest } from '#test/support/requests';

const database = setupTestDatabase();
const ADMIN = 'admin@demo.ipcei.test';
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
type Result = { data?: { errors: Record<string, string> }; init?: { status?: number } };

async function fields(overrides: Record<string, string> = {}) {
  const [programme] = await database().db.select().from(programmes).where(eq(programmes.code, 'IPCEI-CIS'));
  const [tno] = await database().db.select().from(organisations).where(eq(organisations.name, 'TNO'));
  return {
    programmeId: programme!.id,
    code: 'EDGE-NL',
    name: 'Edge continuum pilot',
    aidBasis: 'ipcei_communication',
    leadOrganisationId: tno!.id,
    grantDecisionReference: 'RVO-2026-001',
    grantDecisionDate: '2026-03-01',
    aidMeasureNumber: 'SA.100000',
    aidObjective: 'Research, development and first industrial deployment',
    startDate: '2026-04-01',
    endDate: '2029-12-31',
    grantedEuros: '100.000,00',
    grantedOn: '2026-03-01',
    enterpriseTypeAtGrant: 'research',
    costMethod: 'full_cost_iks',
    hourlyRateEuros: '132,00',
    ...overrides,
  };
}

async function create(overrides: Record<string, string> = {}) {
  return projectsRoute.action(args(await postRequest('/beheer/projecten', await fields(overrides), ADMIN)));
}

describe('projects', () => {
  it('creates a project with its penvoerder as first partner', async () => {
    const response = (await create()) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/beheer/projecten/EDGE-NL');
    const [project] = await database().db.select().from(projects).where(eq(projects.code, 'EDGE-NL'));
    expect(project).toMatchObject({ aidBasis: 'ipcei_communication', grantDecisionReference: 'RVO-2026-001' });
    const partners = await database().db.select().from(projectPartners).where(eq(projectPartners.projectId, project!.id));
    expect(partners).toMatchObject([{ grantedCents: 10_000_000, hourlyRateCents: 13_200, costMethod: 'full_cost_iks' }]);
    const page = await projectRoute.loader(args(await getRequest('/beheer/projecten/EDGE-NL', ADMIN), { code: 'EDGE-NL' }));
    expect(page.partners.map((p) => p.name)).toEqual(['TNO']);
  });

  it('refuses a taken code, bad input, and a grant above the cap, creating nothing', async () => {
    const before = (await database().db.select().from(projects)).length;
    const taken = (await create()) as unknown as Result;
    expect(taken.init?.status).toBe(409);
    expect(taken.data?.errors).toEqual({ code: 'errors.admin.project.codeTaken' });
    const bad = (await create({ code: 'x', endDate: '2020-01-01', grantedEuros: 'veel' })) as unknown as Result;
    expect(bad.init?.status).toBe(400);
    expect(bad.data?.errors).toMatchObject({ code: 'errors.admin.project.code', grantedEuros: 'errors.report.money.notANumber' });
    const noLead = (await create({ code: 'NOLEAD', leadOrganisationId: '' })) as unknown as Result;
    expect(noLead.init?.status).toBe(400);
    expect(noLead.data?.errors).toEqual({ leadOrganisationId: 'errors.admin.project.leadNotPartner' });
    const tampered = (await create({ code: 'TAMPER', programmeId: 'not-an-id' })) as unknown as Result;
    expect(tampered.data?.errors).toEqual({ programmeId: 'errors.admin.project.programme' });
    const tooMuch = (await create({ code: 'BIG', grantedEuros: '80000000' })) as unknown as Result;
    expect(tooMuch.init?.status).toBe(409);
    expect(tooMuch.data?.errors).toEqual({ grantedEuros: 'errors.admin.cap.exceeded' });
    expect((await database().db.select().from(projects)).length).toBe(before);
  });
});

describe('programmes', () => {
  const base = {
    code: 'IPCEI-NEXT',
    name: 'IPCEI Next Generation',
    subsidyCapEuros: '10.000.000,00',
    firstReportingYear: '2027',
    lastReportingYear: '2032',
    reportDueMonth: '3',
    reportDueDay: '15',
    grantingAuthority: 'Ministerie van Economische Zaken',
    productiveHoursPerYear: '1.720',
  };
  const save = async (fields: Record<string, string>) =>
    (await programmeRoute.action(args(await postRequest('/beheer/programma', fields, ADMIN)))) as unknown as Result & { saved?: string };

  it('creates and changes a programme (four-eyes off and on), refusing a taken code and bad years', async () => {
    const created = await save({ ...base, fourEyes: 'on' });
    expect(created.saved).toBe('IPCEI-NEXT');
    const [row] = await database().db.select().from(programmes).where(eq(programmes.code, 'IPCEI-NEXT'));
    expect(row).toMatchObject({ subsidyCapCents: 1_000_000_000, reportDueMonth: 3, reportDueDay: 15, fourEyes: true });

    const changed = await save({ ...base, id: row!.id, subsidyCapEuros: '12000000', reportDueDay: '1' });
    expect(changed.saved).toBe('IPCEI-NEXT');
    const [after] = await database().db.select().from(programmes).where(eq(programmes.id, row!.id));
    expect(after).toMatchObject({ subsidyCapCents: 1_200_000_000, reportDueDay: 1, fourEyes: false });

    const taken = await save({ ...base });
    expect(taken.init?.status).toBe(409);
    expect(taken.data?.errors).toEqual({ code: 'errors.admin.programme.codeTaken' });
    const bad = await save({ ...base, code: 'X2', firstReportingYear: '2030', lastReportingYear: '2029', reportDueDay: '31' });
    expect(bad.init?.status).toBe(400);
    expect(bad.data?.errors).toEqual({ lastReportingYear: 'errors.admin.programme.yearOrder', reportDueDay: 'errors.admin.programme.dueDay' });
  });
});
