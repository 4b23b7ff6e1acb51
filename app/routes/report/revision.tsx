import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '#db/client';
import { reportRevisions, users } from '#db/schema/index';
import { REPORT_SECTIONS, type ReportSection } from '#app/rules/sections';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { flatten } from '#app/components/form/parse';
import { ReportSummary } from '#app/report/report-view';
import { ReportHeader } from '#app/components/report/section-form';
import { useT } from '#app/i18n/index';
import type { ReportSnapshot } from '#app/report/snapshot';
import { snapshotHash } from '#app/models/report-snapshot.server';
import { loadReportContext, pageBasics } from '#app/report/context.server';
import { snapshotFor } from '#app/report/snapshot-access.server';
import { notFound } from '#app/utils/permissions.server';
import { formatDateTime } from '#app/rules/dates';
import { reportPageTitle } from '#app/report/section-title';

/** The part of a snapshot that belongs to each section, for the per-section compare. */
function sectionContent(s: ReportSnapshot, section: ReportSection): unknown {
  switch (section) {
    case 'progress':
      return { summary: s.narrative.progressSummary, workPackages: Object.fromEntries(s.workPackages.map((w) => [w.code, w.narrative])) };
    case 'milestones':
      return Object.fromEntries(s.milestones.map((m) => [m.code, { status: m.status, achievedDate: m.achievedDate, forecastDate: m.forecastDate, explanation: m.explanation }]));
    case 'costs':
      return Object.fromEntries(
        s.partners.map((p) => [
          p.organisation.name,
          { totalsCents: p.totalsCents, totalCents: p.totalCents, lines: p.costLines.map((l) => ({ ...l, id: undefined })), deviationExplanations: p.deviationExplanations },
        ]),
      );
    case 'indicators':
      return s.indicators ?? {};
    case 'spillover':
      return s.spillover.map((a) => ({ ...a, id: undefined }));
    case 'risks':
      return { deviations: s.narrative.deviations, risks: s.risks.map((r) => ({ ...r, id: undefined })) };
    case 'attachments':
      return Object.fromEntries(s.attachments.map((a) => [a.filename, a.sha256]));
  }
}

function diff(a: ReportSnapshot, b: ReportSnapshot) {
  return REPORT_SECTIONS.map((section) => {
    const before = flatten(JSON.parse(JSON.stringify(sectionContent(a, section))));
    const after = flatten(JSON.parse(JSON.stringify(sectionContent(b, section))));
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return { section, changes: keys.filter((k) => (before[k] ?? '') !== (after[k] ?? '')).map((k) => ({ path: k, before: before[k] ?? '', after: after[k] ?? '' })) };
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await loadReportContext(request, params);
  const db = getDb();
  const all = await db
    .select({
      revision: reportRevisions.revision,
      reference: reportRevisions.reference,
      snapshot: reportRevisions.snapshot,
      sha256: reportRevisions.sha256,
      submittedAt: reportRevisions.submittedAt,
      submittedBy: users.name,
    })
    .from(reportRevisions)
    .leftJoin(users, eq(users.id, reportRevisions.submittedBy))
    .where(eq(reportRevisions.reportId, ctx.report.id))
    .orderBy(asc(reportRevisions.revision));
  const current = all.find((r) => String(r.revision) === params.revision);
  if (!current) notFound();
  const compareWith = new URL(request.url).searchParams.get('met');
  const other = compareWith ? all.find((r) => String(r.revision) === compareWith && r.revision !== current.revision) : undefined;
  // The integrity check hashes the stored snapshot; only then is it reduced to what the caller may
  // read (a contributor: no other partner's figures), for display and for the compare alike.
  const hashOk = snapshotHash(current.snapshot) === current.sha256;
  const view = (stored: unknown) => snapshotFor(ctx.principal, stored as ReportSnapshot);
  const snapshot = view(current.snapshot);
  return {
    ...pageBasics(ctx),
    revision: {
      revision: current.revision,
      reference: current.reference,
      sha256: current.sha256,
      hashOk,
      submittedAt: current.submittedAt.toISOString(),
      submittedBy: current.submittedBy ?? '',
    },
    snapshot,
    others: all.filter((r) => r.revision !== current.revision).map((r) => r.revision),
    compare: other
      ? {
          revision: other.revision,
          // Older first, whichever was asked for first.
          sections: other.revision < current.revision ? diff(view(other.snapshot), snapshot) : diff(snapshot, view(other.snapshot)),
          older: Math.min(other.revision, current.revision),
          newer: Math.max(other.revision, current.revision),
        }
      : null,
  };
}

export const handle: PageHandle<Awaited<ReturnType<typeof loader>>> = {
  title: (tr, data) => reportPageTitle(tr, tr.t('report.revision.title', { revision: data?.revision.revision ?? '', year: data?.report.year ?? '' }), data),
};

export default function RevisionView() {
  const { project, report, revision, snapshot, others, compare } = useLoaderData<typeof loader>();
  const { t, locale } = useT();
  return (
    <>
      <ReportHeader project={project} report={report} title={t('report.revision.title', { revision: revision.revision, year: report.year })} />
      <dl className="summary-list">
        <dt>{t('report.revision.reference')}</dt>
        <dd>
          <strong className="reference">{revision.reference}</strong>
        </dd>
        <dt>{t('report.confirmation.hash')}</dt>
        <dd>
          <code className="hash">{revision.sha256}</code>
          <br />
          {revision.hashOk ? t('report.revision.hashOk') : <strong className="form-error">{t('report.revision.hashBad')}</strong>}
        </dd>
      </dl>
      <p>{t('report.revision.submitted', { date: formatDateTime(new Date(revision.submittedAt), locale), name: revision.submittedBy })}</p>
      {others.length > 0 ? (
        <Form method="get" className="form inline-form">
          <label htmlFor="compare-with" className="form-label">
            {t('report.revision.compare')}
          </label>
          <select id="compare-with" name="met" className="form-input form-select" defaultValue={compare ? String(compare.revision) : String(others[0])}>
            {others.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-secondary">
            {t('report.revision.compareSubmit')}
          </button>
        </Form>
      ) : null}
      {compare ? (
        <section aria-labelledby="compare-title" className="compare">
          <h2 id="compare-title">{t('report.revision.compareTitle', { a: compare.older, b: compare.newer })}</h2>
          {compare.sections.map((s) => (
            <div key={s.section}>
              <h3 id={`compare-${s.section}`}>{t(`report.section.${s.section}`)}</h3>
              {s.changes.length === 0 ? (
                <p className="muted">{t('report.revision.noChanges')}</p>
              ) : (
                <div className="table-wrap" role="region" aria-labelledby={`compare-${s.section}`} tabIndex={0}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('report.revision.field')}</th>
                        <th scope="col">{t('report.revision.title', { revision: compare.older, year: report.year })}</th>
                        <th scope="col">{t('report.revision.title', { revision: compare.newer, year: report.year })}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.changes.map((c) => (
                        <tr key={c.path}>
                          <th scope="row">
                            <code>{c.path}</code>
                          </th>
                          <td className="pre-wrap">{c.before}</td>
                          <td className="pre-wrap">{c.after}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          ))}
        </section>
      ) : null}
      <ReportSummary snapshot={snapshot} attachmentBase={`/projecten/${project.code}/rapporten/${report.year}/bijlagen`} />
    </>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
