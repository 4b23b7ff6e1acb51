/**
 * Reading the browser build (build/client, written by `npx remix vite:build`): its JS chunks, the
 * Remix browser manifest (which chunks a page loads), Vite's manifest (what a chunk loads later, by
 * dynamic import: a language's UI text), and the markers that identify drizzle-orm code
 * and each language's UI text in a chunk. Used by test/e2e/bundle.e2e.ts and
 * test/bench/bundle-size.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const CLIENT_DIR = path.join('build', 'client');
/** Vite's manifest of the client build; Remix moves it out of build/client (vite.config.ts sets build.manifest). */
export const VITE_MANIFEST = path.join('build', '.vite', 'client-manifest.json');

/** Every .js file under the client build, root-relative to `clientDir` ('assets/x-123.js'). */
export function clientChunks(clientDir: string): string[] {
  if (!fs.existsSync(clientDir)) throw new Error(`no ${clientDir}: build the app first (\`npx remix vite:build\`)`);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js')) found.push(path.relative(clientDir, full).split(path.sep).join('/'));
    }
  };
  walk(clientDir);
  return found.sort();
}

/**
 * The marker of drizzle-orm code: the key of the `entityKind` symbol that every drizzle entity
 * class (tables, columns, SQL, operators…) carries as `static [entityKind] = "PgTable"`, read from
 * drizzle-orm's own built entity.js, so a renamed key in a new drizzle version cannot make the check
 * pass silently. Minifiers keep the string (it is the argument of `Symbol.for`).
 */
