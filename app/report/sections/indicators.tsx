import { z } from 'zod';
import { checkbox, count, tenths, version } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { COUNT_INDICATORS, INDICATOR_FIELDS, type IndicatorField } from '#app/rules/domain';
import { LIMITS } from '#app/rules/limits';
import type { Locale } from '#app/rules/locale';
import { formatNumber, formatTenths, formatTenthsInput } from '#app/rules/numbers';
import { defineSection, type SectionViewProps } from '../section';
import type { IndicatorsPart } from '../snapshot';

/** Indicators: FTE (one decimal) and whole counts, in the page's language. */
const COUNT_MESSAGES = {
  empty: 'errors.report.indicators.required',
  negative: 'errors.report.indicators.negative',
  notWhole: 'errors.report.indicators.whole',
  tooLarge: 'errors.report.indicators.tooLarge',
};

export function indicatorsSchema(locale: Locale) {
  const whole = () => count(locale, LIMITS.count, COUNT_MESSAGES);
  return z.object({
    version,
    complete: checkbox,
    fte: tenths(locale, LIMITS.fteTenths, {
      empty: 'errors.report.indicators.fteRequired',
      negative: 'errors.report.indicators.negative',
      format: 'errors.report.indicators.fteFormat',
      tooLarge: 'errors.report.indicators.tooLarge',
    }),
    ...(Object.fromEntries(COUNT_INDICATORS.map((k) => [k, whole()])) as Record<(typeof COUNT_INDICATORS)[number], ReturnType<typeof whole>>),
  });
}

export const indicators = defineSection({
  section: 'indicators',
  formId: 'indicators',
  titleKey: 'report.indicators.title',
  schema: (locale) => indicatorsSchema(locale),
  toValues: (part: IndicatorsPart, _extra: null, locale) => {
    const row = part.indicators;
    return {
      fte: row ? formatTenthsInput(row.fteTenths, locale) : '',
      ...(Object.fromEntries(COUNT_INDICATORS.map((k) => [k, row ? String(row[k]) : ''])) as Record<(typeof COUNT_INDICATORS)[number], string>),
    };
  },
  order: () => [...INDICATOR_FIELDS],
  label: (path, _extra, t) => t(`report.indicators.${path as IndicatorField}`),
});

export function IndicatorsView({ part, previous }: SectionViewProps<IndicatorsPart>) {
  const { t, locale } = useT();
  const now = part.indicators;
  if (!now) return <p className="muted">{t('report.summary.noText')}</p>;
  const before = previous?.indicators ?? null;
  const show = (k: IndicatorField, v: NonNullable<IndicatorsPart['indicators']>) => (k === 'fte' ? formatTenths(v.fteTenths, locale) : formatNumber(v[k], locale));
  const value = (k: IndicatorField, v: NonNullable<IndicatorsPart['indicators']>) => (k === 'fte' ? v.fteTenths : v[k]);
  return (
    <dl className="summary-list">
      {INDICATOR_FIELDS.map((k) => (
        <div key={k} className="summary-row">
          <dt>{t(`report.indicators.${k}`)}</dt>
          <dd>
            {show(k, now)}
            {before && value(k, before) !== value(k, now) ? <span className="muted"> ({t('review.view.was', { value: show(k, before) })})</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
