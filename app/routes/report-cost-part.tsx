import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { and, asc, eq } from 'drizzle-orm';
import { useMemo, useRef } from 'react';
import { getDb, type Queryable } from '#db/client';
import { COST_CATEGORIES, costLines, partnerParts, users, type CostCategory } from '#db/schema/index';
import { TextField } from '#app/components/forms';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { formToObject, parseSectionForm } from '#app/components/report/form-data';
import { CostSummaryTable } from '#app/components/report/money-table';
import { costPartSchema, DEVIATION_KEYS, needsExplanation, SignOffSchema } from '#app/components/report/schemas';
import {
  AutosaveStatus,
  CheckboxField,
  ConflictPanel,
  ReportHeader,
  SectionErrors,
  SelectField,
  TextAreaField,
  useAutosave,
  useErrorTitle,
  useSectionForm,
} from '#app/components/report/section-form';
import { SectionStatusTag } from '#app/components/report/status';
import { SectionQuestions } from '#app/components/review/section-questions';
import { useT, type TranslationKey } from '#app/i18n/index';
import { assertEditable, budgetOf, invalidAnswer, loadReportContext, pageBasics, paidSoFar, partnerOf, savePart, saveAnswer, type SectionActionResult } from '#app/models/report.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { can, notFound, requirePermission } from '#app/utils/permissions.server';
import { reportPath } from '#app/rules/sections';
import { formatDate } from '#app/rules/dates';
import { formatMoney, formatMoneyInput } from '#app/rules/numbers';

const BLANK_ROWS = 3;

async function currentPart(db: Queryable, reportId: string, organisationId: string) {
  const [part] = await db
    .select({
      version: partnerParts.version,
      deviationExplanations: partnerParts.deviationExplanations,
      signedOffAt: partnerParts.signedOffAt,
      signedOffBy: users.name,
    })
    .from(partnerParts)
    .leftJoin(users, eq(users.id, partnerParts.signedOffBy))
    .where(and(eq(partnerParts.reportId, reportId), eq(partnerParts.organisationId, organisationId)));
  const lines = await db
    .select()
    .from(costLines)
    .where(and(eq(costLines.reportId, reportId), eq(costLines.organisationId, organisationId)))
    .orderBy(asc(costLines.position), asc(costLines.id));
  const values = {
    lines: lines.map((l) => ({
      category: l.category as '' | CostCategory,
      description: l.description,
      hours: l.hours === null ? '' : String(l.hours),
      amount: formatMoneyInput(l.amountCents),
    })),
    explanations: { ...(part?.deviationExplanations ?? {}) } as Partial<Record<(typeof DEVIATION_KEYS)[number], string>>,
  };
  const totals = Object.fromEntries(COST_CATEGORIES.map((c) => [c, 0])) as Record<CostCategory, number>;
  for (const l of lines) totals[l.category] += l.amountCents;
  return { part, values, totals };
}

