import { Fragment } from 'react';
import { isTranslationKey, useT, type Translator, type TranslationKey } from '#app/i18n/index';
import { formatDate, formatDateTime } from '#app/rules/dates';
import { formatMoney } from '#app/rules/numbers';

export interface SectionRow {
  key: string;
  path: string[];
  value: string;
  kind: 'text' | 'money' | 'date' | 'datetime' | 'bool' | 'number' | 'fte' | 'empty';
  state?: 'same' | 'changed' | 'added';
  previous?: string;
}

/** Field names of the snapshot with a translation; anything else is shown as it is. */
const FIELD_LABELS: Partial<Record<string, TranslationKey>> = {
  narrative: 'review.field.narrative',
  progressSummary: 'review.field.progressSummary',
  deviations: 'review.field.deviations',
  workPackages: 'review.field.workPackages',
  milestones: 'review.section.milestones',
  partners: 'review.field.partners',
  totals: 'review.field.totals',
  title: 'review.field.title',
  code: 'review.field.code',
  status: 'review.field.status',
  plannedDate: 'review.field.plannedDate',
  achievedDate: 'review.field.achievedDate',
  forecastDate: 'review.field.forecastDate',
  explanation: 'review.field.explanation',
  workPackageCode: 'review.field.workPackageCode',
  organisation: 'review.field.organisation',
  name: 'review.field.name',
  kvkNumber: 'review.field.kvkNumber',
  isLead: 'review.field.isLead',
  grantedCents: 'review.field.grantedCents',
  costMethod: 'review.field.costMethod',
  hourlyRateCents: 'review.field.hourlyRateCents',
  budgetCents: 'review.field.budgetCents',
  budgetTotalCents: 'review.field.budgetTotalCents',
  costLines: 'review.field.costLines',
  category: 'review.field.category',
  description: 'review.field.description',
  hours: 'review.field.hours',
  amountCents: 'review.field.amountCents',
  totalsCents: 'review.field.totalsCents',
  totalCents: 'review.field.totalCents',
  costsCents: 'review.field.totalsCents',
  costTotalCents: 'review.field.totalCents',
  deviationExplanations: 'review.field.deviationExplanations',
  signedOffAt: 'review.field.signedOffAt',
  signedOffBy: 'review.field.signedOffBy',
  indicators: 'review.section.indicators',
  fteTenths: 'review.field.fte',
  jobsCreated: 'review.field.jobsCreated',
  smesInvolved: 'review.field.smesInvolved',
  publications: 'review.field.publications',
  openSourceReleases: 'review.field.openSourceReleases',
  patentApplications: 'review.field.patentApplications',
  standardisationContributions: 'review.field.standardisationContributions',
  spillover: 'review.section.spillover',
  type: 'review.field.type',
  activityDate: 'review.field.activityDate',
  audience: 'review.field.audience',
  reach: 'review.field.reach',
  url: 'review.field.url',
  risks: 'review.section.risks',
  likelihood: 'review.field.likelihood',
  impact: 'review.field.impact',
  mitigation: 'review.field.mitigation',
  attachments: 'review.section.attachments',
  filename: 'review.field.filename',
  contentType: 'review.field.contentType',
  sizeBytes: 'review.field.sizeBytes',
  personnel: 'review.field.personnel',
  equipment: 'review.field.equipment',
  materials: 'review.field.materials',
  third_party: 'review.field.third_party',
  other: 'review.field.other',
};

export function fieldLabel(tr: Translator, segment: string) {
  const key = FIELD_LABELS[segment];
  return key ? tr.t(key) : segment;
}

/** Coded values (a milestone's status, a cost category …) in words, where the portal has them. */
const VALUE_PREFIXES: Partial<Record<string, string>> = {
  status: 'report.milestoneStatus.',
  type: 'report.spilloverType.',
  likelihood: 'report.riskLevel.',
  impact: 'report.riskLevel.',
  category: 'report.costs.category.',
  costMethod: 'costMethod.',
};

