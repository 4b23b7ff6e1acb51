import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { asc, eq } from 'drizzle-orm';
import { useRef } from 'react';
import { getDb, type Queryable } from '#db/client';
import { RISK_LEVELS, reportNarratives, risks } from '#db/schema/index';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { formToObject, parseSectionForm } from '#app/components/report/form-data';
import { LIMITS, RisksSchema } from '#app/components/report/schemas';
import {
  SectionSaveControls,
  ConflictPanel,
  ReportHeader,
  SectionErrors,
  SelectField,
  TextAreaField,
  useAutosave,
  useErrorTitle,
  useSectionForm,
} from '#app/components/report/section-form';
import { SectionQuestions } from '#app/components/review/section-questions';
import { useT, type TranslationKey } from '#app/i18n/index';
import {
  assertEditable,
  invalidAnswer,
  loadReportContext,
  pageBasics,
  saveAnswer,
  saveSection,
  sectionState,
  type SectionActionResult,
} from '#app/models/report.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { requirePermission } from '#app/utils/permissions.server';

const BLANK_ROWS = 2;
type Level = '' | (typeof RISK_LEVELS)[number];

async function currentValues(db: Queryable, reportId: string) {
  const [[narrative], rows] = await Promise.all([
    db.select({ deviations: reportNarratives.deviations }).from(reportNarratives).where(eq(reportNarratives.reportId, reportId)),
    db.select().from(risks).where(eq(risks.reportId, reportId)).orderBy(asc(risks.position), asc(risks.id)),
  ]);
  return {
    deviations: narrative?.deviations ?? '',
    risks: rows.map((r) => ({ description: r.description, likelihood: r.likelihood as Level, impact: r.impact as Level, mitigation: r.mitigation })),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const [state, values] = await Promise.all([sectionState(db, ctx.report.id, 'risks'), currentValues(db, ctx.report.id)]);
  const canEdit = ctx.editable && ctx.may.editShared;
  const blank = { description: '', likelihood: '' as Level, impact: '' as Level, mitigation: '' };
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'risks'),
    canEdit,
    values: {
      deviations: values.deviations,
      risks: [...values.risks, ...Array.from({ length: canEdit ? BLANK_ROWS : 0 }, () => blank)],
      version: String(state.version),
      complete: state.status === 'completed',
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  await requirePermission(request, 'update:report:own', { projectId: ctx.project.id });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const parsed = await parseSectionForm(raw, RisksSchema);
  if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
  const { version, complete, deviations, risks: rows } = parsed.data;
  const outcome = await saveSection(request, ctx, 'risks', { expectedVersion: version, complete, details: { risks: rows.length } }, async (tx) => {
    await tx
      .insert(reportNarratives)
      .values({ reportId: ctx.report.id, deviations })
      .onConflictDoUpdate({ target: reportNarratives.reportId, set: { deviations } });
    await tx.delete(risks).where(eq(risks.reportId, ctx.report.id));
    if (rows.length) await tx.insert(risks).values(rows.map((r, i) => ({ reportId: ctx.report.id, ...r, position: i + 1 })));
    return null;
  });
  return saveAnswer(outcome, { ctx, raw, current: () => currentValues(getDb(), ctx.report.id) });
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('report.risks.title')} – ${tr.t('report.title', { year: data.report.year })}` : ''),
};

const FORM_ID = 'risks';
const FIELDS = ['description', 'likelihood', 'impact', 'mitigation'] as const;
const FIELD_LABELS: Record<(typeof FIELDS)[number], TranslationKey> = {
  description: 'report.risks.description',
  likelihood: 'report.risks.likelihood',
  impact: 'report.risks.impact',
  mitigation: 'report.risks.mitigation',
};

export default function RisksSection() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<SectionActionResult>();
  const { t } = useT();
  const { project, report, canEdit } = loaderData;
  const defaults = (actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values;
  const { form, errors, onSubmit } = useSectionForm(RisksSchema, { defaultValues: defaults, serverErrors: actionData?.errors, serverValues: actionData?.values });
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version', String(v)));
  useErrorTitle(Object.keys(errors).length > 0);
  const rows = defaults.risks ?? [];
  const order = ['deviations', ...rows.flatMap((_, i) => FIELDS.map((f) => `risks.${i}.${f}`))];
  const levels = RISK_LEVELS.map((l) => ({ value: l, label: t(`report.riskLevel.${l}`) }));
  const labelFor = (path: string) => {
    if (path === 'deviations') return t('report.risks.deviations');
    const [, index, field] = path.split('.');
    const key = FIELD_LABELS[field as (typeof FIELDS)[number]];
    return `${t('report.form.row', { n: Number(index) + 1 })}: ${key ? t(key) : field}`;
  };
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.risks.title')} />
      <SectionQuestions data={loaderData.questions} />
      <SectionErrors formId={FORM_ID} errors={errors} order={order} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={labelFor} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      <Form method="post" id={FORM_ID} noValidate onSubmit={onSubmit} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version')} />
          <TextAreaField
            formId={FORM_ID}
            label={t('report.risks.deviations')}
            hint={`${t('report.risks.deviationsHint')} ${t('report.form.charLimit', { max: LIMITS.longText })}`}
            rows={6}
            error={errors.deviations}
            {...form.register('deviations')}
          />
          <h2>{t('report.risks.list')}</h2>
          {canEdit ? <p className="form-hint">{t('report.form.emptyRowsHint')} {t('report.form.remove')}</p> : null}
          {rows.map((_, i) => (
            <fieldset key={i} className="report-row">
              <legend>{t('report.form.row', { n: i + 1 })}</legend>
              <TextAreaField formId={FORM_ID} label={t('report.risks.description')} rows={2} error={errors[`risks.${i}.description`]} {...form.register(`risks.${i}.description`)} />
              <div className="field-grid">
                <SelectField
                  formId={FORM_ID}
                  label={t('report.risks.likelihood')}
                  options={levels}
                  placeholder={t('report.risks.chooseLevel')}
                  error={errors[`risks.${i}.likelihood`]}
                  {...form.register(`risks.${i}.likelihood`)}
                />
                <SelectField
                  formId={FORM_ID}
                  label={t('report.risks.impact')}
                  options={levels}
                  placeholder={t('report.risks.chooseLevel')}
                  error={errors[`risks.${i}.impact`]}
                  {...form.register(`risks.${i}.impact`)}
                />
              </div>
              <TextAreaField formId={FORM_ID} label={t('report.risks.mitigation')} rows={2} error={errors[`risks.${i}.mitigation`]} {...form.register(`risks.${i}.mitigation`)} />
            </fieldset>
          ))}
          <SectionSaveControls formId={FORM_ID} canEdit={canEdit} autosave={autosave} complete={form.register('complete')} />
        </fieldset>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
