import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDatabase } from '#db/client';
import { requirePermission } from '#app/utils/permissions.server';

/** Liveness and database state, for monitoring. Tells nothing about the data. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  const up = await getDatabase().ping(2000);
  return Response.json(
    { status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down' },
    { status: up ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
