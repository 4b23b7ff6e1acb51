import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Queryable } from '#db/client';
import {
  COST_CATEGORIES,
  costLines,
  milestones,
  milestoneUpdates,
  organisations,
  partnerBudgets,
  payments,
  programmes,
  projectPartners,
  projects,
  reportIndicators,
  reportNarratives,
  reportRevisions,
  reports,
  risks,
  spilloverActivities,
  workPackages,
  type AidBasis,
  type CostCategory,
  type ReportStatus,
} from '#db/schema/index';
import type { Locale } from '#app/i18n/index';
import { todayInAmsterdam } from '#app/rules/dates';
import { isLate, lateness, type Lateness } from '#app/rules/deadlines';
import { needsExplanation } from '#app/rules/limits';
import {
  PARTS_OF,
  type Approval,
  type ExportKind,
  type PartKey,
  type PartRow,
} from './export-schema.server';

/**
 * The data of the summaries and the transparency register, as "parts" (one per sheet / CSV file /
 * JSON array). Every part is an async iterable of rows that pages through the projects in batches
 * (keyset on the project code), so a whole programme streams with bounded memory, and that yields
 * the rows in a fixed order (deterministic output).
 *
 * Rules:
 * - The Commission summary holds only projects whose aid rests on the IPCEI Communication.
 * - A report's content counts once it has been submitted (current revision ≥ 1); only an approved
 *   report is final, any other is marked `not_yet_approved`. A report never submitted is `no_report`
 *   and contributes nothing but its status.
 * - Cumulative costs: the approved reports of earlier years plus the year's own report.
 * - Aid disbursed: payments dated in the year, and up to the end of the year.
 * - Milestones: those reported on in the year's report, and those planned up to the end of the year
 *   (shown as `not_reported` when the report says nothing about them).
 * - Without a report, what the report would say (the year's costs, the deviation, the narrative) is
 *   null, "does not apply" — never zero.
 * - Late: the one rule of app/rules/deadlines.ts, judged on the as-of date (an overdue draft is late).
 */

export const TAM_THRESHOLD_CENTS = 10_000_000; // awards ABOVE €100,000 are published
export const DEFAULT_BATCH_SIZE = 500;

export interface ExportSpec {
  kind: ExportKind;
  /** Reporting year (summaries); ignored by the transparency register. */
  year: number;
  locale: Locale;
  /** YYYY-MM-DD: the date the export describes (publication deadlines are judged against it). */
  asOf: string;
  programmeCode: string;
}

export interface ExportProgramme {
  id: string;
  code: string;
  name: string;
  subsidyCapCents: number;
  grantingAuthority: string;
  firstReportingYear: number;
  lastReportingYear: number;
}

export interface ExportPart<K extends PartKey = PartKey> {
  key: K;
  rows: () => AsyncIterable<PartRow<K>>;
}

export interface ExportSource {
  spec: ExportSpec;
  programme: ExportProgramme;
  aidBasis: AidBasis | null;
  /** Demo data: the files say that all figures are invented. */
  illustrative: boolean;
  parts: ExportPart[];
}

export async function findProgramme(db: Queryable, code: string): Promise<ExportProgramme | null> {
  const [row] = await db
    .select({
      id: programmes.id,
      code: programmes.code,
      name: programmes.name,
      subsidyCapCents: programmes.subsidyCapCents,
      grantingAuthority: programmes.grantingAuthority,
      firstReportingYear: programmes.firstReportingYear,
      lastReportingYear: programmes.lastReportingYear,
    })
    .from(programmes)
    .where(eq(programmes.code, code));
  return row ?? null;
}

/** Builds the parts of an export. Nothing is read until a part's rows are iterated. */
export function exportSource(
  db: Queryable,
  programme: ExportProgramme,
  spec: ExportSpec,
  options: { illustrative: boolean; batchSize?: number },
): ExportSource {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const aidBasis: AidBasis | null = spec.kind === 'commission' ? 'ipcei_communication' : null;
  const ctx: Ctx = { db, programme, year: spec.year, asOf: spec.asOf, aidBasis, batchSize };
  const parts = PARTS_OF[spec.kind].map((key) => ({ key, rows: () => PART_ROWS[key](ctx) }) as ExportPart);
  return { spec, programme, aidBasis, illustrative: options.illustrative, parts };
}

