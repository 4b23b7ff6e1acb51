import { z } from 'zod';
import { AID_BASES, AID_INSTRUMENTS, COST_CATEGORIES, ENTERPRISE_TYPES, MILESTONE_STATUSES, REPORT_STATUSES } from '#db/schema/index';

/**
 * The documented shape of every JSON export (and, column for column, of the XLSX sheets and CSV
 * files). A JSON export is one object:
 *
 *   { "format": "ipcei-portal-export", "schemaVersion": 1, "kind": …, "meta": {…}, "parts": { <part>: [rows] } }
 *
 * Conventions, the same in every part:
 * - money is an integer number of euro cents (keys end in `Cents`), never a float;
 * - dates are calendar dates `YYYY-MM-DD` (Europe/Amsterdam), or null;
 * - codes (statuses, categories, aid basis…) are the database's codes, not translated text;
 * - rows come in a fixed order (projects by code, organisations by Dutch collation then id, items by
 *   their position), so the same data always gives the same document.
 *
 * `approval` says whether the figures are final: only an approved report counts as final. A report
 * that is not approved appears as `not_yet_approved`; `no_report` means there is no submitted report
 * for that year (its content is then left out).
 * - what a report would say is null where there is no report (`approval` is `no_report`): the year's
 *   costs, the deviation, the narrative. Null means "does not apply", never zero; the spreadsheet
 *   files write it as "n.v.t." / "n/a" (docs/exports.md).
 * - `late` is the portal's one late rule (app/rules/deadlines.ts) on the as-of date: a draft past its
 *   due date is late, and so is a report first submitted after it.
 *
 * Bump SCHEMA_VERSION whenever a key is renamed or removed, or a value may newly be null.
 * Version 2: `submittedLate` became `late` (the one rule: an overdue draft is late too); `dueDate` and
 * `reportsOverdue` were added; the year's costs, the deviation and the narrative are null without a report.
 */
export const SCHEMA_VERSION = 2;
export const EXPORT_FORMAT_ID = 'ipcei-portal-export';

