import { z } from 'zod';
import { COST_CATEGORIES, type CostCategory } from '#db/schema/programmes';
import { MILESTONE_STATUSES, RISK_LEVELS, SPILLOVER_TYPES } from '#db/schema/reports';
import { parseMoney } from '#app/rules/numbers';

/**
 * One zod schema per report section. The browser (react-hook-form) and the action use the same
 * schema; the action adds what only the server can know (ids belong to the project, the stored
 * planned dates, the partner's budget and rate from the database). Messages are translation keys.
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
  rows: 200,
} as const;

/** A deviation from the year's budget above this share needs an explanation. */
export const DEVIATION_THRESHOLD = 0.25;

const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

const version = z
  .union([z.string(), z.number()], { errorMap: () => ({ message: 'errors.report.version' }) })
  .transform((v) => (v === '' ? NaN : Number(v)))
  .pipe(z.number({ invalid_type_error: 'errors.report.version' }).int('errors.report.version').min(0, 'errors.report.version'));

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).default('');

/** YYYY-MM-DD that is a real calendar day between 2000 and 2100; '' means none. */
export function isIsoDate(value: string) {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value && value >= '2000-01-01' && value <= '2100-12-31';
}
const optionalDate = z
  .string()
  .trim()
  .default('')
  .refine((v) => v === '' || isIsoDate(v), 'errors.report.date.invalid');

const uuid = z.string().uuid('errors.report.unknownItem');

/** A select with a blank first option: '' (nothing chosen yet) or one of the values, else `message`. */
function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z
    .string()
    .default('')
    .refine((v): v is '' | T[number] => v === '' || values.includes(v), message) as unknown as z.ZodType<'' | T[number], z.ZodTypeDef, string | undefined>;
}

// --- 1. Progress ------------------------------------------------------------------------------

export const ProgressSchema = z
  .object({
    version,
    complete: checkbox,
    summary: text(LIMITS.longText, 'errors.report.text.tooLongLong'),
    workPackages: z.array(z.object({ id: uuid, narrative: text(LIMITS.longText, 'errors.report.text.tooLongLong') })).max(LIMITS.rows).default([]),
  })
  .superRefine((value, ctx) => {
    if (!value.complete) return;
    if (!value.summary) ctx.addIssue({ code: 'custom', path: ['summary'], message: 'errors.report.progress.summaryRequired' });
    value.workPackages.forEach((wp, i) => {
      if (!wp.narrative) ctx.addIssue({ code: 'custom', path: ['workPackages', i, 'narrative'], message: 'errors.report.progress.narrativeRequired' });
    });
  });

// --- 2. Milestones ----------------------------------------------------------------------------

export const EXPLANATION_NEEDED = new Set(['delayed', 'at_risk', 'cancelled']);

export const MilestonesSchema = z
  .object({
    version,
    complete: checkbox,
    milestones: z
      .array(
        z.object({
          id: uuid,
          /** Sent along for the browser's check; the server replaces it with the stored date. */
          plannedDate: z.string().default(''),
          status: choice(MILESTONE_STATUSES, 'errors.report.milestones.statusInvalid'),
          achievedDate: optionalDate,
          forecastDate: optionalDate,
          explanation: text(LIMITS.mediumText, 'errors.report.text.tooLongMedium'),
        }),
      )
      .max(LIMITS.rows)
      .default([]),
  })
  .superRefine((value, ctx) => {
    value.milestones.forEach((m, i) => {
      const at = (field: string) => ['milestones', i, field];
      if (!m.status) {
        if (value.complete) ctx.addIssue({ code: 'custom', path: at('status'), message: 'errors.report.milestones.statusRequired' });
        return;
      }
      if (m.status === 'achieved' && !m.achievedDate) ctx.addIssue({ code: 'custom', path: at('achievedDate'), message: 'errors.report.milestones.achievedDateRequired' });
      if (m.status !== 'achieved' && m.achievedDate) ctx.addIssue({ code: 'custom', path: at('achievedDate'), message: 'errors.report.milestones.achievedDateOnlyWhenAchieved' });
      if ((m.status === 'delayed' || m.status === 'at_risk') && !m.forecastDate) {
        ctx.addIssue({ code: 'custom', path: at('forecastDate'), message: 'errors.report.milestones.forecastRequired' });
      }
      const later = m.forecastDate !== '' && m.plannedDate !== '' && m.forecastDate > m.plannedDate;
      if ((EXPLANATION_NEEDED.has(m.status) || later) && !m.explanation) {
        ctx.addIssue({ code: 'custom', path: at('explanation'), message: 'errors.report.milestones.explanationRequired' });
      }
    });
  });

