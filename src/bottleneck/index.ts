import { tablesOf } from '../tables-of';
import * as relations from './relations';
import * as tableModules from './tables';

// Repository functions and reference data.
export * from './auth-tokens';
export * from './billing-usage';
export * from './browser-context-storage';
export * from './budget-check';
export * from './checkpoints';
export * from './cost-records';
export * from './credentials';
export * from './credits';
export * from './daily-cost-rollup';
export * from './email-connection-tokens';
export * from './execution-packs';
export * from './ghl-api-key';
export * from './human-review';
export * from './inbound-webhook-messages';
export * from './inbound-webhooks';
export * from './queues';
export * from './reference/billing';
export * from './relations';
export * from './schedule';
export * from './scheduled-tasks';
export * from './schema';
export * from './seed';
export * from './tables';
export * from './validators';

/** Every table and view of Bottleneck Bots, by TS name. */
export const tables = tablesOf(tableModules);
/** Tables, views and relations of Bottleneck Bots: the object for `drizzle(client, { schema })`. */
export const schema: typeof tables & typeof relations = { ...tables, ...relations };
