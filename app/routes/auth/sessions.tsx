import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { SubmitButton } from '#app/components/admin/shared';
import type { PageHandle } from '#app/components/document-title';
import { parseForm } from '#app/components/form/index';
import { DataTable } from '#app/components/table';
import { useT } from '#app/i18n/index';
import { appendAudit } from '#app/models/audit.server';
import { getDb } from '#db/client';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { endAllSessions, endSession, listSessions } from '#app/utils/session.server';
import { formatDateTime } from '#app/rules/dates';

/** A session's reference on this page: a prefix of its id hash (never the token, never the full hash). */
function sessionRef(idHash: string) {
  return idHash.slice(0, 16);
}

/** A short, readable description of a browser from its User-Agent header. */
export function describeUserAgent(ua: string | null): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (!browser && !os) return ua.slice(0, 60);
  return [browser, os].filter(Boolean).join(' · ');
}

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  const rows = await listSessions(getDb(), principal.user.id);
  return {
    sessions: rows.map((row) => ({
      ref: sessionRef(row.idHash),
      current: row.idHash === principal.session.idHash,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      ipAddress: row.ipAddress,
      device: describeUserAgent(row.userAgent),
    })),
  };
}

const UNKNOWN = 'errors.security.sessions.unknown';
const Schema = z.discriminatedUnion(
  'intent',
  [z.object({ intent: z.literal('end'), ref: z.string({ required_error: UNKNOWN, invalid_type_error: UNKNOWN }).regex(/^[0-9a-f]{16}$/, UNKNOWN) }), z.object({ intent: z.literal('endOthers') })],
  { errorMap: () => ({ message: UNKNOWN }) },
);

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'signed-in');
  const parsed = await parseForm(await request.formData(), Schema);
  // Only a tampered form gets here (the page's buttons always send a valid one): the error page says so.
  if (!parsed.ok) throw new Response(JSON.stringify({ messageKey: 'errors.form.invalidValue' }), { status: 400, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  const userId = principal.user.id;
  const own = principal.session.idHash;
  const db = getDb();
  if (parsed.data.intent === 'endOthers') {
    const count = await db.transaction(async (tx) => {
      const ended = await endAllSessions(tx, userId, own);
      await appendAudit(tx, auditActor(request, principal), { action: 'auth.other_sessions_ended', entityType: 'user', entityId: userId, details: { count: ended } });
      return ended;
    });
    return { ok: true as const, endedOthers: count };
  }
  const ref = parsed.data.ref;
  // The current session is ended by signing out, not here.
  const target = (await listSessions(db, userId)).find((s) => sessionRef(s.idHash) === ref && s.idHash !== own);
  if (!target) return data({ ok: false as const, error: 'notFound' as const }, { status: 404 });
  await db.transaction(async (tx) => {
    await endSession(tx, userId, target.idHash);
    await appendAudit(tx, auditActor(request, principal), { action: 'auth.session_ended', entityType: 'user', entityId: userId, details: { startedAt: target.createdAt.toISOString() } });
  });
  return { ok: true as const, endedOne: true };
}

export const handle: PageHandle = { title: (tr) => tr.t('security.sessions.title') };

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, tn, locale } = useT();
  const others = sessions.filter((s) => !s.current);
  return (
    <>
      <h1>{t('security.sessions.title')}</h1>
      {result && 'endedOthers' in result && result.endedOthers !== undefined ? (
        <p className="notice" role="status">
          {tn('security.sessions.endedOthers', result.endedOthers)}
        </p>
      ) : null}
      {result && 'endedOne' in result ? (
        <p className="notice" role="status">
          {t('security.sessions.endedOne')}
        </p>
      ) : null}
      {result && !result.ok ? (
        <p className="notice" role="alert">
          {t('security.sessions.notFound')}
        </p>
      ) : null}
      <p className="lead">{t('security.sessions.intro')}</p>
      <DataTable
        id="sessions"
        caption={t('security.sessions.caption')}
        columns={[t('security.sessions.started'), t('security.sessions.lastSeen'), t('security.sessions.ends'), t('security.sessions.device'), t('security.sessions.address'), t('security.sessions.actions')]}
      >
        {sessions.map((s) => (
          <tr key={s.ref}>
            <th scope="row">{formatDateTime(new Date(s.createdAt), locale)}</th>
            <td>{formatDateTime(new Date(s.lastSeenAt), locale)}</td>
            <td>{formatDateTime(new Date(s.expiresAt), locale)}</td>
            <td>{s.device ?? t('security.sessions.unknownDevice')}</td>
            <td>{s.ipAddress ?? '–'}</td>
            <td>
              {s.current ? (
                <strong>{t('security.sessions.current')}</strong>
              ) : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="end" />
                  <input type="hidden" name="ref" value={s.ref} />
                  <button type="submit" className="link-button" aria-label={t('security.sessions.endLabel', { date: formatDateTime(new Date(s.createdAt), locale) })}>
                    {t('security.sessions.end')}
                  </button>
                </Form>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      {others.length > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="endOthers" />
          <SubmitButton>{t('security.sessions.endOthers')}</SubmitButton>
        </Form>
      ) : (
        <p>{t('security.sessions.none')}</p>
      )}
      <p>
        <Link to="/account/tweestaps">{t('security.sessions.mfaLink')}</Link>
      </p>
    </>
  );
}