// ---------------------------------------------------------------------------------------------

interface Ctx {
  db: Queryable;
  programme: ExportProgramme;
  year: number;
  asOf: string;
  aidBasis: AidBasis | null;
  batchSize: number;
  /**
   * The EZ summary's programme page adds up every project row; it keeps them (one row per project,
   * small) so that the projects sheet after it need not query them again. Not kept above
   * PROJECT_ROWS_CACHE_LIMIT projects, where the projects part simply queries again.
   */
  projectRowsCache?: ProjectRowWithDates[];
}

const PROJECT_ROWS_CACHE_LIMIT = 5_000;
/** A project row plus what the programme page needs and the projects part leaves out. */
type ProjectRowWithDates = PartRow<'projects'> & { startDate: string; endDate: string; lateness: Lateness | null };

interface ProjectBase {
  id: string;
  code: string;
  name: string;
  aidBasis: AidBasis;
  leadOrganisationId: string;
  grantDecisionReference: string;
  grantDecisionDate: string;
  aidMeasureNumber: string;
  aidObjective: string;
  aidInstrument: PartRow<'awards'>['aidInstrument'];
  startDate: string;
  endDate: string;
}

const collator = new Intl.Collator('nl', { sensitivity: 'base' });
const byName = <T extends { name: string; id: string }>(a: T, b: T) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const codeC = sql`${projects.code} collate "C"`;

/** The programme's projects in batches, keyset-paged on the code (byte order, the same on every server). */
async function* projectBatches(ctx: Ctx): AsyncGenerator<ProjectBase[]> {
  let after: string | null = null;
  for (;;) {
    const batch: ProjectBase[] = await ctx.db
      .select({
        id: projects.id,
        code: projects.code,
        name: projects.name,
        aidBasis: projects.aidBasis,
        leadOrganisationId: projects.leadOrganisationId,
        grantDecisionReference: projects.grantDecisionReference,
        grantDecisionDate: projects.grantDecisionDate,
        aidMeasureNumber: projects.aidMeasureNumber,
        aidObjective: projects.aidObjective,
        aidInstrument: projects.aidInstrument,
        startDate: projects.startDate,
        endDate: projects.endDate,
      })
      .from(projects)
      .where(
        and(
          eq(projects.programmeId, ctx.programme.id),
          ctx.aidBasis ? eq(projects.aidBasis, ctx.aidBasis) : undefined,
          after === null ? undefined : sql`${codeC} > ${after}`,
        ),
      )
      .orderBy(codeC)
      .limit(ctx.batchSize);
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < ctx.batchSize) return;
    after = batch[batch.length - 1]!.code;
  }
}

interface YearReport {
  id: string;
  projectId: string;
  status: ReportStatus;
  dueDate: string;
  currentRevision: number;
  submittedAt: Date | null;
  submittedLate: boolean;
  approvedAt: Date | null;
  reference: string | null;
}

/** The year's report per project, with the reference of its current revision. */
async function yearReports(ctx: Ctx, ids: string[]) {
  const rows: YearReport[] = await ctx.db
    .select({
      id: reports.id,
      projectId: reports.projectId,
      status: reports.status,
      dueDate: reports.dueDate,
      currentRevision: reports.currentRevision,
      submittedAt: reports.submittedAt,
      submittedLate: reports.submittedLate,
      approvedAt: reports.approvedAt,
      reference: reportRevisions.reference,
    })
    .from(reports)
    .leftJoin(reportRevisions, and(eq(reportRevisions.reportId, reports.id), eq(reportRevisions.revision, reports.currentRevision)))
    .where(and(inArray(reports.projectId, ids), eq(reports.year, ctx.year)));
  const byProject = new Map(rows.map((r) => [r.projectId, r]));
  /** Reports whose content counts (submitted at least once). */
  const contentIds = rows.filter((r) => r.currentRevision > 0).map((r) => r.id);
  return { byProject, contentIds };
}

export function approvalOf(report: Pick<YearReport, 'status' | 'currentRevision'> | undefined): Approval {
  if (!report || report.currentRevision === 0) return 'no_report';
  return report.status === 'approved' ? 'approved' : 'not_yet_approved';
}

