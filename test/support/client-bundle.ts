/**
 * Reading the browser build (build/client, written by `npx remix vite:build`): its JS chunks, the
 * Remix browser manifest (which chunks a page loads), and the marker that identifies drizzle-orm
 * code in a chunk. Used by test/e2e/bundle.e2e.ts and test/bench/bundle-size.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const CLIENT_DIR = path.join('build', 'client');

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
