import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { CheckboxField, type FieldErrors } from '#app/components/form/field';
import { ErrorSummary } from '#app/components/form/error-summary';
import { formToObject, parseForm } from '#app/components/form/parse';
import { useReportFormErrors } from '#app/components/form/title-errors';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { ReportSummary } from '#app/report/report-view';
import { ReportHeader } from '#app/components/report/section-form';
import { useT } from '#app/i18n/index';
import { buildReportSnapshot, snapshotHash } from '#app/models/report-snapshot.server';
import { submitReport, SubmitSchema } from '#app/models/report-submit.server';
import { reportFindings } from '#app/report/checks.server';
import { FindingsList } from '#app/components/report/findings';
import { isBlocking, type Finding } from '#app/rules/checks';
import { assertEditable, loadReportContext, pageBasics } from '#app/report/context.server';
import { snapshotFor, visibleFindings } from '#app/report/snapshot-access.server';
import { requirePermission } from '#app/utils/permissions.server';
import { reportPath } from '#app/rules/sections';
import { reportPageTitle } from '#app/report/section-title';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const snapshot = await buildReportSnapshot(db, ctx.report.id);
  // Every finding of the rule set, warnings included: blocking ones refuse the submission.
  const findings = ctx.editable ? await reportFindings(db, ctx.report.id, snapshot) : [];
  const canSubmit = ctx.editable && ctx.may.submit;
  return {
    ...pageBasics(ctx),
    // The checks and the hash read the whole report; what is shown is what the caller may read (a
    // contributor: its own part's figures and findings, not the other partners').
    snapshot: snapshotFor(ctx.principal, snapshot),
    // Only the submission form needs the hash of the whole content.
    contentHash: canSubmit ? snapshotHash(snapshot) : '',
    reportVersion: ctx.report.version,
    findings: visibleFindings(ctx.principal, ctx.project.id, findings),
    canSubmit,
  };
}

interface CheckActionResult {
  errors?: FieldErrors;
  /** The blocking findings that refused the submission. */
  findings?: Finding[];
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
  if (outcome.kind === 'refused') {
    return data<CheckActionResult>({ findings: outcome.findings }, { status: 400 });
  }
  if (outcome.kind === 'stale') {
      return data<CheckActionResult>({ stale: true, errors: { declaration: 'errors.report.submit.stale' } }, { status: 409 });
  }
  throw redirect(reportPath(ctx.project.code, ctx.report.year, `bevestiging?revisie=${outcome.revision}`));
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = { title: (tr, data) => reportPageTitle(tr, tr.t('report.check.title'), data) };

const FORM_ID = 'submit';

export default function CheckAnswers() {
  const { project, report, snapshot, contentHash, reportVersion, findings: loaderFindings, canSubmit, editable, may } = useLoaderData<typeof loader>();
  const actionData = useActionData<CheckActionResult>();
  const navigation = useNavigation();
  const { t } = useT();
  const errors = actionData?.errors ?? {};
  const refused = actionData?.findings;
  const blocking = loaderFindings.filter(isBlocking);
  useReportFormErrors(Object.keys(errors).length > 0 || Boolean(refused?.length));
  const base = reportPath(project.code, report.year);
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.check.title')} />
      <ErrorSummary formId={FORM_ID} errors={errors} order={['declaration']} />
      {!editable ? <p className="notice">{t('report.check.notEditable')}</p> : null}
      {refused?.length ? (
        <FindingsList id="refused" findings={refused} reportBase={base} refused={t('checks.submitRefused')} />
      ) : (
        <FindingsList
          findings={loaderFindings}
          reportBase={base}
          title={blocking.length ? t('report.check.problems') : t('checks.title')}
          intro={t('checks.intro')}
        />
      )}
      <p className="lead">{t('report.check.intro')}</p>
      <ReportSummary snapshot={snapshot} changeBase={editable ? base : undefined} attachmentBase={`${base}/bijlagen`} />
      {editable ? (
        canSubmit ? (
          <Form method="post" id={FORM_ID} className="form report-form" noValidate>
            <h2>{t('report.check.declarationTitle')}</h2>
            <input type="hidden" name="version" value={reportVersion} />
            <input type="hidden" name="contentHash" value={contentHash} />
            <CheckboxField formId={FORM_ID} name="declaration" label={t('report.check.declaration')} error={errors.declaration} />
            <button type="submit" className="button" disabled={navigation.state === 'submitting' || blocking.length > 0}>
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
