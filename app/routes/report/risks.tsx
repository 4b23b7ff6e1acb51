import type { PageHandle } from '#app/components/document-title';
import { SelectField, TextAreaField } from '#app/components/form/field';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { useT } from '#app/i18n/index';
import { sectionTitle } from '#app/report/section-title';
import { SectionPage } from '#app/report/section-page';
import { risks } from '#app/report/sections/risks';
import { RowsHint } from '#app/report/sections/view-parts';
import { RISK_LEVELS } from '#app/rules/domain';
import { LIMITS } from '#app/rules/limits';

export { loader, action } from '#app/report/sections/risks.server';

export const handle: PageHandle<{ project: { code: string }; report: { year: number } }> = { title: sectionTitle(risks.titleKey) };

export default function RisksSection() {
  const { t } = useT();
  const levels = RISK_LEVELS.map((l) => ({ value: l, label: t(`report.riskLevel.${l}`) }));
  return (
    <SectionPage definition={risks}>
      {({ values, field, canEdit }) => (
        <>
          <TextAreaField
            label={t('report.risks.deviations')}
            hint={`${t('report.risks.deviationsHint')} ${t('report.form.charLimit', { max: LIMITS.longText })}`}
            rows={6}
            {...field('deviations')}
          />
          <h2>{t('report.risks.list')}</h2>
          <RowsHint canEdit={canEdit} />
          {values.risks.map((_, i) => (
            <fieldset key={i} className="report-row">
              <legend>{t('report.form.row', { n: i + 1 })}</legend>
              <TextAreaField label={t('report.risks.description')} rows={2} {...field(`risks.${i}.description`)} />
              <div className="field-grid">
                <SelectField label={t('report.risks.likelihood')} options={levels} placeholder={t('report.risks.chooseLevel')} {...field(`risks.${i}.likelihood`)} />
                <SelectField label={t('report.risks.impact')} options={levels} placeholder={t('report.risks.chooseLevel')} {...field(`risks.${i}.impact`)} />
              </div>
              <TextAreaField label={t('report.risks.mitigation')} rows={2} {...field(`risks.${i}.mitigation`)} />
            </fieldset>
          ))}
        </>
      )}
    </SectionPage>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
