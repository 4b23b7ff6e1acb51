import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { getDb } from '#db/client';
import type { PageHandle } from '#app/components/document-title';
import { parseForm } from '#app/components/form/index';
import { Outcome } from '#app/components/status';
import { oneOf, uuid } from '#app/components/form/schema';
import { useT, type Params, type TranslationKey } from '#app/i18n/index';
import { listNotifications, markRead } from '#app/models/notifications.server';
import { appendAudit } from '#app/models/audit.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { formatDate, formatDateTime } from '#app/rules/dates';

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  const items = await listNotifications(getDb(), principal.user.id);
  return {
    items,
    unread: items.filter((n) => n.readAt === null).length,
    markedAll: new URL(request.url).searchParams.get('gelezen') === 'alles',
  };
}

const UNKNOWN: TranslationKey = 'errors.notifications.unknown';
/** "read-all", or "read" with the id of one notification. */
const MarkSchema = z
  .object({ intent: oneOf(['read-all', 'read'], UNKNOWN), id: uuid(UNKNOWN).optional() })
  .refine((form) => form.intent === 'read-all' || form.id !== undefined, { message: UNKNOWN, path: ['id'] });

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  const parsed = await parseForm(await request.formData(), MarkSchema);
  if (!parsed.ok) return data({ error: UNKNOWN }, { status: 400 });
  const form = parsed.data;
  const ids = form.intent === 'read' && form.id ? [form.id] : undefined;
  // Only the user's own notifications are touched: the user id is in the WHERE.
  await getDb().transaction(async (tx) => {
    const changed = await markRead(tx, principal.user.id, ids);
    if (changed > 0) {
      await appendAudit(tx, auditActor(request, principal), {
        action: 'notifications.read',
        entityType: 'notification',
        entityId: ids?.[0] ?? null,
        details: { count: changed },
      });
    }
  });
  throw redirect(form.intent === 'read-all' ? '/meldingen?gelezen=alles' : '/meldingen');
}

export const handle: PageHandle = {
  title: (tr) => tr.t('review.notifications.title'),
};

export default function Notifications() {
  const { items, unread, markedAll } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, tn, locale } = useT();
  const busy = navigation.state === 'submitting';
  return (
    <>
      <h1>{t('review.notifications.title')}</h1>
      <Outcome>{markedAll ? t('review.notifications.markedAll') : null}</Outcome>
      <Outcome kind="refused">{actionData?.error ? t(actionData.error) : null}</Outcome>
      <p>{items.length === 0 ? t('review.notifications.none') : tn('review.notifications.unread', unread)}</p>
      {unread > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="button button-secondary" disabled={busy}>
            {t('review.notifications.markAllRead')}
          </button>
        </Form>
      ) : null}
      {items.length > 0 ? (
        <ul className="notification-list">
          {items.map((item) => {
            const params: Params = { ...item.params };
            if (typeof params.dueDate === 'string') params.dueDate = formatDate(params.dueDate, locale);
            const text = t(`review.notification.${item.kind}` as TranslationKey, params);
            return (
              <li key={item.id} className={item.readAt ? 'notification' : 'notification notification-unread'}>
                <p>
                  {item.readAt ? null : <span className="tag tag-submitted">{t('review.notifications.unreadTag')}</span>} {text}
                </p>
                <p className="muted">{formatDateTime(new Date(item.createdAt), locale)}</p>
                <div className="button-row">
                  {item.link ? (
                    <Link to={item.link} aria-label={`${t('review.notifications.open')}: ${text}`}>
                      {t('review.notifications.open')}
                    </Link>
                  ) : null}
                  {item.readAt ? null : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="read" />
                      <input type="hidden" name="id" value={item.id} />
                      <button type="submit" className="link-button" disabled={busy} aria-label={`${t('review.notifications.markRead')}: ${text}`}>
                        {t('review.notifications.markRead')}
                      </button>
                    </Form>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}