// --- 3. Costs (one partner's part) -------------------------------------------------------------

export interface CostContext {
  /** The partner's hourly rate under its cost method (personnel = hours × rate). */
  hourlyRateCents: number;
  budgetCents: Record<CostCategory, number>;
}

/** The hours of a personnel line as a whole number, or the message why not. */
function parseHours(v: string): number | string {
  const digits = v.replace(/\./g, '');
  if (/^[-−–]/.test(v)) return 'errors.report.costs.hoursNegative';
  if (!/^[0-9]+$/.test(digits)) return 'errors.report.costs.hoursWhole';
  const hours = Number(digits);
  if (hours > LIMITS.hoursPerLine) return 'errors.report.costs.hoursTooMany';
  return hours;
}

/** Deviation of actual from budget as a share; Infinity when spending without any budget. */
export function deviationShare(actual: number, budget: number) {
  if (budget === 0) return actual === 0 ? 0 : Infinity;
  return (actual - budget) / budget;
}

export function needsExplanation(actual: number, budget: number) {
  return Math.abs(deviationShare(actual, budget)) > DEVIATION_THRESHOLD;
}

export const DEVIATION_KEYS = [...COST_CATEGORIES, 'total'] as const;

export interface CostLineInput {
  category: CostCategory;
  description: string;
  hours: number | null;
  amountCents: number;
}

export function costPartSchema(context: CostContext) {
  return z
    .object({
      version,
      lines: z
        .array(
          z.object({
            category: choice(COST_CATEGORIES, 'errors.report.costs.categoryInvalid'),
            description: text(LIMITS.shortText, 'errors.report.text.tooLongShort'),
            hours: z.string().trim().default(''),
            amount: z.string().default(''),
          }),
        )
        .max(LIMITS.rows, 'errors.report.tooManyRows')
        .default([]),
      explanations: z
        .object(Object.fromEntries(DEVIATION_KEYS.map((k) => [k, text(LIMITS.mediumText, 'errors.report.text.tooLongMedium')])) as Record<(typeof DEVIATION_KEYS)[number], ReturnType<typeof text>>)
        .partial()
        .default({}),
    })
    .transform((value, ctx) => {
      const lines: CostLineInput[] = [];
      value.lines.forEach((line, i) => {
        const at = (field: string) => ['lines', i, field];
        const blank = !line.category && !line.description && !line.hours && !line.amount.trim();
        if (blank) return;
        if (!line.category) {
          ctx.addIssue({ code: 'custom', path: at('category'), message: 'errors.report.costs.categoryRequired' });
          return;
        }
        if (line.category === 'personnel') {
          if (!line.hours) {
            ctx.addIssue({ code: 'custom', path: at('hours'), message: 'errors.report.costs.hoursRequired' });
            return;
          }
          const hours = parseHours(line.hours);
          if (typeof hours === 'string') {
            ctx.addIssue({ code: 'custom', path: at('hours'), message: hours });
            return;
          }
          lines.push({ category: 'personnel', description: line.description, hours, amountCents: hours * context.hourlyRateCents });
          return;
        }
        if (line.hours) {
          ctx.addIssue({ code: 'custom', path: at('hours'), message: 'errors.report.costs.hoursOnlyPersonnel' });
          return;
        }
        const amount = parseMoney(line.amount, 'nl');
        if (!amount.ok) {
          ctx.addIssue({ code: 'custom', path: at('amount'), message: amount.error });
          return;
        }
        lines.push({ category: line.category, description: line.description, hours: null, amountCents: amount.cents });
      });
      const totals = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;
      for (const l of lines) totals[l.category] += l.amountCents;
      const total = Object.values(totals).reduce((a, b) => a + b, 0);
      const budgetTotal = Object.values(context.budgetCents).reduce((a, b) => a + b, 0);
      if (total > 100_000_000_000 - 1) ctx.addIssue({ code: 'custom', path: ['lines'], message: 'errors.report.money.tooLarge' });
      const explanations: Record<string, string> = {};
      for (const key of DEVIATION_KEYS) {
        const actual = key === 'total' ? total : totals[key];
        const budget = key === 'total' ? budgetTotal : context.budgetCents[key];
        const given = value.explanations[key] ?? '';
        if (needsExplanation(actual, budget)) {
          if (!given) ctx.addIssue({ code: 'custom', path: ['explanations', key], message: `errors.report.costs.explanationRequired.${key}` });
          else explanations[key] = given;
        }
      }
      return { version: value.version, lines, explanations, totals, total };
    });
}

