import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { and, eq, type SQL } from 'drizzle-orm';
import { getDb, type Queryable } from '#db/client';
import { costLines, organisations, partnerBudgets, partnerParts, projectPartners, users } from '#db/schema/index';
import { formToObject, parseForm } from '#app/components/form/parse';
import { assertEditable, loadReportContext, pageBasics } from '#app/report/context.server';
import { invalidAnswer, saveAnswer, saveVersioned, type SectionActionResult } from '#app/report/save.server';
import { paidSoFar } from '#app/report/structure.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { COST_CATEGORIES } from '#app/rules/domain';
import { reportPath } from '#app/rules/sections';
import { resolveLocale } from '#app/utils/locale.server';
import { can, notFound, requirePermission } from '#app/utils/permissions.server';
import { scopeOf, type ReportScope } from '../engine.server';
import type { CostsPart, SnapshotPartner } from '../snapshot';
import { sumCents, zeroByCategory } from '../snapshot';
import { blankCostLine, COST_PART_BLANK_ROWS, costPartSchema, costPartValues, SignOffSchema } from './costs';

const collator = new Intl.Collator('nl', { sensitivity: 'base' });
const UUID = /^[0-9a-f-]{36}$/i;

/**
 * THE read of the costs: every partner's part of a report (or only `organisationId`'s) with its
 * year budget, lines, totals, explanations and sign-off, partners in Dutch name order; plus the
 * project totals. The cost-part page, the costs overview, the snapshot (and so the check page, the
 * revisions, the review page and the dossier) all come from here.
 */
export async function readCosts(db: Queryable, scope: ReportScope, organisationId?: string): Promise<CostsPart> {
  const only = <T extends SQL>(column: Parameters<typeof eq>[0], base: T) => (organisationId ? and(base, eq(column, organisationId))! : base);
  const [partnerRows, partRows, budgetRows, lineRows] = await Promise.all([
    db
      .select({
        organisationId: organisations.id,
        name: organisations.name,
        kvkNumber: organisations.kvkNumber,
        grantedCents: projectPartners.grantedCents,
        costMethod: projectPartners.costMethod,
        hourlyRateCents: projectPartners.hourlyRateCents,
      })
      .from(projectPartners)
      .innerJoin(organisations, eq(organisations.id, projectPartners.organisationId))
      .where(only(projectPartners.organisationId, eq(projectPartners.projectId, scope.projectId))),
    db
      .select({
        organisationId: partnerParts.organisationId,
        version: partnerParts.version,
        deviationExplanations: partnerParts.deviationExplanations,
        signedOffAt: partnerParts.signedOffAt,
        signedOffBy: partnerParts.signedOffBy,
        signerName: users.name,
      })
      .from(partnerParts)
      .leftJoin(users, eq(users.id, partnerParts.signedOffBy))
      .where(only(partnerParts.organisationId, eq(partnerParts.reportId, scope.reportId))),
    db
      .select({ organisationId: partnerBudgets.organisationId, category: partnerBudgets.category, amountCents: partnerBudgets.amountCents })
      .from(partnerBudgets)
      .where(only(partnerBudgets.organisationId, and(eq(partnerBudgets.projectId, scope.projectId), eq(partnerBudgets.year, scope.year))!)),
    db
      .select({
        id: costLines.id,
        organisationId: costLines.organisationId,
        category: costLines.category,
        description: costLines.description,
        hours: costLines.hours,
        hourlyRateCents: costLines.hourlyRateCents,
        amountCents: costLines.amountCents,
        position: costLines.position,
      })
      .from(costLines)
      .where(only(costLines.organisationId, eq(costLines.reportId, scope.reportId))),
  ]);
  const partsByOrg = new Map(partRows.map((p) => [p.organisationId, p]));
  const totals = { costsCents: zeroByCategory(), costTotalCents: 0, budgetCents: zeroByCategory(), budgetTotalCents: 0 };
  const partners: SnapshotPartner[] = partnerRows
    .sort((a, b) => collator.compare(a.name, b.name) || (a.organisationId < b.organisationId ? -1 : 1))
    .map((partner) => {
      const budgetCents = zeroByCategory();
      for (const b of budgetRows) if (b.organisationId === partner.organisationId) budgetCents[b.category] += b.amountCents;
      const lines = lineRows
        .filter((l) => l.organisationId === partner.organisationId)
        .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const totalsCents = zeroByCategory();
      for (const l of lines) totalsCents[l.category] += l.amountCents;
      const part = partsByOrg.get(partner.organisationId);
      const totalCents = sumCents(Object.values(totalsCents));
      const budgetTotalCents = sumCents(Object.values(budgetCents));
      for (const c of COST_CATEGORIES) {
        totals.costsCents[c] += totalsCents[c];
        totals.budgetCents[c] += budgetCents[c];
      }
      totals.costTotalCents += totalCents;
      totals.budgetTotalCents += budgetTotalCents;
      return {
        organisation: { id: partner.organisationId, name: partner.name, kvkNumber: partner.kvkNumber },
        isLead: partner.organisationId === scope.leadOrganisationId,
        grantedCents: partner.grantedCents,
        costMethod: partner.costMethod,
        hourlyRateCents: partner.hourlyRateCents,
        budgetCents,
        budgetTotalCents,
        costLines: lines.map((l) => ({ id: l.id, category: l.category, description: l.description, hours: l.hours, hourlyRateCents: l.hourlyRateCents, amountCents: l.amountCents })),
        totalsCents,
        totalCents,
        deviationExplanations: part?.deviationExplanations ?? {},
        version: part?.version ?? 0,
        signedOffAt: part?.signedOffAt ? part.signedOffAt.toISOString() : null,
        signedOffBy: part?.signedOffBy ? { id: part.signedOffBy, name: part.signerName ?? '' } : null,
      };
    });
  return { partners, totals };
}

