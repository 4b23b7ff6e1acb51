import type { Request as ExpressRequest, RequestHandler } from 'express';
import { sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { getDatabase, queryRows } from '#db/client';
import { workerHealth } from './process-health.server';

/**
 * Prometheus metrics of this process (`GET /metrics`, see app/routes/site/metrics.ts): request
 * durations by route, the e-mail outbox's depth and its oldest queued mail, the lag of due jobs,
 * the database's connections, the worker's state, and Node's own (event loop, memory, GC).
 */
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Every metric of the process, made once (see the holder below). */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ipcei_' });

  const requestDuration = new Histogram({
    name: 'ipcei_http_request_duration_seconds',
    help: 'Time to answer a request, by method, route (ids replaced) and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requestsTotal = new Counter({
    name: 'ipcei_http_requests_total',
    help: 'Requests answered, by status class',
    labelNames: ['status'] as const,
    registers: [registry],
  });

  new Gauge({
    name: 'ipcei_outbox_depth',
    help: 'E-mails waiting in the outbox (queued or being sent)',
    registers: [registry],
    async collect() {
      const [row] = await queryRows<{ n: number }>(
        getDatabase().db,
        sql`select count(*)::int as n from email_outbox where status in ('queued', 'sending')`
      );
      this.set(num(row?.n));
    },
  });
  new Gauge({
    name: 'ipcei_outbox_oldest_queued_seconds',
    help: 'Age of the oldest e-mail still waiting to be sent (0 when none)',
    registers: [registry],
    async collect() {
      const [row] = await queryRows<{ s: number | null }>(
        getDatabase().db,
        sql`select extract(epoch from now() - min(created_at))::float8 as s from email_outbox where status in ('queued', 'sending')`
      );
      this.set(num(row?.s));
    },
  });
  new Gauge({
    name: 'ipcei_job_lag_seconds',
    help: 'How long the oldest due job has been waiting to run (0 when none)',
    registers: [registry],
    async collect() {
      const [row] = await queryRows<{ s: number | null }>(
        getDatabase().db,
        sql`select greatest(0, extract(epoch from now() - min(run_at)))::float8 as s from jobs where status = 'queued' and run_at <= now()`
      );
      this.set(num(row?.s));
    },
  });
  new Gauge({
    name: 'ipcei_database_connections',
    help: 'Connections of this portal to the database server, by state (pg_stat_activity; 1 on embedded PGlite)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const database = getDatabase();
      this.reset();
      if (database.driver === 'pglite') {
        this.set({ state: 'active' }, 1);
        return;
      }
      const rows = await queryRows<{ state: string | null; n: number }>(
        database.db,
        sql`select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity where application_name = 'ipcei-portal' group by 1`
      );
      for (const r of rows) this.set({ state: r.state ?? 'unknown' }, num(r.n));
    },
  });
  new Gauge({
    name: 'ipcei_worker_alive',
    help: 'The background worker of this process: 1 alive, 0 stalled, -1 not started',
    registers: [registry],
    collect() {
      const state = workerHealth().state;
      this.set(state === 'alive' ? 1 : state === 'stalled' ? 0 : -1);
    },
  });
  return { registry, requestDuration, requestsTotal };
}

// One registry per process, kept on globalThis (as the database, db/client.ts): the server entry
// (whose middleware times the requests) and the app build (whose /metrics route serves them) each
// load their own copy of this module in production; two registries would serve no request figures.
const holder = globalThis as typeof globalThis & {
  __ipceiMetrics?: ReturnType<typeof createMetrics>;
};
const metrics = (holder.__ipceiMetrics ??= createMetrics());
export const registry = metrics.registry;
const { requestDuration, requestsTotal } = metrics;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A path as a route label of bounded cardinality: ids, years and project codes replaced. */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith('/assets/')) return '/assets/*';
  const label = pathname
    .replace(UUID, ':id')
    .replace(/\/(19|20|21)\d{2}(?=\/|$)/g, '/:year')
    .replace(/^\/projecten\/[^/]+/, '/projecten/:code')
    .replace(/\/[0-9]+(?=\/|$)/g, '/:n');
  return label.length > 120 ? `${label.slice(0, 120)}…` : label;
}

/** Express middleware: times every request. */
export function requestMetrics(): RequestHandler {
  return (req: ExpressRequest, res, next) => {
    const end = requestDuration.startTimer();
    res.on('finish', () => {
      const status = `${Math.floor(res.statusCode / 100)}xx`;
      end({ method: req.method, route: routeLabel(req.path), status });
      requestsTotal.inc({ status });
    });
    next();
  };
}