const amsterdamDate = (value: Date | null) => (value ? todayInAmsterdam(value) : null);
const sumCents = (column: Parameters<typeof sql>[1]) => sql<number>`coalesce(sum(${column}), 0)::bigint`.mapWith(Number);

/** Sums keyed by `${projectId}|${category or organisation id}`. */
type Sums = Map<string, number>;
const sumKey = (projectId: string, by: string) => `${projectId}|${by}`;

/** Reported costs of the given reports per project and cost category or organisation. */
async function costSums(ctx: Ctx, reportIds: string[], by: typeof costLines.category | typeof costLines.organisationId): Promise<Sums> {
  if (reportIds.length === 0) return new Map();
  const rows = await ctx.db
    .select({ projectId: costLines.projectId, by, cents: sumCents(costLines.amountCents) })
    .from(costLines)
    .where(inArray(costLines.reportId, reportIds))
    .groupBy(costLines.projectId, by);
  return new Map(rows.map((r) => [sumKey(r.projectId, r.by), r.cents]));
}

/** Budgets per project and cost category or organisation: the year's, and up to the end of the year. */
/**
 * Budgets per project and category (or partner): of the export's year, and cumulative up to it.
 * `yearOnly` reads just the year's rows (the per-partner part needs no cumulative figure).
 */
async function budgetSums(ctx: Ctx, ids: string[], by: typeof partnerBudgets.category | typeof partnerBudgets.organisationId, yearOnly = false) {
  const rows = await ctx.db
    .select({
      projectId: partnerBudgets.projectId,
      by,
      year: sql<number>`coalesce(sum(case when ${partnerBudgets.year} = ${ctx.year} then ${partnerBudgets.amountCents} else 0 end), 0)::bigint`.mapWith(Number),
      cumulative: sumCents(partnerBudgets.amountCents),
    })
    .from(partnerBudgets)
    .where(and(inArray(partnerBudgets.projectId, ids), yearOnly ? eq(partnerBudgets.year, ctx.year) : lte(partnerBudgets.year, ctx.year)))
    .groupBy(partnerBudgets.projectId, by);
  return {
    year: new Map(rows.map((r) => [sumKey(r.projectId, r.by), r.year])) as Sums,
    cumulative: new Map(rows.map((r) => [sumKey(r.projectId, r.by), r.cumulative])) as Sums,
  };
}

/** Approved reports of the years before the export's year (for the cumulative figures). */
async function earlierApprovedReportIds(ctx: Ctx, ids: string[]) {
  const rows = await ctx.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(inArray(reports.projectId, ids), sql`${reports.year} < ${ctx.year}`, eq(reports.status, 'approved')));
  return rows.map((r) => r.id);
}

/**
 * What the projects and costs parts both need per batch, given the batch's reports whose content
 * counts: the costs (the year's and cumulative) and budgets per category, each one aggregate query.
 */
async function categoryFigures(ctx: Ctx, ids: string[], contentIds: string[]) {
  const earlier = await earlierApprovedReportIds(ctx, ids);
  const [costsYear, costsCumulative, budgets] = await Promise.all([
    costSums(ctx, contentIds, costLines.category),
    costSums(ctx, [...contentIds, ...earlier], costLines.category),
    budgetSums(ctx, ids, partnerBudgets.category),
  ]);
  return { costsYear, costsCumulative, budgets };
}

/** Payments per project and organisation: in the year and up to its end. */
async function paymentsByPartner(ctx: Ctx, ids: string[]) {
  const rows = await ctx.db
    .select({
      projectId: payments.projectId,
      organisationId: payments.organisationId,
      year: sql<number>`coalesce(sum(case when ${payments.paidOn} >= ${`${ctx.year}-01-01`} then ${payments.amountCents} else 0 end), 0)::bigint`.mapWith(Number),
      cumulative: sumCents(payments.amountCents),
    })
    .from(payments)
    .where(and(inArray(payments.projectId, ids), lte(payments.paidOn, `${ctx.year}-12-31`)))
    .groupBy(payments.projectId, payments.organisationId);
  return new Map(rows.map((r) => [sumKey(r.projectId, r.organisationId), r]));
}

