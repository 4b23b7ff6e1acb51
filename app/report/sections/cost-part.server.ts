import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getDb } from '#db/client';
import { formToObject, parseForm } from '#app/components/form/parse';
import { assertEditable, loadReportContext, pageBasics } from '#app/report/context.server';
import { invalidAnswer, saveAnswer, saveVersioned, type SectionActionResult } from '#app/report/save.server';
import { paidSoFar } from '#app/report/structure.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { isBlocking, type Finding } from '#app/rules/checks';
import { LIMITS } from '#app/rules/limits';
import { reportPath } from '#app/rules/sections';
import { resolveLocale } from '#app/utils/locale.server';
import { can, notFound, requirePermission } from '#app/utils/permissions.server';
import { partFindings } from '../checks.server';
import { scopeOf } from '../engine.server';
import { blankCostLine, type CostContext, costPartSchema, costPartValues, SignOffSchema, WithdrawSchema } from './costs';
import { programmeProductiveHours, readCosts, replaceCostLines } from './costs.server';

const UUID = /^[0-9a-f-]{36}$/i;

/**
 * One partner's part as its pages (the form, the import, the template) need it; 404 when the
 * organisation is not a partner, and 404 too when the caller may not read its part (a contributor
 * reads only its own organisation's; the penvoerder and staff every part): nothing of it is read.
 */
export async function partContext(request: Request, params: Record<string, string | undefined>) {
  const ctx = await loadReportContext(request, params);
  const organisationId = params.organisationId ?? '';
  if (!UUID.test(organisationId)) notFound();
  await requirePermission(request, 'read:report-part:own', { projectId: ctx.project.id, organisationId });
  const db = getDb();
  const [{ partners }, productiveHours] = await Promise.all([readCosts(db, scopeOf(ctx), organisationId), programmeProductiveHours(db, ctx.project.id)]);
  const partner = partners[0];
  if (!partner) notFound();
  const context: CostContext = { costMethod: partner.costMethod, hourlyRateCents: partner.hourlyRateCents, productiveHours, budgetCents: partner.budgetCents };
  return { ctx, db, partner, context, locale: resolveLocale(request, ctx.principal) };
}

export const partPath = (ctx: { project: { code: string }; report: { year: number } }, organisationId: string, query = '') =>
  reportPath(ctx.project.code, ctx.report.year, `kosten/${organisationId}${query}`);

/** Empty lines asked for with "add a line" without JavaScript (`?lege=2`), at most 20 at a time. */
function blankRows(request: Request, lines: number) {
  const asked = Number(new URL(request.url).searchParams.get('lege'));
  const extra = Number.isInteger(asked) && asked > 0 ? Math.min(asked, 20) : 0;
  return Math.min(Math.max(extra, lines === 0 ? 1 : 0), LIMITS.costLines - lines);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, partner, context, locale } = await partContext(request, params);
  const canEdit = ctx.editable && can(ctx.principal, 'update:report-part:own', { projectId: ctx.project.id, organisationId: partner.organisation.id });
  const [paid, questions, findings] = await Promise.all([
    paidSoFar(db, ctx.project.id, [partner.organisation.id]),
    loadSectionQuestions(db, ctx.principal, ctx.report.id, 'costs'),
    ctx.editable ? partFindings(db, scopeOf(ctx), partner.organisation.id, { partner, productiveHours: context.productiveHours }) : Promise.resolve([]),
  ]);
  const values = costPartValues(partner, locale);
  return {
    ...pageBasics(ctx),
    questions,
    canEdit,
    findings,
    context,
    partner: {
      organisationId: partner.organisation.id,
      name: partner.organisation.name,
      costMethod: partner.costMethod,
      hourlyRateCents: partner.hourlyRateCents,
      grantedCents: partner.grantedCents,
    },
    budget: partner.budgetCents,
    totals: partner.totalsCents,
    lineAmounts: partner.costLines.map((l) => l.amountCents),
    paidCents: paid.get(partner.organisation.id) ?? 0,
    signedOff: partner.signedOffAt ? { at: partner.signedOffAt, by: partner.signedOffBy?.name ?? '' } : null,
    partVersion: partner.version,
    values: {
      ...values,
      lines: [...values.lines, ...Array.from({ length: canEdit ? blankRows(request, values.lines.length) : 0 }, blankCostLine)],
      version: String(partner.version),
    },
  };
}

