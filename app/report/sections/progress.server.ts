import { eq } from 'drizzle-orm';
import { reportNarratives, workPackageProgress } from '#db/schema/index';
import type { FieldErrors } from '#app/components/form/field';
import { projectWorkPackages, saveNarrative } from '#app/report/structure.server';
import { defineSectionServer, sectionAction, sectionLoader } from '../engine.server';
import { progress } from './progress';

export const progressServer = defineSectionServer({
  definition: progress,
  async read(db, scope) {
    const [packages, [narrative], rows] = await Promise.all([
      projectWorkPackages(db, scope.projectId),
      db.select({ progressSummary: reportNarratives.progressSummary }).from(reportNarratives).where(eq(reportNarratives.reportId, scope.reportId)),
      db.select({ workPackageId: workPackageProgress.workPackageId, narrative: workPackageProgress.narrative }).from(workPackageProgress).where(eq(workPackageProgress.reportId, scope.reportId)),
    ]);
    const byId = new Map(rows.map((r) => [r.workPackageId, r.narrative]));
    return {
      narrative: { progressSummary: narrative?.progressSummary ?? '' },
      workPackages: packages.map((wp) => ({ id: wp.id, code: wp.code, title: wp.title, narrative: byId.get(wp.id) ?? '' })),
    };
  },
  // The content lists every work package already; the action (no content read) asks the project.
  extra: async (db, ctx, part) => part?.workPackages.map(({ id, code, title }) => ({ id, code, title })) ?? projectWorkPackages(db, ctx.project.id),
  // Every work package named must be one of this project's.
  check(data, packages) {
    const known = new Set(packages.map((wp) => wp.id));
    const errors: FieldErrors = {};
    data.workPackages.forEach((wp, i) => {
      if (!known.has(wp.id)) errors[`workPackages.${i}.narrative`] = 'errors.report.unknownItem';
    });
    return errors;
  },
  async write(tx, scope, data) {
    await saveNarrative(tx, scope.reportId, { progressSummary: data.summary });
    await tx.delete(workPackageProgress).where(eq(workPackageProgress.reportId, scope.reportId));
    const rows = data.workPackages.filter((wp) => wp.narrative !== '').map((wp) => ({ reportId: scope.reportId, projectId: scope.projectId, workPackageId: wp.id, narrative: wp.narrative }));
    if (rows.length) await tx.insert(workPackageProgress).values(rows);
  },
});

export const loader = sectionLoader(progressServer);
export const action = sectionAction(progressServer);
