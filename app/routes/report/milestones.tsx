import type { PageHandle } from '#app/components/document-title';
import { SelectField, TextAreaField, TextField } from '#app/components/form/field';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { useT } from '#app/i18n/index';
import { sectionTitle } from '#app/report/section-title';
import { SectionPage } from '#app/report/section-page';
import { milestones } from '#app/report/sections/milestones';
import { formatDate } from '#app/rules/dates';
import { MILESTONE_STATUSES } from '#app/rules/domain';

export { loader, action } from '#app/report/sections/milestones.server';

export const handle: PageHandle<{ project: { code: string }; report: { year: number } }> = { title: sectionTitle(milestones.titleKey) };

export default function MilestonesSection() {
  const { t, locale } = useT();
  const statusOptions = MILESTONE_STATUSES.map((s) => ({ value: s, label: t(`report.milestoneStatus.${s}`) }));
  return (
    <SectionPage definition={milestones} intro={<p className="lead">{t('report.milestones.intro')}</p>}>
      {({ extra: list, field, register }) => (
        <>
          {list.length === 0 ? <p>{t('report.milestones.none')}</p> : null}
          {list.map((m, i) => (
            <fieldset key={m.id} className="report-row">
              <legend>
                {m.code} – {m.title}
              </legend>
              <p className="form-hint">
                {m.workPackageCode ? `${m.workPackageCode} · ` : ''}
                {t('report.milestones.planned', { date: formatDate(m.plannedDate, locale) })}
              </p>
              <input type="hidden" {...register(`milestones.${i}.id`)} />
              <input type="hidden" {...register(`milestones.${i}.plannedDate`)} />
              <div className="field-grid">
                <SelectField label={t('report.milestones.status')} options={statusOptions} placeholder={t('report.milestones.chooseStatus')} {...field(`milestones.${i}.status`)} />
                <TextField type="date" label={t('report.milestones.achievedDate')} {...field(`milestones.${i}.achievedDate`)} />
                <TextField type="date" label={t('report.milestones.forecastDate')} {...field(`milestones.${i}.forecastDate`)} />
              </div>
              <TextAreaField label={t('report.milestones.explanation')} rows={3} {...field(`milestones.${i}.explanation`)} />
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