/** The partners of the projects (only awards above `aboveCents`, when given), per project by name. */
async function partnersOf(ctx: Ctx, ids: string[], aboveCents?: number) {
  const rows = await ctx.db
    .select({
      projectId: projectPartners.projectId,
      id: organisations.id,
      name: organisations.name,
      kvkNumber: organisations.kvkNumber,
      nuts2Region: organisations.nuts2Region,
      naceCode: organisations.naceCode,
      enterpriseType: projectPartners.enterpriseTypeAtGrant,
      grantedCents: projectPartners.grantedCents,
      grantedOn: projectPartners.grantedOn,
    })
    .from(projectPartners)
    .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
    .where(and(inArray(projectPartners.projectId, ids), aboveCents === undefined ? undefined : gt(projectPartners.grantedCents, aboveCents)));
  const byProject = groupBy(rows, (r) => r.projectId);
  for (const list of byProject.values()) list.sort(byName);
  return byProject;
}

// ---------------------------------------------------------------------------------------------
// Parts
// ---------------------------------------------------------------------------------------------

async function* projectRows(ctx: Ctx): AsyncGenerator<ProjectRowWithDates> {
  for await (const batch of projectBatches(ctx)) {
    const ids = batch.map((p) => p.id);
    const { byProject: reportOf, contentIds } = await yearReports(ctx, ids);
    const [{ costsYear, costsCumulative, budgets }, partners, paid, narratives] = await Promise.all([
      categoryFigures(ctx, ids, contentIds),
      partnersOf(ctx, ids),
      paymentsByPartner(ctx, ids),
      contentIds.length ? ctx.db.select().from(reportNarratives).where(inArray(reportNarratives.reportId, contentIds)) : [],
    ]);
    const narrativeOf = new Map(narratives.map((n) => [n.reportId, n]));
    for (const project of batch) {
      const report = reportOf.get(project.id);
      const approval = approvalOf(report);
      const reported = approval !== 'no_report';
      const narrative = report && reported ? narrativeOf.get(report.id) : undefined;
      const list = partners.get(project.id) ?? [];
      const lead = list.find((p) => p.id === project.leadOrganisationId);
      let paidYear = 0;
      let paidCumulative = 0;
      for (const partner of list) {
        const p = paid.get(sumKey(project.id, partner.id));
        paidYear += p?.year ?? 0;
        paidCumulative += p?.cumulative ?? 0;
      }
      const sumOver = (map: Sums) => COST_CATEGORIES.reduce((sum, c) => sum + (map.get(sumKey(project.id, c)) ?? 0), 0);
      yield {
        projectCode: project.code,
        projectName: project.name,
        aidBasis: project.aidBasis,
        leadOrganisation: lead?.name ?? '',
        beneficiaries: list.map((p) => p.name).join('; '),
        grantedCents: list.reduce((sum, p) => sum + p.grantedCents, 0),
        grantDecisionReference: project.grantDecisionReference,
        grantDecisionDate: project.grantDecisionDate,
        aidMeasureNumber: project.aidMeasureNumber,
        approval,
        reportStatus: report?.status ?? 'none',
        dueDate: report?.dueDate ?? null,
        revisionReference: reported ? (report?.reference ?? null) : null,
        submittedOn: amsterdamDate(report?.submittedAt ?? null),
        late: report ? isLate(report, ctx.asOf) : null,
        approvedOn: approval === 'approved' ? amsterdamDate(report?.approvedAt ?? null) : null,
        progressSummary: reported ? (narrative?.progressSummary ?? '') : null,
        deviations: reported ? (narrative?.deviations ?? '') : null,
        costsYearCents: reported ? sumOver(costsYear) : null,
        budgetYearCents: sumOver(budgets.year),
        costsCumulativeCents: sumOver(costsCumulative),
        budgetCumulativeCents: sumOver(budgets.cumulative),
        paidYearCents: paidYear,
        paidCumulativeCents: paidCumulative,
        startDate: project.startDate,
        endDate: project.endDate,
        lateness: report ? lateness(report, ctx.asOf) : null,
      };
    }
  }
}

async function* projectsPart(ctx: Ctx): AsyncGenerator<PartRow<'projects'>> {
  const rows: AsyncIterable<ProjectRowWithDates> | Iterable<ProjectRowWithDates> = ctx.projectRowsCache ?? projectRows(ctx);
  ctx.projectRowsCache = undefined;
  for await (const row of rows) {
    const { startDate: _start, endDate: _end, lateness: _lateness, ...rest } = row;
    yield rest;
  }
}

