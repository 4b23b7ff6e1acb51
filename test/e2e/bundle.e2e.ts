/**
 * No database code in the browser: drizzle-orm (the query builder and the table definitions of
 * db/schema) must stay on the server. A route module whose component, handle or schema imports a
 * module that imports db/schema (for its value lists, say) pulls the whole of drizzle's pg-core into
 * the page's JS. Value lists the browser needs live in app/rules/.
 *
 * And the page weight of issue 16: each language's UI text is a chunk of its own that only pages in
 * that language load (no chunk has both languages), and the programme dashboard's JS, until it is
 * interactive and in all (the charts are drawn in plain React, ADR 011), stays within its budget (`npm run bench:bundle` prints the figures).
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
  lazyChunks,
  messagesChunk,
  messagesModule,
  minifiedBundle,
  pageChunks,
  readBrowserManifest,
  readViteManifest,
  routesLoading,
  sizeOf,
} from '#test/support/client-bundle';
import { en, nl } from '#app/i18n/messages/index';
import { LOCALES } from '#app/rules/locale';

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

/** Texts that differ per language and survive a JS string literal unescaped (plain ASCII, no quotes): one per 40 keys. */
function sampleTexts(): Array<{ key: string; nl: string; en: string }> {
  const plain = (text: string) => text.length >= 20 && /^[A-Za-z0-9 ,.:()-]+$/.test(text);
  return (Object.keys(nl) as Array<keyof typeof nl>)
    .filter((key) => nl[key] !== en[key] && plain(nl[key]) && plain(en[key]))
    .filter((_, i) => i % 40 === 0)
    .map((key) => ({ key, nl: nl[key], en: en[key] }));
}

/** The dashboard's budget (issue 16): KB gzip of JS until the page is interactive, in Dutch. */
const DASHBOARD_BUDGET_KB = 180;

describe.skipIf(!built)('the browser bundle: page weight', () => {
  it('has each language\'s UI text in one chunk of its own, loaded by no page before entry.client asks for it', () => {
    const samples = sampleTexts();
    expect(samples.length, 'too few plain sample texts to tell the languages apart').toBeGreaterThan(10);
    const chunks = clientChunks(clientDir);
    const vite = readViteManifest(ROOT);
    const { manifest } = readBrowserManifest(clientDir);
    const read = new Map(chunks.map((chunk) => [chunk, fs.readFileSync(path.join(clientDir, chunk), 'utf8')]));
    for (const locale of LOCALES) {
      const own = messagesChunk(vite, locale);
      const other = locale === 'nl' ? 'en' : 'nl';
      const holding = (text: string) => chunks.filter((chunk) => read.get(chunk)!.includes(text));
      for (const sample of samples) {
        expect(holding(sample[locale]), `"${sample[locale]}" (${sample.key}, ${locale})`).toEqual([own]);
      }
      expect(samples.filter((sample) => read.get(own)!.includes(sample[other])).map((s) => s.key), `${own} holds ${other} text`).toEqual([]);
      // Not a static import of any page: only entry.client's dynamic import of its page's language.
      expect(routesLoading(manifest, own), `${own} is a static import`).toEqual([]);
      expect(vite[messagesModule(locale)]?.isDynamicEntry).toBe(true);
    }
  });

  it(`keeps the programme dashboard's JS until it is interactive within ${DASHBOARD_BUDGET_KB} KB gzip`, () => {
    const { manifest } = readBrowserManifest(clientDir);
    const vite = readViteManifest(ROOT);
    const { gzip } = sizeOf(clientDir, pageChunks(manifest, vite, 'routes/dashboard/programme', 'nl'));
    expect(gzip / 1000, 'KB gzip of the dashboard (npm run bench:bundle shows what is in it)').toBeLessThanOrEqual(DASHBOARD_BUDGET_KB);
  });

  it(`keeps all the programme dashboard's JS, what it loads after hydrating included, within ${DASHBOARD_BUDGET_KB} KB gzip`, () => {
    const { manifest } = readBrowserManifest(clientDir);
    const vite = readViteManifest(ROOT);
    const now = pageChunks(manifest, vite, 'routes/dashboard/programme', 'nl');
    const later = lazyChunks(vite, new Set(now), LOCALES.map(messagesModule));
    const { gzip } = sizeOf(clientDir, [...now, ...later]);
    expect(gzip / 1000, 'KB gzip of the dashboard and its later chunks (npm run bench:bundle)').toBeLessThanOrEqual(DASHBOARD_BUDGET_KB);
  });
});
