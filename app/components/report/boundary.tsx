import { isRouteErrorResponse, Link, useParams, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { useT } from '#app/i18n/index';
import { refusalMessage } from '#app/components/refusal';

/**
 * Error boundary of the report pages: a refusal (409 not editable, 413 too large, 403 not your part)
 * is explained in words with a way back to the report; anything else reads like the root boundary.
 */
export function ReportErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const { t } = useT();
  const key = refusalMessage(error);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  let title = t('error.server.title');
  // The request id the root loader read (the X-Request-Id of the page): the reference to quote.
  const reference = (useRouteLoaderData('root') as { requestId?: string | null } | undefined)?.requestId ?? '-';
  let body = t('error.server.body', { requestId: reference });
  if (key) {
    title = t('report.refusal.title');
    body = t(key);
  } else if (status === 404) {
    title = t('error.notFound.title');
    body = t('error.notFound.body');
  } else if (status === 403) {
    title = t('error.forbidden.title');
    body = t('error.forbidden.body');
  }
  return (
    <>
      <h1>{title}</h1>
      <p>{body}</p>
      {params.code && params.year && status !== 404 ? (
        <p>
          <Link to={`/projecten/${params.code}/rapporten/${params.year}`}>{t('report.back')}</Link>
        </p>
      ) : (
        <p>
          <Link to="/">{t('error.backHome')}</Link>
        </p>
      )}
    </>
  );
}
