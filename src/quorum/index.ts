import { tablesOf } from '../tables-of';
import * as relations from './relations';
import * as tableModules from './tables';

// Repository functions and reference data.
export * from './config-versions';
export * from './coupon-admin';
export * from './redeem';
export * from './relations';
export * from './schema';
export { seedQuorum } from './seed';
export * from './sessions';
export * from './tables';
export * from './validators';

/** Every table and view of AI Quorum, by TS name. */
export const tables = tablesOf(tableModules);
/** Tables, views and relations of AI Quorum: the object for `drizzle(client, { schema })`. */
export const schema: typeof tables & typeof relations = { ...tables, ...relations };
