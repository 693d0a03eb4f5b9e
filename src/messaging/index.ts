import { contacts, conversations, inboundEvents, messages } from './inbound';
import { jobQueue } from './jobs';
import * as relations from './relations';
import { tenantCredentials, tenants } from './tenants';

export * from './conversations';
export * from './credentials';
export * from './inbound';
export * from './ingest';
export * from './jobs';
export * from './queue';
export * from './relations';
export * from './schema';
export * from './tenants';
export * from './validators';
export * from './worker';

/** Hand to `drizzle(client, { schema })` for relational queries. */
export const schema = {
  tenants,
  tenantCredentials,
  inboundEvents,
  jobQueue,
  contacts,
  conversations,
  messages,
  ...relations,
};
