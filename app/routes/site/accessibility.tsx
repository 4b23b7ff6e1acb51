import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { PageHandle } from '#app/components/document-title';
import { useT } from '#app/i18n/index';
import { readA11yResults } from '#app/models/accessibility-results.server';
import { requirePermission } from '#app/utils/permissions.server';
import { formatDate, formatDateTime } from '#app/rules/dates';
import { formatNumber } from '#app/rules/numbers';

/** The day this statement (its text and status) was last drawn up. */
const STATEMENT_DATE = '2026-11-22';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  return { results: readA11yResults(), statementDate: STATEMENT_DATE };
}

export const handle: PageHandle = { title: (tr) => tr.t('legal.a11y.title') };

export default function AccessibilityStatement() {
  const { results, statementDate } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  return (
    <article className="prose">
      <h1>{t('legal.a11y.title')}</h1>
      <p className="lead">{t('legal.a11y.intro')}</p>

      <h2>{t('legal.a11y.commitment.title')}</h2>
      <p>{t('legal.a11y.commitment.body')}</p>

      <h2>{t('legal.a11y.scope.title')}</h2>
      <p>{t('legal.a11y.scope.body')}</p>

      <h2>{t('legal.a11y.status.title')}</h2>
      <dl className="summary-list">
        <dt>{t('legal.a11y.status.label')}</dt>
        <dd>
          <strong>{t('legal.a11y.status.value')}</strong>
        </dd>
      </dl>
      <p>{t('legal.a11y.status.body')}</p>

      <h2>{t('legal.a11y.tests.title')}</h2>
      <p>{t('legal.a11y.tests.body')}</p>
      <ul>
        <li>{t('legal.a11y.tests.keyboard')}</li>
        <li>{t('legal.a11y.tests.errors')}</li>
        <li>{t('legal.a11y.tests.reflow')}</li>
        <li>{t('legal.a11y.tests.nojs')}</li>
        <li>{t('legal.a11y.tests.language')}</li>
      </ul>

      <h2>{t('legal.a11y.results.title')}</h2>
      {results ? (
        <dl className="summary-list" data-testid="a11y-results">
          <dt>{t('legal.a11y.results.date')}</dt>
          <dd>{formatDateTime(new Date(results.testedAt), locale)}</dd>
          <dt>{t('legal.a11y.results.pages')}</dt>
          <dd>{formatNumber(results.pagesChecked, locale)}</dd>
          <dt>{t('legal.a11y.results.violations')}</dt>
          <dd>{formatNumber(results.violations, locale)}</dd>
          <dt>{t('legal.a11y.results.wcag22')}</dt>
          <dd>{formatNumber(results.wcag22Findings, locale)}</dd>
        </dl>
      ) : (
        <p>{t('legal.a11y.results.none')}</p>
      )}

      <h2>{t('legal.a11y.issues.title')}</h2>
      <ul>
        <li>{t('legal.a11y.issues.audit')}</li>
        <li>{t('legal.a11y.issues.attachments')}</li>
        <li>{t('legal.a11y.issues.wcag22')}</li>
      </ul>

      <h2>{t('legal.a11y.contact.title')}</h2>
      <p>{t('legal.a11y.contact.body')}</p>

      <h2>{t('legal.a11y.date.title')}</h2>
      <p>{t('legal.a11y.date.body', { date: formatDate(statementDate, locale) })}</p>
    </article>
  );
}
