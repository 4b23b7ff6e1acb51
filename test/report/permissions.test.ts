import { beforeAll, describe, expect, it } from 'vitest';
import * as taskListRoute from '#app/routes/report/task-list';
import * as attachmentsRoute from '#app/routes/report/attachments';
import * as checkRoute from '#app/routes/report/check';
import * as costPartRoute from '#app/routes/report/cost-part';
import * as costsRoute from '#app/routes/report/costs';
import * as indicatorsRoute from '#app/routes/report/indicators';
import * as milestonesRoute from '#app/routes/report/milestones';
import * as progressRoute from '#app/routes/report/progress';
import * as revisionRoute from '#app/routes/report/revision';
import * as risksRoute from '#app/routes/report/risks';
import * as spilloverRoute from '#app/routes/report/spillover';
import { setupTestDatabase } from '#test/support/db';
import { get, orgId, params, post, run, type RouteModule } from './support';

setupTestDatabase();

/** Each role, on ECOFED (own for the first two, another project for the next two; staff read all). */
const ROLES = {
  penvoerderOwn: 'penvoerder.ecofed@demo.ipcei.test',
  contributorOwn: 'partner.amsix@demo.ipcei.test',
  penvoerderOther: 'penvoerder.misd@demo.ipcei.test',
  contributorOther: 'partner.asperitas@demo.ipcei.test',
  reviewer: 'reviewer.a@demo.ipcei.test',
  ezOfficer: 'ez@demo.ipcei.test',
  admin: 'admin@demo.ipcei.test',
} as const;
type Role = keyof typeof ROLES;

const READ: Array<[string, RouteModule, string]> = [
  ['task list', taskListRoute, ''],
  ['progress', progressRoute, 'voortgang'],
  ['milestones', milestonesRoute, 'mijlpalen'],
  ['costs', costsRoute, 'kosten'],
  ['indicators', indicatorsRoute, 'indicatoren'],
  ['spillover', spilloverRoute, 'spillover'],
  ['risks', risksRoute, 'risicos'],
  ['attachments', attachmentsRoute, 'bijlagen'],
  ['check answers', checkRoute, 'controleren'],
];

const readExpected: Record<Role, number> = {
  penvoerderOwn: 200,
  contributorOwn: 200,
  penvoerderOther: 404,
  contributorOther: 404,
  reviewer: 200,
  ezOfficer: 200,
  admin: 200,
};

let amsix = '';
beforeAll(async () => {
  amsix = await orgId('AMS-IX');
});

describe('permission matrix over the report routes', () => {
  for (const [name, route, slug] of READ) {
    it.each(Object.keys(ROLES) as Role[])(`${name}: %s may read as expected`, async (role) => {
      const answer = await get(route, `/projecten/ECOFED/rapporten/2025${slug ? `/${slug}` : ''}`, params('ECOFED', 2025), ROLES[role]);
      expect(answer.status).toBe(readExpected[role]);
    });
  }

  it.each(Object.keys(ROLES) as Role[])('the revision of an approved report: %s', async (role) => {
    const answer = await get(revisionRoute, '/projecten/ECOFED/rapporten/2024/revisies/1', params('ECOFED', 2024, { revision: '1' }), ROLES[role]);
    expect(answer.status).toBe(readExpected[role]);
  });

  // Writes: shared sections only for the penvoerder, a cost part only for its own organisation,
  // submission only for the penvoerder; staff never write; another project does not exist (404).
  const writeExpected: Record<Role, { shared: number[]; part: number[]; submit: number[] }> = {
    penvoerderOwn: { shared: [302], part: [403], submit: [400] },
    contributorOwn: { shared: [403], part: [302], submit: [403] },
    penvoerderOther: { shared: [404], part: [404], submit: [404] },
    contributorOther: { shared: [404], part: [404], submit: [404] },
    reviewer: { shared: [403], part: [403], submit: [403] },
    ezOfficer: { shared: [403], part: [403], submit: [403] },
    admin: { shared: [403], part: [403], submit: [403] },
  };

  it.each(Object.keys(ROLES) as Role[])('writes: %s', async (role) => {
    const email = ROLES[role];
    const shared = await post(spilloverRoute, '/projecten/ECOFED/rapporten/2025/spillover', params('ECOFED', 2025), { version: '0', intent: 'save' }, email);
    expect(writeExpected[role].shared).toContain(shared.status === 409 ? 302 : shared.status);
    const part = await post(
      costPartRoute,
      `/projecten/ECOFED/rapporten/2025/kosten/${amsix}`,
      params('ECOFED', 2025, { organisationId: amsix }),
      { version: '0', 'lines.0.category': 'other', 'lines.0.amount': '1,00', ...Object.fromEntries(['personnel', 'equipment', 'materials', 'third_party', 'other', 'total'].map((k) => [`explanations.${k}`, 'x'])) },
      email,
    );
    expect(writeExpected[role].part).toContain(part.status === 409 ? 302 : part.status);
    const submit = await post(checkRoute, '/projecten/ECOFED/rapporten/2025/controleren', params('ECOFED', 2025), { version: '1', declaration: 'on', contentHash: 'x' }, email);
    expect(writeExpected[role].submit).toContain(submit.status);
  });

  it('sends anyone not signed in to sign-in', async () => {
    const request = new Request('http://localhost:3000/projecten/ECOFED/rapporten/2025');
    const answer = await run(() => taskListRoute.loader({ request, params: params('ECOFED', 2025), context: {} }));
    expect(answer.status).toBe(302);
    expect(answer.location).toMatch(/^\/inloggen\?/);
  });
});
