import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { bot } from '../schema';
import { tenants } from './tenants';

export const conversationStatusValues = ['open', 'closed'] as const;
export const messageDirectionValues = ['inbound', 'outbound'] as const;

/** Append-only: raw inbound events, idempotent per (tenant_id, dedupe_key). */
export const inboundEvents = bot.table(
  'inbound_events',
  {
    inboundEventId: uuidPk('inbound_event_id'),
    tenantId: uuid('tenant_id').notNull(),
    provider: text('provider').notNull(),
    eventType: text('event_type').notNull(),
    providerEventId: text('provider_event_id'),
    providerMsgId: text('provider_msg_id'),
    channel: text('channel'),
    channelAddress: text('channel_address'),
    receivedAt: timestamptz('received_at').notNull().defaultNow(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    traceId: uuid('trace_id').notNull().defaultRandom(),
  },
  (t) => [
    unique('inbound_events_tenant_id_dedupe_key_key').on(t.tenantId, t.dedupeKey),
    // Undocumented: the target of job_queue's (tenant_id, inbound_event_id) foreign key, so the
    // database refuses a job that names another tenant's event (docs/messaging.md, owner isolation).
    unique('inbound_events_tenant_id_inbound_event_id_key').on(t.tenantId, t.inboundEventId),
    index('inbound_events_received_at_idx').on(t.receivedAt),
    index('inbound_events_trace_id_idx').on(t.traceId),
    foreignKey({
      name: 'inbound_events_tenant_id_fkey',
      columns: [t.tenantId],
      foreignColumns: [tenants.tenantId],
    }),
  ],
);

export const contacts = bot.table(
  'contacts',
  {
    contactId: uuidPk('contact_id'),
    tenantId: uuid('tenant_id').notNull(),
    channel: text('channel').notNull(),
    channelAddress: text('channel_address').notNull(),
    displayName: text('display_name'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    ...timestamps(),
  },
  (t) => [
    unique('contacts_tenant_id_channel_channel_address_key').on(t.tenantId, t.channel, t.channelAddress),
    index('contacts_tenant_id_idx').on(t.tenantId),
    // Undocumented: the target of conversations' (tenant_id, contact_id) foreign key.
    unique('contacts_tenant_id_contact_id_key').on(t.tenantId, t.contactId),
    foreignKey({
      name: 'contacts_tenant_id_fkey',
      columns: [t.tenantId],
      foreignColumns: [tenants.tenantId],
    }),
  ],
);

export const conversations = bot.table(
  'conversations',
  {
    conversationId: uuidPk('conversation_id'),
    tenantId: uuid('tenant_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    status: text('status', { enum: conversationStatusValues }).notNull().default('open'),
    lastStep: text('last_step'),
    lastIntent: text('last_intent'),
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    lastInboundAt: timestamptz('last_inbound_at'),
    lastOutboundAt: timestamptz('last_outbound_at'),
    ...timestamps(),
  },
  (t) => [
    // Documented as UNIQUE (tenant_id, contact_id, status); that would forbid a second closed
    // conversation, so the "one open conversation per contact" intent is a partial unique index.
    uniqueIndex('conversations_one_open_per_contact_key')
      .on(t.tenantId, t.contactId)
      .where(sql`status = 'open'`),
    index('conversations_tenant_id_contact_id_status_idx').on(t.tenantId, t.contactId, t.status),
    // Undocumented: the target of messages' (tenant_id, conversation_id, contact_id) foreign key.
    unique('conversations_tenant_id_conversation_id_contact_id_key').on(
      t.tenantId,
      t.conversationId,
      t.contactId,
    ),
    foreignKey({
      name: 'conversations_tenant_id_fkey',
      columns: [t.tenantId],
      foreignColumns: [tenants.tenantId],
    }),
    foreignKey({
      name: 'conversations_contact_id_fkey',
      columns: [t.contactId],
      foreignColumns: [contacts.contactId],
    }),
    // Owner isolation: the contact belongs to the conversation's tenant.
    foreignKey({
      name: 'conversations_tenant_id_contact_id_fkey',
      columns: [t.tenantId, t.contactId],
      foreignColumns: [contacts.tenantId, contacts.contactId],
    }),
  ],
);

/** The canonical transcript: every inbound and outbound message. */
export const messages = bot.table(
  'messages',
  {
    messageId: uuidPk('message_id'),
    tenantId: uuid('tenant_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    direction: text('direction', { enum: messageDirectionValues }).notNull(),
    provider: text('provider'),
    providerMsgId: text('provider_msg_id'),
    channel: text('channel'),
    text: text('text'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    traceId: uuid('trace_id'),
  },
  (t) => [
    uniqueIndex('messages_inbound_idempotency_key')
      .on(t.tenantId, t.provider, t.providerMsgId, t.direction)
      .where(sql`direction = 'inbound'`),
    index('messages_conversation_id_created_at_idx').on(t.conversationId, t.createdAt),
    index('messages_provider_provider_msg_id_idx').on(t.provider, t.providerMsgId),
    index('messages_trace_id_idx').on(t.traceId),
    foreignKey({
      name: 'messages_tenant_id_fkey',
      columns: [t.tenantId],
      foreignColumns: [tenants.tenantId],
    }),
    foreignKey({
      name: 'messages_conversation_id_fkey',
      columns: [t.conversationId],
      foreignColumns: [conversations.conversationId],
    }),
    foreignKey({
      name: 'messages_contact_id_fkey',
      columns: [t.contactId],
      foreignColumns: [contacts.contactId],
    }),
    // Owner isolation: the conversation belongs to the message's tenant and is the contact's
    // (and through conversations' own composite key, the contact is the tenant's too).
    foreignKey({
      name: 'messages_tenant_id_conversation_id_contact_id_fkey',
      columns: [t.tenantId, t.conversationId, t.contactId],
      foreignColumns: [conversations.tenantId, conversations.conversationId, conversations.contactId],
    }),
  ],
);
