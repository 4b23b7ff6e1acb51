/**
 * The JS the browser loads for a page, from the last build (`npm run build`):
 *
 *   npm run bench:bundle [-- <route file suffix>…]
 *   npx tsx test/bench/bundle-size.ts routes/dashboard.tsx report/progress.tsx
 *
 * A page loads entry.client, the root route and the page's route module (with its parent routes),
 * each with its static imports, followed transitively (what Remix's browser manifest lists and
 * preloads), and the UI text of its language, which entry.client loads before it hydrates (counted
 * here in Dutch, the default; LOCALE=en for English). That is the page's JS until it is
 * interactive: "KB gzip". What the page loads after hydrating by dynamic import (any, besides the
 * UI text of the other language) is in the "later" columns, from Vite's manifest; "total" is both.
 * Per page: the chunks, KB raw and KB gzip (each file gzipped on its own, as served;
 * 1 KB = 1000 bytes, as in Vite's build output), and what the page adds to entry + root ("own").
 * Last line: all client JS of the build. A route is named by the end of its file name in
 * app/routes.ts (default: the programme dashboard, report progress and the privacy page, a plain
 * one), so it is still found after it moves to a sub-folder when given as e.g. 'progress.tsx'.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import routes from '#app/routes';
import { LOCALES } from '#app/rules/locale';
import {
  CLIENT_DIR,
  chunksOf,
  clientChunks,
  lazyChunks,
  messagesChunk,
  messagesModule,
  readBrowserManifest,
  readViteManifest,
  sizeOf,
  type RemixBrowserManifest,
} from '#test/support/client-bundle';

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const DEFAULT_ROUTES = ['routes/dashboard/programme.tsx', 'routes/report/progress.tsx', 'routes/site/privacy.tsx'];

type RouteEntry = { id?: string; file: string; children?: RouteEntry[] };

function flatten(entries: RouteEntry[]): RouteEntry[] {
  return entries.flatMap((entry) => [entry, ...flatten(entry.children ?? [])]);
}

/** The route config entry whose file ends with `suffix` (exactly one, or an error that says why). */
function findRoute(suffix: string): { file: string; id: string } {
  const all = flatten(routes as RouteEntry[]);
  const wanted = suffix.replace(/^\.?\/?(app\/)?/, '');
  const ending = all.filter((entry) => entry.file.endsWith(wanted));
  // 'progress.tsx' finds routes/report-progress.tsx; with several, a whole path segment decides.
  const whole = ending.filter((entry) => entry.file === wanted || entry.file.endsWith(`/${wanted}`));
  const matches = ending.length > 1 && whole.length === 1 ? whole : ending;
  if (matches.length !== 1) {
    const known = matches.length ? matches : all;
    throw new Error(
      `${matches.length ? 'several route files end' : 'no route file in app/routes.ts ends'} with '${suffix}'` +
        `${matches.length ? '' : '; the route files are'}:\n  ${known.map((e) => e.file).join('\n  ')}`,
    );
  }
  const entry = matches[0]!;
  // Remix's route id: the id given in the config, else the file without its extension.
  return { file: entry.file, id: entry.id ?? entry.file.replace(/\.[cm]?[jt]sx?$/, '') };
}

/** The chunks of a route and of its parent routes. */
function routeChunks(manifest: RemixBrowserManifest, id: string): string[] {
  const chunks: string[] = [];
  for (let route = manifest.routes[id]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) chunks.push(...chunksOf(route));
  return chunks;
}

function kb(bytes: number): string {
  return (bytes / 1000).toFixed(1);
}

function main() {
  const clientDir = path.join(ROOT, CLIENT_DIR);
  if (!fs.existsSync(clientDir)) throw new Error(`no ${CLIENT_DIR}: run \`npx remix vite:build\` first`);
  const { file, manifest } = readBrowserManifest(clientDir);
  const suffixes = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_ROUTES;
  const pages = suffixes.map((suffix) => {
    const route = findRoute(suffix);
    if (!manifest.routes[route.id]) throw new Error(`route '${route.id}' (${route.file}) is not in ${CLIENT_DIR}/${file}: is the build older than app/routes.ts?`);
    return route;
  });

  const vite = readViteManifest(ROOT);
  const locale = process.env.LOCALE ?? 'nl';
  const messages = messagesChunk(vite, locale);
  const allMessages = LOCALES.map(messagesModule);
  const entry = new Set([...chunksOf(manifest.entry), messages]);
  const shared = new Set([...entry, ...routeChunks(manifest, 'root')]);
  const rows: string[][] = [];
  const row = (label: string, chunks: Set<string>, own?: Set<string>, later?: boolean) => {
    const size = sizeOf(clientDir, chunks);
    const extra = own ? sizeOf(clientDir, own) : undefined;
    const lazy = later ? lazyChunks(vite, chunks, allMessages) : [];
    const lazySize = sizeOf(clientDir, lazy);
    rows.push([
      label,
      String(chunks.size),
      kb(size.raw),
      kb(size.gzip),
      own ? String(own.size) : '',
      extra ? kb(extra.raw) : '',
      extra ? kb(extra.gzip) : '',
      later ? String(lazy.length) : '',
      later ? kb(lazySize.gzip) : '',
      later ? kb(size.gzip + lazySize.gzip) : '',
    ]);
  };
  row(`entry.client + UI text (${locale})`, entry);
  row('root (every page: entry + root)', shared, undefined, true);
  for (const page of pages) {
    const chunks = new Set([...shared, ...routeChunks(manifest, page.id)]);
    row(page.file, chunks, new Set([...chunks].filter((chunk) => !shared.has(chunk))), true);
  }
  row('all client JS (both languages)', new Set(clientChunks(clientDir)));

  const header = ['page', 'chunks', 'KB raw', 'KB gzip', 'own chunks', 'own KB raw', 'own KB gzip', 'later chunks', 'later KB gzip', 'total KB gzip'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const built = fs.statSync(path.join(clientDir, file)).mtime;
  console.log(
    `Browser JS per page, build of ${built.toISOString()} (${CLIENT_DIR}/${file}); KB gzip = until the page is interactive, with its UI text (${locale}); ` +
      `own = not already loaded by entry + root; later = loaded after hydration (dynamic imports)\n`,
  );
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

try {
  main();
} catch (error) {
  console.error(`bench:bundle: ${(error as Error).message}`);
  process.exitCode = 1;
}
