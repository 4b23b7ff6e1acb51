import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { asc, eq } from 'drizzle-orm';
import { useRef } from 'react';
import { getDb, type Queryable } from '#db/client';
import { SPILLOVER_TYPES, spilloverActivities } from '#db/schema/index';
import { TextField } from '#app/components/forms';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { formToObject, parseSectionForm } from '#app/components/report/form-data';
import { SpilloverSchema } from '#app/components/report/schemas';
import {
  SectionSaveControls,
  ConflictPanel,
  ReportHeader,
  SectionErrors,
  SelectField,
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

const BLANK_ROWS = 3;

async function currentValues(db: Queryable, reportId: string) {
  const rows = await db.select().from(spilloverActivities).where(eq(spilloverActivities.reportId, reportId)).orderBy(asc(spilloverActivities.position), asc(spilloverActivities.id));
  return {
    activities: rows.map((a) => ({
      type: a.type as '' | (typeof SPILLOVER_TYPES)[number],
      title: a.title,
      activityDate: a.activityDate,
      audience: a.audience,
      reach: a.reach === null ? '' : String(a.reach),
      url: a.url ?? '',
    })),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const [state, values] = await Promise.all([sectionState(db, ctx.report.id, 'spillover'), currentValues(db, ctx.report.id)]);
  const canEdit = ctx.editable && ctx.may.editShared;
  const blank = { type: '' as const, title: '', activityDate: '', audience: '', reach: '', url: '' };
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'spillover'),
    canEdit,
    values: {
      activities: [...values.activities, ...Array.from({ length: canEdit ? BLANK_ROWS : 0 }, () => blank)],
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
  const parsed = await parseSectionForm(raw, SpilloverSchema);
  if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
  const { version, complete, activities } = parsed.data;
  const outcome = await saveSection(request, ctx, 'spillover', { expectedVersion: version, complete, details: { activities: activities.length } }, async (tx) => {
    await tx.delete(spilloverActivities).where(eq(spilloverActivities.reportId, ctx.report.id));
    if (activities.length) await tx.insert(spilloverActivities).values(activities.map((a, i) => ({ reportId: ctx.report.id, ...a, position: i + 1 })));
    return null;
  });
  return saveAnswer(outcome, { ctx, raw, current: () => currentValues(getDb(), ctx.report.id) });
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('report.spillover.title')} – ${tr.t('report.title', { year: data.report.year })}` : ''),
};

const FORM_ID = 'spillover';
const FIELDS = ['type', 'title', 'activityDate', 'audience', 'reach', 'url'] as const;
const FIELD_LABELS: Record<(typeof FIELDS)[number], TranslationKey> = {
  type: 'report.spillover.type',
  title: 'report.spillover.activityTitle',
  activityDate: 'report.spillover.date',
  audience: 'report.spillover.audience',
  reach: 'report.spillover.reach',
  url: 'report.spillover.url',
};

export default function SpilloverSection() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<SectionActionResult>();
  const { t } = useT();
  const { project, report, canEdit } = loaderData;
  const defaults = (actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values;
  const { form, errors, onSubmit } = useSectionForm(SpilloverSchema, { defaultValues: defaults, serverErrors: actionData?.errors, serverValues: actionData?.values });
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version', String(v)));
  useErrorTitle(Object.keys(errors).length > 0);
  const rows = defaults.activities ?? [];
  const order = rows.flatMap((_, i) => FIELDS.map((f) => `activities.${i}.${f}`));
  const typeOptions = SPILLOVER_TYPES.map((s) => ({ value: s, label: t(`report.spilloverType.${s}`) }));
  const labelFor = (path: string) => {
    const [, index, field] = path.split('.');
    const key = FIELD_LABELS[field as (typeof FIELDS)[number]];
    return `${t('report.form.row', { n: Number(index) + 1 })}: ${key ? t(key) : field}`;
  };
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.spillover.title')} />
      <SectionQuestions data={loaderData.questions} />
      <SectionErrors formId={FORM_ID} errors={errors} order={order} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={labelFor} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      {rows.length === 0 ? <p>{t('report.spillover.none')}</p> : null}
      <Form method="post" id={FORM_ID} noValidate onSubmit={onSubmit} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version')} />
          {canEdit ? <p className="form-hint">{t('report.form.emptyRowsHint')} {t('report.form.remove')}</p> : null}
          {rows.map((_, i) => (
            <fieldset key={i} className="report-row">
              <legend>{t('report.form.row', { n: i + 1 })}</legend>
              <div className="field-grid">
                <SelectField
                  formId={FORM_ID}
                  label={t('report.spillover.type')}
                  options={typeOptions}
                  placeholder={t('report.spillover.chooseType')}
                  error={errors[`activities.${i}.type`]}
                  {...form.register(`activities.${i}.type`)}
                />
                <TextField formId={FORM_ID} label={t('report.spillover.activityTitle')} error={errors[`activities.${i}.title`]} {...form.register(`activities.${i}.title`)} />
                <TextField formId={FORM_ID} type="date" label={t('report.spillover.date')} error={errors[`activities.${i}.activityDate`]} {...form.register(`activities.${i}.activityDate`)} />
                <TextField formId={FORM_ID} label={t('report.spillover.audience')} error={errors[`activities.${i}.audience`]} {...form.register(`activities.${i}.audience`)} />
                <TextField
                  formId={FORM_ID}
                  label={t('report.spillover.reach')}
                  inputMode="numeric"
                  className="input-short"
                  error={errors[`activities.${i}.reach`]}
                  {...form.register(`activities.${i}.reach`)}
                />
                <TextField formId={FORM_ID} type="url" label={t('report.spillover.url')} error={errors[`activities.${i}.url`]} {...form.register(`activities.${i}.url`)} />
              </div>
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
