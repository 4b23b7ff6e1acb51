import { TextAreaField } from '#app/components/form/field';
import type { PageHandle } from '#app/components/document-title';
import { ReportErrorBoundary } from '#app/components/report/boundary';
import { useT } from '#app/i18n/index';
import { sectionTitle } from '#app/report/section-title';
import { SectionPage } from '#app/report/section-page';
import { progress } from '#app/report/sections/progress';
import { LIMITS } from '#app/rules/limits';

export { loader, action } from '#app/report/sections/progress.server';

export const handle: PageHandle<{ project: { code: string }; report: { year: number } }> = { title: sectionTitle(progress.titleKey) };

export default function ProgressSection() {
  const { t } = useT();
  return (
    <SectionPage definition={progress}>
      {({ extra, field, register }) => (
        <>
          <TextAreaField
            label={t('report.progress.summary')}
            hint={`${t('report.progress.summaryHint')} ${t('report.form.charLimit', { max: LIMITS.longText })}`}
            rows={8}
            {...field('summary')}
          />
          {extra.map((wp, i) => (
            <div key={wp.id}>
              <input type="hidden" {...register(`workPackages.${i}.id`)} />
              <TextAreaField label={t('report.progress.workPackage', { code: wp.code, title: wp.title })} {...field(`workPackages.${i}.narrative`)} />
            </div>
          ))}
        </>
      )}
    </SectionPage>
  );
}

export function ErrorBoundary() {
  return <ReportErrorBoundary />;
}