// --- 4. Indicators ----------------------------------------------------------------------------

const count = (required: string) =>
  z
    .string({ required_error: required })
    .trim()
    .superRefine((v, ctx) => {
      if (v === '') ctx.addIssue({ code: 'custom', message: required });
      else if (/^-/.test(v)) ctx.addIssue({ code: 'custom', message: 'errors.report.indicators.negative' });
      else if (!/^[0-9]+$/.test(v.replace(/\./g, ''))) ctx.addIssue({ code: 'custom', message: 'errors.report.indicators.whole' });
      else if (Number(v.replace(/\./g, '')) > LIMITS.count) ctx.addIssue({ code: 'custom', message: 'errors.report.indicators.tooLarge' });
    })
    .transform((v) => Number(v.replace(/\./g, '')));

export const INDICATOR_FIELDS = [
  'fte',
  'jobsCreated',
  'smesInvolved',
  'publications',
  'openSourceReleases',
  'patentApplications',
  'standardisationContributions',
] as const;

export const IndicatorsSchema = z.object({
  version,
  complete: checkbox,
  fte: z
    .string({ required_error: 'errors.report.indicators.fteRequired' })
    .trim()
    .superRefine((v, ctx) => {
      if (v === '') ctx.addIssue({ code: 'custom', message: 'errors.report.indicators.fteRequired' });
      else if (/^-/.test(v)) ctx.addIssue({ code: 'custom', message: 'errors.report.indicators.negative' });
      else if (!/^[0-9]+(,[0-9])?$/.test(v)) ctx.addIssue({ code: 'custom', message: 'errors.report.indicators.fteFormat' });
      else if (Math.round(Number(v.replace(',', '.')) * 10) > LIMITS.fteTenths) ctx.addIssue({ code: 'custom', message: 'errors.report.indicators.tooLarge' });
    })
    .transform((v) => {
      const [whole, tenth] = v.split(',');
      return Number(whole) * 10 + Number(tenth ?? '0');
    }),
  jobsCreated: count('errors.report.indicators.required'),
  smesInvolved: count('errors.report.indicators.required'),
  publications: count('errors.report.indicators.required'),
  openSourceReleases: count('errors.report.indicators.required'),
  patentApplications: count('errors.report.indicators.required'),
  standardisationContributions: count('errors.report.indicators.required'),
});

// --- 5. Spillover -----------------------------------------------------------------------------