export function formatValue(tr: Translator, row: { value: string; kind: SectionRow['kind']; path?: string[] }, value = row.value): string {
  if (value === '') return '—';
  const prefix = VALUE_PREFIXES[row.path?.[row.path.length - 1] ?? ''];
  if (row.kind === 'text' && prefix) {
    const key = `${prefix}${value}`;
    if (isTranslationKey(key)) return tr.t(key);
  }
  switch (row.kind) {
    case 'money':
      return formatMoney(Number(value), tr.locale);
    case 'date':
      return formatDate(value, tr.locale);
    case 'datetime':
      return formatDateTime(new Date(value), tr.locale);
    case 'bool':
      return value === 'true' ? tr.t('review.report.yes') : tr.t('review.report.no');
    case 'fte':
      return new Intl.NumberFormat(tr.locale === 'nl' ? 'nl-NL' : 'en-GB', {
        minimumFractionDigits: 1,
      }).format(Number(value) / 10);
    case 'number':
      return new Intl.NumberFormat(tr.locale === 'nl' ? 'nl-NL' : 'en-GB').format(Number(value));
    default:
      return value;
  }
}

const shorten = (text: string) => (text.length > 70 ? `${text.slice(0, 67)}…` : text);

function groupOf(tr: Translator, row: SectionRow): string {
  return row.path
    .slice(0, -1)
    .map((segment) => shorten(fieldLabel(tr, segment)))
    .join(' › ');
}

/** One section of a submitted revision as a table, with what changed since the previous one marked (in words, not only colour). */
export function SectionContent({
  id,
  rows,
  removed,
  compared,
}: {
  id: string;
  rows: readonly SectionRow[];
  removed: readonly SectionRow[];
  compared: boolean;
}) {
  const tr = useT();
  const { t } = tr;
  if (rows.length === 0 && removed.length === 0) return <p className="muted">{t('review.report.emptySection')}</p>;
  return (
    <div className="table-wrap" role="region" aria-labelledby={id} tabIndex={0}>
      <table className="snapshot-table">
        <thead>
          <tr>
            <th scope="col">{t('review.report.field')}</th>
            <th scope="col">{t('review.report.value')}</th>
            {compared ? <th scope="col">{t('review.report.previous')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            // Rows of one item (a partner, a cost line, a milestone) under one heading row.
            const group = groupOf(tr, row);
            const previousGroup = i > 0 ? groupOf(tr, rows[i - 1]!) : '';
            return (
              <Fragment key={row.key}>
                {group && group !== previousGroup ? (
                  <tr className="snapshot-group">
                    <th scope="colgroup" colSpan={compared ? 3 : 2}>
                      {group}
                    </th>
                  </tr>
                ) : null}
                <tr className={row.state && row.state !== 'same' ? `diff-${row.state}` : undefined}>
                  <th scope="row">{fieldLabel(tr, row.path[row.path.length - 1] ?? '')}</th>
                  <td className="snapshot-value">
                    {row.state === 'changed' || row.state === 'added' ? (
                      <>
                        <span className="diff-label">
                          {row.state === 'changed' ? t('review.report.changed') : t('review.report.added')}
                        </span>{' '}
                        <mark>{formatValue(tr, row)}</mark>
                      </>
                    ) : (
                      formatValue(tr, row)
                    )}
                  </td>
                  {compared ? (
                    <td className="muted">{row.state === 'changed' ? <del>{formatValue(tr, row, row.previous ?? '')}</del> : ''}</td>
                  ) : null}
                </tr>
              </Fragment>
            );
          })}
          {removed.map((row) => (
            <tr key={`removed-${row.key}`} className="diff-removed">
              <th scope="row">{row.path.map((segment) => fieldLabel(tr, segment)).join(' › ')}</th>
              <td>
                <span className="diff-label">{t('review.report.removed')}</span>
              </td>
              {compared ? (
                <td>
                  <del>{formatValue(tr, row)}</del>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
