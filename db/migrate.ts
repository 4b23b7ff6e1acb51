import { fileURLToPath } from 'node:url';
import type { Database } from './client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Advisory lock keys of the start-up steps that several processes may run at the same moment. */
export const STARTUP_LOCKS = { migrate: 7_202_601, seed: 7_202_602 } as const;

/**
 * Applies the committed drizzle-kit migrations (the same set on PGlite and on a server), under an
 * advisory lock: portal processes started together on one PostgreSQL server (a rolling deploy with a
 * new migration) take turns, and the later ones find everything applied — instead of failing on
 * `CREATE TYPE … already exists`.
 */
export async function migrate(database: Database) {
  return database.withAdvisoryLock(STARTUP_LOCKS.migrate, () => applyMigrations(database));
}

async function applyMigrations(database: Database) {
  const config = { migrationsFolder: MIGRATIONS_DIR, migrationsSchema: 'drizzle' };
  // Each driver's migrator is loaded only for that driver.
  if (database.driver === 'pglite') {
    const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePglite(database.db as any, config);
  } else {
    const { migrate: migratePostgres } = await import('drizzle-orm/postgres-js/migrator');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePostgres(database.db as any, config);
  }
}
