import { tablesOf } from '../tables-of';
import * as relations from './relations';
import * as tableModules from './tables';

// Repository functions and reference data.
export * from './approvals';
export * from './audit-runs';
export * from './domain-policies';
export * from './handoff';
export * from './lead-capture';
export * from './reference/dns';
export * from './relations';
export * from './schema';
export * from './seed';
export * from './tables';
export * from './tasks';
export * from './validators';

/** Every table and view of the Owner Portal, by TS name. */
export const tables = tablesOf(tableModules);
/** Tables, views and relations of the Owner Portal: the object for `drizzle(client, { schema })`. */
export const schema: typeof tables & typeof relations = { ...tables, ...relations };
