import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#db/client';
import { reportRevisions, reports } from '#db/schema/index';
import { compareRevisions, flattenSection } from '#app/models/review.server';
import * as reportRoute from '#app/routes/review/report';
import { setupTestDatabase } from '#test/support/db';
import { userId } from '#test/support/principal';
import { getRequest } from '#test/support/requests';
import { ACCOUNTS, args, reportId } from './support';

setupTestDatabase();

const base = {
  narrative: { progressSummary: 'Goed op weg', deviations: '' },
  workPackages: [{ id: 'wp1', code: 'WP1', title: 'Campus', narrative: 'Ontwerp klaar' }],
  milestones: [{ id: 'm1', code: 'M1.1', title: 'Ontwerp', status: 'on_track', plannedDate: '2024-06-30', achievedDate: null }],
  partners: [
    {
      organisation: { id: 'org1', name: 'Leaseweb', kvkNumber: '12345678' },
      costLines: [
        { id: 'c1', category: 'personnel', description: 'Engineers', hours: 100, hourlyRateCents: 10000, amountCents: 1000000 },
        { id: 'c2', category: 'third_party', description: 'Audit', hours: null, hourlyRateCents: null, amountCents: 500000 },
      ],
      totalCents: 1500000,
    },
  ],
  indicators: { fteTenths: 75, jobsCreated: 14 },
  spillover: [],
  risks: [],
  attachments: [],
};

describe('comparing revisions', () => {
  it('labels rows by item and field, leaving out ids and repeated codes', () => {
    const rows = flattenSection(base, 'costs');
    const amount = rows.find((r) => r.key === 'partners/org1.costLines/c1.amountCents');
    expect(amount).toMatchObject({ path: ['partners', 'Leaseweb', 'costLines', 'Engineers', 'amountCents'], value: '1000000', kind: 'money' });
    expect(rows.some((r) => r.key.endsWith('.id'))).toBe(false);
    const progress = flattenSection(base, 'progress');
    expect(progress.some((r) => r.key === 'workPackages/wp1.code')).toBe(false);
    expect(flattenSection(base, 'indicators').find((r) => r.key === 'indicators.fteTenths')).toMatchObject({ path: ['fteTenths'], kind: 'fte' });
  });

  it('marks what changed, what is new and what was removed, per section; reordering is no change', () => {
    const next = structuredClone(base);
    next.narrative.progressSummary = 'Vertraagd';
    next.partners[0]!.costLines = [
      { id: 'c3', category: 'equipment', description: 'Servers', hours: null, hourlyRateCents: null, amountCents: 200000 },
      { ...base.partners[0]!.costLines[0]!, hours: 120, amountCents: 1200000 },
    ] as unknown as (typeof base.partners)[number]['costLines'];
    next.partners[0]!.totalCents = 1400000;
    const views = Object.fromEntries(compareRevisions(next, base).map((v) => [v.section, v]));
    expect(views.progress!.changes).toBe(1);
    expect(views.progress!.rows.find((r) => r.state === 'changed')).toMatchObject({ value: 'Vertraagd', previous: 'Goed op weg' });
    expect(views.milestones!.changes).toBe(0);
    const costs = views.costs!;
    expect(costs.rows.filter((r) => r.state === 'changed').map((r) => r.key).sort()).toEqual([
      'partners/org1.costLines/c1.amountCents',
      'partners/org1.costLines/c1.hours',
      'partners/org1.totalCents',
    ]);
    expect(costs.rows.filter((r) => r.state === 'added').map((r) => r.key)).toContain('partners/org1.costLines/c3.amountCents');
    expect(costs.removed.map((r) => r.key)).toContain('partners/org1.costLines/c2.amountCents');
    expect(compareRevisions(base, null).every((v) => v.changes === 0)).toBe(true);
  });

  it('shows a resubmitted report with the changes since the previous revision', async () => {
    const id = await reportId('ECC', 2024);
    const [first] = await getDb().select().from(reportRevisions).where(eq(reportRevisions.reportId, id));
    const snapshot = structuredClone(first!.snapshot) as { narrative: { deviations: string } };
    snapshot.narrative.deviations = 'De externe audit schuift naar 2025; toegelicht bij Kosten.';
    const penvoerder = await userId(ACCOUNTS.penvoerderEcc);
    await getDb().insert(reportRevisions).values({
      reportId: id,
      revision: 2,
      snapshot,
      sha256: 'b'.repeat(64),
      reference: 'IPCEI-CIS-ECC-2024-R2',
      submittedBy: penvoerder,
    });
    await getDb().update(reports).set({ status: 'submitted', currentRevision: 2, submittedAt: new Date(), submittedBy: penvoerder }).where(eq(reports.id, id));
    const data = await reportRoute.loader(args(await getRequest(`/beoordelen/${id}`, ACCOUNTS.reviewerA), { reportId: id }));
    expect(data.revision?.reference).toBe('IPCEI-CIS-ECC-2024-R2');
    expect(data.previousRevision).toBe(1);
    const progress = data.sections.find((s) => s.section === 'progress')!;
    expect(progress.changes).toBe(1);
    expect(progress.rows.find((r) => r.state === 'changed')).toMatchObject({ path: ['narrative', 'deviations'], previous: 'Er zijn geen afwijkingen in de planning van de mijlpalen.' });
    expect(data.sections.filter((s) => s.section !== 'progress').every((s) => s.changes === 0)).toBe(true);
    // The question from revision 1 is still there, open, at its section.
    expect(data.threads.map((t) => [t.section, t.revision, t.resolvedAt])).toEqual([['costs', 1, null]]);
  });
});
