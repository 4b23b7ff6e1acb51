import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { CheckboxField, type FieldErrors } from '#app/components/form/field';
import { ErrorSummary } from '#app/components/form/error-summary';
import { formToObject, parseForm } from '#app/components/form/parse';
import { useReportFormErrors } from '#app/components/form/title-errors';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { ReportSummary } from '#app/report/report-view';
import { ReportHeader } from '#app/components/report/section-form';
import { useT, type TranslationKey } from '#app/i18n/index';
import { buildReportSnapshot, snapshotHash } from '#app/models/report-snapshot.server';
import { readinessProblems, submitReport, SubmitSchema, type Problem } from '#app/models/report-submit.server';
import { assertEditable, loadReportContext, pageBasics } from '#app/report/context.server';
import { requirePermission } from '#app/utils/permissions.server';
import { reportPath } from '#app/rules/sections';
import { reportPageTitle } from '#app/report/section-title';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const snapshot = await buildReportSnapshot(db, ctx.report.id);
  const problems = ctx.editable ? await readinessProblems(db, snapshot) : [];
  return {
    ...pageBasics(ctx),
    snapshot,
    contentHash: snapshotHash(snapshot),
    reportVersion: ctx.report.version,
    problems,
    canSubmit: ctx.editable && ctx.may.submit,
  };
}

interface CheckActionResult {
  errors?: FieldErrors;
  problems?: Problem[];
  stale?: boolean;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  // Only the penvoerder submits (in a single-partner project its one organisation is penvoerder).
  await requirePermission(request, 'submit:report:own', { projectId: ctx.project.id });
  assertEditable(ctx);
  const raw = formToObject(await request.formData());
  const parsed = await parseForm(raw, SubmitSchema);
  if (!parsed.ok) {
      return data<CheckActionResult>({ errors: parsed.errors }, { status: 400 });
  }
  const outcome = await submitReport(request, ctx, { expectedVersion: parsed.data.version, contentHash: String(raw.contentHash ?? '') });
  if (outcome.kind === 'problems') {
      return data<CheckActionResult>({ problems: outcome.problems }, { status: 400 });
  }
  if (outcome.kind === 'stale') {
      return data<CheckActionResult>({ stale: true, errors: { declaration: 'errors.report.submit.stale' } }, { status: 409 });
  }
  throw redirect(reportPath(ctx.project.code, ctx.report.year, `bevestiging?revisie=${outcome.revision}`));
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = { title: (tr, data) => reportPageTitle(tr, tr.t('report.check.title'), data) };

const FORM_ID = 'submit';

export default function CheckAnswers() {
  const { project, report, snapshot, contentHash, reportVersion, problems: loaderProblems, canSubmit, editable, may } = useLoaderData<typeof loader>();
  const actionData = useActionData<CheckActionResult>();
  const navigation = useNavigation();
  const { t } = useT();
  const errors = actionData?.errors ?? {};
  const problems = actionData?.problems ?? loaderProblems;
  useReportFormErrors(Object.keys(errors).length > 0 || Boolean(actionData?.problems?.length));
  const base = reportPath(project.code, report.year);
  const problemText = (p: Problem) => {
    const params = { ...p.params };
    if (params.section) params.section = t(`report.section.${params.section}` as TranslationKey);
    return t(p.key, params);
  };
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.check.title')} />
      <ErrorSummary formId={FORM_ID} errors={errors} order={['declaration']} />
      {!editable ? <p className="notice">{t('report.check.notEditable')}</p> : null}
      {problems.length > 0 ? (
        <div className="error-summary" role="region" aria-labelledby="problems-title">
          <h2 id="problems-title">{t('report.check.problems')}</h2>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <Link to={`${base}/${p.fix}`}>{problemText(p)}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p className="lead">{t('report.check.intro')}</p>
      <ReportSummary snapshot={snapshot} changeBase={editable ? base : undefined} attachmentBase={`${base}/bijlagen`} />
      {editable ? (
        canSubmit ? (
          <Form method="post" id={FORM_ID} className="form report-form" noValidate>
            <h2>{t('report.check.declarationTitle')}</h2>
            <input type="hidden" name="version" value={reportVersion} />
            <input type="hidden" name="contentHash" value={contentHash} />
            <CheckboxField formId={FORM_ID} name="declaration" label={t('report.check.declaration')} error={errors.declaration} />
            <button type="submit" className="button" disabled={navigation.state === 'submitting' || problems.length > 0}>
              {t('report.check.submit')}
            </button>
          </Form>
        ) : (
          <p className="notice">{may.submit ? t('report.check.notEditable') : t('report.check.onlyPenvoerder')}</p>
        )
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
