import type { LoaderFunctionArgs } from '@remix-run/node';
import { getDatabase } from '#db/client';
import { requirePermission } from '#app/utils/permissions.server';
import { migrationLevel, processInfo, workerHealth } from '#app/utils/process-health.server';

/**
 * Readiness: send traffic here only when the database answers, its migrations are at the level this
 * code expects (not behind, as during a rolling deploy before the migration ran, nor ahead of it)
 * and the background worker is alive (not stalled). 503 otherwise, naming what is not ready.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'public');
  const database = getDatabase();
  const up = await database.ping(2000);
  const migrations = up ? await migrationLevel(database) : null;
  const worker = workerHealth();
  const problems = [
    ...(up ? [] : ['database']),
    // Behind: this code needs migrations the database does not have. Ahead is fine: a newer version
    // has migrated during a rolling deploy, and migrations are additive (expand first, remove in a
    // later release), so the old processes keep serving until they are replaced.
    ...(migrations && migrations.applied < migrations.expected ? ['migrations'] : []),
    ...(worker.state === 'stalled' ? ['worker'] : []),
  ];
  return Response.json(
    { status: problems.length ? 'not_ready' : 'ready', problems, ...processInfo(), database: up ? 'up' : 'down', migrations, worker },
    { status: problems.length ? 503 : 200, headers: { 'Cache-Control': 'no-store' } },
  );
}