async function* beneficiariesPart(ctx: Ctx): AsyncGenerator<PartRow<'beneficiaries'>> {
  for await (const batch of projectBatches(ctx)) {
    const ids = batch.map((p) => p.id);
    const { byProject: reportOf, contentIds } = await yearReports(ctx, ids);
    const [partners, paid, costs, budgets] = await Promise.all([
      partnersOf(ctx, ids),
      paymentsByPartner(ctx, ids),
      costSums(ctx, contentIds, costLines.organisationId),
      budgetSums(ctx, ids, partnerBudgets.organisationId, true),
    ]);
    for (const project of batch) {
      const reported = approvalOf(reportOf.get(project.id)) !== 'no_report';
      for (const partner of partners.get(project.id) ?? []) {
        const key = sumKey(project.id, partner.id);
        yield {
          projectCode: project.code,
          organisation: partner.name,
          kvkNumber: partner.kvkNumber,
          enterpriseType: partner.enterpriseType,
          isLead: partner.id === project.leadOrganisationId,
          grantedCents: partner.grantedCents,
          grantedOn: partner.grantedOn,
          costsYearCents: reported ? (costs.get(key) ?? 0) : null,
          budgetYearCents: budgets.year.get(key) ?? 0,
          paidYearCents: paid.get(key)?.year ?? 0,
          paidCumulativeCents: paid.get(key)?.cumulative ?? 0,
        };
      }
    }
  }
}

/** (costs − budget) / budget × 100 with one decimal, exact in integers; null without a budget. */
export function deviationPercent(costs: number, budget: number): number | null {
  if (budget === 0) return null;
  return Math.round(((costs - budget) * 1000) / budget) / 10;
}

async function* costsPart(ctx: Ctx): AsyncGenerator<PartRow<'costs'>> {
  for await (const batch of projectBatches(ctx)) {
    const ids = batch.map((p) => p.id);
    const { byProject: reportOf, contentIds } = await yearReports(ctx, ids);
    const { costsYear, costsCumulative, budgets } = await categoryFigures(ctx, ids, contentIds);
    for (const project of batch) {
      const approval = approvalOf(reportOf.get(project.id));
      const reported = approval !== 'no_report';
      for (const category of COST_CATEGORIES as readonly CostCategory[]) {
        const key = sumKey(project.id, category);
        const costs = costsYear.get(key) ?? 0;
        const budget = budgets.year.get(key) ?? 0;
        yield {
          projectCode: project.code,
          approval,
          category,
          costsYearCents: reported ? costs : null,
          budgetYearCents: budget,
          deviationPercent: reported ? deviationPercent(costs, budget) : null,
          deviationOver25: reported ? needsExplanation(costs, budget) : null,
          costsCumulativeCents: costsCumulative.get(key) ?? 0,
          budgetCumulativeCents: budgets.cumulative.get(key) ?? 0,
        };
      }
    }
  }
}

async function* milestonesPart(ctx: Ctx): AsyncGenerator<PartRow<'milestones'>> {
  for await (const batch of projectBatches(ctx)) {
    const ids = batch.map((p) => p.id);
    const { byProject: reportOf, contentIds } = await yearReports(ctx, ids);
    const rows = await ctx.db
      .select({
        projectId: milestones.projectId,
        id: milestones.id,
        code: milestones.code,
        title: milestones.title,
        position: milestones.position,
        plannedDate: milestones.plannedDate,
        workPackageCode: workPackages.code,
        status: milestoneUpdates.status,
        achievedDate: milestoneUpdates.achievedDate,
        forecastDate: milestoneUpdates.forecastDate,
        explanation: milestoneUpdates.explanation,
      })
      .from(milestones)
      .leftJoin(workPackages, eq(workPackages.id, milestones.workPackageId))
      .leftJoin(
        milestoneUpdates,
        and(eq(milestoneUpdates.milestoneId, milestones.id), contentIds.length ? inArray(milestoneUpdates.reportId, contentIds) : sql`false`),
      )
      .where(inArray(milestones.projectId, ids));
    const byProject = groupBy(rows, (r) => r.projectId);
    for (const project of batch) {
      const approval = approvalOf(reportOf.get(project.id));
      const list = (byProject.get(project.id) ?? []).sort(
        (a, b) => a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
      );
      for (const m of list) {
        // Milestones planned after the year and not reported on are not part of the year's progress.
        if (!m.status && m.plannedDate > `${ctx.year}-12-31`) continue;
        yield {
          projectCode: project.code,
          approval,
          milestoneCode: m.code,
          title: m.title,
          workPackageCode: m.workPackageCode,
          plannedDate: m.plannedDate,
          status: m.status ?? 'not_reported',
          achievedDate: m.achievedDate,
          forecastDate: m.forecastDate,
          explanation: m.explanation ?? '',
        };
      }
    }
  }
}