export const EXPORT_KINDS = ['commission', 'ez', 'tam'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const APPROVALS = ['approved', 'not_yet_approved', 'no_report'] as const;
export type Approval = (typeof APPROVALS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const cents = z.number().int().describe('euro cents');
const count = z.number().int().nonnegative();
/** From the year's report: null when there is none ("does not apply"). */
const fromReport = <T extends z.ZodTypeAny>(schema: T) => schema.nullable().describe(`${schema.description ?? ''}${schema.description ? '; ' : ''}null without a report for the year`);

export const ProgrammeRowSchema = z
  .object({
    programmeCode: z.string(),
    programmeName: z.string(),
    grantingAuthority: z.string(),
    year: z.number().int(),
    capCents: cents.describe('the programme cap (subsidieplafond), euro cents'),
    grantedCents: cents,
    headroomCents: cents,
    paidYearCents: cents.describe('aid disbursed in the year'),
    paidCumulativeCents: cents.describe('aid disbursed up to the end of the year'),
    reportedYearCents: cents.describe('eligible costs reported for the year (submitted reports)'),
    reportedCumulativeCents: cents,
    projects: count,
    reportsExpected: count,
    reportsSubmittedOnTime: count,
    reportsSubmittedLate: count,
    reportsNotSubmitted: count,
    reportsOverdue: count.describe('of those not submitted: past the due date on the as-of date'),
    reportsApproved: count,
    milestonesAchieved: count,
    milestonesOnTrack: count,
    milestonesDelayed: count,
    milestonesAtRisk: count,
    milestonesCancelled: count,
    milestonesNotStarted: count,
    milestonesNotReported: count,
  })
  .strict()
  .describe('EZ summary only: one row with the programme-level figures for the year');

export const ProjectRowSchema = z
  .object({
    projectCode: z.string(),
    projectName: z.string(),
    aidBasis: z.enum(AID_BASES),
    leadOrganisation: z.string(),
    beneficiaries: z.string().describe('the partners (beneficiaries), separated by "; "'),
    grantedCents: cents,
    grantDecisionReference: z.string(),
    grantDecisionDate: isoDate,
    aidMeasureNumber: z.string(),
    approval: z.enum(APPROVALS),
    reportStatus: z.enum([...REPORT_STATUSES, 'none']),
    dueDate: isoDate.nullable().describe('due date of the year’s report; null when the project has no report for the year'),
    revisionReference: fromReport(z.string()),
    submittedOn: fromReport(isoDate),
    late: z
      .boolean()
      .nullable()
      .describe('the late rule on the as-of date: a draft past its due date, or first submitted after it; null when the project has no report for the year'),
    approvedOn: isoDate.nullable(),
    progressSummary: fromReport(z.string()),
    deviations: fromReport(z.string()),
    costsYearCents: fromReport(cents),
    budgetYearCents: cents,
    costsCumulativeCents: cents,
    budgetCumulativeCents: cents,
    paidYearCents: cents,
    paidCumulativeCents: cents,
  })
  .strict()
  .describe('one row per project: identification, report status and the money in the year and cumulatively');

export const BeneficiaryRowSchema = z
  .object({
    projectCode: z.string(),
    organisation: z.string(),
    kvkNumber: z.string(),
    enterpriseType: z.enum(ENTERPRISE_TYPES),
    isLead: z.boolean(),
    grantedCents: cents,
    grantedOn: isoDate,
    costsYearCents: fromReport(cents),
    budgetYearCents: cents,
    paidYearCents: cents,
    paidCumulativeCents: cents,
  })
  .strict()
  .describe('one row per beneficiary (partner) per project');

export const CostRowSchema = z
  .object({
    projectCode: z.string(),
    approval: z.enum(APPROVALS),
    category: z.enum(COST_CATEGORIES),
    costsYearCents: fromReport(cents),
    budgetYearCents: cents,
    deviationPercent: z.number().nullable().describe('(costs − budget) / budget × 100, one decimal; null without a budget or without a report'),
    deviationOver25: fromReport(z.boolean().describe('true when the deviation in the year is more than 25% (spending without a budget counts)')),
    costsCumulativeCents: cents.describe('approved earlier years plus this year'),
    budgetCumulativeCents: cents,
  })
  .strict()
  .describe('eligible costs incurred per cost category against the budget, the year and cumulatively');

export const MilestoneRowSchema = z
  .object({
    projectCode: z.string(),
    approval: z.enum(APPROVALS),
    milestoneCode: z.string(),
    title: z.string(),
    workPackageCode: z.string().nullable(),
    plannedDate: isoDate,
    status: z.enum([...MILESTONE_STATUSES, 'not_reported']),
    achievedDate: isoDate.nullable(),
    forecastDate: isoDate.nullable(),
    explanation: z.string(),
  })
  .strict();

export const SpilloverRowSchema = z
  .object({
    projectCode: z.string(),
    approval: z.enum(APPROVALS),
    type: z.string(),
    title: z.string(),
    activityDate: isoDate,
    audience: z.string(),
    reach: count.nullable(),
    url: z.string().nullable(),
  })
  .strict();

export const IndicatorRowSchema = z
  .object({
    projectCode: z.string(),
    approval: z.enum(APPROVALS),
    fte: z.number().nonnegative().describe('full-time equivalents, one decimal'),
    jobsCreated: count,
    smesInvolved: count,
    publications: count,
    openSourceReleases: count,
    patentApplications: count,
    standardisationContributions: count,
  })
  .strict();

export const RiskRowSchema = z
  .object({
    projectCode: z.string(),
    approval: z.enum(APPROVALS),
    description: z.string(),
    likelihood: z.string(),
    impact: z.string(),
    mitigation: z.string(),
  })
  .strict();

export const TamRowSchema = z
  .object({
    beneficiaryName: z.string(),
    beneficiaryId: z.string().regex(/^\d{8}$/).describe('KvK number'),
    enterpriseType: z.enum(ENTERPRISE_TYPES).describe('at the moment of granting'),
    region: z.string().describe('NUTS 2'),
    sector: z.string().regex(/^\d{2}\.\d$/).describe('NACE group'),
    aidElementCents: cents.describe('full amount of the award, euro cents; always above €100,000'),
    aidInstrument: z.enum(AID_INSTRUMENTS),
    grantedOn: isoDate,
    objective: z.string(),
    grantingAuthority: z.string(),
    aidMeasureNumber: z.string(),
    projectCode: z.string(),
    publicationDeadline: isoDate.describe('six months after granting'),
    deadlinePassed: z.boolean().describe('true when the deadline lies before the export’s as-of date'),
  })
  .strict()
  .describe('transparency register (TAM): one row per individual award above €100,000');

export const PART_SCHEMAS = {
  programme: ProgrammeRowSchema,
  projects: ProjectRowSchema,
  beneficiaries: BeneficiaryRowSchema,
  costs: CostRowSchema,
  milestones: MilestoneRowSchema,
  spillover: SpilloverRowSchema,
  indicators: IndicatorRowSchema,
  risks: RiskRowSchema,
  awards: TamRowSchema,
} as const;
export type PartKey = keyof typeof PART_SCHEMAS;
export type PartRow<K extends PartKey> = z.infer<(typeof PART_SCHEMAS)[K]>;

/** The parts of each export, in the order of the sheets / files. */
export const PARTS_OF: Record<ExportKind, readonly PartKey[]> = {
  commission: ['projects', 'beneficiaries', 'costs', 'milestones', 'spillover', 'indicators', 'risks'],
  ez: ['programme', 'projects', 'beneficiaries', 'costs', 'milestones', 'spillover', 'indicators', 'risks'],
  tam: ['awards'],
};

export const ExportMetaSchema = z
  .object({
    title: z.string(),
    programmeCode: z.string(),
    programmeName: z.string(),
    /** The reporting year (summaries) or null (transparency register). */
    year: z.number().int().nullable(),
    language: z.enum(['nl', 'en']),
    asOf: isoDate.describe('the date the export describes; deadlines are judged against it'),
    aidBasis: z.enum(AID_BASES).nullable().describe('commission summary: only projects on this basis'),
    illustrative: z.boolean().describe('true for demo data'),
  })
  .strict();

const partsShape = Object.fromEntries(Object.entries(PART_SCHEMAS).map(([key, schema]) => [key, z.array(schema).optional()])) as {
  [K in PartKey]: z.ZodOptional<z.ZodArray<(typeof PART_SCHEMAS)[K]>>;
};

/** The JSON export document. The parts present are exactly PARTS_OF[kind]. */
export const ExportDocumentSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT_ID),
    schemaVersion: z.literal(SCHEMA_VERSION),
    kind: z.enum(EXPORT_KINDS),
    meta: ExportMetaSchema,
    parts: z.object(partsShape).strict(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const present = Object.keys(doc.parts).sort();
    const expected = [...PARTS_OF[doc.kind]].sort();
    if (present.join() !== expected.join()) ctx.addIssue({ code: 'custom', message: `parts must be ${expected.join(', ')}` });
    if (doc.kind === 'commission' && doc.parts.projects?.some((p) => p.aidBasis !== 'ipcei_communication')) {
      ctx.addIssue({ code: 'custom', message: 'the Commission summary holds only projects under the IPCEI Communication' });
    }
  });
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;
