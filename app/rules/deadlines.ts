import { daysBetween, todayInAmsterdam } from './dates';
import type { ReportStatus } from './domain';

/**
 * The one "late" rule, used by the task list, the project page, the dashboards, the review inbox
 * and every export (the review inbox and the dashboard put the same rule in SQL:
 * `overdueReportSql` in app/models/report/deadlines.server.ts, tested against this one).
 *
 * A report is due on its due date (RVO: "before 1 February" = due date 1 February at the end of
 * the day). It is
 * - `overdue` while it has never been submitted (status draft: every later status follows a
 *   submission) and today is after its due date;
 * - `submitted_late` when its first submission came after the due date (stored at submission,
 *   `reports.submitted_late`);
 * - `due` while it is a draft on or before the due date;
 * - `on_time` when it was submitted on or before the due date.
 * A report sent back with questions is not overdue again: it was submitted; the questions have no
 * deadline of their own in the scheme.
 */
export type Lateness = 'due' | 'overdue' | 'on_time' | 'submitted_late';

export interface DeadlineFacts {
  status: ReportStatus;
  dueDate: string;
  submittedLate: boolean;
}

export function lateness(report: DeadlineFacts, today: string = todayInAmsterdam()): Lateness {
  if (report.status === 'draft') return today > report.dueDate ? 'overdue' : 'due';
  return report.submittedLate ? 'submitted_late' : 'on_time';
}

export function isOverdue(report: DeadlineFacts, today?: string) {
  return lateness(report, today) === 'overdue';
}

/** Late in any way: overdue now, or submitted after the due date. What the exports call "late". */
export function isLate(report: DeadlineFacts, today?: string) {
  const l = lateness(report, today);
  return l === 'overdue' || l === 'submitted_late';
}

/** Days until the due date (0 on the day itself, negative after it). */
export function daysLeft(dueDate: string, today: string = todayInAmsterdam()) {
  return daysBetween(today, dueDate);
}
