import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig, type Plugin } from 'vite';
import remixConfig from './remix.config.js';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const isTest = Boolean(process.env.VITEST);

const I18N_DIR = fileURLToPath(new URL('./app/i18n/', import.meta.url));
const MESSAGES_DIR = path.join(I18N_DIR, 'messages');
const VIRTUAL_MESSAGES = 'virtual:i18n/messages.';

/**
 * The browser gets one language's UI text, not both. The message modules keep Dutch and English
 * side by side (app/i18n/messages/*.ts); for the client build this plugin
 * - puts app/i18n/catalogue.browser.ts in the place of app/i18n/catalogue.ts (the server keeps
 *   both languages, loaded with the module), and
 * - builds `virtual:i18n/messages.<locale>`, which the browser catalogue imports dynamically: the
 *   merged messages of that language only (app/i18n/messages/index.ts, evaluated at build time), as
 *   one chunk per language.
 */
function messagesPerLanguage(): Plugin {
  const catalogue = path.join(I18N_DIR, 'catalogue.ts');
  const browserCatalogue = path.join(I18N_DIR, 'catalogue.browser.ts');
  return {
    name: 'i18n-messages-per-language',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source.startsWith(VIRTUAL_MESSAGES)) return `\0${source}`;
      if (options.ssr || !importer || !source.endsWith('catalogue')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved?.id === catalogue ? browserCatalogue : null;
    },
    async load(id) {
      if (!id.startsWith(`\0${VIRTUAL_MESSAGES}`)) return null;
      const locale = id.slice(VIRTUAL_MESSAGES.length + 1);
      for (const file of fs.readdirSync(MESSAGES_DIR)) this.addWatchFile(path.join(MESSAGES_DIR, file));
      const { tsImport } = await import('tsx/esm/api');
      const modules = (await tsImport(pathToFileURL(path.join(MESSAGES_DIR, 'index.ts')).href, import.meta.url)) as Record<string, unknown>;
      const messages = modules[locale];
      if (!messages || typeof messages !== 'object') this.error(`app/i18n/messages/index.ts exports no messages for '${locale}'`);
      // JSON.parse of a string literal: a large object is parsed faster that way than as JS.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(messages))});`;
    },
  };
}

export default defineConfig({
  // The Remix plugin is left out under Vitest: tests import route modules directly.
  plugins: isTest ? [] : [messagesPerLanguage(), remix(remixConfig)],
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: new URL('./app/$1', import.meta.url).pathname },
      { find: /^#db\/(.*)$/, replacement: new URL('./db/$1', import.meta.url).pathname },
      { find: /^#test\/(.*)$/, replacement: new URL('./test/$1', import.meta.url).pathname },
    ],
  },
  server: { port: 3000 },
  build: {
    target: 'es2022',
    // Keep Vite's manifest (Remix moves it to build/.vite/client-manifest.json, outside what is
    // served): test/bench/bundle-size.ts and test/e2e/bundle.e2e.ts follow the dynamic imports in it.
    manifest: true,
  },
  ssr: {
    // Native/wasm packages stay external and are loaded from node_modules at run time.
    external: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/e2e/**'],
          globalSetup: ['test/setup/global-db.ts'],
          setupFiles: ['test/setup/per-file.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // One browser journey at a time: they share one server.
          poolOptions: { forks: { singleFork: true } },
          // A journey step that fails is tried once more (a slow machine can lose a race with
          // hydration); a step that fails twice fails the run. Retries are printed in the report.
          retry: 1,
        },
      },
    ],
  },
});
