/**
 * Global setup of the vitest 'e2e' project: builds the app, starts it as a real server (production
 * mode, demo data) on a free port of 127.0.0.1, and hands its URL and Chromium's path to the tests
 * through `provide` (read them with `inject`, see ./support/browser.ts). Every axe check of the run is
 * logged to one file; at the end the run's figures are printed and written to
 * docs/accessibility/test-results.json (shown by the accessibility statement, /toegankelijkheid).
 *
 * Environment:
 *   CHROMIUM_PATH      Chromium's executable (default /usr/bin/chromium). Missing: an error under CI,
 *                      otherwise the browser tests are skipped.
 *   E2E_SKIP_BUILD=1   use the build/ that is there (after `npx remix vite:build`).
 *   TEST_DATABASE_URL  run the app on a fresh database of this PostgreSQL server instead of PGlite.
 *   E2E_SERVER_LOG=1   echo the server's output while the tests run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
// The ProvidedContext types (baseURL, chromiumPath) are declared in ./support/browser.ts.

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const HEALTH_TIMEOUT_MS = 120_000;
const MAX_LOG_CHARS = 200_000;

function log(message: string) {
  console.log(`[e2e] ${message}`);
}

/** The environment for child processes, without vitest's own variables (the vite config reads VITEST). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VITEST') || key === 'TEST' || key === 'TEST_DATABASE_URL' || key === 'DATABASE_URL') continue;
    env[key] = value;
  }
  return { ...env, ...extra } as NodeJS.ProcessEnv;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** Keeps the last MAX_LOG_CHARS characters a child printed. */
