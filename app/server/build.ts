import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCES = ['app', 'db', 'public', 'package-lock.json', 'vite.config.ts', 'remix.config.js'];
const STAMP = 'build/.stamp';

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when build/ is missing or older than any source file. */
export function buildIsStale(root: string): boolean {
  const server = fs.statSync(path.join(root, 'build/server/index.js'), { throwIfNoEntry: false });
  if (!server) return true;
  // Built by the portal (the stamp) or by `npm run build` (Remix writes the server entry last).
  const stamp = fs.statSync(path.join(root, STAMP), { throwIfNoEntry: false });
  const builtAt = Math.max(stamp?.mtimeMs ?? 0, server.mtimeMs);
  return SOURCES.some((source) => newestMtime(path.join(root, source)) > builtAt);
}

/** True when a production build is there at all (production never builds: build once, start N processes). */
export function buildExists(root: string): boolean {
  return fs.existsSync(path.join(root, 'build/server/index.js'));
}

const LOCK = 'build.lock';
/** A build lock older than this is one whose process died: taken over. */
const STALE_LOCK_MS = 10 * 60 * 1000;

function sleep(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds the app with the Remix Vite plugin when needed (demo starts); returns the time it took
 * (0 = not needed). Several processes started together from one checkout take turns through a lock
 * directory (created atomically): one builds, the others wait and then find the build fresh.
 */
export function ensureBuilt(root: string, log: (message: string) => void): number {
  if (!buildIsStale(root)) return 0;
  const lock = path.join(root, LOCK);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      log('Another process is building the portal: waiting…');
      sleep(1_000);
      if (!buildIsStale(root)) return 0;
    }
  }
  try {
    if (!buildIsStale(root)) return 0;
    return build(root, log);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function build(root: string, log: (message: string) => void): number {
  log('Building the portal (first start or changed sources)…');
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error('The build failed (output above).');
  }
  fs.writeFileSync(path.join(root, STAMP), new Date().toISOString());
  return Date.now() - started;
}
