import fs from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { openPglite, openPostgres, setDatabase, type Database } from '#db/client';

/**
 * Gives the calling test file its own database, copied from the migrated and seeded template:
 * a loaded PGlite dump, or `CREATE DATABASE … TEMPLATE` on the server. Returns a getter.
 */
export function setupTestDatabase(): () => Database {
  let database: Database | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const template = inject('dbTemplate');
    if (template.kind === 'pglite') {
      const dump = new Blob([fs.readFileSync(template.dumpPath)]);
      database = await openPglite(undefined, { loadDataDir: dump });
    } else {
      const name = `ipcei_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const admin = postgres(template.adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${template.template}`);
      const url = new URL(template.adminUrl);
      url.pathname = `/${name}`;
      database = await openPostgres(url.toString(), { max: 5 });
      dropDatabase = async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      };
    }
    setDatabase(database);
  });

  afterAll(async () => {
    setDatabase(undefined);
    await database?.close();
    await dropDatabase?.();
  });

  return () => {
    if (!database) throw new Error('The test database is opened in beforeAll; use it inside a test.');
    return database;
  };
}
