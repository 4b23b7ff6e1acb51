/**
 * Issue 14: a partner's cost part is its own. The permission rule (`read:report-part`) and the one
 * redaction of a snapshot for a reader (`snapshotFor`), on their own; the authorisation matrix
 * (authorisation-matrix.test.ts) proves them through the routes.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { projects, reportRevisions, reports, type ProjectRole, type StaffRole } from '#db/schema/index';
import { getProjectDashboard } from '#app/models/dashboard-project.server';
import { buildReportSnapshot, snapshotHash } from '#app/models/report-snapshot.server';
import type { ReportSnapshot } from '#app/report/snapshot';
import { costsFor, snapshotFor, visibleFindings } from '#app/report/snapshot-access.server';
import type { Finding } from '#app/rules/checks';
import { canonicalJson } from '#app/utils/canonical-json';
import { can, type Principal } from '#app/utils/permissions.server';
import { setupTestDatabase } from '#test/support/db';
import { principalFor } from '#test/support/principal';

setupTestDatabase();

const P1 = 'project-1';
const P2 = 'project-2';
const ORG_A = 'org-a';
const ORG_B = 'org-b';

function principal(staff: StaffRole[], memberships: [string, string, ProjectRole][] = []): Principal {
  return {
    user: { id: 'u', email: 'u@example.test', name: 'U', locale: 'nl' },
    session: { idHash: 'x', userId: 'u', createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date() },
    staffRoles: new Set(staff),
    memberships: new Map(memberships.map(([projectId, organisationId, role]) => [projectId, { projectId, organisationId, role }])),
  };
}

describe("can(…, 'read:report-part')", () => {
  const contributor = principal([], [[P1, ORG_A, 'contributor']]);
  const penvoerder = principal([], [[P1, ORG_B, 'penvoerder']]);

  it('lets a contributor read only its own organisation’s part, in its own project', () => {
    expect(can(contributor, 'read:report-part', { projectId: P1, organisationId: ORG_A })).toBe(true);
    expect(can(contributor, 'read:report-part', { projectId: P1, organisationId: ORG_B })).toBe(false);
    expect(can(contributor, 'read:report-part', { projectId: P2, organisationId: ORG_A })).toBe(false);
  });

  it('lets the penvoerder read every part of its project, and write only its own', () => {
    expect(can(penvoerder, 'read:report-part', { projectId: P1, organisationId: ORG_A })).toBe(true);
    expect(can(penvoerder, 'read:report-part', { projectId: P1, organisationId: ORG_B })).toBe(true);
    expect(can(penvoerder, 'read:report-part', { projectId: P2, organisationId: ORG_A })).toBe(false);
    expect(can(penvoerder, 'update:report-part', { projectId: P1, organisationId: ORG_A })).toBe(false);
    expect(can(penvoerder, 'update:report-part', { projectId: P1, organisationId: ORG_B })).toBe(true);
  });

  it('lets RVO and EZ staff read every part of every project, and write none', () => {
    for (const role of ['reviewer', 'ez_officer', 'admin'] as const) {
      const staff = principal([role]);
      expect(can(staff, 'read:report-part', { projectId: P2, organisationId: ORG_A }), role).toBe(true);
      expect(can(staff, 'update:report-part', { projectId: P2, organisationId: ORG_A }), role).toBe(false);
    }
  });

  it('gives a user without a membership or staff role no part at all', () => {
    expect(can(principal([]), 'read:report-part', { projectId: P1, organisationId: ORG_A })).toBe(false);
  });
});

async function ecofed2024() {
  const [row] = await getDb()
    .select({ id: reports.id, snapshot: reportRevisions.snapshot, sha256: reportRevisions.sha256 })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .innerJoin(reportRevisions, and(eq(reportRevisions.reportId, reports.id), eq(reportRevisions.revision, 1)))
    .where(and(eq(projects.code, 'ECOFED'), eq(reports.year, 2024)));
  return { id: row!.id, stored: row!.snapshot as ReportSnapshot, sha256: row!.sha256 };
}

describe('snapshotFor', () => {
  it('gives a contributor its own part and of the others only name and state; the stored snapshot and its hash stay as they were', async () => {
    const { stored, sha256 } = await ecofed2024();
    const before = canonicalJson(stored);
    const infosupport = await principalFor('partner.infosupport@demo.ipcei.test');
    const own = infosupport.memberships.get(stored.project.id)!.organisationId;
    expect(stored.partners.length).toBeGreaterThan(2);

    const view = snapshotFor(infosupport, stored);
    expect(view.partners.map((p) => p.organisation.id)).toEqual([own]);
    expect(view.withheld?.map((p) => p.organisation.id).sort()).toEqual(stored.partners.filter((p) => p.organisation.id !== own).map((p) => p.organisation.id).sort());
    // Nothing but name, lead flag and the state of the part.
    for (const p of view.withheld ?? []) {
      expect(Object.keys(p).sort()).toEqual(['isLead', 'organisation', 'signedOffAt', 'signedOffBy', 'status']);
      expect(Object.keys(p.organisation).sort()).toEqual(['id', 'name']);
    }
    // The totals are the own part's, not the project's.
    const mine = stored.partners.find((p) => p.organisation.id === own)!;
    expect(view.totals.costTotalCents).toBe(mine.totalCents);
    expect(view.totals.budgetTotalCents).toBe(mine.budgetTotalCents);
    expect(view.totals.costsCents).toEqual(mine.totalsCents);
    expect(view.totals.costTotalCents).toBeLessThan(stored.totals.costTotalCents);
    // No line, rate or wage of another partner anywhere in the copy.
    const text = JSON.stringify(view);
    for (const p of stored.partners.filter((x) => x.organisation.id !== own)) {
      for (const line of p.costLines) expect(text).not.toContain(line.id);
    }

    // Redaction is for display only: the stored value is untouched and still matches its hash.
    expect(canonicalJson(stored)).toBe(before);
    expect(snapshotHash(stored)).toBe(sha256);
    expect(snapshotHash(view)).not.toBe(sha256);
  });

  it('gives the penvoerder and staff the stored snapshot itself', async () => {
    const { stored } = await ecofed2024();
    for (const email of ['penvoerder.ecofed@demo.ipcei.test', 'reviewer.a@demo.ipcei.test', 'ez@demo.ipcei.test', 'admin@demo.ipcei.test']) {
      expect(snapshotFor(await principalFor(email), stored), email).toBe(stored);
    }
  });

  it('reduces the live costs the same way (the costs overview)', async () => {
    const { id } = await ecofed2024();
    const live = await buildReportSnapshot(getDb(), id);
    const amsix = await principalFor('partner.amsix@demo.ipcei.test');
    const costs = costsFor(amsix, live.project.id, live);
    expect(costs.partners).toHaveLength(1);
    expect(costs.withheld).toHaveLength(live.partners.length - 1);
    expect(costsFor(await principalFor('penvoerder.ecofed@demo.ipcei.test'), live.project.id, live).withheld).toEqual([]);
  });
});

describe('visibleFindings', () => {
  it('keeps a contributor’s own and the shared findings, not another partner’s', async () => {
    const { stored } = await ecofed2024();
    const infosupport = await principalFor('partner.infosupport@demo.ipcei.test');
    const own = infosupport.memberships.get(stored.project.id)!.organisationId;
    const other = stored.partners.find((p) => p.organisation.id !== own)!.organisation.id;
    const finding = (rule: Finding['rule'], organisationId?: string): Finding => ({
      rule,
      severity: 'blocking',
      message: `checks.${rule}`,
      params: {},
      section: organisationId ? 'costs' : 'progress',
      ...(organisationId ? { organisationId } : {}),
    });
    const all = [finding('progress.summary'), finding('costs.deviation', own), finding('costs.rate', other), finding('costs.part.signedOff', other)];
    expect(visibleFindings(infosupport, stored.project.id, all).map((f) => f.rule)).toEqual(['progress.summary', 'costs.deviation']);
    expect(visibleFindings(await principalFor('penvoerder.ecofed@demo.ipcei.test'), stored.project.id, all)).toHaveLength(4);
  });
});

describe('the project dashboard’s budget per partner', () => {
  it('holds only the parts the reader may read: a contributor its own, the penvoerder and staff all, nobody without a reader', async () => {
    const { stored } = await ecofed2024();
    const projectId = stored.project.id;
    const all = stored.partners.length;
    const infosupport = await principalFor('partner.infosupport@demo.ipcei.test');
    const mine = await getProjectDashboard(getDb(), projectId, 2024, '2025-06-01', infosupport);
    expect(mine.budget.map((p) => p.organisationId)).toEqual([infosupport.memberships.get(projectId)!.organisationId]);
    // Granted and paid subsidy per partner stay, as on the project page.
    expect(mine.partners).toHaveLength(all);
    for (const email of ['penvoerder.ecofed@demo.ipcei.test', 'reviewer.a@demo.ipcei.test', 'ez@demo.ipcei.test']) {
      expect((await getProjectDashboard(getDb(), projectId, 2024, '2025-06-01', await principalFor(email))).budget, email).toHaveLength(all);
    }
    const none = await getProjectDashboard(getDb(), projectId, 2024, '2025-06-01', undefined as unknown as Principal);
    expect(none.budget).toEqual([]);
  });
});
