import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openPostgres, queryRows } from '#db/client';
import { migrate } from '#db/migrate';
import { seedDemo } from '#db/seed/index';
import { sql } from 'drizzle-orm';

/**
 * Several portal processes started at the same moment on one EMPTY PostgreSQL database (a rolling
 * deploy, a scaled-out start): each migrates and seeds as `app/server/main.ts` does. Without the
 * advisory locks one fails on `CREATE TYPE … already exists` and another on the seed's unique
 * programme code. Each "process" is its own connection pool, as separate processes would be.
 * Only meaningful on a server: PGlite has one process per data directory.
 */
const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)('start-up shared by several processes', () => {
  it('three processes migrate and seed one empty database at once on the server: all come up, one seeds', async () => {
    const name = `ipcei_startup_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    const processes = await Promise.all([1, 2, 3].map(() => openPostgres(url.toString(), { max: 3 })));
    try {
      const started = performance.now();
      const outcomes = await Promise.allSettled(
        processes.map(async (database) => {
          await migrate(database);
          return seedDemo(database.db, { accounts: false });
        }),
      );
      const ms = performance.now() - started;
      console.log(`[startup] three processes migrated and seeded an empty database in ${(ms / 1000).toFixed(1)} s`);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const created = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.created : null));
      expect(created.filter(Boolean)).toHaveLength(1);
      const [row] = await queryRows<{ n: number }>(processes[0]!.db, sql`select count(*)::int as n from programmes`);
      expect(row!.n).toBe(1);
    } finally {
      await Promise.all(processes.map((p) => p.close()));
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 180_000);
});
