/**
 * No database code in the browser: drizzle-orm (the query builder and the table definitions of
 * db/schema) must stay on the server. A route module whose component, handle or schema imports a
 * module that imports db/schema (for its value lists, say) pulls the whole of drizzle's pg-core into
 * the page's JS. Value lists the browser needs live in app/rules/.
 *
 * Reads build/client/**\/*.js of the build that test/e2e/global-setup.ts made (or, with
 * E2E_SKIP_BUILD=1, the build/ that is there). Shared helpers: test/support/client-bundle.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import {
  CLIENT_DIR,
  chunksContaining,
  clientChunks,
  drizzleMarker,
  entityKindsIn,
  minifiedBundle,
  readBrowserManifest,
  routesLoading,
} from '#test/support/client-bundle';

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const clientDir = path.join(ROOT, CLIENT_DIR);

describe('the drizzle-orm marker', () => {
  const marker = drizzleMarker(ROOT);

  it('is the entityKind symbol key of drizzle-orm, found in its built sources', () => {
    expect(marker).toMatch(/^drizzle:/);
    const columnSource = fs.readFileSync(path.join(ROOT, 'node_modules', 'drizzle-orm', 'pg-core', 'columns', 'common.js'), 'utf8');
    expect(columnSource).toMatch(/static \[entityKind\] = "PgColumn"/);
  });

  it.each([
    ['a table definition', `import { pgTable, text, integer } from 'drizzle-orm/pg-core'; export const t = pgTable('t', { a: text(), b: integer() });`],
    ['an enum', `import { pgEnum } from 'drizzle-orm/pg-core'; export const e = pgEnum('e', ['a', 'b']);`],
    ['an operator', `import { eq } from 'drizzle-orm'; export const f = (a, b) => eq(a, b);`],
    ['the sql template', `import { sql } from 'drizzle-orm'; export const f = (a) => sql\`select \${a}\`;`],
  ])('survives a minified production bundle of %s', async (_, code) => {
    const bundled = await minifiedBundle(ROOT, code);
    expect(bundled.length).toBeGreaterThan(100);
    expect(bundled).toContain(marker);
  });

  it('is not in a minified bundle without drizzle-orm', async () => {
    const bundled = await minifiedBundle(ROOT, `import { z } from 'zod'; export const s = z.object({ a: z.string() });`);
    expect(bundled).not.toContain(marker);
  });
});

// The global setup builds the app only when it runs the browser tests (Chromium found).
const built = Boolean(inject('chromiumPath'));
/** Entity kinds that say what was pulled in: table definitions, columns, enums, the query builder. */
const TELLING_KINDS = ['PgTable', 'PgColumn', 'PgEnumColumn', 'SQL', 'PgDialect', 'PgSelect'];

describe.skipIf(!built)('the browser bundle', () => {
  it('has no chunk with drizzle-orm code in it', () => {
    const marker = drizzleMarker(ROOT);
    const chunks = clientChunks(clientDir);
    expect(chunks.length, `no JS in ${CLIENT_DIR}: was the app built?`).toBeGreaterThan(5);
    const { manifest } = readBrowserManifest(clientDir);
    const offending = chunksContaining(clientDir, chunks, marker).map((chunk) => {
      const kinds = entityKindsIn(fs.readFileSync(path.join(clientDir, chunk), 'utf8'));
      const routes = routesLoading(manifest, chunk);
      const telling = TELLING_KINDS.filter((kind) => kinds.includes(kind));
      return (
        `${CLIENT_DIR}/${chunk}: ${kinds.length} drizzle classes${telling.length ? ` (${telling.join(', ')}…)` : ''}; ` +
        `loaded by ${routes.length ? routes.join(', ') : 'no route (dynamic import only)'}`
      );
    });
    expect(offending, `drizzle-orm ("${marker}") is in browser chunks:\n  ${offending.join('\n  ')}\n`).toEqual([]);
  });
});
