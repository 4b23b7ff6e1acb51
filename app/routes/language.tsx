import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { getDb } from '#db/client';
import { users } from '#db/schema/index';
import { isLocale } from '#app/i18n/index';
import { getConfig } from '#app/utils/config.server';
import { localeCookie } from '#app/utils/locale.server';
import { requirePermission } from '#app/utils/permissions.server';
import { auditActor } from '#app/utils/request.server';
import { appendAudit } from '#app/models/audit.server';
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
  if (!isLocale(locale)) throw new Response('Unknown language', { status: 400 });
  if (principal && principal.user.locale !== locale) {
    await getDb().transaction(async (tx) => {
      await tx.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, principal.user.id));
      await appendAudit(
        tx,
        auditActor(request, principal),
        { action: 'user.locale_changed', entityType: 'user', entityId: principal.user.id, details: { locale } },
      );
    });
  }
  return redirect(to, { headers: { 'Set-Cookie': localeCookie(locale, getConfig().isProduction) } });
}
