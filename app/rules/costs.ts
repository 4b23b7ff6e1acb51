import type { CostMethod } from './domain';

/**
 * How a personnel line becomes money, per cost method — one place for the form's live amount, the
 * server's save, the spreadsheet import and the "hours × rate matches the cost method" check.
 *
 * Hours are read with two decimals and handled as whole hundredths (12,5 h = 1250), so every
 * product is integer arithmetic; amounts are rounded half up to the cent, exactly as the database
 * check `cost_lines_personnel_amount_ck` (`round(hours * hourly_rate_cents)`) does.
 */

/** Surcharge on wage costs under *loonkosten plus vaste opslag*: 50%. */
export const WAGE_SURCHARGE_PERCENT = 50;

/** Default productive hours of one person in a year (the programme setting's default). */
export const DEFAULT_PRODUCTIVE_HOURS = 1_720;

/** Which cost methods take the rate from the person's annual wage costs (the others from the partner's rate). */
export function rateFromWage(method: CostMethod) {
  return method === 'wage_plus_overhead';
}

/**
 * The hourly rate (cents) a personnel line gets under the partner's cost method:
 * - *loonkosten plus vaste opslag*: annual wage costs ÷ productive hours, plus 50%;
 * - *vast uurtarief* and *integrale kostensystematiek*: the partner's agreed rate.
 * Null when the method needs a wage and none is given.
 */
export function personnelRateCents(
  method: CostMethod,
  partnerRateCents: number,
  annualWageCents: number | null,
  productiveHours: number,
): number | null {
  if (!rateFromWage(method)) return partnerRateCents;
  if (annualWageCents === null || annualWageCents <= 0 || productiveHours <= 0) return null;
  // wage × 1.5 ÷ hours, rounded half up, in integers: (wage × 3 + hours) ÷ (2 × hours).
  const factor = 100 + WAGE_SURCHARGE_PERCENT;
  return Math.floor((annualWageCents * factor * 2 + 100 * productiveHours) / (200 * productiveHours));
}

/** Hours (hundredths) × rate → cents, rounded half up. */
export function personnelAmountCents(hoursHundredths: number, rateCents: number) {
  return Math.floor((hoursHundredths * rateCents + 50) / 100);
}

/** Hours as stored (a number with at most two decimals) → whole hundredths. */
export function toHundredths(hours: number) {
  return Math.round(hours * 100);
}

/** Whole hundredths → hours as stored and shown (1250 → 12.5). */
export function fromHundredths(hundredths: number) {
  return hundredths / 100;
}

/**
 * The subsidy a partner has earned with its approved costs: approved costs × its aid intensity
 * (granted ÷ total budget), rounded down. Advances beyond it are paid ahead of the costs. The
 * programme dashboard computes the same in SQL (`floor(approved × granted ÷ budget)`).
 */
export function earnedSubsidyCents(approvedCents: number, grantedCents: number, budgetCents: number) {
  if (budgetCents <= 0) return 0;
  return Number((BigInt(approvedCents) * BigInt(grantedCents)) / BigInt(budgetCents));
}

/** An employee reference: a personnel number or role code (letters, digits, . _ / -), never a name. */
export const EMPLOYEE_REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;

/** The same reference however it was typed (`e-104` and `E-104` are one person). */
export function normaliseEmployeeRef(ref: string) {
  return ref.trim().toUpperCase();
}
