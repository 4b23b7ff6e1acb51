import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { eq } from 'drizzle-orm';
import { useRef } from 'react';
import { getDb, type Queryable } from '#db/client';
import { reportNarratives, workPackageProgress } from '#db/schema/index';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { formToObject, parseSectionForm } from '#app/components/report/form-data';
import { LIMITS, ProgressSchema } from '#app/components/report/schemas';
import {
  SectionSaveControls,
  ConflictPanel,
  ReportHeader,
  SectionErrors,
  TextAreaField,
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
  projectWorkPackages,
  saveAnswer,
  saveSection,
  sectionState,
  type SectionActionResult,
} from '#app/models/report.server';
import { loadSectionQuestions } from '#app/models/review.server';
import { requirePermission } from '#app/utils/permissions.server';

async function currentValues(db: Queryable, reportId: string, projectId: string) {
  const [packages, [narrative], progress] = await Promise.all([
    projectWorkPackages(db, projectId),
    db.select().from(reportNarratives).where(eq(reportNarratives.reportId, reportId)),
    db.select().from(workPackageProgress).where(eq(workPackageProgress.reportId, reportId)),
  ]);
  const byId = new Map(progress.map((p) => [p.workPackageId, p.narrative]));
  return {
    packages,
    values: {
      summary: narrative?.progressSummary ?? '',
      workPackages: packages.map((wp) => ({ id: wp.id, narrative: byId.get(wp.id) ?? '' })),
    },
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const [state, current] = await Promise.all([sectionState(db, ctx.report.id, 'progress'), currentValues(db, ctx.report.id, ctx.project.id)]);
  return {
    ...pageBasics(ctx),
    // RVO's questions on this section, with an answer form while changes are requested (review feature).
    questions: await loadSectionQuestions(getDb(), ctx.principal, ctx.report.id, 'progress'),
    canEdit: ctx.editable && ctx.may.editShared,
    section: state,
    packages: current.packages,
    values: { ...current.values, version: String(state.version), complete: state.status === 'completed' },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requirePermission(request, 'signed-in');
  const ctx = await loadReportContext(request, params);
  await requirePermission(request, 'update:report:own', { projectId: ctx.project.id });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const parsed = await parseSectionForm(raw, ProgressSchema);
  if (!parsed.ok) return invalidAnswer(raw, parsed.errors);
  const { version, complete, summary, workPackages } = parsed.data;
  const db = getDb();
  // Server-only check: every work package named must be one of this project's.
  const known = new Set((await projectWorkPackages(db, ctx.project.id)).map((wp) => wp.id));
  const errors: Record<string, 'errors.report.unknownItem'> = {};
  workPackages.forEach((wp, i) => {
    if (!known.has(wp.id)) errors[`workPackages.${i}.narrative`] = 'errors.report.unknownItem';
  });
  if (Object.keys(errors).length) return invalidAnswer(raw, errors);

  const outcome = await saveSection(request, ctx, 'progress', { expectedVersion: version, complete }, async (tx) => {
    await tx
      .insert(reportNarratives)
      .values({ reportId: ctx.report.id, progressSummary: summary })
      .onConflictDoUpdate({ target: reportNarratives.reportId, set: { progressSummary: summary } });
    await tx.delete(workPackageProgress).where(eq(workPackageProgress.reportId, ctx.report.id));
    const rows = workPackages.filter((wp) => wp.narrative !== '').map((wp) => ({ reportId: ctx.report.id, projectId: ctx.project.id, workPackageId: wp.id, narrative: wp.narrative }));
    if (rows.length) await tx.insert(workPackageProgress).values(rows);
    return null;
  });
  return saveAnswer(outcome, { ctx, raw, current: async () => (await currentValues(db, ctx.report.id, ctx.project.id)).values });
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => (data ? `${tr.t('report.progress.title')} – ${tr.t('report.title', { year: data.report.year })}` : ''),
};

const FORM_ID = 'progress';

export default function ProgressSection() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<SectionActionResult>();
  const { t } = useT();
  const { project, report, canEdit, packages } = loaderData;
  const defaults = (actionData?.values as typeof loaderData.values | undefined) ?? loaderData.values;
  const { form, errors, onSubmit } = useSectionForm(ProgressSchema, { defaultValues: defaults, serverErrors: actionData?.errors, serverValues: actionData?.values });
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useAutosave(formRef, canEdit, (v) => form.setValue('version', String(v)));
  useErrorTitle(Object.keys(errors).length > 0);
  const order = ['summary', ...packages.map((_, i) => `workPackages.${i}.narrative`)];
  const labelFor = (path: string) => {
    if (path === 'summary') return t('report.progress.summary');
    const i = Number(path.split('.')[1]);
    const wp = packages[i];
    return wp ? t('report.progress.workPackage', { code: wp.code, title: wp.title }) : path;
  };
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.progress.title')} />
      <SectionQuestions data={loaderData.questions} />
      <SectionErrors formId={FORM_ID} errors={errors} order={order} />
      {actionData?.conflict ? <ConflictPanel conflict={actionData.conflict} label={labelFor} /> : null}
      {!canEdit ? <p className="notice">{t('report.form.readOnly')}</p> : null}
      <Form method="post" id={FORM_ID} noValidate onSubmit={onSubmit} onChange={autosave.schedule} ref={formRef} className="form report-form">
        <fieldset disabled={!canEdit} className="plain-fieldset">
          <input type="hidden" {...form.register('version')} />
          <TextAreaField
            formId={FORM_ID}
            label={t('report.progress.summary')}
            hint={`${t('report.progress.summaryHint')} ${t('report.form.charLimit', { max: LIMITS.longText })}`}
            rows={8}
            error={errors.summary}
            {...form.register('summary')}
          />
          {packages.map((wp, i) => (
            <div key={wp.id}>
              <input type="hidden" {...form.register(`workPackages.${i}.id`)} />
              <TextAreaField
                formId={FORM_ID}
                label={t('report.progress.workPackage', { code: wp.code, title: wp.title })}
                error={errors[`workPackages.${i}.narrative`]}
                {...form.register(`workPackages.${i}.narrative`)}
              />
            </div>
          ))}
          <SectionSaveControls formId={FORM_ID} canEdit={canEdit} autosave={autosave} error={errors.complete} complete={form.register('complete')} />
        </fieldset>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
