import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  serial,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

export const userWebhooksChannelTypeValues = ['sms', 'email', 'custom_webhook'] as const;

/** User-configurable webhook endpoints for communication. */
export const userWebhooks = bottleneckSchema.table(
  'user_webhooks',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    webhookToken: uuid('webhookToken').notNull().defaultRandom(),
    webhookUrl: text('webhookUrl'),
    channelType: varchar('channelType', { length: 50, enum: userWebhooksChannelTypeValues }).notNull(),
    channelName: varchar('channelName', { length: 100 }).notNull(),
    channelOrder: integer('channelOrder').notNull().default(1),
    providerConfig: jsonb('providerConfig'),
    outboundEnabled: boolean('outboundEnabled').notNull().default(true),
    outboundConfig: jsonb('outboundConfig'),
    isActive: boolean('isActive').notNull().default(true),
    isPrimary: boolean('isPrimary').notNull().default(false),
    isVerified: boolean('isVerified').notNull().default(false),
    verifiedAt: timestampPlain('verifiedAt'),
    verificationCode: varchar('verificationCode', { length: 10 }),
    verificationCodeExpiresAt: timestampPlain('verificationCodeExpiresAt'),
    tokenExpiresAt: timestampPlain('tokenExpiresAt'),
    tokenRotationRequired: boolean('tokenRotationRequired').notNull().default(false),
    secretKey: varchar('secretKey', { length: 64 }),
    rateLimitPerMinute: integer('rateLimitPerMinute').notNull().default(30),
    rateLimitPerHour: integer('rateLimitPerHour').notNull().default(200),
    totalMessagesReceived: integer('totalMessagesReceived').notNull().default(0),
    totalMessagesSent: integer('totalMessagesSent').notNull().default(0),
    lastMessageAt: timestampPlain('lastMessageAt'),
    metadata: jsonb('metadata'),
    tags: jsonb('tags'),
    ...camelTimestamps(),
  },
  (t) => [
    index('user_webhooks_user_id_idx').on(t.userId),
    uniqueIndex('user_webhooks_token_idx').on(t.webhookToken),
    index('user_webhooks_channel_type_idx').on(t.channelType),
    index('user_webhooks_is_active_idx').on(t.isActive),
    index('user_webhooks_user_channel_idx').on(t.userId, t.channelType),
    foreignKey({
      name: 'user_webhooks_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
  ],
);

export const inboundMessagesMessageTypeValues = ['text', 'image', 'audio', 'file', 'structured'] as const;

/** Messages received through webhooks. */
export const inboundMessages = bottleneckSchema.table(
  'inbound_messages',
  {
    id: serial('id').primaryKey(),
    webhookId: integer('webhookId').notNull(),
    userId: integer('userId').notNull(),
    externalMessageId: varchar('externalMessageId', { length: 255 }),
    senderIdentifier: varchar('senderIdentifier', { length: 255 }).notNull(),
    senderName: varchar('senderName', { length: 255 }),
    messageType: varchar('messageType', { length: 50, enum: inboundMessagesMessageTypeValues }).notNull(),
    content: text('content').notNull(),
    contentParsed: jsonb('contentParsed'),
    hasAttachments: boolean('hasAttachments').notNull().default(false),
    attachments: jsonb('attachments'),
    processingStatus: varchar('processingStatus', { length: 50 }).notNull().default('received'),
    processingError: text('processingError'),
    taskId: integer('taskId'),
    conversationId: integer('conversationId'),
    isPartOfThread: boolean('isPartOfThread').notNull().default(false),
    parentMessageId: integer('parentMessageId'),
    rawPayload: jsonb('rawPayload'),
    providerMetadata: jsonb('providerMetadata'),
    receivedAt: timestampPlain('receivedAt').notNull().defaultNow(),
    processedAt: timestampPlain('processedAt'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    index('inbound_messages_webhook_id_idx').on(t.webhookId),
    index('inbound_messages_user_id_idx').on(t.userId),
    index('inbound_messages_sender_idx').on(t.senderIdentifier),
    index('inbound_messages_status_idx').on(t.processingStatus),
    index('inbound_messages_conversation_idx').on(t.conversationId),
    index('inbound_messages_received_at_idx').on(t.receivedAt),
    index('inbound_messages_user_webhook_idx').on(t.userId, t.webhookId),
    foreignKey({
      name: 'inbound_messages_webhookId_fkey',
      columns: [t.webhookId],
      foreignColumns: [userWebhooks.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'inbound_messages_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'inbound_messages_parentMessageId_fkey',
      columns: [t.parentMessageId],
      foreignColumns: [t.id],
    }),
  ],
);

export const botConversationsStatusValues = ['active', 'paused', 'resolved', 'archived'] as const;

/** Bot conversation context tracking. */
export const botConversations = bottleneckSchema.table(
  'bot_conversations',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    webhookId: integer('webhookId'),
    conversationUuid: uuid('conversationUuid').notNull().defaultRandom(),
    participantIdentifier: varchar('participantIdentifier', { length: 255 }).notNull(),
    status: varchar('status', { length: 50, enum: botConversationsStatusValues }).notNull().default('active'),
    topic: varchar('topic', { length: 255 }),
    contextSummary: text('contextSummary'),
    contextMemory: jsonb('contextMemory'),
    aiPersonality: varchar('aiPersonality', { length: 50 }).default('professional'),
    autoCreateTasks: boolean('autoCreateTasks').notNull().default(true),
    requireConfirmation: boolean('requireConfirmation').notNull().default(false),
    messageCount: integer('messageCount').notNull().default(0),
    tasksCreated: integer('tasksCreated').notNull().default(0),
    lastMessageAt: timestampPlain('lastMessageAt'),
    startedAt: timestampPlain('startedAt').notNull().defaultNow(),
    resolvedAt: timestampPlain('resolvedAt'),
    ...camelTimestamps(),
  },
  (t) => [
    index('bot_conversations_user_id_idx').on(t.userId),
    index('bot_conversations_webhook_id_idx').on(t.webhookId),
    uniqueIndex('bot_conversations_uuid_idx').on(t.conversationUuid),
    index('bot_conversations_participant_idx').on(t.participantIdentifier),
    index('bot_conversations_status_idx').on(t.status),
    index('bot_conversations_user_participant_idx').on(t.userId, t.participantIdentifier),
    foreignKey({
      name: 'bot_conversations_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'bot_conversations_webhookId_fkey',
      columns: [t.webhookId],
      foreignColumns: [userWebhooks.id],
    }).onDelete('set null'),
  ],
);

/** Webhook delivery logging with retry tracking. */
export const webhookLogs = bottleneckSchema.table(
  'webhook_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: text('webhookId').notNull(),
    userId: integer('userId').notNull(),
    event: varchar('event', { length: 100 }).notNull(),
    url: text('url').notNull(),
    method: varchar('method', { length: 10 }).notNull().default('POST'),
    requestHeaders: jsonb('requestHeaders'),
    requestBody: jsonb('requestBody'),
    responseStatus: integer('responseStatus'),
    responseBody: text('responseBody'),
    responseTime: integer('responseTime'),
    status: varchar('status', { length: 50 }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    nextRetryAt: timestampPlain('nextRetryAt'),
    error: text('error'),
    errorCode: varchar('errorCode', { length: 100 }),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
    completedAt: timestampPlain('completedAt'),
  },
  (t) => [
    index('webhook_logs_webhook_id_idx').on(t.webhookId),
    index('webhook_logs_user_id_idx').on(t.userId),
    index('webhook_logs_status_idx').on(t.status),
    index('webhook_logs_event_idx').on(t.event),
    index('webhook_logs_created_at_idx').on(t.createdAt),
    index('webhook_logs_next_retry_at_idx').on(t.nextRetryAt),
    index('webhook_logs_user_webhook_idx').on(t.userId, t.webhookId),
    index('webhook_logs_status_retry_idx').on(t.status, t.nextRetryAt),
    index('webhook_logs_user_status_idx').on(t.userId, t.status),
    foreignKey({
      name: 'webhook_logs_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
  ],
);
