import * as admin from './admin';
import * as ads from './ads';
import * as agents from './agents';
import * as alerts from './alerts';
import * as auth from './auth';
import * as billing from './billing';
import * as browser from './browser';
import * as costs from './costs';
import * as email from './email';
import * as knowledge from './knowledge';
import * as leads from './leads';
import * as rag from './rag';
import * as relations from './relations';
import * as seo from './seo';
import * as sop from './sop';
import * as webhooks from './webhooks';
import * as webhooksTasks from './webhooks-tasks';
import * as workflows from './workflows';

export * from './admin';
export * from './ads';
export * from './agents';
export * from './alerts';
export * from './auth';
export * from './auth-tokens';
export * from './billing';
export * from './billing-catalog';
export * from './billing-usage';
export * from './browser';
export * from './checkpoints';
export * from './cost-tracking';
export * from './costs';
export * from './email';
export * from './knowledge';
export * from './leads';
export * from './queues';
export * from './rag';
export * from './relations';
export * from './schema';
export * from './seed';
export * from './seo';
export * from './sop';
export * from './validators';
export * from './webhooks';
export * from './webhooks-tasks';
export * from './workflows';

/** Every table and relation of the system: the object for `drizzle(client, { schema })`. */
export const schema = {
  ...auth,
  ...browser,
  ...workflows,
  ...agents,
  ...knowledge,
  ...billing,
  ...costs,
  ...webhooks,
  ...webhooksTasks,
  ...seo,
  ...ads,
  ...leads,
  ...email,
  ...admin,
  ...alerts,
  ...rag,
  ...sop,
  ...relations,
};
export * from './secrets';
