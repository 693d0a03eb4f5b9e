import { z } from 'zod';
import { insertSchema, jsonObject, selectSchema, updateSchema } from '../input';
import type { InsertSchemaOf, SelectSchemaOf, UpdateSchemaOf } from '../validator-types';
import { contacts, conversations, inboundEvents, messages } from './tables/inbound';
import { jobQueue, jobStatusValues } from './tables/jobs';
import { tenantCredentials, tenants } from './tables/tenants';

// Table validators: drizzle-zod schemas with the column-derived bounds of the input kit (uuids
// lower-cased, timestamps in years 0001–9999, JSON checked, indexed text byte-limited), narrowed
// further where identifiers are short and bodies are not.
const id = () => z.string().min(1).max(200);
const body = () => z.string().max(65_536);

export const insertTenantSchema = insertSchema(tenants, {
  tenantSlug: () =>
    z
      .string()
      .min(1)
      .max(100)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens'),
  name: () => z.string().min(1).max(200),
  messagingAdapter: () => id().nullish(),
  calendarAdapter: () => id().nullish(),
  settings: () => jsonObject(),
});
export const selectTenantSchema: SelectSchemaOf<typeof tenants> = selectSchema(tenants, {
  settings: () => jsonObject(),
});
export const updateTenantSchema: UpdateSchemaOf<typeof tenants> = updateSchema(tenants, {
  settings: () => jsonObject(),
});

export const insertTenantCredentialSchema = insertSchema(tenantCredentials, {
  provider: id,
  credentials: () => z.instanceof(Buffer),
  keyVersion: (s) => s.int().min(1),
});
export const selectTenantCredentialSchema: SelectSchemaOf<typeof tenantCredentials> = selectSchema(
  tenantCredentials,
  {
    credentials: () => z.instanceof(Buffer),
  },
);
export const updateTenantCredentialSchema: UpdateSchemaOf<typeof tenantCredentials> = updateSchema(
  tenantCredentials,
  {
    provider: id,
    credentials: () => z.instanceof(Buffer),
    keyVersion: (s) => s.int().min(1),
  },
);

const inboundEventRefinements = {
  provider: id,
  eventType: id,
  providerEventId: () => id().nullish(),
  providerMsgId: () => id().nullish(),
  channel: () => id().nullish(),
  channelAddress: () => id().nullish(),
  dedupeKey: () => z.string().min(1).max(500),
  payload: () => jsonObject(),
} as const;
export const insertInboundEventSchema = insertSchema(inboundEvents, inboundEventRefinements);
export const selectInboundEventSchema: SelectSchemaOf<typeof inboundEvents> = selectSchema(inboundEvents, {
  payload: () => jsonObject(),
});
export const updateInboundEventSchema = updateSchema(inboundEvents, inboundEventRefinements);

export const insertJobSchema = insertSchema(jobQueue, {
  jobType: id,
  attempts: (s) => s.int().min(0),
  lockedBy: () => id().nullish(),
  lastError: () => body().nullish(),
});
export const selectJobSchema: SelectSchemaOf<typeof jobQueue> = selectSchema(jobQueue);
export const updateJobSchema = updateSchema(jobQueue, {
  jobType: id,
  attempts: (s) => s.int().min(0),
  lockedBy: () => id().nullish(),
  lastError: () => body().nullish(),
});
export const jobStatusSchema = z.enum(jobStatusValues);

export const insertContactSchema = insertSchema(contacts, {
  channel: id,
  channelAddress: id,
  displayName: () => z.string().max(500).nullish(),
  metadata: () => jsonObject(),
});
export const selectContactSchema: SelectSchemaOf<typeof contacts> = selectSchema(contacts, {
  metadata: () => jsonObject(),
});
export const updateContactSchema = updateSchema(contacts, {
  channel: id,
  channelAddress: id,
  displayName: () => z.string().max(500).nullish(),
  metadata: () => jsonObject(),
});

export const insertConversationSchema = insertSchema(conversations, {
  lastStep: () => id().nullish(),
  lastIntent: () => id().nullish(),
  context: () => jsonObject(),
});
export const selectConversationSchema: SelectSchemaOf<typeof conversations> = selectSchema(conversations, {
  context: () => jsonObject(),
});
export const updateConversationSchema: UpdateSchemaOf<typeof conversations> = updateSchema(conversations, {
  context: () => jsonObject(),
});

export const insertMessageSchema = insertSchema(messages, {
  provider: () => id().nullish(),
  providerMsgId: () => id().nullish(),
  channel: () => id().nullish(),
  text: () => body().nullish(),
  payload: () => jsonObject(),
});
export const selectMessageSchema: SelectSchemaOf<typeof messages> = selectSchema(messages, {
  payload: () => jsonObject(),
});
export const updateMessageSchema = updateSchema(messages, {
  provider: () => id().nullish(),
  providerMsgId: () => id().nullish(),
  channel: () => id().nullish(),
  text: () => body().nullish(),
  payload: () => jsonObject(),
});

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
export type TenantCredential = typeof tenantCredentials.$inferSelect;
export type InboundEvent = typeof inboundEvents.$inferSelect;
export type Job = typeof jobQueue.$inferSelect;
export type JobStatus = (typeof jobStatusValues)[number];
export type Contact = typeof contacts.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;

// Row types: <Entity> is a selected row, New<Entity> an insertable one.
export type NewTenantCredential = typeof tenantCredentials.$inferInsert;
export type NewInboundEvent = typeof inboundEvents.$inferInsert;
export type NewJob = typeof jobQueue.$inferInsert;
export type NewContact = typeof contacts.$inferInsert;
export type NewConversation = typeof conversations.$inferInsert;
export type NewMessage = typeof messages.$inferInsert;
