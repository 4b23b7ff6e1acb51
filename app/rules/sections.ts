import type { ReportStatus } from './domain';

/**
 * The sections of a progress report, in the order of the task list, with the Dutch URL slug of
 * each (/projecten/ECOFED/rapporten/2025/<slug>). The database enum takes its values from here.
 */
export const REPORT_SECTIONS = ['progress', 'milestones', 'costs', 'indicators', 'spillover', 'risks', 'attachments'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const SECTION_SLUGS: Record<ReportSection, string> = {
  progress: 'voortgang',
  milestones: 'mijlpalen',
  costs: 'kosten',
  indicators: 'indicatoren',
  spillover: 'spillover',
  risks: 'risicos',
  attachments: 'bijlagen',
};

/** A report can be changed only while it is with the partners. */
export const EDITABLE_STATUSES: readonly ReportStatus[] = ['draft', 'changes_requested'];

export function isEditableStatus(status: ReportStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

/** /projecten/<code>/rapporten/<year>[/<rest>] */
export function reportPath(code: string, year: number, rest = '') {
  return `/projecten/${encodeURIComponent(code)}/rapporten/${year}${rest ? `/${rest}` : ''}`;
}
