import { and, eq, lt, type SQL } from 'drizzle-orm';
import { reports } from '#db/schema/index';

/**
 * The "overdue" rule of app/rules/deadlines.ts as a SQL condition, for queries that filter or count
 * on it (review inbox, dashboards, exports). test/rules/deadlines.test.ts checks that both agree.
 */
export function overdueReportSql(today: string): SQL {
  return and(eq(reports.status, 'draft'), lt(reports.dueDate, today))!;
}
