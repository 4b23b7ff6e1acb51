import { asc, eq } from 'drizzle-orm';
import { spilloverActivities } from '#db/schema/index';
import { defineSectionServer, sectionAction, sectionLoader } from '../engine.server';
import { spillover } from './spillover';

export const spilloverServer = defineSectionServer({
  definition: spillover,
  async read(db, scope) {
    const rows = await db
      .select()
      .from(spilloverActivities)
      .where(eq(spilloverActivities.reportId, scope.reportId))
      .orderBy(asc(spilloverActivities.position), asc(spilloverActivities.id));
    return { spillover: rows.map((s) => ({ id: s.id, type: s.type, title: s.title, activityDate: s.activityDate, audience: s.audience, reach: s.reach, url: s.url })) };
  },
  extra: async () => null,
  audit: (data) => ({ activities: data.activities.length }),
  async write(tx, scope, data) {
    await tx.delete(spilloverActivities).where(eq(spilloverActivities.reportId, scope.reportId));
    if (data.activities.length) await tx.insert(spilloverActivities).values(data.activities.map((a, i) => ({ reportId: scope.reportId, ...a, position: i + 1 })));
  },
});

export const loader = sectionLoader(spilloverServer);
export const action = sectionAction(spilloverServer);
