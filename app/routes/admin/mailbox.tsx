import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import { OUTBOX_STATUSES } from '#db/schema/index';
import type { PageHandle } from '#app/components/document-title';
import { parseForm } from '#app/components/form/index';
import { oneOf, uuid } from '#app/components/form/schema';
import { Outcome } from '#app/components/status';
import { DataTable } from '#app/components/table';
import { useT, type TranslationKey } from '#app/i18n/index';
import { appendAudit } from '#app/models/audit.server';
import { getQueueOverview, retryJob, retryMail } from '#app/models/jobs/queue.server';
import { messageIdFor } from '#app/models/mail.server';
import { getConfig } from '#app/utils/config.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { formatDateTime } from '#app/rules/dates';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'manage:programme:any');
  const overview = await getQueueOverview(getDb());
  const smtp = Boolean(getConfig().SMTP_URL);
  const done = new URL(request.url).searchParams.get('opnieuw');
  return {
    smtp,
    counts: OUTBOX_STATUSES.map((status) => ({ status, count: overview.counts[status] })),
    mails: overview.mails.map((m) => ({ ...m, messageId: messageIdFor(m.id), bodyText: smtp ? null : m.bodyText })),
    jobs: overview.jobs,
    retried: done === 'mail' ? ('review.mailbox.retried' as const) : done === 'taak' ? ('review.mailbox.jobRetried' as const) : null,
  };
}

const RetrySchema = z.object({ intent: oneOf(['retry-mail', 'retry-job'], 'review.mailbox.notRetryable'), id: uuid('review.mailbox.notRetryable') });

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const parsed = await parseForm(await request.formData(), RetrySchema);
  if (!parsed.ok) return data({ error: 'review.mailbox.notRetryable' as TranslationKey }, { status: 400 });
  const { intent, id } = parsed.data;
  const ok = await getDb().transaction(async (tx) => {
    const changed = intent === 'retry-mail' ? await retryMail(tx, id) : await retryJob(tx, id);
    if (changed) {
      await appendAudit(tx, auditActor(request, principal), {
        action: intent === 'retry-mail' ? 'outbox.retry' : 'job.retry',
        entityType: intent === 'retry-mail' ? 'email_outbox' : 'job',
        entityId: id,
      });
    }
    return changed;
  });
  // Only a failed message or job can be put back; anything else is a conflict with its state.
  if (!ok) return data({ error: 'review.mailbox.notRetryable' as TranslationKey }, { status: 409 });
  throw redirect(`/beheer/mail?opnieuw=${intent === 'retry-mail' ? 'mail' : 'taak'}`);
}

export const handle: PageHandle = {
  title: (tr) => tr.t('review.mailbox.title'),
};

export default function Mailbox() {
  const { smtp, counts, mails, jobs, retried } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useT();
  const when = (value: string | Date | null) => (value ? formatDateTime(new Date(value), locale) : '—');
  const status = t('review.mailbox.table.status');
  const attempts = { label: t('review.mailbox.table.attempts'), numeric: true };
  const error = t('review.mailbox.table.error');
  const actions = t('review.mailbox.table.actions');
  return (
    <>
      <h1>{t('review.mailbox.title')}</h1>
      <p className="notice">{smtp ? t('review.mailbox.smtp') : t('review.mailbox.demo')}</p>
      <Outcome>{retried ? t(retried) : null}</Outcome>
      <Outcome kind="refused">{actionData?.error ? t(actionData.error) : null}</Outcome>

      <h2 id="mail-counts-title">{t('review.mailbox.counts')}</h2>
      <ul className="status-counts" aria-labelledby="mail-counts-title">
        {counts.map(({ status, count }) => (
          <li key={status} className="status-count">
            <span className="status-count-number">{count}</span> <span>{t(`review.mailbox.status.${status}`)}</span>
          </li>
        ))}
      </ul>

      <h2 id="outbox-title">{t('review.mailbox.outbox')}</h2>
      {mails.length === 0 ? (
        <p>{t('review.mailbox.none')}</p>
      ) : (
        <DataTable
          id="outbox"
          labelledBy="outbox-title"
          columns={[t('review.mailbox.table.subject'), t('review.mailbox.table.to'), status, attempts, t('review.mailbox.table.created'), t('review.mailbox.table.sent'), error, actions]}
        >
          {mails.map((mail) => (
            <tr key={mail.id}>
              <th scope="row">
                {mail.bodyText !== null ? (
                  <details>
                    <summary lang={mail.locale}>{mail.subject}</summary>
                    <pre className="mail-body" lang={mail.locale}>
                      {mail.bodyText}
                    </pre>
                    <p className="muted">{t('review.mailbox.messageId', { id: mail.messageId })}</p>
                  </details>
                ) : (
                  <span lang={mail.locale}>{mail.subject}</span>
                )}
              </th>
              <td>{mail.toAddress}</td>
              <td>
                <span className={`tag tag-mail-${mail.status}`}>{t(`review.mailbox.status.${mail.status}`)}</span>
                {mail.status === 'queued' && mail.attempts > 0 ? ` (${t('review.mailbox.table.next')}: ${when(mail.nextAttemptAt)})` : ''}
              </td>
              <td className="num">{mail.attempts}</td>
              <td>{when(mail.createdAt)}</td>
              <td>{when(mail.sentAt)}</td>
              <td>{mail.lastError ?? '—'}</td>
              <td>{mail.status === 'failed' ? <RetryButton intent="retry-mail" id={mail.id} subject={mail.subject} /> : null}</td>
            </tr>
          ))}
        </DataTable>
      )}

      <h2 id="jobs-title">{t('review.mailbox.jobs')}</h2>
      {jobs.length === 0 ? (
        <p>{t('review.mailbox.noJobs')}</p>
      ) : (
        <DataTable
          id="jobs"
          labelledBy="jobs-title"
          columns={[t('review.mailbox.table.key'), t('review.mailbox.table.kind'), status, attempts, t('review.mailbox.table.runAt'), error, actions]}
        >
          {jobs.map((job) => (
            <tr key={job.id}>
              <th scope="row">{job.uniqueKey ?? job.id}</th>
              <td>{job.kind}</td>
              <td>{t(`review.mailbox.status.${job.status}`)}</td>
              <td className="num">
                {job.attempts} / {job.maxAttempts}
              </td>
              <td>{when(job.runAt)}</td>
              <td>{job.lastError ?? '—'}</td>
              <td>{job.status === 'failed' ? <RetryButton intent="retry-job" id={job.id} subject={job.uniqueKey ?? job.kind} /> : null}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

/** Puts one failed message or job back in the queue: a one-button form that works without JavaScript. */
function RetryButton({ intent, id, subject }: { intent: 'retry-mail' | 'retry-job'; id: string; subject: string }) {
  const navigation = useNavigation();
  const { t } = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button button-secondary button-small" disabled={navigation.state === 'submitting'} aria-label={t('review.mailbox.retryFor', { subject })}>
        {t('review.mailbox.retry')}
      </button>
    </Form>
  );
}
