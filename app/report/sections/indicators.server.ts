import { eq } from 'drizzle-orm';
import { reportIndicators } from '#db/schema/index';
import { defineSectionServer, sectionAction, sectionLoader } from '../engine.server';
import { indicators } from './indicators';

export const indicatorsServer = defineSectionServer({
  definition: indicators,
  async read(db, scope) {
    const [row] = await db.select().from(reportIndicators).where(eq(reportIndicators.reportId, scope.reportId));
    return {
      indicators: row
        ? {
            fteTenths: row.fteTenths,
            jobsCreated: row.jobsCreated,
            smesInvolved: row.smesInvolved,
            publications: row.publications,
            openSourceReleases: row.openSourceReleases,
            patentApplications: row.patentApplications,
            standardisationContributions: row.standardisationContributions,
          }
        : null,
    };
  },
  extra: async () => null,
  async write(tx, scope, data) {
    const { version: _version, complete: _complete, fte, ...counts } = data;
    const values = { fteTenths: fte, ...counts };
    await tx.insert(reportIndicators).values({ reportId: scope.reportId, ...values }).onConflictDoUpdate({ target: reportIndicators.reportId, set: values });
  },
});

export const loader = sectionLoader(indicatorsServer);
export const action = sectionAction(indicatorsServer);
