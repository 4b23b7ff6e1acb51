/**
 * The probes of the portal as it really runs: the production build started by app/server/main.ts
 * (global-setup). A unit test imports the modules from app/, where relative paths differ from the
 * bundled server in build/server/assets/; this is where a probe that cannot find its files shows.
 */
import fs from 'node:fs';
import { describe, expect, inject, it } from 'vitest';

const baseURL = inject('baseURL');
const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
const journal = JSON.parse(fs.readFileSync('db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };

describe.skipIf(!baseURL)('health probes of the built server', () => {
  it('/healthz names the process and its version', async () => {
    const response = await fetch(`${baseURL}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { pid: number; version: string };
    expect(body.pid).toBeGreaterThan(0);
    expect(body.version).toBe(process.env.APP_VERSION?.trim() || pkg.version);
  });

  it('/readyz is ready, with every committed migration applied', async () => {
    const response = await fetch(`${baseURL}/readyz`);
    const body = (await response.json()) as {
      status: string;
      problems: string[];
      migrations: { applied: number; expected: number };
      worker: { state: string };
    };
    expect({ status: response.status, problems: body.problems }).toEqual({ status: 200, problems: [] });
    expect(body.status).toBe('ready');
    expect(body.migrations).toEqual({ applied: journal.entries.length, expected: journal.entries.length });
    // The worker runs in the server entry's copy of the modules, the probe in the build's: the
    // state they share must be the worker's, not a copy that never started.
    expect(body.worker.state).toBe('alive');
  });

  it('/metrics (loopback) counts the requests the server entry timed, and the worker', async () => {
    expect((await fetch(`${baseURL}/inloggen`)).status).toBe(200);
    const text = await (await fetch(`${baseURL}/metrics`)).text();
    expect(text).toMatch(/ipcei_http_request_duration_seconds_count\{method="GET",route="\/inloggen",status="2xx"\} [1-9]/);
    expect(text).toMatch(/^ipcei_worker_alive 1$/m);
  });
});
