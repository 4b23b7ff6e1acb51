import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { eq } from 'drizzle-orm';
import { useRef } from 'react';
import { getDb, type Queryable } from '#db/client';
import { MILESTONE_STATUSES, milestoneUpdates } from '#db/schema/index';
import type { FieldErrors } from '#app/components/forms';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { formToObject, parseSectionForm } from '#app/components/report/form-data';
import { MilestonesSchema } from '#app/components/report/schemas';
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
import { TextField } from '#app/components/forms';
import { SectionQuestions } from '#app/components/review/section-questions';
import { useT } from '#app/i18n/index';
import {
  assertEditable,
  invalidAnswer,
  loadReportContext,
  milestoneUpdatesOf,
  pageBasics,
  projectMilestones,
  saveAnswer,
  saveSection,
  sectionState,
  type SectionActionResult,
} from '#app/models/report.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { requirePermission } from '#app/utils/permissions.server';
import { formatDate } from '#app/rules/dates';

async function currentValues(db: Queryable, reportId: string, projectId: string) {
  const [list, updates] = await Promise.all([projectMilestones(db, projectId), milestoneUpdatesOf(db, reportId)]);
  const byId = new Map(updates.map((u) => [u.milestoneId, u]));
  return {
    list,
    values: {
      milestones: list.map((m) => {
        const u = byId.get(m.id);
        return {
          id: m.id,
          plannedDate: m.plannedDate,
          status: (u?.status ?? '') as '' | (typeof MILESTONE_STATUSES)[number],
          achievedDate: u?.achievedDate ?? '',
          forecastDate: u?.forecastDate ?? '',
          explanation: u?.explanation ?? '',
        };
      }),
    },
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const [state, current] = await Promise.all([sectionState(db, ctx.report.id, 'milestones'), currentValues(db, ctx.report.id, ctx.project.id)]);
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'milestones'),
    canEdit: ctx.editable && ctx.may.editShared,
    section: state,
    list: current.list,
    values: { ...current.values, version: String(state.version), complete: state.status === 'completed' },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  await requirePermission(request, 'update:report:own', { projectId: ctx.project.id });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const db = getDb();
  const list = await projectMilestones(db, ctx.project.id);
  const planned = new Map(list.map((m) => [m.id, m.plannedDate]));
  // The browser's planned dates are only a convenience: the stored ones decide.
  const rows = Array.isArray(raw.milestones) ? (raw.milestones as Array<Record<string, unknown>>) : [];
  const trusted = { ...raw, milestones: rows.map((m) => ({ ...m, plannedDate: planned.get(String(m?.id)) ?? '' })) };
  const parsed = await parseSectionForm(trusted, MilestonesSchema);
  if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  parsed.data.milestones.forEach((m, i) => {
    if (!planned.has(m.id) || seen.has(m.id)) errors[`milestones.${i}.status`] = 'errors.report.unknownItem';
    seen.add(m.id);
  });
  if (Object.keys(errors).length) return invalidAnswer(raw, errors);
  const { version, complete } = parsed.data;
  const outcome = await saveSection(request, ctx, 'milestones', { expectedVersion: version, complete }, async (tx) => {
    await tx.delete(milestoneUpdates).where(eq(milestoneUpdates.reportId, ctx.report.id));
    const values = parsed.data.milestones
      .filter((m) => m.status !== '')
      .map((m) => ({
        reportId: ctx.report.id,
        projectId: ctx.project.id,
        milestoneId: m.id,
        status: m.status as (typeof MILESTONE_STATUSES)[number],
        achievedDate: m.achievedDate || null,
        forecastDate: m.forecastDate || null,
        explanation: m.explanation,
      }));
    if (values.length) await tx.insert(milestoneUpdates).values(values);
    return null;
  });
  return saveAnswer(outcome, { ctx, raw, current: async () => (await currentValues(db, ctx.report.id, ctx.project.id)).values });
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('report.milestones.title')} – ${tr.t('report.title', { year: data.report.year })}` : ''),
};

const FORM_ID = 'milestones';
const FIELDS = ['status', 'achievedDate', 'forecastDate', 'explanation'] as const;

export default function MilestonesSection() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<SectionActionResult>();
  const { t, locale } = useT();
  const { project, report, canEdit, list } = loaderData;
  const defaults = (actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values;
  const { form, errors, onSubmit } = useSectionForm(MilestonesSchema, { defaultValues: defaults, serverErrors: actionData?.errors, serverValues: actionData?.values });
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version', String(v)));
  useErrorTitle(Object.keys(errors).length > 0);
  const order = list.flatMap((_, i) => FIELDS.map((f) => `milestones.${i}.${f}`));
  const statusOptions = MILESTONE_STATUSES.map((s) => ({ value: s, label: t(`report.milestoneStatus.${s}`) }));
  const labelFor = (path: string) => {
    const [, index, field] = path.split('.');
    const m = list[Number(index)];
    const fieldLabel =
      field === 'status'
        ? t('report.milestones.status')
        : field === 'achievedDate'
          ? t('report.milestones.achievedDate')
          : field === 'forecastDate'
            ? t('report.milestones.forecastDate')
            : t('report.milestones.explanation');
    return m ? `${m.code}: ${fieldLabel}` : path;
  };
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.milestones.title')} />
      <SectionQuestions data={loaderData.questions} />
      <SectionErrors formId={FORM_ID} errors={errors} order={order} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={labelFor} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      <p className="lead">{t('report.milestones.intro')}</p>
      {list.length === 0 ? <p>{t('report.milestones.none')}</p> : null}
      <Form method="post" id={FORM_ID} noValidate onSubmit={onSubmit} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version')} />
          {list.map((m, i) => (
            <fieldset key={m.id} className="report-row">
              <legend>
                {m.code} – {m.title}
              </legend>
              <p className="form-hint">
                {m.workPackageCode ? `${m.workPackageCode} · ` : ''}
                {t('report.milestones.planned', { date: formatDate(m.plannedDate, locale) })}
              </p>
              <input type="hidden" {...form.register(`milestones.${i}.id`)} />
              <input type="hidden" {...form.register(`milestones.${i}.plannedDate`)} />
              <div className="field-grid">
                <SelectField
                  formId={FORM_ID}
                  label={t('report.milestones.status')}
                  options={statusOptions}
                  placeholder={t('report.milestones.chooseStatus')}
                  error={errors[`milestones.${i}.status`]}
                  {...form.register(`milestones.${i}.status`)}
                />
                <TextField
                  formId={FORM_ID}
                  type="date"
                  label={t('report.milestones.achievedDate')}
                  error={errors[`milestones.${i}.achievedDate`]}
                  {...form.register(`milestones.${i}.achievedDate`)}
                />
                <TextField
                  formId={FORM_ID}
                  type="date"
                  label={t('report.milestones.forecastDate')}
                  error={errors[`milestones.${i}.forecastDate`]}
                  {...form.register(`milestones.${i}.forecastDate`)}
                />
              </div>
              <TextAreaField
                formId={FORM_ID}
                label={t('report.milestones.explanation')}
                rows={3}
                error={errors[`milestones.${i}.explanation`]}
                {...form.register(`milestones.${i}.explanation`)}
              />
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
