/**
 * Limits that the forms (in the browser) and the server both enforce. The database holds the
 * same limits as check constraints where it can (e.g. cost_lines_amount_ck for MONEY_MAX_CENTS).
 */
export const LIMITS = {
  longText: 10_000,
  mediumText: 2_000,
  shortText: 300,
  url: 2_000,
  /**
   * Hours on one personnel line. One FTE is 1,720 productive hours a year; a partner's FTE on the
   * project is not recorded, so a line may cover a team: up to 100 FTE (172,000 hours). Anything
   * above that is a typing error, not a team.
   */
  hoursPerLine: 1_720 * 100,
  /** Whole-number indicators (jobs, SMEs, publications…). */
  count: 100_000,
  /** FTE in tenths: at most 10.000,0 FTE. */
  fteTenths: 100_000,
  reach: 1_000_000_000,
  /** Rows of one list in a section (cost lines, milestones, risks…). */
  rows: 200,
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