/** One partner's part as the cost-part page needs it; 404 when the organisation is not a partner. */
async function partContext(request: Request, params: Record<string, string | undefined>) {
  const ctx = await loadReportContext(request, params);
  const organisationId = params.organisationId ?? '';
  if (!UUID.test(organisationId)) notFound();
  const db = getDb();
  const { partners } = await readCosts(db, scopeOf(ctx), organisationId);
  const partner = partners[0];
  if (!partner) notFound();
  return { ctx, db, partner, locale: resolveLocale(request, ctx.principal) };
}

const partPath = (ctx: { project: { code: string }; report: { year: number } }, organisationId: string) => reportPath(ctx.project.code, ctx.report.year, `kosten/${organisationId}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, partner, locale } = await partContext(request, params);
  const canEdit = ctx.editable && can(ctx.principal, 'update:report-part:own', { projectId: ctx.project.id, organisationId: partner.organisation.id });
  const [paid, questions] = await Promise.all([paidSoFar(db, ctx.project.id, [partner.organisation.id]), loadSectionQuestions(db, ctx.principal, ctx.report.id, 'costs')]);
  const values = costPartValues(partner, locale);
  return {
    ...pageBasics(ctx),
    questions,
    canEdit,
    partner: {
      organisationId: partner.organisation.id,
      name: partner.organisation.name,
      costMethod: partner.costMethod,
      hourlyRateCents: partner.hourlyRateCents,
      grantedCents: partner.grantedCents,
    },
    budget: partner.budgetCents,
    totals: partner.totalsCents,
    paidCents: paid.get(partner.organisation.id) ?? 0,
    signedOff: partner.signedOffAt ? { at: partner.signedOffAt, by: partner.signedOffBy?.name ?? '' } : null,
    partVersion: partner.version,
    values: {
      ...values,
      lines: [...values.lines, ...Array.from({ length: canEdit ? COST_PART_BLANK_ROWS : 0 }, blankCostLine)],
      version: String(partner.version),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, partner, locale } = await partContext(request, params);
  const organisationId = partner.organisation.id;
  // Only the organisation itself may write its part (a penvoerder sees all parts, edits its own).
  await requirePermission(request, 'update:report-part:own', { projectId: ctx.project.id, organisationId });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const current = async () => costPartValues((await readCosts(db, scopeOf(ctx), organisationId)).partners[0]!, locale);
  const target = { kind: 'part', organisationId } as const;

  if (raw.intent === 'signoff') {
    const parsed = await parseForm(raw, SignOffSchema);
    if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
    const outcome = await saveVersioned(
      request,
      ctx,
      target,
      { expectedVersion: parsed.data.version, action: 'report.part.signoff', set: { signedOffAt: new Date(), signedOffBy: ctx.principal.user.id } },
      async () => null,
    );
    if (outcome.kind === 'conflict') {
      return data<SectionActionResult>({ conflict: { mine: {}, current: await current() }, values: { version: String(outcome.currentVersion) } }, { status: 409 });
    }
    return saveAnswer(outcome, { ctx, raw, current, redirectTo: partPath(ctx, organisationId) });
  }

  const parsed = await parseForm(raw, costPartSchema(locale, { hourlyRateCents: partner.hourlyRateCents, budgetCents: partner.budgetCents }));
  if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
  const { version, lines, explanations, total } = parsed.data;
  const outcome = await saveVersioned(
    request,
    ctx,
    target,
    {
      expectedVersion: version,
      action: 'report.part.save',
      // Any edit of the part withdraws its sign-off.
      set: { deviationExplanations: explanations, signedOffAt: null, signedOffBy: null },
      details: { lines: lines.length, totalCents: total },
    },
    async (tx) => {
      await tx.delete(costLines).where(and(eq(costLines.reportId, ctx.report.id), eq(costLines.organisationId, organisationId)));
      if (lines.length) {
        await tx.insert(costLines).values(
          lines.map((l, i) => ({
            reportId: ctx.report.id,
            projectId: ctx.project.id,
            organisationId,
            category: l.category,
            description: l.description,
            hours: l.hours,
            hourlyRateCents: l.category === 'personnel' ? partner.hourlyRateCents : null,
            amountCents: l.amountCents,
            position: i + 1,
          })),
        );
      }
      return null;
    },
  );
  return saveAnswer(outcome, { ctx, raw, current, redirectTo: partPath(ctx, organisationId) });
}

