import { tablesOf } from '../tables-of';
import * as relations from './relations';
import * as tableModules from './tables';

// Repository functions and reference data.
export * from './artifact-versions';
export * from './context-files';
export * from './ingest';
export * from './ingest-runs';
export * from './queue';
export * from './relations';
export * from './schema';
export * from './tables';
export * from './upsert-brand';
export * from './validators';
export * from './webhook';

/** Every table and view of the ad-research platform, by TS name. */
export const tables = tablesOf(tableModules);
/** Tables, views and relations of the ad-research platform: the object for `drizzle(client, { schema })`. */
export const schema: typeof tables & typeof relations = { ...tables, ...relations };
