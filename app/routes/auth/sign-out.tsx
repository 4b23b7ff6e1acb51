import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { getDb } from '#db/client';
import { appendAudit } from '#app/models/audit.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { clearSessionCookie, deleteSession, readSessionToken } from '#app/utils/session.server';

// Signing out changes state, so it is a POST only; a GET just goes home.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  const token = readSessionToken(request);
  if (token) await deleteSession(token);
  if (principal) {
    await getDb().transaction((tx) =>
      appendAudit(
        tx,
        auditActor(request, principal),
        { action: 'auth.signed_out', entityType: 'user', entityId: principal.user.id },
      ),
    );
  }
  return redirect('/inloggen?uitgelogd=1', { headers: { 'Set-Cookie': clearSessionCookie() } });
}
