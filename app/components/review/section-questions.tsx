import { useLocation, useSearchParams } from '@remix-run/react';
import type { ReportStatus } from '#app/rules/domain';
import type { ReportSection } from '#app/rules/sections';
import { useT } from '#app/i18n/index';
import { Threads, type CommentFormErrors, type ThreadData, type ThreadPermissions } from './threads';

/**
 * RVO's questions on one section of a report, shown on the project's own section page, with an
 * answer form for the partners while the report is back with them. The data comes from
 * `loadSectionQuestions` (app/models/review.server.ts) in the page's loader; answers are posted to
 * /vragen/:reportId, which checks the rules again and returns to this page.
 */
export type SectionQuestionsData = {
  reportId: string;
  section: ReportSection | null;
  status: ReportStatus;
  threads: readonly ThreadData[];
  permissions: ThreadPermissions;
} | null;

export function SectionQuestions({ data, formErrors }: { data: SectionQuestionsData; formErrors?: CommentFormErrors | null }) {
  const { t } = useT();
  const location = useLocation();
  const [params] = useSearchParams();
  if (!data || data.threads.length === 0) return null;
  const titleId = `questions-${data.section ?? 'all'}`;
  return (
    <section className="section-questions" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('review.threads.partnersTitle')}</h2>
      {params.get('melding') === 'geplaatst' ? (
        <p className="notice" role="status">
          {t('review.threads.saved')}
        </p>
      ) : null}
      <p>{data.status === 'changes_requested' ? t('review.threads.partnersIntro') : t('review.threads.partnersClosed')}</p>
      <Threads
        threads={data.threads}
        section={data.section}
        permissions={data.permissions}
        formErrors={formErrors}
        action={`/vragen/${data.reportId}`}
        hidden={{ redirectTo: location.pathname }}
      />
    </section>
  );
}
