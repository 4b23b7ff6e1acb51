import type { SectionStatus } from '#db/schema/reports';
import { useT } from '#app/i18n/index';

/** A section's status in words ("Niet gestart / Bezig / Klaar / Kan nog niet starten"). */
export function SectionStatusTag({ status }: { status: SectionStatus | 'cannotStart' }) {
  const { t } = useT();
  return <strong className={`tag tag-section-${status}`}>{t(`report.sectionStatus.${status}`)}</strong>;
}
