import type { PageHandle } from '#app/components/document-title';
import { TextField } from '#app/components/form/field';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { useT } from '#app/i18n/index';
import { sectionTitle } from '#app/report/section-title';
import { SectionPage } from '#app/report/section-page';
import { indicators } from '#app/report/sections/indicators';
import { INDICATOR_FIELDS } from '#app/rules/domain';

export { loader, action } from '#app/report/sections/indicators.server';

export const handle: PageHandle<{ project: { code: string }; report: { year: number } }> = { title: sectionTitle(indicators.titleKey) };

export default function IndicatorsSection() {
  const { t } = useT();
  return (
    <SectionPage definition={indicators}>
      {({ field }) =>
        INDICATOR_FIELDS.map((name) => (
          <TextField
            key={name}
            label={t(`report.indicators.${name}`)}
            hint={name === 'fte' ? t('report.indicators.fteHint') : undefined}
            inputMode={name === 'fte' ? 'decimal' : 'numeric'}
            className="input-short"
            {...field(name)}
          />
        ))
      }
    </SectionPage>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
