import { z } from 'zod';
import { checkbox, choice, optionalDate, rows, text, version } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { formatDate } from '#app/rules/dates';
import { SPILLOVER_TYPES, type SpilloverType } from '#app/rules/domain';
import { LIMITS } from '#app/rules/limits';
import type { Locale } from '#app/rules/locale';
import { formatNumber, parseWhole } from '#app/rules/numbers';
import { defineSection, type SectionViewProps } from '../section';
import type { SpilloverPart } from '../snapshot';
import { rowLabel, rowOrder } from './view-parts';

/** Spillover and dissemination: events, publications, open source … with date, audience and reach. */
export function isHttpUrl(value: string) {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && /^https?:\/\//.test(value);
  } catch {
    return false;
  }
}

const REACH_MESSAGES = {
  empty: 'errors.report.spillover.reachInvalid',
  negative: 'errors.report.spillover.reachInvalid',
  notWhole: 'errors.report.spillover.reachInvalid',
  tooLarge: 'errors.report.spillover.reachInvalid',
} as const;

export function spilloverSchema(locale: Locale) {
  return z
    .object({
      version,
      complete: checkbox,
      activities: rows({
            type: choice(SPILLOVER_TYPES, 'errors.report.spillover.typeInvalid'),
            title: text(LIMITS.shortText, 'errors.report.text.tooLongShort'),
            activityDate: optionalDate(),
            audience: text(LIMITS.shortText, 'errors.report.text.tooLongShort'),
            reach: z.string({ invalid_type_error: 'errors.report.spillover.reachInvalid' }).trim().default(''),
            url: z.string({ invalid_type_error: 'errors.report.spillover.urlInvalid' }).trim().max(LIMITS.url, 'errors.report.spillover.urlInvalid').default(''),
          }, LIMITS.rows),
    })
    .transform((value, ctx) => {
      const activities: Array<{ type: SpilloverType; title: string; activityDate: string; audience: string; reach: number | null; url: string | null }> = [];
      value.activities.forEach((a, i) => {
        if (!a.type && !a.title && !a.activityDate && !a.audience && !a.reach && !a.url) return;
        let ok = true;
        const issue = (field: string, message: string) => {
          ok = false;
          ctx.addIssue({ code: 'custom', path: ['activities', i, field], message });
        };
        if (!a.type) issue('type', 'errors.report.spillover.typeRequired');
        if (!a.title) issue('title', 'errors.report.spillover.titleRequired');
        if (!a.activityDate) issue('activityDate', 'errors.report.spillover.dateRequired');
        const reach = a.reach ? parseWhole(a.reach, locale, LIMITS.reach, REACH_MESSAGES) : null;
        if (reach && !reach.ok) issue('reach', reach.error);
        if (a.url && !isHttpUrl(a.url)) issue('url', 'errors.report.spillover.urlInvalid');
        if (ok && a.type) {
          activities.push({ type: a.type, title: a.title, activityDate: a.activityDate, audience: a.audience, reach: reach?.ok ? reach.value : null, url: a.url || null });
        }
      });
      return { version: value.version, complete: value.complete, activities };
    });
}

const FIELDS = ['type', 'title', 'activityDate', 'audience', 'reach', 'url'] as const;
export const SPILLOVER_LABELS = {
  type: 'report.spillover.type',
  title: 'report.spillover.activityTitle',
  activityDate: 'report.spillover.date',
  audience: 'report.spillover.audience',
  reach: 'report.spillover.reach',
  url: 'report.spillover.url',
} as const;

export const spillover = defineSection({
  section: 'spillover',
  formId: 'spillover',
  titleKey: 'report.spillover.title',
  schema: (locale) => spilloverSchema(locale),
  toValues: (part: SpilloverPart, _extra: null, locale) => ({
    activities: part.spillover.map((a) => ({
      type: a.type as '' | SpilloverType,
      title: a.title,
      activityDate: a.activityDate,
      audience: a.audience,
      reach: a.reach === null ? '' : formatNumber(a.reach, locale),
      url: a.url ?? '',
    })),
  }),
  rows: { key: 'activities', count: 3, blank: () => ({ type: '', title: '', activityDate: '', audience: '', reach: '', url: '' }) },
  order: (values) => rowOrder('activities', values.activities, FIELDS),
  label: (path, _extra, t) => rowLabel(path, SPILLOVER_LABELS, t),
});

export function SpilloverView({ part }: SectionViewProps<SpilloverPart>) {
  const { t, locale } = useT();
  if (part.spillover.length === 0) return <p>{t('report.spillover.none')}</p>;
  return (
    <DataTable
      id="view-spillover"
      caption={t('report.section.spillover')}
      captionHidden
      columns={[t('report.spillover.activityTitle'), t('report.spillover.type'), t('report.spillover.date'), t('report.spillover.audience'), { label: t('report.spillover.reach'), numeric: true }]}
    >
      {part.spillover.map((a) => (
        <tr key={a.id}>
          <th scope="row">
            {a.url ? (
              <a href={a.url} rel="noopener noreferrer nofollow">
                {a.title}
              </a>
            ) : (
              a.title
            )}
          </th>
          <td>{t(`report.spilloverType.${a.type as SpilloverType}`)}</td>
          <td>{formatDate(a.activityDate, locale)}</td>
          <td>{a.audience || '—'}</td>
          <td className="num">{a.reach === null ? '—' : formatNumber(a.reach, locale)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
