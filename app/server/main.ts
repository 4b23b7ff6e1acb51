/**
 * `npm start`: checks the configuration, builds when needed, opens the database (embedded PGlite
 * in ./data/pglite, or the server in DATABASE_URL), migrates, seeds the demo data on first start
 * (demo mode only) and serves the portal. `npm run dev` does the same with Vite's dev server.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { DatabaseLockedError, openPglite, openPostgres, setDatabase, type Database } from '#db/client';
import { migrate } from '#db/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '#db/seed/demo-accounts';
import { seedDemo } from '#db/seed/index';
import { ConfigError, parseConfig, type Config } from '#app/utils/config.server';
import { buildExists, ensureBuilt } from './build';
import { installCrashGuard, requestLogger } from '#app/utils/logger.server';
import { csrfGuard, baseSecurityHeaders } from './middleware';
import { inputBoundary, withInputBoundary } from './input-boundary';
import { createWorker } from '#app/models/jobs/handlers.server';
import { requestMetrics } from '#app/utils/metrics.server';
import { closePdfBrowser } from '#app/utils/pdf.server';
import { countDemoUsers } from './startup-checks';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const log = (message: string) => console.log(`[portal] ${message}`);

function fail(message: string): never {
  console.error(`\n[portal] Cannot start: ${message}\n`);
  process.exit(1);
}

async function openDatabase(config: Config): Promise<Database> {
  if (config.DATABASE_URL) {
    const database = await openPostgres(config.DATABASE_URL);
    if (!(await database.ping(5000))) {
      await database.close().catch(() => {});
      fail(`the PostgreSQL server in DATABASE_URL (${database.location}) cannot be reached. Is it running, and are host, port and credentials right?`);
    }
    return database;
  }
  try {
    return await openPglite(config.pgliteDir);
  } catch (error) {
    if (error instanceof DatabaseLockedError) fail(error.message);
    throw error;
  }
}

/**
 * Remix writes a streamed response chunk by chunk and calls `res.flush()` after each one when the
 * response has it, which the compression middleware adds: every ~2 KB of React's output became its
 * own gzip sync-flush and its own socket write (12% of the CPU of a dashboard request, and worse
 * compression). No page streams deferred data, so the flush is left out: zlib compresses the
 * page in large blocks and the response ends as soon as React has rendered it.
 */
function wholeResponseCompression(_req: express.Request, res: express.Response, next: express.NextFunction) {
  (res as unknown as { flush?: () => void }).flush = undefined;
  next();
}

async function main() {
  const started = Date.now();
  // React, Remix and Express pick their production code from NODE_ENV when they are first loaded
  // (the server build is imported below): a start without it must not render with React's
  // development build. `npm start` sets it; this covers `tsx app/server/main.ts` started by hand.
  process.env.NODE_ENV ||= 'production';
  installCrashGuard();
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const dev = config.NODE_ENV === 'development';

  if (config.isProduction) {
    // Production never builds (several processes share one build/): build once, then start them.
    if (!buildExists(ROOT)) fail('no production build in build/: run `npm run build` once, then start the portal processes.');
  } else if (!dev) {
    const buildMs = ensureBuilt(ROOT, log);
    if (buildMs) log(`Built in ${(buildMs / 1000).toFixed(1)} s`);
  }

  const database = await openDatabase(config);
  setDatabase(database);
  log(`Database: ${database.driver === 'pglite' ? `embedded PGlite in ${database.location}` : `PostgreSQL at ${database.location}`}`);
  await migrate(database);

  if (config.isProduction) {
    if ((await countDemoUsers(database.db)) > 0) {
      fail('this database holds demo accounts; production mode refuses to run with them (use a fresh database).');
    }
  } else {
    const { created } = await seedDemo(database.db, { accounts: true });
    if (created) log('Demo data created (all figures are illustrative).');
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.use((req, res, next) => {
    // Our own request id and client address; whatever a client sent in these headers is replaced.
    const id = randomUUID();
    req.headers['x-request-id'] = id;
    // The client's address: with TRUST_PROXY hops, Express reads it from X-Forwarded-For (the per-IP
    // sign-in limit must key on the client behind a load balancer, not on the balancer).
    req.headers['x-client-ip'] = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    res.setHeader('X-Request-Id', id);
    next();
  });
  app.use(requestLogger());
  app.use(requestMetrics());
  app.use(baseSecurityHeaders(config));
  app.use(csrfGuard(config));
  app.use(inputBoundary());
  app.use(compression());
  app.use(wholeResponseCompression);

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import('vite');
    const server = await vite.createServer({ root: ROOT, server: { middlewareMode: true } });
    app.use(server.middlewares);
    build = async () => withInputBoundary((await server.ssrLoadModule('virtual:remix/server-build')) as ServerBuild);
  } else {
    app.use('/assets', express.static(path.join(ROOT, 'build/client/assets'), { immutable: true, maxAge: '1y' }));
    app.use(express.static(path.join(ROOT, 'build/client'), { maxAge: '1h' }));
    build = withInputBoundary((await import(pathToFileURL(path.join(ROOT, 'build/server/index.js')).href)) as ServerBuild);
  }
  app.all('*', createRequestHandler({ build, mode: dev ? 'development' : 'production' }));

  const server = app.listen(config.PORT, config.HOST);
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fail(`port ${config.PORT} is already in use. Stop the other program or set PORT.`);
    fail(error.message);
  });
  // Background work (e-mail outbox, deadline reminders) starts once the portal is serving.
  const worker = createWorker({ log });
  server.on('listening', () => {
    worker.start();
    log(config.SMTP_URL ? 'Mail: sent through SMTP_URL' : 'Mail: demo mailbox (no SMTP_URL): see /beheer/mail');
    const host = config.HOST === '127.0.0.1' || config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
    log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: http://${host}:${config.PORT}`);
    if (!config.isProduction) {
      log(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const account of DEMO_ACCOUNTS) log(`  ${account.email.padEnd(40)} ${account.description}`);
    }
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.close();
    server.closeAllConnections();
    // The worker finishes its batch and the PDF renderer closes its Chromium, then the database.
    void Promise.allSettled([worker.stop(), closePdfBrowser()]).finally(() => void database.close().finally(() => process.exit(0)));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  fail(error instanceof Error ? error.message : String(error));
});
