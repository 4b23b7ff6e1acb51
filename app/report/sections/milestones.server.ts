import { eq } from 'drizzle-orm';
import { milestones as milestoneTable, milestoneUpdates, workPackages } from '#db/schema/index';
import type { FieldErrors } from '#app/components/form/field';
import { projectMilestones } from '#app/report/structure.server';
import type { MilestoneStatus } from '#app/rules/domain';
import { defineSectionServer, sectionAction, sectionLoader } from '../engine.server';
import { milestones } from './milestones';

export const milestonesServer = defineSectionServer({
  definition: milestones,
  async read(db, scope) {
    const rows = await db
      .select({
        id: milestoneTable.id,
        code: milestoneTable.code,
        title: milestoneTable.title,
        plannedDate: milestoneTable.plannedDate,
        position: milestoneTable.position,
        workPackageCode: workPackages.code,
        status: milestoneUpdates.status,
        achievedDate: milestoneUpdates.achievedDate,
        forecastDate: milestoneUpdates.forecastDate,
        explanation: milestoneUpdates.explanation,
      })
      .from(milestoneUpdates)
      .innerJoin(milestoneTable, eq(milestoneTable.id, milestoneUpdates.milestoneId))
      .leftJoin(workPackages, eq(workPackages.id, milestoneTable.workPackageId))
      .where(eq(milestoneUpdates.reportId, scope.reportId));
    rows.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { milestones: rows.map(({ position: _position, ...m }) => m) };
  },
  extra: (db, ctx) => projectMilestones(db, ctx.project.id),
  // The browser's planned dates are only a convenience: the stored ones decide.
  trust(raw, list) {
    const planned = new Map(list.map((m) => [m.id, m.plannedDate]));
    const rows = Array.isArray(raw.milestones) ? (raw.milestones as Array<Record<string, unknown>>) : [];
    return { ...raw, milestones: rows.map((m) => ({ ...m, plannedDate: planned.get(String(m?.id)) ?? '' })) };
  },
  check(data, list) {
    const known = new Set(list.map((m) => m.id));
    const errors: FieldErrors = {};
    const seen = new Set<string>();
    data.milestones.forEach((m, i) => {
      if (!known.has(m.id) || seen.has(m.id)) errors[`milestones.${i}.status`] = 'errors.report.unknownItem';
      seen.add(m.id);
    });
    return errors;
  },
  async write(tx, scope, data) {
    await tx.delete(milestoneUpdates).where(eq(milestoneUpdates.reportId, scope.reportId));
    const values = data.milestones
      .filter((m) => m.status !== '')
      .map((m) => ({
        reportId: scope.reportId,
        projectId: scope.projectId,
        milestoneId: m.id,
        status: m.status as MilestoneStatus,
        achievedDate: m.achievedDate || null,
        forecastDate: m.forecastDate || null,
        explanation: m.explanation,
      }));
    if (values.length) await tx.insert(milestoneUpdates).values(values);
  },
  /**
   * Every update of last year: achieved and cancelled milestones keep their outcome; open ones
   * carry their latest forecast, to review.
   */
  async carryForward(tx, fromReportId, to) {
    const last = await tx
      .select({
        milestoneId: milestoneUpdates.milestoneId,
        status: milestoneUpdates.status,
        achievedDate: milestoneUpdates.achievedDate,
        forecastDate: milestoneUpdates.forecastDate,
        explanation: milestoneUpdates.explanation,
      })
      .from(milestoneUpdates)
      .where(eq(milestoneUpdates.reportId, fromReportId));
    if (last.length) await tx.insert(milestoneUpdates).values(last.map((u) => ({ reportId: to.reportId, projectId: to.projectId, ...u })));
    return last.length;
  },
});

export const loader = sectionLoader(milestonesServer);
export const action = sectionAction(milestonesServer);
