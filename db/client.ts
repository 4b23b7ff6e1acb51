import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; every function that writes takes one, so its audit entry shares it. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type Driver = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  driver: Driver;
  /** Where the data lives, for messages (PGlite directory or server host/database; never a password). */
  location: string;
  /** True when a trivial query succeeds within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  /**
   * Runs `fn` while this process holds a session-level advisory lock (PostgreSQL: on one reserved
   * connection, so several portal processes on one server take turns — migrations at start-up).
   * PGlite has one process per data directory (its lock file), so it just runs `fn`.
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The PGlite instance (embedded mode only): used by backup and by tests to dump/clone. */
  pglite?: PGlite;
}

export class DatabaseLockedError extends Error {}

/**
 * PGlite has no lock of its own and two processes on one data directory corrupt it.
 * We take a lock file next to the directory (created atomically with O_EXCL); a lock left by a
 * process that no longer runs is taken over.
 */
function lockDirectory(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (pid && pid !== process.pid && isRunning(pid)) {
        throw new DatabaseLockedError(
          `The embedded database in ${dir} is in use by another process (pid ${pid}). ` +
            `Stop that process first, or set PGLITE_DIR to another directory.`,
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale lock: its process is gone
    }
  }
  throw new DatabaseLockedError(`Could not lock ${dir}.`);
}

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function openPglite(dir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Database> {
  const release = dir ? lockDirectory(dir) : () => {};
  try {
    // Loaded only when used: a server deployment never pays for the WebAssembly build (~55 MB).
    const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
    const pglite = await PGlite.create(dir ? { dataDir: dir, loadDataDir: options.loadDataDir } : { loadDataDir: options.loadDataDir });
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      db,
      driver: 'pglite',
      location: dir ?? 'memory',
      pglite,
      async ping(timeoutMs = 2000) {
        try {
          await withTimeout(pglite.query('select 1'), timeoutMs);
          return true;
        } catch {
          return false;
        }
      },
      withAdvisoryLock: (_key, fn) => fn(),
      async close() {
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export function describeUrl(url: string) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 60,
    connection: { application_name: 'ipcei-portal' },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    location: describeUrl(url),
    async ping(timeoutMs = 2000) {
      try {
        await withTimeout(client`select 1`, timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async withAdvisoryLock(key, fn) {
      const connection = await client.reserve();
      try {
        await connection`select pg_advisory_lock(${key})`;
        try {
          return await fn();
        } finally {
          await connection`select pg_advisory_unlock(${key})`;
        }
      } finally {
        connection.release();
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

/**
 * Rows of a raw SQL query, the same on both drivers (PGlite answers `{ rows }`, postgres.js an array).
 * Prefer the query builder; use this for aggregates it cannot express.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

// One database per process. Kept on globalThis so that it survives Vite's module reloading in
// development and is shared between the server entry and the bundled Remix build.
const holder = globalThis as typeof globalThis & { __ipceiDatabase?: Database };

export function setDatabase(database: Database | undefined) {
  holder.__ipceiDatabase = database;
}

export function getDatabase(): Database {
  const database = holder.__ipceiDatabase;
  if (!database) throw new Error('The database has not been opened (call setDatabase at start-up).');
  return database;
}

/** The Drizzle handle of this process's database. */
export function getDb(): Db {
  return getDatabase().db;
}

export { schema };
