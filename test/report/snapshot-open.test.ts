import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  milestones,
  milestoneUpdates,
  partnerParts,
  projectPartners,
  projects,
  reportRevisions,
  reports,
  reportSections,
  risks,
} from '#db/schema/index';
import { buildReportSnapshot, snapshotHash } from '#app/models/report-snapshot.server';
import { SNAPSHOT_VERSION } from '#app/report/snapshot';
import { openReport } from '#app/models/report-open.server';
import { setupTestDatabase } from '#test/support/db';

const database = setupTestDatabase();
const actor = { userId: null, email: 'system', requestId: 'test' };
let ecofedId = '';

async function reportId(code: string, year: number) {
  const [row] = await database()
    .db.select({ id: reports.id })
    .from(reports)
    .innerJoin(projects, eq(projects.id, reports.projectId))
    .where(and(eq(projects.code, code), eq(reports.year, year)));
  return row!.id;
}

beforeAll(async () => {
  const [p] = await database().db.select({ id: projects.id }).from(projects).where(eq(projects.code, 'ECOFED'));
  ecofedId = p!.id;
});

describe('report snapshot', () => {
  it('is what the seeded revisions hold, and their stored hash matches', async () => {
    const db = database().db;
    const revisions = await db.select().from(reportRevisions);
    expect(revisions).toHaveLength(3);
    for (const revision of revisions) {
      expect(snapshotHash(revision.snapshot)).toBe(revision.sha256);
      // Nothing changed since the seed submitted them: rebuilding gives the same hash.
      const rebuilt = await buildReportSnapshot(db, revision.reportId);
      expect(rebuilt.snapshotVersion).toBe(SNAPSHOT_VERSION);
      expect(snapshotHash(rebuilt)).toBe(revision.sha256);
    }
  });

  it('holds every section and every partner in a fixed order', async () => {
    const snapshot = await buildReportSnapshot(database().db, await reportId('MISD', 2024));
    const names = snapshot.partners.map((p) => p.organisation.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('nl', { sensitivity: 'base' }).compare));
    expect(snapshot.partners).toHaveLength(7);
    expect(Object.keys(snapshot.sections).sort()).toEqual(['attachments', 'costs', 'indicators', 'milestones', 'progress', 'risks', 'spillover']);
    for (const partner of snapshot.partners) {
      expect(partner.totalCents).toBe(partner.costLines.reduce((s, l) => s + l.amountCents, 0));
      expect(partner.signedOffAt).not.toBeNull();
    }
    expect(snapshot.totals.costTotalCents).toBe(snapshot.partners.reduce((s, p) => s + p.totalCents, 0));
    // Two builds are byte-identical.
    expect(snapshotHash(await buildReportSnapshot(database().db, snapshot.report.id))).toBe(snapshotHash(snapshot));
  });
});

describe('openReport', () => {
  it('creates the report, seven sections and a part per partner, prefilled from last year, audit-logged', async () => {
    const db = database().db;
    const from = await reportId('ECOFED', 2025);
    const [milestone] = await db.select({ id: milestones.id }).from(milestones).where(eq(milestones.projectId, ecofedId)).limit(1);
    await db.insert(milestoneUpdates).values({ reportId: from, projectId: ecofedId, milestoneId: milestone!.id, status: 'delayed', forecastDate: '2026-06-30', explanation: 'Leverancier later' });
    await db.insert(risks).values({ reportId: from, description: 'Tekort aan personeel', likelihood: 'medium', impact: 'high', mitigation: 'Werven', position: 1 });

    const result = await db.transaction((tx) => openReport(tx, { projectId: ecofedId, year: 2026, dueDate: '2027-02-01', actor }));
    expect(result).toMatchObject({ created: true, prefilledFrom: 2025, prefilled: { milestones: 1, risks: 1 } });

    const sections = await db.select().from(reportSections).where(eq(reportSections.reportId, result.id));
    expect(sections).toHaveLength(7);
    expect(sections.find((s) => s.section === 'milestones')?.status).toBe('in_progress');
    expect(sections.find((s) => s.section === 'costs')?.status).toBe('not_started');
    const parts = await db.select().from(partnerParts).where(eq(partnerParts.reportId, result.id));
    const partners = await db.select().from(projectPartners).where(eq(projectPartners.projectId, ecofedId));
    expect(parts).toHaveLength(partners.length);
    expect(parts.every((p) => p.signedOffAt === null && p.version === 0)).toBe(true);
    const [update] = await db.select().from(milestoneUpdates).where(eq(milestoneUpdates.reportId, result.id));
    expect(update).toMatchObject({ status: 'delayed', forecastDate: '2026-06-30', explanation: 'Leverancier later' });
    const copied = await db.select().from(risks).where(eq(risks.reportId, result.id));
    expect(copied.map((r) => r.description)).toEqual(['Tekort aan personeel']);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, 'report.open'), eq(auditLog.entityId, result.id)));
    expect(audit).toHaveLength(1);

    // Idempotent: a second call returns the same report and writes nothing.
    const again = await db.transaction((tx) => openReport(tx, { projectId: ecofedId, year: 2026, dueDate: '2027-02-01', actor }));
    expect(again).toMatchObject({ id: result.id, created: false });
    expect(await db.select().from(risks).where(eq(risks.reportId, result.id))).toHaveLength(1);
    expect(await db.select().from(auditLog).where(and(eq(auditLog.action, 'report.open'), eq(auditLog.entityId, result.id)))).toHaveLength(1);
  });
});