async function* reportItemsPart<T extends { reportId: string; position?: number; id?: string }, R>(
  ctx: Ctx,
  load: (reportIds: string[]) => Promise<T[]>,
  toRow: (project: ProjectBase, approval: Approval, item: T) => R,
): AsyncGenerator<R> {
  for await (const batch of projectBatches(ctx)) {
    const ids = batch.map((p) => p.id);
    const { byProject: reportOf, contentIds } = await yearReports(ctx, ids);
    if (contentIds.length === 0) continue;
    const byReport = groupBy(await load(contentIds), (item) => item.reportId);
    for (const project of batch) {
      const report = reportOf.get(project.id);
      const approval = approvalOf(report);
      if (!report || approval === 'no_report') continue;
      const items = (byReport.get(report.id) ?? []).sort(
        (a, b) => (a.position ?? 0) - (b.position ?? 0) || ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0),
      );
      for (const item of items) yield toRow(project, approval, item);
    }
  }
}

const spilloverPart = (ctx: Ctx) =>
  reportItemsPart(
    ctx,
    (reportIds) => ctx.db.select().from(spilloverActivities).where(inArray(spilloverActivities.reportId, reportIds)),
    (project, approval, s): PartRow<'spillover'> => ({
      projectCode: project.code,
      approval,
      type: s.type,
      title: s.title,
      activityDate: s.activityDate,
      audience: s.audience,
      reach: s.reach,
      url: s.url,
    }),
  );

const indicatorsPart = (ctx: Ctx) =>
  reportItemsPart(
    ctx,
    (reportIds) => ctx.db.select().from(reportIndicators).where(inArray(reportIndicators.reportId, reportIds)),
    (project, approval, i): PartRow<'indicators'> => ({
      projectCode: project.code,
      approval,
      fte: i.fteTenths / 10,
      jobsCreated: i.jobsCreated,
      smesInvolved: i.smesInvolved,
      publications: i.publications,
      openSourceReleases: i.openSourceReleases,
      patentApplications: i.patentApplications,
      standardisationContributions: i.standardisationContributions,
    }),
  );

const risksPart = (ctx: Ctx) =>
  reportItemsPart(
    ctx,
    (reportIds) => ctx.db.select().from(risks).where(inArray(risks.reportId, reportIds)),
    (project, approval, r): PartRow<'risks'> => ({
      projectCode: project.code,
      approval,
      description: r.description,
      likelihood: r.likelihood,
      impact: r.impact,
      mitigation: r.mitigation,
    }),
  );

