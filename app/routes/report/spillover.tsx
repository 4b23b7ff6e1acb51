import type { PageHandle } from '#app/components/document-title';
import { SelectField, TextField } from '#app/components/form/field';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { useT } from '#app/i18n/index';
import { sectionTitle } from '#app/report/section-title';
import { SectionPage } from '#app/report/section-page';
import { spillover } from '#app/report/sections/spillover';
import { RowsHint } from '#app/report/sections/view-parts';
import { SPILLOVER_TYPES } from '#app/rules/domain';

export { loader, action } from '#app/report/sections/spillover.server';

export const handle: PageHandle<{ project: { code: string }; report: { year: number } }> = { title: sectionTitle(spillover.titleKey) };

export default function SpilloverSection() {
  const { t } = useT();
  const typeOptions = SPILLOVER_TYPES.map((s) => ({ value: s, label: t(`report.spilloverType.${s}`) }));
  return (
    <SectionPage definition={spillover}>
      {({ values, field, canEdit }) => (
        <>
          {values.activities.length === 0 ? <p>{t('report.spillover.none')}</p> : null}
          <RowsHint canEdit={canEdit} />
          {values.activities.map((_, i) => (
            <fieldset key={i} className="report-row">
              <legend>{t('report.form.row', { n: i + 1 })}</legend>
              <div className="field-grid">
                <SelectField label={t('report.spillover.type')} options={typeOptions} placeholder={t('report.spillover.chooseType')} {...field(`activities.${i}.type`)} />
                <TextField label={t('report.spillover.activityTitle')} {...field(`activities.${i}.title`)} />
                <TextField type="date" label={t('report.spillover.date')} {...field(`activities.${i}.activityDate`)} />
                <TextField label={t('report.spillover.audience')} {...field(`activities.${i}.audience`)} />
                <TextField label={t('report.spillover.reach')} inputMode="numeric" className="input-short" {...field(`activities.${i}.reach`)} />
                <TextField type="url" label={t('report.spillover.url')} {...field(`activities.${i}.url`)} />
              </div>
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
