import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { and, eq } from 'drizzle-orm';
import { getDb } from '#db/client';
import { reportRevisions } from '#db/schema/index';
import type { PageHandle } from '#app/components/document-title';
import { reportPageTitle } from '#app/report/section-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { useT } from '#app/i18n/index';
import { loadReportContext, pageBasics } from '#app/report/context.server';
import { notFound } from '#app/utils/permissions.server';
import { reportPath } from '#app/rules/sections';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const asked = Number(new URL(request.url).searchParams.get('revisie') ?? ctx.report.currentRevision);
  if (!Number.isSafeInteger(asked) || asked < 1) notFound();
  const [revision] = await getDb()
    .select({ revision: reportRevisions.revision, reference: reportRevisions.reference, sha256: reportRevisions.sha256 })
    .from(reportRevisions)
    .where(and(eq(reportRevisions.reportId, ctx.report.id), eq(reportRevisions.revision, asked)));
  if (!revision) notFound();
  return { ...pageBasics(ctx), revision, late: ctx.report.submittedLate };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => reportPageTitle(tr, tr.t('report.confirmation.title'), data),
};

export default function Confirmation() {
  const { project, report, revision, late } = useLoaderData<typeof loader>();
  const { t } = useT();
  const base = reportPath(project.code, report.year);
  return (
    <>
      <div className="panel-confirmation">
        <h1>{t('report.confirmation.title')}</h1>
        <p>
          {t('report.confirmation.reference')}
          <br />
          <strong className="reference">{revision.reference}</strong>
        </p>
      </div>
      <p>{t('report.confirmation.body')}</p>
      {late ? <p className="notice">{t('report.confirmation.late')}</p> : null}
      <dl className="summary-list">
        <dt>{t('report.confirmation.hash')}</dt>
        <dd>
          <code className="hash">{revision.sha256}</code>
        </dd>
      </dl>
      <p>
        <Link to={`${base}/revisies/${revision.revision}`}>{t('report.revision.title', { revision: revision.revision, year: report.year })}</Link>
      </p>
      <p>
        <Link to={base}>{t('report.back')}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