/** EZ summary: the programme-level page, added up from the same rows the other parts hold. */
async function* programmePart(ctx: Ctx): AsyncGenerator<PartRow<'programme'>> {
  const row: PartRow<'programme'> = {
    programmeCode: ctx.programme.code,
    programmeName: ctx.programme.name,
    grantingAuthority: ctx.programme.grantingAuthority,
    year: ctx.year,
    capCents: ctx.programme.subsidyCapCents,
    grantedCents: 0,
    headroomCents: 0,
    paidYearCents: 0,
    paidCumulativeCents: 0,
    reportedYearCents: 0,
    reportedCumulativeCents: 0,
    projects: 0,
    reportsExpected: 0,
    reportsSubmittedOnTime: 0,
    reportsSubmittedLate: 0,
    reportsNotSubmitted: 0,
    reportsOverdue: 0,
    reportsApproved: 0,
    milestonesAchieved: 0,
    milestonesOnTrack: 0,
    milestonesDelayed: 0,
    milestonesAtRisk: 0,
    milestonesCancelled: 0,
    milestonesNotStarted: 0,
    milestonesNotReported: 0,
  };
  let cache: ProjectRowWithDates[] | undefined = [];
  for await (const p of projectRows(ctx)) {
    if (cache && cache.push(p) > PROJECT_ROWS_CACHE_LIMIT) cache = undefined;
    row.projects++;
    row.grantedCents += p.grantedCents;
    row.paidYearCents += p.paidYearCents;
    row.paidCumulativeCents += p.paidCumulativeCents;
    row.reportedYearCents += p.costsYearCents ?? 0;
    row.reportedCumulativeCents += p.costsCumulativeCents;
    // A report about the year is expected from every project running in that year.
    const running = p.startDate <= `${ctx.year}-12-31` && p.endDate >= `${ctx.year}-01-01`;
    if (!running) continue;
    row.reportsExpected++;
    if (p.approval === 'no_report') {
      row.reportsNotSubmitted++;
      if (p.lateness === 'overdue') row.reportsOverdue++;
    } else if (p.lateness === 'submitted_late') row.reportsSubmittedLate++;
    else row.reportsSubmittedOnTime++;
    if (p.approval === 'approved') row.reportsApproved++;
  }
  row.headroomCents = row.capCents - row.grantedCents;
  ctx.projectRowsCache = cache;
  const counter: Record<PartRow<'milestones'>['status'], keyof PartRow<'programme'>> = {
    achieved: 'milestonesAchieved',
    on_track: 'milestonesOnTrack',
    delayed: 'milestonesDelayed',
    at_risk: 'milestonesAtRisk',
    cancelled: 'milestonesCancelled',
    not_started: 'milestonesNotStarted',
    not_reported: 'milestonesNotReported',
  };
  for await (const m of milestonesPart(ctx)) (row[counter[m.status]] as number)++;
  yield row;
}

/** Six months after a calendar date, clamped to the month's last day (31 Aug → 28/29 Feb). */
export function addSixMonths(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + 6;
  const year = y + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** NACE group (three digits, "62.0") from a group- or class-level code ("63.11" → "63.1"). */
export const naceGroup = (code: string) => code.slice(0, 4);

async function* awardsPart(ctx: Ctx): AsyncGenerator<PartRow<'awards'>> {
  for await (const batch of projectBatches(ctx)) {
    const awards = await partnersOf(
      ctx,
      batch.map((p) => p.id),
      TAM_THRESHOLD_CENTS,
    );
    for (const project of batch) {
      for (const award of awards.get(project.id) ?? []) {
        const deadline = addSixMonths(award.grantedOn);
        yield {
          beneficiaryName: award.name,
          beneficiaryId: award.kvkNumber,
          enterpriseType: award.enterpriseType,
          region: award.nuts2Region,
          sector: naceGroup(award.naceCode),
          aidElementCents: award.grantedCents,
          aidInstrument: project.aidInstrument,
          grantedOn: award.grantedOn,
          objective: project.aidObjective,
          grantingAuthority: ctx.programme.grantingAuthority,
          aidMeasureNumber: project.aidMeasureNumber,
          projectCode: project.code,
          publicationDeadline: deadline,
          deadlinePassed: deadline < ctx.asOf,
        };
      }
    }
  }
}

const PART_ROWS: { [K in PartKey]: (ctx: Ctx) => AsyncIterable<PartRow<K>> } = {
  programme: programmePart,
  projects: projectsPart,
  beneficiaries: beneficiariesPart,
  costs: costsPart,
  milestones: milestonesPart,
  spillover: spilloverPart,
  indicators: indicatorsPart,
  risks: risksPart,
  awards: awardsPart,
};

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Every row of every part, in memory: only for small exports (the PDF print view, tests). */
export async function collectParts(source: ExportSource, maxRows = 20_000) {
  const out: Partial<{ [K in PartKey]: PartRow<K>[] }> = {};
  let total = 0;
  for (const part of source.parts) {
    const rows: unknown[] = [];
    for await (const row of part.rows()) {
      if (++total > maxRows) throw new ExportTooLargeError(maxRows);
      rows.push(row);
    }
    (out as Record<string, unknown[]>)[part.key] = rows;
  }
  return out;
}

export class ExportTooLargeError extends Error {
  constructor(readonly maxRows: number) {
    super(`more than ${maxRows} rows`);
  }
}
