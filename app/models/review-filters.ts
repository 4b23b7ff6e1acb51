import { REPORT_STATUSES } from '#db/schema/reports';

/** The status filter of the reviewer inbox: 'open' (needs a reviewer), 'all', or one status. */
export const INBOX_STATUS_FILTERS = ['open', 'all', ...REPORT_STATUSES] as const;
export type InboxStatusFilter = (typeof INBOX_STATUS_FILTERS)[number];
