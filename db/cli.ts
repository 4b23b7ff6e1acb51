/**
 * `npm run db:migrate` and `npm run db:seed [-- --force]` against the configured database
 * (DATABASE_URL, or the embedded PGlite in PGLITE_DIR). The seed refuses a server that is not on
 * this machine unless --force is given; it creates demo accounts only in demo mode.
 */
import { ConfigError, parseConfig } from '#app/utils/config.server';
import { DatabaseLockedError, openPglite, openPostgres } from './client';
import { migrate } from './migrate';
import { assertSeedTargetIsLocal, seedDemo } from './seed/index';

async function main() {
  const [command, ...flags] = process.argv.slice(2);
  if (command !== 'migrate' && command !== 'seed') {
    console.error('Usage: tsx db/cli.ts migrate | seed [--force]');
    process.exit(2);
  }
  const config = parseConfig(process.env);
  if (command === 'seed') assertSeedTargetIsLocal(config.DATABASE_URL, flags.includes('--force'));
  const database = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL, { max: 2 }) : await openPglite(config.pgliteDir);
  try {
    await migrate(database);
    console.log(`Migrated ${database.location}`);
    if (command === 'seed') {
      const { created } = await seedDemo(database.db, { accounts: !config.isProduction });
      console.log(created ? 'Demo data created (illustrative figures).' : 'Demo data was already there; nothing changed.');
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DatabaseLockedError;
  // A known problem is one line; anything else keeps its stack for the developer.
  console.error(known || (error instanceof Error && error.message.startsWith('Refusing')) ? (error as Error).message : error);
  process.exit(1);
});
