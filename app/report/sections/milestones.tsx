import { z } from 'zod';
import { checkbox, choice, optionalDate, rows, text, uuid, version } from '#app/components/form/schema';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { formatDate } from '#app/rules/dates';
import { MILESTONE_STATUSES, type MilestoneStatus } from '#app/rules/domain';
import { LIMITS } from '#app/rules/limits';
import { defineSection, type SectionViewProps } from '../section';
import type { MilestonesPart } from '../snapshot';
import { ChangedMark } from './view-parts';

/** Milestones: the status of each of the project's milestones, with dates and explanations. */
export type MilestoneRef = { id: string; code: string; title: string; plannedDate: string; workPackageCode: string | null };

export const MilestonesSchema = z
  .object({
    version,
    complete: checkbox,
    milestones: rows({
          id: uuid(),
          /** Sent along for the browser's check; the server replaces it with the stored date. */
          plannedDate: z.string().default(''),
          status: choice(MILESTONE_STATUSES, 'errors.report.milestones.statusInvalid'),
          achievedDate: optionalDate(),
          forecastDate: optionalDate(),
          explanation: text(LIMITS.mediumText, 'errors.report.text.tooLongMedium'),
        }, LIMITS.rows),
  })
  // Only what contradicts itself is refused here; what is missing (a status, dates, an explanation)
  // is found by the checks (`app/rules/checks.ts`), so a draft always saves.
  .superRefine((value, ctx) => {
    value.milestones.forEach((m, i) => {
      if (m.status !== 'achieved' && m.status !== '' && m.achievedDate) {
        ctx.addIssue({ code: 'custom', path: ['milestones', i, 'achievedDate'], message: 'errors.report.milestones.achievedDateOnlyWhenAchieved' });
      }
    });
  });

const FIELDS = ['status', 'achievedDate', 'forecastDate', 'explanation'] as const;
const FIELD_LABELS = {
  status: 'report.milestones.status',
  achievedDate: 'report.milestones.achievedDate',
  forecastDate: 'report.milestones.forecastDate',
  explanation: 'report.milestones.explanation',
} as const;

export const milestones = defineSection({
  section: 'milestones',
  formId: 'milestones',
  titleKey: 'report.milestones.title',
  schema: () => MilestonesSchema,
  /** Every milestone of the project, with what this report says of it (if anything yet). */
  toValues: (part: MilestonesPart, list: MilestoneRef[]) => {
    const byId = new Map(part.milestones.map((m) => [m.id, m]));
    return {
      milestones: list.map((m) => {
        const u = byId.get(m.id);
        return {
          id: m.id,
          plannedDate: m.plannedDate,
          status: (u?.status ?? '') as '' | MilestoneStatus,
          achievedDate: u?.achievedDate ?? '',
          forecastDate: u?.forecastDate ?? '',
          explanation: u?.explanation ?? '',
        };
      }),
    };
  },
  order: (_values, list) => list.flatMap((_, i) => FIELDS.map((f) => `milestones.${i}.${f}`)),
  label: (path, list, t) => {
    const [, index, field] = path.split('.');
    const m = list[Number(index)];
    const key = FIELD_LABELS[field as keyof typeof FIELD_LABELS] ?? 'report.milestones.explanation';
    return m ? `${m.code}: ${t(key)}` : path;
  },
});

/** As a reviewer reads it: one row per milestone, the status before and now, the date that counts. */
export function MilestonesView({ part, previous }: SectionViewProps<MilestonesPart>) {
  const { t, locale } = useT();
  const date = (value: string | null) => (value ? formatDate(value, locale) : '—');
  const before = new Map(previous?.milestones.map((m) => [m.id, m]));
  const columns = [
    t('report.summary.milestone'),
    ...(previous ? [t('review.view.previousStatus')] : []),
    t('report.milestones.status'),
    t('report.summary.date'),
    t('report.milestones.explanation'),
  ];
  if (part.milestones.length === 0) return <p className="muted">{t('report.milestones.noneReported')}</p>;
  return (
    <DataTable id="view-milestones" caption={t('report.section.milestones')} captionHidden columns={columns}>
      {part.milestones.map((m) => {
        const old = before.get(m.id);
        return (
          <tr key={m.id}>
            <th scope="row">
              {m.code} – {m.title}
              <span className="task-list-meta">{t('report.milestones.planned', { date: date(m.plannedDate) })}</span>
            </th>
            {previous ? <td>{old ? t(`report.milestoneStatus.${old.status}`) : '—'}</td> : null}
            <td>
              {t(`report.milestoneStatus.${m.status}`)}
              {previous && old?.status !== m.status ? <ChangedMark kind={old ? 'changed' : 'added'} /> : null}
            </td>
            <td>{m.status === 'achieved' ? date(m.achievedDate) : date(m.forecastDate)}</td>
            <td className="pre-wrap">{m.explanation}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
