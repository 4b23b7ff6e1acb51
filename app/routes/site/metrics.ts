import type { LoaderFunctionArgs } from '@remix-run/node';
import { timingSafeEqual } from 'node:crypto';
import { requirePermission } from '#app/utils/permissions.server';
import { registry } from '#app/utils/metrics.server';

/**
 * Prometheus metrics (app/utils/metrics.server.ts). Not public: answered to the loopback address
 * (a scraper on the same host or a sidecar) or to `Authorization: Bearer $METRICS_TOKEN`; anyone
 * else gets 404, as if there were nothing here.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  if (!allowed(request)) throw new Response('Not found', { status: 404 });
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' } });
}

function allowed(request: Request) {
  const token = process.env.METRICS_TOKEN;
  const given = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  if (token && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token))) return true;
  const ip = request.headers.get('x-client-ip') ?? '';
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}
