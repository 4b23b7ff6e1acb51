import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { requirePermission } from '#app/utils/permissions.server';
import { touchSession } from '#app/utils/session.server';

/**
 * POST /sessie/verlengen: "stay signed in" from the session-timeout warning (WCAG 2.2.1). Restarts
 * the 30-minute idle timer; the 12-hour absolute limit stays. 401 when the session has already ended.
 */
export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  if (!principal) return data({ ok: false as const }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  const { idleExpiresAt } = await touchSession(principal.session.idHash);
  const endsAt = new Date(Math.min(idleExpiresAt.getTime(), principal.session.expiresAt.getTime()));
  return data({ ok: true as const, endsAt: endsAt.toISOString() }, { headers: { 'Cache-Control': 'no-store' } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  return redirect('/');
}