export interface CostPartActionResult extends SectionActionResult {
  /** The blocking findings that refused a sign-off. */
  findings?: Finding[];
}

/**
 * The part's form: save (and autosave), "add a line" / "remove line n" without JavaScript (they
 * save the draft, as a save would, and come back with one more or one fewer line), sign off, and
 * withdraw the sign-off. A sign-off runs the part's rules in its own transaction and is refused,
 * changing nothing, while a blocking one fails.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, partner, context, locale } = await partContext(request, params);
  const organisationId = partner.organisation.id;
  // Only the organisation itself may write its part (a penvoerder sees all parts, edits its own).
  await requirePermission(request, 'update:report-part:own', { projectId: ctx.project.id, organisationId });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const intent = typeof raw.intent === 'string' ? raw.intent : 'save';
  const current = async () => costPartValues((await readCosts(db, scopeOf(ctx), organisationId)).partners[0]!, locale);
  const target = { kind: 'part', organisationId } as const;
  const conflict = async (currentVersion: number) =>
    data<CostPartActionResult>({ conflict: { mine: {}, current: await current() }, values: { version: String(currentVersion) } }, { status: 409 });

  if (intent === 'signoff' || intent === 'withdraw') {
    const parsed = await parseForm(raw, intent === 'signoff' ? SignOffSchema : WithdrawSchema);
    if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
    let blocking: Finding[] = [];
    const outcome = await saveVersioned(
      request,
      ctx,
      target,
      intent === 'signoff'
        ? { expectedVersion: parsed.data.version, action: 'report.part.signoff', set: { signedOffAt: new Date(), signedOffBy: ctx.principal.user.id } }
        : { expectedVersion: parsed.data.version, action: 'report.part.signoff.withdraw', set: { signedOffAt: null, signedOffBy: null } },
      async (tx) => {
        if (intent === 'withdraw') return null;
        // The part as it stands in this transaction (locked by the version bump above).
        blocking = (await partFindings(tx, scopeOf(ctx), organisationId)).filter(isBlocking);
        return blocking.length ? { invalid: { confirm: 'errors.report.signOff.blocked' } } : null;
      },
    );
    if (outcome.kind === 'conflict') return conflict(outcome.currentVersion);
    if (outcome.kind === 'invalid') return data<CostPartActionResult>({ errors: outcome.errors, findings: blocking, values: { version: raw.version } }, { status: 400 });
    return saveAnswer(outcome, { ctx, raw, current, redirectTo: partPath(ctx, organisationId) });
  }

  // "Remove line n" without JavaScript: the line leaves the posted lines before anything is read.
  const removed = /^remove:(\d{1,4})$/.exec(intent);
  if (removed && Array.isArray(raw.lines)) raw.lines = (raw.lines as unknown[]).filter((_, i) => i !== Number(removed[1]));
  const parsed = await parseForm(raw, costPartSchema(locale, context));
  if (!parsed.ok) {
    if (intent === 'add' && Array.isArray(raw.lines)) raw.lines = [...(raw.lines as unknown[]), blankCostLine()];
    return invalidAnswer(raw, parsed.errors);
  }
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
      details: { lines: lines.length, totalCents: total, ...(removed ? { removedLine: Number(removed[1]) + 1 } : {}) },
    },
    async (tx) => {
      await replaceCostLines(tx, scopeOf(ctx), organisationId, lines);
      return null;
    },
  );
  const query = intent === 'add' ? `?lege=${Math.max(1, blankRowsPosted(raw) + 1)}` : '';
  return saveAnswer(outcome, { ctx, raw, current, redirectTo: partPath(ctx, organisationId, query) });
}

/** The empty lines the user had on the page (kept when "add a line" comes back with one more). */
function blankRowsPosted(raw: Record<string, unknown>) {
  if (!Array.isArray(raw.lines)) return 0;
  return (raw.lines as Array<Record<string, unknown> | undefined>).filter((l) => !l || Object.values(l).every((v) => typeof v !== 'string' || v.trim() === '')).length;
}