export function drizzleMarker(root: string): string {
  const file = path.join(root, 'node_modules', 'drizzle-orm', 'entity.js');
  const source = fs.readFileSync(file, 'utf8');
  const match = /\bentityKind\s*=\s*Symbol\.for\(\s*(["'`])([^"'`]+)\1\s*\)/.exec(source);
  if (!match) throw new Error(`${file} no longer defines entityKind = Symbol.for("…"): find a new marker for drizzle-orm code`);
  return match[2]!;
}

/** The chunks (paths as given) whose code contains `marker`. */
export function chunksContaining(clientDir: string, chunks: string[], marker: string): string[] {
  return chunks.filter((chunk) => fs.readFileSync(path.join(clientDir, chunk), 'utf8').includes(marker));
}

/** The drizzle entity kinds named in a chunk (e.g. PgTable, PgColumn): says what was pulled in. */
export function entityKindsIn(code: string): string[] {
  return [...new Set([...code.matchAll(/static\s*\[[\w$]+\]\s*=\s*"([A-Za-z]+)"/g)].map((m) => m[1]!))].sort();
}

export interface ManifestAssets {
  module: string;
  imports?: string[];
  css?: string[];
}

export interface RemixBrowserManifest {
  entry: ManifestAssets;
  routes: Record<string, ManifestAssets & { id: string; parentId?: string; path?: string }>;
  url?: string;
  version?: string;
}

/**
 * The Remix browser manifest, `assets/manifest-<version>.js` (`window.__remixManifest={…};`). Its
 * `imports` are the static imports of a module, already followed transitively: the chunks Remix
 * preloads for a page. (Vite's own .vite/manifest.json is deleted by the Remix plugin after the
 * build unless vite.config.ts sets build.manifest: true.)
 */
export function readBrowserManifest(clientDir: string): { file: string; manifest: RemixBrowserManifest } {
  const assets = path.join(clientDir, 'assets');
  const candidates = fs.existsSync(assets) ? fs.readdirSync(assets).filter((name) => /^manifest-[\w-]+\.js$/.test(name)) : [];
  if (!candidates.length) throw new Error(`no Remix manifest (assets/manifest-*.js) in ${clientDir}: run \`npx remix vite:build\` first`);
  const newest = candidates
    .map((name) => ({ name, time: fs.statSync(path.join(assets, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time)[0]!.name;
  const text = fs.readFileSync(path.join(assets, newest), 'utf8').trim();
  const json = text.replace(/^window\.__remixManifest\s*=\s*/, '').replace(/;$/, '');
  return { file: `assets/${newest}`, manifest: JSON.parse(json) as RemixBrowserManifest };
}

/** The chunks (root-relative, 'assets/x.js') of a manifest entry: its module plus its imports. */
export function chunksOf(assets: ManifestAssets): string[] {
  return [assets.module, ...(assets.imports ?? [])].map((url) => url.replace(/^\//, ''));
}

/** The route ids whose page loads `chunk`. */
export function routesLoading(manifest: RemixBrowserManifest, chunk: string): string[] {
  const ids = Object.values(manifest.routes)
    .filter((route) => chunksOf(route).includes(chunk))
    .map((route) => route.id);
  if (chunksOf(manifest.entry).includes(chunk)) ids.unshift('(entry.client)');
  return ids;
}

export interface Size {
  raw: number;
  gzip: number;
}

/** Bytes and gzipped bytes of files, each file counted once. */
export function sizeOf(clientDir: string, chunks: Iterable<string>): Size {
  let raw = 0;
  let gzip = 0;
  for (const chunk of new Set(chunks)) {
    const content = fs.readFileSync(path.join(clientDir, chunk));
    raw += content.length;
    gzip += gzipSync(content).length;
  }
  return { raw, gzip };
}

/**
 * `code` bundled and minified the way the client build does it (Vite: Rollup, esbuild minify,
 * es2022), without writing anything: the JS of all output chunks. `code` may import packages.
 */
export async function minifiedBundle(root: string, code: string): Promise<string> {
  const { build } = await import('vite');
  const id = '\0bundle-probe';
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [{ name: 'bundle-probe', resolveId: (source) => (source === 'virtual:bundle-probe' ? id : null), load: (source) => (source === id ? code : null) }],
    build: {
      write: false,
      target: 'es2022',
      minify: 'esbuild',
      rollupOptions: { input: 'virtual:bundle-probe', preserveEntrySignatures: 'exports-only' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
  return outputs.map((o) => (o.type === 'chunk' ? o.code : '')).join('\n');
}

/** A chunk of Vite's manifest (keys: source path, or `_<file>` for shared chunks). */
export interface ViteChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
export type ViteManifest = Record<string, ViteChunk>;

export function readViteManifest(root: string): ViteManifest {
  const file = path.join(root, VITE_MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`no ${VITE_MANIFEST}: build the app (\`npm run build\`) with build.manifest set in vite.config.ts`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ViteManifest;
}

/** The virtual module of one language's UI text (vite.config.ts, plugin i18n-messages-per-language). */
export const messagesModule = (locale: string) => `virtual:i18n/messages.${locale}`;

/** The chunk ('assets/x.js') with one language's UI text, which entry.client loads before hydrating. */
export function messagesChunk(manifest: ViteManifest, locale: string): string {
  const chunk = manifest[messagesModule(locale)];
  if (!chunk) throw new Error(`Vite's manifest has no chunk for ${messagesModule(locale)}: is the i18n plugin in vite.config.ts?`);
  return chunk.file;
}

/**
 * What `chunks` ('assets/x.js') load later by dynamic import, followed transitively with the static
 * imports of what they load, less `chunks` themselves and less the modules in `except` (Vite manifest
 * keys, e.g. the languages' messages, which are counted on their own).
 */
export function lazyChunks(manifest: ViteManifest, chunks: Iterable<string>, except: readonly string[] = []): string[] {
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  const have = new Set(chunks);
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || except.includes(key) || seen.has(key)) return;
    seen.add(key);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  for (const file of have) {
    const key = byFile.get(file);
    if (key) visit(key);
  }
  return [...seen].map((key) => manifest[key]!.file).filter((file) => !have.has(file)).sort();
}

/** The chunks a page loads before it is interactive: entry.client, the route and its parents (static imports), and its language's UI text. */
export function pageChunks(manifest: RemixBrowserManifest, vite: ViteManifest, routeId: string, locale: string): string[] {
  const chunks = new Set([...chunksOf(manifest.entry), messagesChunk(vite, locale)]);
  for (let route = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) for (const chunk of chunksOf(route)) chunks.add(chunk);
  if (!manifest.routes[routeId]) throw new Error(`no route '${routeId}' in the Remix manifest`);
  return [...chunks];
}
