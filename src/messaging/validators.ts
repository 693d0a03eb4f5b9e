import { createInsertSchema, createSelectSchema, createUpdateSchema } from 'drizzle-zod';
import { z } from 'zod';
import { contacts, conversations, inboundEvents, messages } from './inbound';
import { jobQueue, jobStatusValues } from './jobs';
import { tenantCredentials, tenants } from './tenants';

// Bounds that keep hostile input out of the database; identifiers are short, bodies are not.
const id = () => z.string().min(1).max(200);
const body = () => z.string().max(65_536);
const jsonObject = z.record(z.string(), z.unknown());

export const tenantInsertSchema = createInsertSchema(tenants, {
  tenantSlug: () =>
    z
      .string()
      .min(1)
      .max(100)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
  name: () => z.string().min(1).max(200),
  messagingAdapter: () => id().nullish(),
  calendarAdapter: () => id().nullish(),
  settings: () => jsonObject,
});
export const tenantSelectSchema = createSelectSchema(tenants, { settings: () => jsonObject });
export const tenantUpdateSchema = createUpdateSchema(tenants, { settings: () => jsonObject });

export const tenantCredentialInsertSchema = createInsertSchema(tenantCredentials, {
  provider: id,
  credentials: () => z.instanceof(Buffer),
  keyVersion: (s) => s.int().min(1),
});
export const tenantCredentialSelectSchema = createSelectSchema(tenantCredentials, {
  credentials: () => z.instanceof(Buffer),
});

export const inboundEventInsertSchema = createInsertSchema(inboundEvents, {
  provider: id,
  eventType: id,
  providerEventId: () => id().nullish(),
  providerMsgId: () => id().nullish(),
  channel: () => id().nullish(),
  channelAddress: () => id().nullish(),
  dedupeKey: () => z.string().min(1).max(500),
  payload: () => jsonObject,
});
export const inboundEventSelectSchema = createSelectSchema(inboundEvents, { payload: () => jsonObject });

export const jobInsertSchema = createInsertSchema(jobQueue, {
  jobType: id,
  attempts: (s) => s.int().min(0),
  lockedBy: () => id().nullish(),
  lastError: () => body().nullish(),
});
export const jobSelectSchema = createSelectSchema(jobQueue);
export const jobStatusSchema = z.enum(jobStatusValues);

export const contactInsertSchema = createInsertSchema(contacts, {
  channel: id,
  channelAddress: id,
  displayName: () => z.string().max(500).nullish(),
  metadata: () => jsonObject,
});
export const contactSelectSchema = createSelectSchema(contacts, { metadata: () => jsonObject });

export const conversationInsertSchema = createInsertSchema(conversations, {
  lastStep: () => id().nullish(),
  lastIntent: () => id().nullish(),
  context: () => jsonObject,
});
export const conversationSelectSchema = createSelectSchema(conversations, { context: () => jsonObject });
export const conversationUpdateSchema = createUpdateSchema(conversations, { context: () => jsonObject });

export const messageInsertSchema = createInsertSchema(messages, {
  provider: () => id().nullish(),
  providerMsgId: () => id().nullish(),
  channel: () => id().nullish(),
  text: () => body().nullish(),
  payload: () => jsonObject,
});
export const messageSelectSchema = createSelectSchema(messages, { payload: () => jsonObject });

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
export type TenantCredential = typeof tenantCredentials.$inferSelect;
export type InboundEvent = typeof inboundEvents.$inferSelect;
export type Job = typeof jobQueue.$inferSelect;
export type JobStatus = (typeof jobStatusValues)[number];
export type Contact = typeof contacts.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
