import type { ReportStatus } from '#db/schema/reports';
import { useT } from '#app/i18n/index';

/** A report's status as a tag; the words carry the meaning, colour only supports it. */
export function ReportStatusTag({ status, overdue }: { status: ReportStatus; overdue?: boolean }) {
  const { t } = useT();
  return (
    <>
      <span className={`tag tag-${status}`}>{t(`reportStatus.${status}`)}</span>
      {overdue ? (
        <>
          {' '}
          <span className="tag tag-overdue">{t('project.overdue')}</span>
        </>
      ) : null}
    </>
  );
}
