import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDatabase } from '#db/client';
import { requirePermission } from '#app/utils/permissions.server';
import { processInfo, workerHealth } from '#app/utils/process-health.server';

/**
 * Liveness, for a load balancer and monitoring: this process answers (with its process id, version
 * and uptime, so an operator sees which of several processes it was), whether the database answers
 * and whether the background worker is alive. Tells nothing about the data. Readiness: /readyz.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  const up = await getDatabase().ping(2000);
  return Response.json(
    { status: up ? 'ok' : 'degraded', database: up ? 'up' : 'down', ...processInfo(), worker: workerHealth().state },
    { status: up ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
