import { Form } from '@remix-run/react';
import { useT } from '#app/i18n/index';

/** "Oppakken" for an unassigned report, "Teruggeven" for one assigned to me; nothing otherwise. */
export function ClaimButtons({
  reportId,
  reportName,
  assignedToMe,
  unassigned,
  busy,
  action,
}: {
  reportId: string;
  reportName: string;
  assignedToMe: boolean;
  unassigned: boolean;
  busy: boolean;
  /** Where to post (defaults to the current route). */
  action?: string;
}) {
  const { t } = useT();
  if (!assignedToMe && !unassigned) return null;
  const intent = unassigned ? 'claim' : 'release';
  const label = unassigned ? t('review.claim.button') : t('review.claim.release');
  return (
    <Form method="post" action={action} className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="reportId" value={reportId} />
      <button type="submit" className="button button-secondary button-small" disabled={busy} aria-label={`${label}: ${reportName}`}>
        {label}
      </button>
    </Form>
  );
}
