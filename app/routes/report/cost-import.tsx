import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { PageHandle } from '#app/components/document-title';
import { ErrorSummary } from '#app/components/form/error-summary';
import { TextField } from '#app/components/form/field';
import { useReportFormErrors } from '#app/components/form/title-errors';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { ReportHeader } from '#app/components/report/section-form';
import { useT } from '#app/i18n/index';
import { reportPageTitle } from '#app/report/section-title';
import type { CostImportActionResult, loader } from '#app/report/sections/cost-import.server';

export { loader, action } from '#app/report/sections/cost-import.server';

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => reportPageTitle(tr, tr.t('costImport.title', { name: data?.partner.name ?? '' }), data),
};

const FORM_ID = 'cost-import';

export default function CostImport() {
  const { project, report, canEdit, partner, lineCount, partPath, templatePath, maxLines, version } = useLoaderData<typeof loader>();
  const actionData = useActionData<CostImportActionResult>();
  const navigation = useNavigation();
  const { t } = useT();
  const errors = actionData?.errors ?? {};
  const issues = actionData?.issues ?? [];
  useReportFormErrors(Object.keys(errors).length > 0);
  return (
    <>
      <p>
        <Link to={partPath} className="back-link">
          {t('costImport.back', { name: partner.name })}
        </Link>
      </p>
      <ReportHeader project={project} report={report} title={t('costImport.title', { name: partner.name })} back={false} />
      <ErrorSummary formId={FORM_ID} errors={errors} order={['file', 'version']} />
      {issues.length ? (
        <div className="admin-row-errors" role="region" aria-labelledby={`${FORM_ID}-issues-title`} tabIndex={0}>
          <h2 id={`${FORM_ID}-issues-title`}>{t('costImport.issuesTitle')}</h2>
          <ul>
            {issues.map((issue, i) => (
              <li key={i}>
                {issue.row !== null && issue.column
                  ? t('costImport.rowError', { row: issue.row, column: t(issue.column), message: t(issue.key, issue.params) })
                  : t(issue.key, issue.params)}
              </li>
            ))}
          </ul>
          {actionData?.more ? <p>{t('costImport.more', { count: actionData.more })}</p> : null}
        </div>
      ) : null}
      <p className="lead">{t('costImport.intro')}</p>
      <p>
        <a href={templatePath} download>
          {t('costImport.template')}
        </a>
      </p>
      <p>{t('costImport.templateHint')}</p>
      {canEdit ? (
        <Form method="post" encType="multipart/form-data" id={FORM_ID} className="form report-form">
          <input type="hidden" name="version" value={actionData?.values?.version ?? version} />
          <p className="notice notice-error">
            <strong>{t('costImport.warningTitle')}</strong> {t('costImport.warning', { count: lineCount })}
          </p>
          <TextField formId={FORM_ID} name="file" type="file" label={t('costImport.file')} hint={t('costImport.fileHint', { max: maxLines })} accept=".xlsx,.csv" error={errors.file} />
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('costImport.submit')}
          </button>
        </Form>
      ) : (
        <p className="notice">{t('report.form.readOnly')}</p>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
