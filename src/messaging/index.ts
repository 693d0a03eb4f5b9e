import { tablesOf } from '../tables-of';
import * as relations from './relations';
import * as tableModules from './tables';

// Repository functions and reference data.
export * from './conversations';
export * from './credentials';
export * from './ingest';
export * from './queue';
export * from './relations';
export * from './schema';
export * from './tables';
export * from './validators';
export * from './worker';

/** Every table and view of the messaging platform, by TS name. */
export const tables = tablesOf(tableModules);
/** Tables, views and relations of the messaging platform: the object for `drizzle(client, { schema })`. */
export const schema: typeof tables & typeof relations = { ...tables, ...relations };