function captureOutput(child: ChildProcess, echo: boolean) {
  let text = '';
  const append = (chunk: Buffer) => {
    const s = chunk.toString();
    if (echo) process.stdout.write(s);
    text += s;
    if (text.length > MAX_LOG_CHARS) text = text.slice(-MAX_LOG_CHARS);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text;
}

async function build() {
  const started = Date.now();
  log('building the app (npx remix vite:build)…');
  const child = spawn('npx', ['remix', 'vite:build'], {
    cwd: ROOT,
    env: childEnv({ NODE_ENV: 'production' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child, false);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  if (code !== 0) {
    process.stderr.write(output());
    throw new Error(`The build failed (npx remix vite:build exited with ${code}); its output is above.`);
  }
  // The server rebuilds when build/.stamp is missing or older than the sources (app/server/build.ts):
  // this build is fresh, so say so.
  fs.writeFileSync(path.join(ROOT, 'build', '.stamp'), new Date().toISOString());
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A fresh database on the TEST_DATABASE_URL server; returns its URL and how to drop it. */
async function createServerDatabase(serverUrl: string) {
  const name = `e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  log(`using database ${name} on ${url.hostname}:${url.port || 5432}`);
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } catch (error) {
        console.error(`[e2e] could not drop database ${name}: ${String(error)}`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await waitForExit(child, 5_000)) return;
  log('server did not stop within 5 s of SIGTERM: SIGKILL');
  child.kill('SIGKILL');
  await waitForExit(child, 5_000);
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server exited (code ${child.exitCode}, signal ${child.signalCode}) before /healthz answered; its output is above.`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `status ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = String((error as Error).cause ?? error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  process.stderr.write(`----- server output -----\n${output()}\n-------------------------\n`);
  throw new Error(`The server did not answer 200 on ${url}/healthz within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last}).`);
}

interface A11yLogEntry {
  label: string;
  url: string;
  violations: string[];
  wcag22: number;
}

/**
 * The figures of the whole run (every test file logs its axe checks to one file): printed, and
 * written to docs/accessibility/test-results.json, which the accessibility statement shows.
 */
function summariseA11y(logFile: string, runStarted: number) {
  const entries: A11yLogEntry[] = fs.existsSync(logFile)
    ? fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as A11yLogEntry)
    : [];
  const seconds = ((Date.now() - runStarted) / 1000).toFixed(1);
  if (entries.length === 0) {
    log(`no pages were checked by axe (run took ${seconds} s)`);
    return;
  }
  const violations = entries.reduce((sum, e) => sum + e.violations.length, 0);
  const wcag22 = entries.reduce((sum, e) => sum + e.wcag22, 0);
  const urls = new Set(entries.map((e) => new URL(e.url).pathname));
  const failing = entries.filter((e) => e.violations.length).map((e) => `${e.label}: ${e.violations.join(', ')}`);
  console.log(
    `\n[a11y] RUN SUMMARY: ${entries.length} page checks by axe (${urls.size} distinct paths, Dutch and English), ` +
      `${violations} WCAG 2.1 A/AA violation(s), ${wcag22} WCAG 2.2 AA finding(s) logged; e2e run ${seconds} s` +
      (failing.length ? `\n[a11y] violations on:\n  ${failing.join('\n  ')}` : '') +
      '\n[a11y] command: npx vitest run --project e2e\n',
  );
  const results = {
    testedAt: new Date().toISOString(),
    pagesChecked: entries.length,
    violations,
    wcag22Findings: wcag22,
    command: 'npx vitest run --project e2e',
  };
  const file = path.join(ROOT, 'docs', 'accessibility', 'test-results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

export default async function setup({ provide }: TestProject) {
  const runStarted = Date.now();
  // (a) Chromium
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromiumPath)) {
    if (process.env.CI) {
      throw new Error(
        `Chromium is not at ${chromiumPath}: the browser tests need it. Install it with ` +
          '`apt-get install -y chromium` (Debian), or set CHROMIUM_PATH.',
      );
    }
    console.warn(
      `\n[e2e] ⚠ Chromium not found at ${chromiumPath}: the browser tests are SKIPPED.\n` +
        '[e2e]   Install it with `apt-get install -y chromium` or set CHROMIUM_PATH to run them.\n',
    );
    provide('chromiumPath', '');
    provide('baseURL', '');
    provide('a11yLogFile', '');
    return async () => {};
  }
  provide('chromiumPath', chromiumPath);

  // (b) build
  if (process.env.E2E_SKIP_BUILD === '1') {
    if (!fs.existsSync(path.join(ROOT, 'build', 'server'))) {
      throw new Error('E2E_SKIP_BUILD=1 but there is no build/server: run `npx remix vite:build` first.');
    }
    log('E2E_SKIP_BUILD=1: using the existing build/');
  } else {
    await build();
  }

  // (c) start the server
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcei-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    APP_MODE: 'demo',
    PORT: String(port),
    HOST: '127.0.0.1',
    PGLITE_DIR: path.join(tmpDir, 'pglite'),
  };
  let database: Awaited<ReturnType<typeof createServerDatabase>> | undefined;
  if (process.env.TEST_DATABASE_URL) {
    database = await createServerDatabase(process.env.TEST_DATABASE_URL);
    env.DATABASE_URL = database.url;
  }

  const started = Date.now();
  log(`starting the server on ${url} (${database ? 'PostgreSQL server' : 'PGlite'})…`);
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child, process.env.E2E_SERVER_LOG === '1');
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (stopping) return;
    // A server that dies during the tests shows as refused connections: print why it died.
    process.stderr.write(
      `\n[e2e] the server exited unexpectedly (code ${code}, signal ${signal}); its last output:\n` +
        `----- server output -----\n${output()}\n-------------------------\n`,
    );
  });
  // Should vitest end without running the teardown, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const a11yLogFile = path.join(tmpDir, 'a11y.jsonl');
  const teardown = async () => {
    summariseA11y(a11yLogFile, runStarted);
    stopping = true;
    await stopChild(child);
    process.removeListener('exit', killOnExit);
    await database?.drop();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  };

  // (d) wait until it is healthy
  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await teardown();
    throw error;
  }
  log(`server healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // (e) hand the URL to the tests
  provide('baseURL', url);
  provide('a11yLogFile', a11yLogFile);
  return teardown;
}
