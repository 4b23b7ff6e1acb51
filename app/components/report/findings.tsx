import { Link } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { fieldId } from '#app/components/form/field';
import { useT, type TranslationKey } from '#app/i18n/index';
import { attachments } from '#app/report/sections/attachments';
import { indicators } from '#app/report/sections/indicators';
import { milestones } from '#app/report/sections/milestones';
import { progress } from '#app/report/sections/progress';
import { risks } from '#app/report/sections/risks';
import { spillover } from '#app/report/sections/spillover';
import { findingPath, isBlocking, type Finding } from '#app/rules/checks';
import { formatHours, formatMoney, formatShare } from '#app/rules/numbers';
import type { ReportSection } from '#app/rules/sections';

/** The form id of each section's page (field ids are `<formId>-<field>`), for links to a field. */
const FORM_IDS: Record<ReportSection, string> = {
  progress: progress.formId,
  milestones: milestones.formId,
  costs: 'costs',
  indicators: indicators.formId,
  spillover: spillover.formId,
  risks: risks.formId,
  attachments: attachments.formId,
};

/** A finding in words, its parameters written in the page's language. */
export function useFindingText() {
  const { t, locale } = useT();
  return (f: Finding) => {
    const p = f.params;
    const params: Record<string, string | number> = {};
    if (p.partner !== undefined) params.partner = p.partner;
    if (p.code !== undefined) params.code = p.code;
    if (p.line !== undefined) params.line = p.line;
    if (p.employeeRef !== undefined) params.employeeRef = p.employeeRef;
    if (p.section) params.section = t(`report.section.${p.section}` as TranslationKey);
    if (p.category) params.category = t(`report.costs.category.${p.category}` as TranslationKey);
    if (p.share !== undefined) params.share = Number.isFinite(p.share) ? formatShare(p.share, locale) : t('report.costs.noBudget');
    if (p.hours !== undefined) params.hours = formatHours(p.hours, locale);
    if (p.ceiling !== undefined) params.ceiling = formatHours(p.ceiling, locale);
    if (p.projects) params.projects = p.projects.map((x) => `${x.code} ${formatHours(x.hours, locale)}`).join(', ');
    if (p.paidCents !== undefined) params.paid = formatMoney(p.paidCents, locale);
    if (p.earnedCents !== undefined) params.earned = formatMoney(p.earnedCents, locale);
    return t(f.message as TranslationKey, params);
  };
}

/** Where a finding is fixed: the field on its section's page (on this page when `samePage`). */
export function findingHref(f: Finding, reportBase: string, samePage = false) {
  const anchor = f.field ? `#${fieldId(FORM_IDS[f.section], f.field)}` : '';
  return samePage ? anchor || '#' : `${reportBase}/${findingPath(f)}${anchor}`;
}

/**
 * The checks' findings as a list: blocking ones first, each with its severity in words (not only
 * colour) and a link to the field. `refused` makes it the error summary of a refused sign-off or
 * submission (role alert, takes focus); otherwise it is a plain region the user can read at leisure.
 */
export function FindingsList({
  findings,
  reportBase,
  samePage = false,
  refused,
  title,
  intro,
  id = 'findings',
}: {
  findings: readonly Finding[];
  reportBase?: string;
  samePage?: boolean;
  /** The title of a refusal ("Dit deel is niet afgetekend"): the list becomes an error summary. */
  refused?: string;
  title?: string;
  intro?: string;
  id?: string;
}) {
  const { t, tn } = useT();
  const text = useFindingText();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (refused) ref.current?.focus();
  }, [refused]);
  if (findings.length === 0) return null;
  const sorted = [...findings.filter(isBlocking), ...findings.filter((f) => !isBlocking(f))];
  const blocking = sorted.filter(isBlocking).length;
  const warnings = sorted.length - blocking;
  const item = (f: Finding, i: number) => (
    <li key={i} className={`finding finding-${f.severity}`}>
      <span className="finding-severity">{t(f.severity === 'blocking' ? 'checks.blocking' : 'checks.warning')}: </span>
      {reportBase !== undefined || samePage ? (
        samePage ? (
          <a
            href={findingHref(f, reportBase ?? '', true)}
            onClick={(event) => {
              // As the error summary does: the field itself takes focus (a fragment only scrolls).
              const target = document.getElementById(findingHref(f, '', true).slice(1));
              if (target) {
                event.preventDefault();
                target.focus();
                target.scrollIntoView({ block: 'center' });
              }
            }}
          >
            {text(f)}
          </a>
        ) : (
          <Link to={findingHref(f, reportBase ?? '')}>{text(f)}</Link>
        )
      ) : (
        text(f)
      )}
    </li>
  );
  return (
    <div
      className={refused ? 'error-summary findings' : 'findings'}
      role={refused ? 'alert' : 'region'}
      aria-labelledby={`${id}-title`}
      tabIndex={refused ? -1 : undefined}
      ref={ref}
    >
      <h2 id={`${id}-title`}>{refused ?? title ?? t('checks.title')}</h2>
      {intro ? <p className="form-hint">{intro}</p> : null}
      <p className="finding-counts">
        {[blocking ? t('checks.blockingCount', { count: blocking }) : null, warnings ? tn('checks.warningCount', warnings) : null].filter(Boolean).join(' · ')}
      </p>
      <ul>{sorted.map(item)}</ul>
    </div>
  );
}
