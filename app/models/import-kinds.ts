/** What an administrator can import from a spreadsheet (shared by the form and the server). */
export const IMPORT_KINDS = ['budgets', 'milestones'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