async function partContext(request: Request, params: Record<string, string | undefined>) {
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const partner = await partnerOf(db, ctx.project.id, params.organisationId ?? '');
  if (!partner) notFound();
  const budget = (await budgetOf(db, ctx.project.id, [partner.organisationId], ctx.report.year)).get(partner.organisationId)!;
  return { ctx, db, partner, budget };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const { ctx, db, partner, budget } = await partContext(request, params);
  const [current, paid] = await Promise.all([currentPart(db, ctx.report.id, partner.organisationId), paidSoFar(db, ctx.project.id, [partner.organisationId])]);
  const canEdit = ctx.editable && can(ctx.principal, 'update:report-part:own', { projectId: ctx.project.id, organisationId: partner.organisationId });
  const blank = { category: '' as const, description: '', hours: '', amount: '' };
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'costs'),
    canEdit,
    partner,
    budget,
    totals: current.totals,
    paidCents: paid.get(partner.organisationId) ?? 0,
    signedOff: current.part?.signedOffAt ? { at: current.part.signedOffAt, by: current.part.signedOffBy ?? '' } : null,
    partVersion: current.part?.version ?? 0,
    values: {
      ...current.values,
      lines: [...current.values.lines, ...Array.from({ length: canEdit ? BLANK_ROWS : 0 }, () => blank)],
      version: String(current.part?.version ?? 0),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const { ctx, db, partner, budget } = await partContext(request, params);
  // Only the organisation itself may write its part (a penvoerder sees all parts, edits its own).
  await requirePermission(request, 'update:report-part:own', { projectId: ctx.project.id, organisationId: partner.organisationId });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const current = async () => (await currentPart(db, ctx.report.id, partner.organisationId)).values;

  if (raw.intent === 'signoff') {
    const parsed = await parseSectionForm(raw, SignOffSchema);
    if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
    const now = new Date();
    const outcome = await savePart(
      request,
      ctx,
      partner.organisationId,
      { expectedVersion: parsed.data.version, action: 'report.part.signoff', set: { signedOffAt: now, signedOffBy: ctx.principal.user.id } },
      async () => null,
    );
    if (outcome.kind === 'conflict') {
      return data<SectionActionResult>({ conflict: { mine: {}, current: await current() }, values: { version: String(outcome.currentVersion) } }, { status: 409 });
    }
    return saveAnswer(outcome, { ctx, raw, current, redirectTo: reportPath(ctx.project.code, ctx.report.year, `kosten/${partner.organisationId}`) });
  }

  const parsed = await parseSectionForm(raw, costPartSchema({ hourlyRateCents: partner.hourlyRateCents, budgetCents: budget }));
  if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
  const { version, lines, explanations, total } = parsed.data;
  const outcome = await savePart(
    request,
    ctx,
    partner.organisationId,
    {
      expectedVersion: version,
      action: 'report.part.save',
      // Any edit of the part withdraws its sign-off.
      set: { deviationExplanations: explanations, signedOffAt: null, signedOffBy: null },
      details: { lines: lines.length, totalCents: total },
    },
    async (tx) => {
      await tx.delete(costLines).where(and(eq(costLines.reportId, ctx.report.id), eq(costLines.organisationId, partner.organisationId)));
      if (lines.length) {
        await tx.insert(costLines).values(
          lines.map((l, i) => ({
            reportId: ctx.report.id,
            projectId: ctx.project.id,
            organisationId: partner.organisationId,
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
  return saveAnswer(outcome, {
    ctx,
    raw,
    current,
    redirectTo: reportPath(ctx.project.code, ctx.report.year, `kosten/${partner.organisationId}`),
  });
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('report.costs.partTitle', { name: data.partner.name })} – ${tr.t('report.title', { year: data.report.year })}` : ''),
};

const FORM_ID = 'costs';
const LINE_FIELDS = ['category', 'description', 'hours', 'amount'] as const;

export default function CostPart() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<SectionActionResult>();
  const navigation = useNavigation();
  const { t, locale } = useT();
  const { project, report, canEdit, partner, budget, totals, paidCents, signedOff } = loaderData;
  const schema = useMemo(() => costPartSchema({ hourlyRateCents: partner.hourlyRateCents, budgetCents: budget }), [partner.hourlyRateCents, budget]);
  const defaults = (actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values;
  const { form, errors, onSubmit } = useSectionForm(schema, { defaultValues: defaults, serverErrors: actionData?.errors, serverValues: actionData?.values });
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version', String(v)));
  useErrorTitle(Object.keys(errors).length > 0);
  const rows = defaults.lines ?? [];
  const order = [...rows.flatMap((_, i) => LINE_FIELDS.map((f) => `lines.${i}.${f}`)), ...DEVIATION_KEYS.map((k) => `explanations.${k}`), 'confirm'];
  const categoryOptions = COST_CATEGORIES.map((c) => ({ value: c, label: t(`report.costs.category.${c}`) }));
  const budgetTotal = COST_CATEGORIES.reduce((s, c) => s + budget[c], 0);
  const actualTotal = COST_CATEGORIES.reduce((s, c) => s + totals[c], 0);
  const showExplanation = (key: (typeof DEVIATION_KEYS)[number]) =>
    Boolean(errors[`explanations.${key}`]) ||
    Boolean(defaults.explanations?.[key]) ||
    (key === 'total' ? needsExplanation(actualTotal, budgetTotal) : needsExplanation(totals[key], budget[key]));
  const labelFor = (path: string) => {
    const [group, index, field] = path.split('.');
    if (group === 'explanations') return t('report.costs.explanation', { category: t(`report.costs.category.${index as CostCategory}`) });
    const labels: Record<string, TranslationKey> = {
      category: 'report.costs.category',
      description: 'report.costs.description',
      hours: 'report.costs.hours',
      amount: 'report.costs.amount',
    };
    const key = field ? labels[field] : undefined;
    return `${t('report.form.row', { n: Number(index) + 1 })}: ${key ? t(key) : (field ?? '')}`;
  };
  const title = t('report.costs.partTitle', { name: partner.name });
  return (
    <>
      <ReportHeader project={project} report={report} title={title} />
      <SectionQuestions data={loaderData.questions} />
      <SectionErrors formId={FORM_ID} errors={errors} order={order} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={labelFor} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      <dl className="summary-list">
        <dt>{t('report.costs.status')}</dt>
        <dd>
          <SectionStatusTag status={signedOff ? 'completed' : loaderData.partVersion > 0 ? 'in_progress' : 'not_started'} />{' '}
          {signedOff ? t('report.costs.signedOff', { name: signedOff.by, date: formatDate(new Date(signedOff.at), locale) }) : t('report.costs.notSignedOff')}
        </dd>
        <dt>{t('report.costs.granted')}</dt>
        <dd>{formatMoney(partner.grantedCents, locale)}</dd>
        <dt>{t('report.costs.paid')}</dt>
        <dd>{formatMoney(paidCents, locale)}</dd>
      </dl>
      <p>{t('report.costs.method', { method: t(`costMethod.${partner.costMethod}`), rate: formatMoney(partner.hourlyRateCents, locale) })}</p>
      <CostSummaryTable id="part-summary" caption={t('report.costs.summary')} year={report.year} budget={budget} actual={totals} />

      <Form method="post" id={FORM_ID} noValidate onSubmit={onSubmit} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version')} />
          <h2>{t('report.costs.lines')}</h2>
          <p className="form-hint">
            {t('report.costs.personnelHint')} {canEdit ? t('report.form.emptyRowsHint') : ''} {canEdit ? t('report.form.remove') : ''}
          </p>
          {rows.map((_, i) => (
            <fieldset key={i} className="report-row">
              <legend>{t('report.form.row', { n: i + 1 })}</legend>
              <div className="field-grid">
                <SelectField
                  formId={FORM_ID}
                  label={t('report.costs.category')}
                  options={categoryOptions}
                  placeholder={t('report.costs.chooseCategory')}
                  error={errors[`lines.${i}.category`]}
                  {...form.register(`lines.${i}.category`)}
                />
                <TextField formId={FORM_ID} label={t('report.costs.description')} error={errors[`lines.${i}.description`]} {...form.register(`lines.${i}.description`)} />
                <TextField
                  formId={FORM_ID}
                  label={t('report.costs.hours')}
                  inputMode="numeric"
                  className="input-short"
                  error={errors[`lines.${i}.hours`]}
                  {...form.register(`lines.${i}.hours`)}
                />
                <TextField
                  formId={FORM_ID}
                  label={t('report.costs.amount')}
                  hint={t('report.costs.amountHint')}
                  inputMode="decimal"
                  className="input-short"
                  error={errors[`lines.${i}.amount`]}
                  {...form.register(`lines.${i}.amount`)}
                />
              </div>
            </fieldset>
          ))}
          <h2>{t('report.costs.explanations')}</h2>
          <p className="form-hint">{t('report.costs.explanationsHint')}</p>
          {DEVIATION_KEYS.filter(showExplanation).map((key) => (
            <TextAreaField
              key={key}
              formId={FORM_ID}
              label={t('report.costs.explanation', { category: t(`report.costs.category.${key}`) })}
              rows={3}
              error={errors[`explanations.${key}`]}
              {...form.register(`explanations.${key}`)}
            />
          ))}
          {canEdit ? (
            <div className="button-row">
              {signedOff ? <p className="notice">{t('report.costs.signOffWithdrawn')}</p> : null}
              <button type="submit" name="intent" value="save" className="button" disabled={navigation.state === 'submitting'}>
                {t('report.form.saveDraft')}
              </button>
              <AutosaveStatus {...autosave} />
            </div>
          ) : null}
        </fieldset>
      </Form>

      {canEdit && !signedOff ? (
        <Form method="post" className="form report-form" id="signoff" noValidate>
          <h2>{t('report.costs.signOffTitle')}</h2>
          <input type="hidden" name="version" value={defaults.version} />
          <CheckboxField formId={FORM_ID} name="confirm" label={t('report.costs.signOffConfirm')} error={errors.confirm} />
          <button type="submit" name="intent" value="signoff" className="button">
            {t('report.costs.signOff')}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
