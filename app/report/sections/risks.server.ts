import { asc, eq } from 'drizzle-orm';
import { reportNarratives, risks as riskTable } from '#db/schema/index';
import { saveNarrative } from '#app/report/structure.server';
import { defineSectionServer, sectionAction, sectionLoader } from '../engine.server';
import { risks } from './risks';

export const risksServer = defineSectionServer({
  definition: risks,
  async read(db, scope) {
    const [[narrative], rows] = await Promise.all([
      db.select({ deviations: reportNarratives.deviations }).from(reportNarratives).where(eq(reportNarratives.reportId, scope.reportId)),
      db.select().from(riskTable).where(eq(riskTable.reportId, scope.reportId)).orderBy(asc(riskTable.position), asc(riskTable.id)),
    ]);
    return {
      narrative: { deviations: narrative?.deviations ?? '' },
      risks: rows.map((r) => ({ id: r.id, description: r.description, likelihood: r.likelihood, impact: r.impact, mitigation: r.mitigation })),
    };
  },
  extra: async () => null,
  audit: (data) => ({ risks: data.risks.length }),
  async write(tx, scope, data) {
    await saveNarrative(tx, scope.reportId, { deviations: data.deviations });
    await tx.delete(riskTable).where(eq(riskTable.reportId, scope.reportId));
    if (data.risks.length) await tx.insert(riskTable).values(data.risks.map((r, i) => ({ reportId: scope.reportId, ...r, position: i + 1 })));
  },
  /** Every risk of last year with its likelihood, impact and mitigation, to review. */
  async carryForward(tx, fromReportId, to) {
    const last = await tx
      .select({ description: riskTable.description, likelihood: riskTable.likelihood, impact: riskTable.impact, mitigation: riskTable.mitigation, position: riskTable.position })
      .from(riskTable)
      .where(eq(riskTable.reportId, fromReportId));
    if (last.length) await tx.insert(riskTable).values(last.map((r) => ({ reportId: to.reportId, ...r })));
    return last.length;
  },
});

export const loader = sectionLoader(risksServer);
export const action = sectionAction(risksServer);
