import { describe, expect, it } from 'vitest';
import * as metricsRoute from '#app/routes/site/metrics';
import { routeLabel } from '#app/utils/metrics.server';
import { setupTestDatabase } from '#test/support/db';

setupTestDatabase();
const args = (request: Request) => ({ request, params: {}, context: {} });
const get = (headers: Record<string, string>) => new Request('http://localhost:3000/metrics', { headers });

async function status(run: () => Promise<Response>) {
  try {
    return (await run()).status;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe('/metrics', () => {
  it('answers Prometheus text to the loopback address: outbox, job lag, connections, worker, requests, Node', async () => {
    const response = await metricsRoute.loader(args(get({ 'x-client-ip': '127.0.0.1' })));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    for (const name of ['ipcei_outbox_depth', 'ipcei_outbox_oldest_queued_seconds', 'ipcei_job_lag_seconds', 'ipcei_database_connections', 'ipcei_worker_alive', 'ipcei_http_request_duration_seconds', 'ipcei_process_resident_memory_bytes']) {
      expect(text, name).toContain(name);
    }
  });

  it('is not there for anyone else (404), unless they bring the token', async () => {
    expect(await status(() => metricsRoute.loader(args(get({ 'x-client-ip': '203.0.113.7' }))))).toBe(404);
    process.env.METRICS_TOKEN = 'scrape-secret-0123456789';
    try {
      expect(await status(() => metricsRoute.loader(args(get({ 'x-client-ip': '203.0.113.7', authorization: 'Bearer wrong-secret-0123456789' }))))).toBe(404);
      expect(await status(() => metricsRoute.loader(args(get({ 'x-client-ip': '203.0.113.7', authorization: 'Bearer scrape-secret-0123456789' }))))).toBe(200);
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });

  it('labels requests by route with bounded cardinality', () => {
    expect(routeLabel('/projecten/ECOFED/rapporten/2025/kosten/0b7e1d2c-1a2b-4c3d-8e9f-0123456789ab')).toBe('/projecten/:code/rapporten/:year/kosten/:id');
    expect(routeLabel('/assets/entry.client-abc.js')).toBe('/assets/*');
    expect(routeLabel('/beoordelen/0b7e1d2c-1a2b-4c3d-8e9f-0123456789ab/revisie/2')).toBe('/beoordelen/:id/revisie/:n');
  });
});
