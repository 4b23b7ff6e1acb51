import { defineConfig } from 'drizzle-kit';

// Migrations are generated from db/schema and applied in-process at start-up (db/migrate.ts).
// `npm run db:generate` needs no database: drizzle-kit diffs against the committed snapshots.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
});
