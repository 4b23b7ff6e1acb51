import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { OUTBOX_STATUSES } from '#db/schema/index';
import { useT, type TranslationKey } from '#app/i18n/index';
import { appendAudit } from '#app/models/audit.server';
import { getQueueOverview, retryJob, retryMail } from '#app/models/jobs.server';
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
    counts: overview.counts,
    mails: overview.mails.map((m) => ({ ...m, messageId: messageIdFor(m.id), bodyText: smtp ? null : m.bodyText })),
    jobs: overview.jobs,
    retried: done === 'mail' ? ('review.mailbox.retried' as const) : done === 'taak' ? ('review.mailbox.jobRetried' as const) : null,
  };
}

const RetrySchema = z.object({ intent: z.enum(['retry-mail', 'retry-job']), id: z.string().uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'manage:programme:any');
  const parsed = RetrySchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: 'review.mailbox.notRetryable' as TranslationKey }, { status: 400 });
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
  const navigation = useNavigation();
  const { t, locale } = useT();
  const busy = navigation.state === 'submitting';
  const when = (value: string | Date | null) => (value ? formatDateTime(new Date(value), locale) : '—');
  return (
    <>
      <h1>{t('review.mailbox.title')}</h1>
      <p className="notice">{smtp ? t('review.mailbox.smtp') : t('review.mailbox.demo')}</p>
      {retried ? (
        <p className="notice" role="status">
          {t(retried)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="notice notice-error" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}

      <h2 id="mail-counts-title">{t('review.mailbox.counts')}</h2>
      <ul className="status-counts" aria-labelledby="mail-counts-title">
        {OUTBOX_STATUSES.map((status) => (
          <li key={status} className="status-count">
            <span className="status-count-number">{counts[status]}</span> <span>{t(`review.mailbox.status.${status}`)}</span>
          </li>
        ))}
      </ul>

      <h2 id="outbox-title">{t('review.mailbox.outbox')}</h2>
      {mails.length === 0 ? (
        <p>{t('review.mailbox.none')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="outbox-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('review.mailbox.table.subject')}</th>
                <th scope="col">{t('review.mailbox.table.to')}</th>
                <th scope="col">{t('review.mailbox.table.status')}</th>
                <th scope="col" className="num">
                  {t('review.mailbox.table.attempts')}
                </th>
                <th scope="col">{t('review.mailbox.table.created')}</th>
                <th scope="col">{t('review.mailbox.table.sent')}</th>
                <th scope="col">{t('review.mailbox.table.error')}</th>
                <th scope="col">{t('review.mailbox.table.actions')}</th>
              </tr>
            </thead>
            <tbody>
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
                  <td>
                    {mail.status === 'failed' ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="retry-mail" />
                        <input type="hidden" name="id" value={mail.id} />
                        <button type="submit" className="button button-secondary button-small" disabled={busy} aria-label={t('review.mailbox.retryFor', { subject: mail.subject })}>
                          {t('review.mailbox.retry')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="jobs-title">{t('review.mailbox.jobs')}</h2>
      {jobs.length === 0 ? (
        <p>{t('review.mailbox.noJobs')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="jobs-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('review.mailbox.table.key')}</th>
                <th scope="col">{t('review.mailbox.table.kind')}</th>
                <th scope="col">{t('review.mailbox.table.status')}</th>
                <th scope="col" className="num">
                  {t('review.mailbox.table.attempts')}
                </th>
                <th scope="col">{t('review.mailbox.table.runAt')}</th>
                <th scope="col">{t('review.mailbox.table.error')}</th>
                <th scope="col">{t('review.mailbox.table.actions')}</th>
              </tr>
            </thead>
            <tbody>
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
                  <td>
                    {job.status === 'failed' ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="retry-job" />
                        <input type="hidden" name="id" value={job.id} />
                        <button type="submit" className="button button-secondary button-small" disabled={busy} aria-label={t('review.mailbox.retryFor', { subject: job.uniqueKey ?? job.kind })}>
                          {t('review.mailbox.retry')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
