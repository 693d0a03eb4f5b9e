import { defineConfig } from 'drizzle-kit';
import { managedPgSchemas, migrationSets } from '../src/systems';
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/foundation.ts', ...migrationSets.filter((s) => s.name !== 'foundation').map((s) => `./src/${s.name}/index.ts`)],
  schemaFilter: managedPgSchemas,
  extensionsFilters: ['postgis'],
  dbCredentials: { url: process.env.DATABASE_URL! },
  strict: false,
  verbose: true,
});
