/**
 * Limits that the forms (in the browser) and the server both enforce. The database holds the
 * same limits as check constraints where it can (e.g. cost_lines_amount_ck for MONEY_MAX_CENTS).
 */
export const LIMITS = {
  longText: 10_000,
  mediumText: 2_000,
  shortText: 300,
  url: 2_000,
  /** Whole-number indicators (jobs, SMEs, publications…). */
  count: 100_000,
  /** FTE in tenths: at most 10.000,0 FTE. */
  fteTenths: 100_000,
  reach: 1_000_000_000,
  /** Rows of one list in a section (milestones, risks, spillover…). */
  rows: 200,
  /** Lines of one partner's cost part (one per person for personnel: large partners have hundreds). */
  costLines: 1_000,
  /** An employee reference (personnel number or role code). */
  employeeRef: 40,
  /** A reviewer's question, answer or decision reason. */
  comment: 5_000,
} as const;

/** € 999.999.999,99: the largest amount in any field. */
export const MONEY_MAX_CENTS = 100_000_000_000 - 1;

/** One attachment, and all attachments of one report together. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_REPORT_ATTACHMENT_BYTES = 100 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** A deviation from the year's budget above this share must be explained. */
export const DEVIATION_THRESHOLD = 0.25;

/** Deviation of actual from budget as a share; Infinity when spending without any budget. */
export function deviationShare(actual: number, budget: number) {
  if (budget === 0) return actual === 0 ? 0 : Infinity;
  return (actual - budget) / budget;
}

export function needsExplanation(actual: number, budget: number) {
  return Math.abs(deviationShare(actual, budget)) > DEVIATION_THRESHOLD;
}
