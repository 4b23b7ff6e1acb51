import type { ReactNode } from 'react';
import { useT } from '#app/i18n/index';
import type { ReportStatus } from '#app/rules/domain';

/**
 * A report's status as a tag; the words carry the meaning, colour only supports it. `overdue` comes
 * from the one late rule (app/rules/deadlines.ts: `isOverdue`, `lateness(…) === 'overdue'`).
 */
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

/**
 * The outcome of what the user just did, read out without moving focus (WCAG 4.1.3): a
 * confirmation as a status message, a refusal as an alert. Nothing when there is nothing to say.
 */
export function Outcome({ kind = 'done', children }: { kind?: 'done' | 'refused'; children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return kind === 'refused' ? (
    <p className="notice notice-error" role="alert">
      {children}
    </p>
  ) : (
    <p className="notice" role="status">
      {children}
    </p>
  );
}
