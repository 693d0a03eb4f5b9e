import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { managedPgSchemas, migrationSets, type SystemName } from './systems';

export interface PushConfigOptions {
  /** The database to push to. Default: `$DATABASE_URL`. */
  url?: string;
  /** Only these systems' tables. Default: every system. */
  systems?: readonly SystemName[];
}

/** What `drizzle-kit push` needs from a `drizzle.config.ts` (a subset of drizzle-kit's `Config`). */
export interface PushConfig {
  dialect: 'postgresql';
  schema: string[];
  schemaFilter: string[];
  extensionsFilters: ['postgis'];
  dbCredentials: { url: string };
  strict: false;
  verbose: true;
}

/**
 * The package's schema modules, found from this module's location: `src/*.ts` in the repository,
 * the CommonJS build `dist/*.cjs` when installed (drizzle-kit loads schema files with `require`).
 */
function schemaModule(name: string): string {
  // drizzle-kit loads an app's drizzle.config.ts as CommonJS, where import.meta is empty.
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const source = join(here, `${name}.ts`);
  if (existsSync(source)) return source;
  // dist/push.cjs sits next to dist/foundation.cjs and dist/<system>/index.cjs.
  const built = resolve(here, `${name}.cjs`);
  if (existsSync(built)) return built;
  throw new Error(`@org/schema: cannot find the schema module ${name} next to ${here}`);
}

/**
 * A complete `drizzle.config.ts` for `drizzle-kit push`: an app's config is
 * `export default pushConfig()`. Run `org-schema push-setup` before and after push (see README).
 * - `schema` lists each system's index module, not every file: a view re-exported by index.ts would
 *   otherwise reach drizzle-kit twice ("duplicated view name").
 * - `schemaFilter` is the package's own Postgres schemas, so push never touches an app's tables.
 * - `strict: false`: with `strict` drizzle-kit asks for confirmation, which fails without a TTY and
 *   still exits 0; push from this config is non-interactive.
 */
export function pushConfig(options: PushConfigOptions = {}): PushConfig {
  const wanted = options.systems ? new Set<string>(options.systems) : undefined;
  const systems = migrationSets.filter((s) => s.name !== 'foundation' && (!wanted || wanted.has(s.name)));
  const url = options.url ?? process.env.DATABASE_URL;
  if (!url) throw new Error('@org/schema pushConfig: pass { url } or set DATABASE_URL');
  return {
    dialect: 'postgresql',
    schema: [schemaModule('foundation'), ...systems.map((s) => schemaModule(`${s.name}/index`))],
    schemaFilter: wanted
      ? migrationSets
          .filter((s) => s.name === 'foundation' || wanted.has(s.name))
          .flatMap((s) => [...s.pgSchemas])
      : [...managedPgSchemas],
    extensionsFilters: ['postgis'],
    dbCredentials: { url },
    strict: false,
    verbose: true,
  };
}
