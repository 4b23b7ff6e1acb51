import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { eq } from 'drizzle-orm';
import { useRef } from 'react';
import { getDb, type Queryable } from '#db/client';
import { reportIndicators } from '#db/schema/index';
import { TextField } from '#app/components/forms';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { formToObject, parseSectionForm } from '#app/components/report/form-data';
import { INDICATOR_FIELDS, IndicatorsSchema } from '#app/components/report/schemas';
import {
  SectionSaveControls,
  ConflictPanel,
  ReportHeader,
  SectionErrors,
  useAutosave,
  useErrorTitle,
  useSectionForm,
} from '#app/components/report/section-form';
import { SectionQuestions } from '#app/components/review/section-questions';
import { useT } from '#app/i18n/index';
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

async function currentValues(db: Queryable, reportId: string) {
  const [row] = await db.select().from(reportIndicators).where(eq(reportIndicators.reportId, reportId));
  const n = (v: number | undefined) => (v === undefined ? '' : String(v));
  return {
    fte: row ? `${Math.trunc(row.fteTenths / 10)}${row.fteTenths % 10 ? `,${row.fteTenths % 10}` : ''}` : '',
    jobsCreated: n(row?.jobsCreated),
    smesInvolved: n(row?.smesInvolved),
    publications: n(row?.publications),
    openSourceReleases: n(row?.openSourceReleases),
    patentApplications: n(row?.patentApplications),
    standardisationContributions: n(row?.standardisationContributions),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const [state, values] = await Promise.all([sectionState(db, ctx.report.id, 'indicators'), currentValues(db, ctx.report.id)]);
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'indicators'),
    canEdit: ctx.editable && ctx.may.editShared,
    values: { ...values, version: String(state.version), complete: state.status === 'completed' },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  await requirePermission(request, 'update:report:own', { projectId: ctx.project.id });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const parsed = await parseSectionForm(raw, IndicatorsSchema);
  if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
  const { version, complete, fte, ...counts } = parsed.data;
  const outcome = await saveSection(request, ctx, 'indicators', { expectedVersion: version, complete }, async (tx) => {
    const values = { fteTenths: fte, ...counts };
    await tx
      .insert(reportIndicators)
      .values({ reportId: ctx.report.id, ...values })
      .onConflictDoUpdate({ target: reportIndicators.reportId, set: values });
    return null;
  });
  return saveAnswer(outcome, { ctx, raw, current: () => currentValues(getDb(), ctx.report.id) });
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('report.indicators.title')} – ${tr.t('report.title', { year: data.report.year })}` : ''),
};

const FORM_ID = 'indicators';

export default function IndicatorsSection() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<SectionActionResult>();
  const { t } = useT();
  const { project, report, canEdit } = loaderData;
  const defaults = (actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values;
  const { form, errors, onSubmit } = useSectionForm(IndicatorsSchema, { defaultValues: defaults, serverErrors: actionData?.errors, serverValues: actionData?.values });
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version', String(v)));
  useErrorTitle(Object.keys(errors).length > 0);
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.indicators.title')} />
      <SectionQuestions data={loaderData.questions} />
      <SectionErrors formId={FORM_ID} errors={errors} order={INDICATOR_FIELDS} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={(p) => t(`report.indicators.${p as (typeof INDICATOR_FIELDS)[number]}`)} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      <Form method="post" id={FORM_ID} noValidate onSubmit={onSubmit} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version')} />
          {INDICATOR_FIELDS.map((name) => (
            <TextField
              key={name}
              formId={FORM_ID}
              label={t(`report.indicators.${name}`)}
              hint={name === 'fte' ? t('report.indicators.fteHint') : undefined}
              inputMode={name === 'fte' ? 'decimal' : 'numeric'}
              className="input-short"
              error={errors[name]}
              {...form.register(name)}
            />
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
