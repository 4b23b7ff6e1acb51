import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import remixConfig from './remix.config.js';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const isTest = Boolean(process.env.VITEST);

export default defineConfig({
  // The Remix plugin is left out under Vitest: tests import route modules directly.
  plugins: isTest ? [] : [remix(remixConfig)],
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: new URL('./app/$1', import.meta.url).pathname },
      { find: /^#db\/(.*)$/, replacement: new URL('./db/$1', import.meta.url).pathname },
      { find: /^#test\/(.*)$/, replacement: new URL('./test/$1', import.meta.url).pathname },
    ],
  },
  server: { port: 3000 },
  // Pre-bundled at start so the first page with a chart does not trigger a re-optimisation.
  optimizeDeps: { include: ['recharts'] },
  build: { target: 'es2022' },
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
