import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '#db/client';
import { migrate } from '#db/migrate';
import { seedDemo } from '#db/seed/index';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a dumped, migrated and seeded data directory. Server: the template database URL. */
    dbTemplate: { kind: 'pglite'; dumpPath: string } | { kind: 'postgres'; adminUrl: string; template: string };
  }
}

/**
 * Migrates and seeds one template database per test run; every test file then gets its own copy
 * (see test/support/db.ts). PGlite by default; a PostgreSQL server when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `ipcei_test_tpl_${process.pid}_${Date.now()}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    const database = await openPostgres(url.toString(), { max: 2 });
    await migrate(database);
    await seedDemo(database.db, { accounts: true });
    await database.close();
    project.provide('dbTemplate', { kind: 'postgres', adminUrl: serverUrl, template });
    console.log(`[test] template database ${template} on ${url.host} ready in ${Date.now() - started} ms`);
    return async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }

  const database = await openPglite(undefined);
  await migrate(database);
  await seedDemo(database.db, { accounts: true });
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipcei-test-'));
  const dumpPath = path.join(dir, 'template.tar');
  fs.writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('dbTemplate', { kind: 'pglite', dumpPath });
  console.log(`[test] PGlite template ready in ${Date.now() - started} ms`);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
