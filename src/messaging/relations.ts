import { relations } from 'drizzle-orm';
import { contacts, conversations, inboundEvents, messages } from './tables/inbound';
import { jobQueue } from './tables/jobs';
import { tenantCredentials, tenants } from './tables/tenants';

export const tenantsRelations = relations(tenants, ({ many }) => ({
  credentials: many(tenantCredentials),
  inboundEvents: many(inboundEvents),
  jobs: many(jobQueue),
  contacts: many(contacts),
  conversations: many(conversations),
  messages: many(messages),
}));

export const tenantCredentialsRelations = relations(tenantCredentials, ({ one }) => ({
  tenant: one(tenants, { fields: [tenantCredentials.tenantId], references: [tenants.tenantId] }),
}));

export const inboundEventsRelations = relations(inboundEvents, ({ one, many }) => ({
  tenant: one(tenants, { fields: [inboundEvents.tenantId], references: [tenants.tenantId] }),
  jobs: many(jobQueue),
}));

export const jobQueueRelations = relations(jobQueue, ({ one }) => ({
  tenant: one(tenants, { fields: [jobQueue.tenantId], references: [tenants.tenantId] }),
  inboundEvent: one(inboundEvents, {
    fields: [jobQueue.inboundEventId],
    references: [inboundEvents.inboundEventId],
  }),
}));

export const contactsRelations = relations(contacts, ({ one, many }) => ({
  tenant: one(tenants, { fields: [contacts.tenantId], references: [tenants.tenantId] }),
  conversations: many(conversations),
  messages: many(messages),
}));

export const conversationsRelations = relations(conversations, ({ one, many }) => ({
  tenant: one(tenants, { fields: [conversations.tenantId], references: [tenants.tenantId] }),
  contact: one(contacts, { fields: [conversations.contactId], references: [contacts.contactId] }),
  messages: many(messages),
}));

export const messagesRelations = relations(messages, ({ one }) => ({
  tenant: one(tenants, { fields: [messages.tenantId], references: [tenants.tenantId] }),
  conversation: one(conversations, {
    fields: [messages.conversationId],
    references: [conversations.conversationId],
  }),
  contact: one(contacts, { fields: [messages.contactId], references: [contacts.contactId] }),
}));
