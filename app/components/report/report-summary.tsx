import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { ReportSection } from '#db/schema/reports';
import { useT, type TranslationKey } from '#app/i18n/index';
import type { ReportSnapshot } from '#app/models/report-snapshot.server';
import { CostSummaryTable } from './money-table';
import { formatDate } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';
import { SECTION_SLUGS } from '#app/rules/sections';


/**
 * The whole report, read-only, from a snapshot (attachments link to `attachmentBase/<id>` when given): the check-answers page (with "Wijzig" links when
 * `changeBase` is given) and the view of a submitted revision. Text is rendered as text by React,
 * so script typed into a field shows as typed and never runs.
 */
export function ReportSummary({ snapshot, changeBase, attachmentBase }: { snapshot: ReportSnapshot; changeBase?: string; attachmentBase?: string }) {
  const { t, locale } = useT();
  const heading = (section: ReportSection, children?: ReactNode) => (
    <div className="summary-heading">
      <h2 id={`summary-${section}`}>{t(`report.section.${section}`)}</h2>
      {changeBase ? (
        <Link to={`${changeBase}/${SECTION_SLUGS[section]}`}>
          {t('report.check.change')}
          <span className="visually-hidden"> {t(`report.section.${section}`)}</span>
        </Link>
      ) : null}
      {children}
    </div>
  );
  const text = (value: string) => (value.trim() ? <p className="pre-wrap">{value}</p> : <p className="muted">{t('report.summary.noText')}</p>);
  const date = (value: string | null) => (value ? formatDate(value, locale) : '—');
  return (
    <div className="report-summary">
      <section aria-labelledby="summary-progress">
        {heading('progress')}
        <h3>{t('report.progress.summary')}</h3>
        {text(snapshot.narrative.progressSummary)}
        {snapshot.workPackages.map((wp) => (
          <div key={wp.id}>
            <h3>{t('report.progress.workPackage', { code: wp.code, title: wp.title })}</h3>
            {text(wp.narrative)}
          </div>
        ))}
      </section>

      <section aria-labelledby="summary-milestones">
        {heading('milestones')}
        <div className="table-wrap" role="region" aria-labelledby="summary-milestones" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.summary.milestone')}</th>
                <th scope="col">{t('report.milestones.status')}</th>
                <th scope="col">{t('report.summary.date')}</th>
                <th scope="col">{t('report.milestones.explanation')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.milestones.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    {m.code} – {m.title}
                    <span className="task-list-meta">{t('report.milestones.planned', { date: date(m.plannedDate) })}</span>
                  </th>
                  <td>{t(`report.milestoneStatus.${m.status}`)}</td>
                  <td>{m.status === 'achieved' ? date(m.achievedDate) : date(m.forecastDate)}</td>
                  <td className="pre-wrap">{m.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="summary-costs">
        {heading('costs')}
        <div className="table-wrap" role="region" aria-labelledby="summary-costs" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('report.costs.partner')}</th>
                <th scope="col" className="num">
                  {t('report.costs.budget', { year: snapshot.report.year })}
                </th>
                <th scope="col" className="num">
                  {t('report.costs.actual')}
                </th>
                <th scope="col">{t('report.costs.status')}</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.partners.map((p) => (
                <tr key={p.organisation.id}>
                  <th scope="row">
                    {changeBase ? <Link to={`${changeBase}/kosten/${p.organisation.id}`}>{p.organisation.name}</Link> : p.organisation.name}
                  </th>
                  <td className="num">{formatMoney(p.budgetTotalCents, locale)}</td>
                  <td className="num">{formatMoney(p.totalCents, locale)}</td>
                  <td>
                    {p.signedOffAt && p.signedOffBy
                      ? t('report.costs.signedOff', { name: p.signedOffBy.name, date: formatDate(new Date(p.signedOffAt), locale) })
                      : t('report.costs.notSignedOff')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CostSummaryTable
          id="summary-costs-total"
          caption={t('report.summary.perCategory')}
          year={snapshot.report.year}
          budget={snapshot.totals.budgetCents}
          actual={snapshot.totals.costsCents}
        />
      </section>

      <section aria-labelledby="summary-indicators">
        {heading('indicators')}
        {snapshot.indicators ? (
          <dl className="summary-list">
            <div className="summary-row">
              <dt>{t('report.indicators.fte')}</dt>
              <dd>{new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 }).format(snapshot.indicators.fteTenths / 10)}</dd>
            </div>
            {(['jobsCreated', 'smesInvolved', 'publications', 'openSourceReleases', 'patentApplications', 'standardisationContributions'] as const).map((k) => (
              <div key={k} className="summary-row">
                <dt>{t(`report.indicators.${k}`)}</dt>
                <dd>{snapshot.indicators![k]}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="muted">{t('report.summary.noText')}</p>
        )}
      </section>

      <section aria-labelledby="summary-spillover">
        {heading('spillover')}
        {snapshot.spillover.length === 0 ? (
          <p>{t('report.spillover.none')}</p>
        ) : (
          <ul>
            {snapshot.spillover.map((a) => (
              <li key={a.id}>
                <strong>{a.title}</strong> – {t(`report.spilloverType.${a.type}` as TranslationKey)}, {date(a.activityDate)}
                {a.audience ? `, ${a.audience}` : ''}
                {a.reach !== null ? ` (${a.reach})` : ''}
                {a.url ? (
                  <>
                    {' '}
                    <a href={a.url} rel="noopener noreferrer nofollow">
                      {a.url}
                    </a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="summary-risks">
        {heading('risks')}
        <h3>{t('report.risks.deviations')}</h3>
        {text(snapshot.narrative.deviations)}
        <h3>{t('report.risks.list')}</h3>
        {snapshot.risks.length === 0 ? (
          <p>{t('report.risks.none')}</p>
        ) : (
          <ul>
            {snapshot.risks.map((r) => (
              <li key={r.id}>
                <span className="pre-wrap">{r.description}</span> ({t('report.risks.likelihood')}: {t(`report.riskLevel.${r.likelihood}` as TranslationKey)},{' '}
                {t('report.risks.impact')}: {t(`report.riskLevel.${r.impact}` as TranslationKey)}) – <span className="pre-wrap">{r.mitigation}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="summary-attachments">
        {heading('attachments')}
        {snapshot.attachments.length === 0 ? (
          <p>{t('report.attachments.none')}</p>
        ) : (
          <ul>
            {snapshot.attachments.map((a) => (
              <li key={a.id}>
                {attachmentBase ? (
                  <a href={`${attachmentBase}/${a.id}`} download>
                    {a.filename}
                  </a>
                ) : (
                  a.filename
                )}
                {a.description ? ` – ${a.description}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
