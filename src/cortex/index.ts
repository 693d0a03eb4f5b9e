import { tablesOf } from '../tables-of';
import * as relations from './relations';
import * as tableModules from './tables';

// Repository functions and reference data.
export * from './archive';
export * from './oauth-secrets';
export * from './publish';
export * from './relations';
export * from './schema';
export * from './search';
export * from './sessions';
export * from './tables';
export * from './validators';

/** Every table and view of Om Cortex, by TS name. */
export const tables = tablesOf(tableModules);
/** Tables, views and relations of Om Cortex: the object for `drizzle(client, { schema })`. */
export const schema: typeof tables & typeof relations = { ...tables, ...relations };
