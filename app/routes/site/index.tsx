import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { requirePermission } from '#app/utils/permissions.server';

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePermission(request, 'public');
  return redirect(principal ? '/programma' : '/inloggen');
}
