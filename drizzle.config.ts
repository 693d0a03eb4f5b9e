import { defineConfig } from 'drizzle-kit';
import { managedPgSchemas, migrationSets } from './src/systems';

// With DRIZZLE_SET, drizzle-kit works on one system's migration folder (what `npm run db:generate`
// does for each system). Without it, the config covers every system for `push`, `pull` and `studio`.
const setName = process.env.DRIZZLE_SET;
const set = migrationSets.find((s) => s.name === setName);
if (setName && !set)
  throw new Error(`DRIZZLE_SET=${setName}: unknown; use one of ${migrationSets.map((s) => s.name)}`);
if (!set && process.argv.some((a) => a === 'generate' || a === 'check' || a === 'migrate')) {
  throw new Error(
    'Migrations live in one folder per system (drizzle/<system>/). Use `npm run db:generate`, ' +
      '`npm run db:check`, or `DRIZZLE_SET=<system> npx drizzle-kit generate`; apply them with `npm start` / migrate().',
  );
}

export default defineConfig({
  dialect: 'postgresql',
  schema: set ? [...set.schemaFiles] : migrationSets.flatMap((s) => [...s.schemaFiles]),
  out: set ? (process.env.DRIZZLE_OUT ?? `./drizzle/${set.name}`) : './drizzle',
  schemaFilter: managedPgSchemas,
  extensionsFilters: ['postgis'],
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost:5432/postgres' },
  strict: true,
  verbose: true,
});
