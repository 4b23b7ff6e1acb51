import { z } from 'zod';
import { checkbox, rows, text, uuid, version } from '#app/components/form/schema';
import { useT } from '#app/i18n/index';
import { LIMITS } from '#app/rules/limits';
import { defineSection, type SectionViewProps } from '../section';
import type { ProgressPart } from '../snapshot';
import { ChangedMark, SectionText } from './view-parts';

/** Progress: a summary of the year and a narrative per work package. */
export type WorkPackageRef = { id: string; code: string; title: string };

/** Malformed input only (too long): what is missing is found by the checks (`app/rules/checks.ts`). */
export const ProgressSchema = z.object({
  version,
  complete: checkbox,
  summary: text(LIMITS.longText, 'errors.report.text.tooLongLong'),
  workPackages: rows({ id: uuid(), narrative: text(LIMITS.longText, 'errors.report.text.tooLongLong') }, LIMITS.rows),
});

export const progress = defineSection({
  section: 'progress',
  formId: 'progress',
  titleKey: 'report.progress.title',
  schema: () => ProgressSchema,
  toValues: (part: ProgressPart) => ({
    summary: part.narrative.progressSummary,
    workPackages: part.workPackages.map((wp) => ({ id: wp.id, narrative: wp.narrative })),
  }),
  order: (_values, packages: WorkPackageRef[]) => ['summary', ...packages.map((_, i) => `workPackages.${i}.narrative`)],
  label: (path, packages, t) => {
    if (path === 'summary') return t('report.progress.summary');
    const wp = packages[Number(path.split('.')[1])];
    return wp ? t('report.progress.workPackage', { code: wp.code, title: wp.title }) : path;
  },
});

export function ProgressView({ part, previous }: SectionViewProps<ProgressPart>) {
  const { t } = useT();
  const before = new Map(previous?.workPackages.map((wp) => [wp.id, wp.narrative]));
  return (
    <>
      <h3>
        {t('report.progress.summary')}
        {previous && previous.narrative.progressSummary !== part.narrative.progressSummary ? <ChangedMark /> : null}
      </h3>
      <SectionText value={part.narrative.progressSummary} />
      {part.workPackages.map((wp) => (
        <div key={wp.id}>
          <h3>
            {t('report.progress.workPackage', { code: wp.code, title: wp.title })}
            {previous && (before.get(wp.id) ?? '') !== wp.narrative ? <ChangedMark /> : null}
          </h3>
          <SectionText value={wp.narrative} />
        </div>
      ))}
    </>
  );
}
