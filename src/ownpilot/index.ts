import { tablesOf } from '../tables-of';
import * as relations from './relations';
import * as tableModules from './tables';

// Repository functions and reference data.
export * from './bookmark-tools';
export * from './calendar-tools';
export * from './contact-tools';
export * from './custom-data-tools';
export * from './goal-tools';
export * from './memory-tools';
export * from './note-tools';
export * from './oauth-secrets';
export * from './personal-tools';
export * from './plan-step-tools';
export * from './plan-tools';
export * from './relations';
export * from './schema';
export * from './tables';
export * from './task-tools';
export * from './trigger-scheduler';
export * from './trigger-tools';
export * from './validators';

/** Every table and view of OwnPilot, by TS name. */
export const tables = tablesOf(tableModules);
/** Tables, views and relations of OwnPilot: the object for `drizzle(client, { schema })`. */
export const schema: typeof tables & typeof relations = { ...tables, ...relations };