export const SpilloverSchema = z
  .object({
    version,
    complete: checkbox,
    activities: z
      .array(
        z.object({
          type: choice(SPILLOVER_TYPES, 'errors.report.spillover.typeInvalid'),
          title: text(LIMITS.shortText, 'errors.report.text.tooLongShort'),
          activityDate: optionalDate,
          audience: text(LIMITS.shortText, 'errors.report.text.tooLongShort'),
          reach: z.string().trim().default(''),
          url: z.string().trim().max(LIMITS.url, 'errors.report.spillover.urlInvalid').default(''),
        }),
      )
      .max(LIMITS.rows, 'errors.report.tooManyRows')
      .default([]),
  })
  .transform((value, ctx) => {
    const activities: Array<{ type: (typeof SPILLOVER_TYPES)[number]; title: string; activityDate: string; audience: string; reach: number | null; url: string | null }> = [];
    value.activities.forEach((a, i) => {
      const at = (field: string) => ['activities', i, field];
      if (!a.type && !a.title && !a.activityDate && !a.audience && !a.reach && !a.url) return;
      let ok = true;
      const issue = (field: string, message: string) => {
        ok = false;
        ctx.addIssue({ code: 'custom', path: at(field), message });
      };
      if (!a.type) issue('type', 'errors.report.spillover.typeRequired');
      if (!a.title) issue('title', 'errors.report.spillover.titleRequired');
      if (!a.activityDate) issue('activityDate', 'errors.report.spillover.dateRequired');
      if (a.reach && !/^[0-9]+$/.test(a.reach.replace(/\./g, ''))) issue('reach', 'errors.report.spillover.reachInvalid');
      else if (a.reach && Number(a.reach.replace(/\./g, '')) > LIMITS.reach) issue('reach', 'errors.report.spillover.reachInvalid');
      if (a.url && !isHttpUrl(a.url)) issue('url', 'errors.report.spillover.urlInvalid');
      if (ok && a.type) {
        activities.push({
          type: a.type,
          title: a.title,
          activityDate: a.activityDate,
          audience: a.audience,
          reach: a.reach ? Number(a.reach.replace(/\./g, '')) : null,
          url: a.url || null,
        });
      }
    });
    return { version: value.version, complete: value.complete, activities };
  });

export function isHttpUrl(value: string) {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && /^https?:\/\//.test(value);
  } catch {
    return false;
  }
}

// --- 6. Deviations and risks --------------------------------------------------------------------

export const RisksSchema = z
  .object({
    version,
    complete: checkbox,
    deviations: text(LIMITS.longText, 'errors.report.text.tooLongLong'),
    risks: z
      .array(
        z.object({
          description: text(LIMITS.mediumText, 'errors.report.text.tooLongMedium'),
          likelihood: choice(RISK_LEVELS, 'errors.report.risks.levelInvalid'),
          impact: choice(RISK_LEVELS, 'errors.report.risks.levelInvalid'),
          mitigation: text(LIMITS.mediumText, 'errors.report.text.tooLongMedium'),
        }),
      )
      .max(LIMITS.rows, 'errors.report.tooManyRows')
      .default([]),
  })
  .transform((value, ctx) => {
    const risks: Array<{ description: string; likelihood: (typeof RISK_LEVELS)[number]; impact: (typeof RISK_LEVELS)[number]; mitigation: string }> = [];
    value.risks.forEach((r, i) => {
      if (!r.description && !r.likelihood && !r.impact && !r.mitigation) return;
      const at = (field: string) => ['risks', i, field];
      if (!r.description) ctx.addIssue({ code: 'custom', path: at('description'), message: 'errors.report.risks.descriptionRequired' });
      if (!r.likelihood) ctx.addIssue({ code: 'custom', path: at('likelihood'), message: 'errors.report.risks.likelihoodRequired' });
      if (!r.impact) ctx.addIssue({ code: 'custom', path: at('impact'), message: 'errors.report.risks.impactRequired' });
      if (!r.mitigation) ctx.addIssue({ code: 'custom', path: at('mitigation'), message: 'errors.report.risks.mitigationRequired' });
      if (r.description && r.likelihood && r.impact && r.mitigation) {
        risks.push({ description: r.description, likelihood: r.likelihood, impact: r.impact, mitigation: r.mitigation });
      }
    });
    if (value.complete && !value.deviations) ctx.addIssue({ code: 'custom', path: ['deviations'], message: 'errors.report.risks.deviationsRequired' });
    return { version: value.version, complete: value.complete, deviations: value.deviations, risks };
  });

// --- 7. Attachments (marking the section complete; the upload has its own checks) ----------------

export const AttachmentsCompleteSchema = z.object({ version, complete: checkbox });

// --- Sign-off and submission --------------------------------------------------------------------

export const SignOffSchema = z.object({
  version,
  confirm: checkbox.refine((v) => v, 'errors.report.signOff.confirmRequired'),
});

export const SubmitSchema = z.object({
  version,
  declaration: checkbox.refine((v) => v, 'errors.report.submit.declarationRequired'),
});
