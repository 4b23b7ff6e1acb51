import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { getDb } from '#db/client';
import { isLocale } from '#app/i18n/index';
import { updateOwnLocale } from '#app/models/users.server';
import { getConfig } from '#app/utils/config.server';
import { localeCookie } from '#app/utils/locale.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { safeRedirect } from '#app/rules/redirects';

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  return redirect('/');
}

/** The language switch: a cookie for everyone, and the user's own setting when signed in. */
export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  const form = await request.formData();
  const locale = form.get('locale');
  const to = safeRedirect(form.get('redirectTo'), '/');
  if (!isLocale(locale)) throw new Response(JSON.stringify({ messageKey: 'errors.language.unknown' }), { status: 400, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
  if (principal && principal.user.locale !== locale) await getDb().transaction((tx) => updateOwnLocale(tx, principal, auditActor(request, principal), locale));
  return redirect(to, { headers: { 'Set-Cookie': localeCookie(locale, getConfig().isProduction) } });
}
