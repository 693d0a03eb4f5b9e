import { foreignKey, index, jsonb, text } from 'drizzle-orm/pg-core';
import { checkIn, createdAt, jsonObject, textId, timestamptz } from '../../columns';
import { ownpilotSchema } from '../schema';

export const channelMessageDirectionValues = ['inbound', 'outbound'] as const;

/** §9.1 Registered messaging channels. `status` has no documented value list, so it stays free text. */
export const channels = ownpilotSchema.table('channels', {
  id: textId(),
  type: text('type').notNull(),
  name: text('name').notNull(),
  status: text('status').notNull().default('disconnected'),
  config: jsonObject('config').notNull(),
  createdAt: createdAt(),
  connectedAt: timestamptz('connected_at'),
  lastActivityAt: timestamptz('last_activity_at'),
});

/** §9.2 Messages through channels; reply_to_id is a plain reference (no FK documented). */
export const channelMessages = ownpilotSchema.table(
  'channel_messages',
  {
    id: textId(),
    channelId: text('channel_id').notNull(),
    externalId: text('external_id'),
    direction: text('direction', { enum: channelMessageDirectionValues }).notNull(),
    senderId: text('sender_id'),
    senderName: text('sender_name'),
    content: text('content').notNull(),
    contentType: text('content_type').notNull().default('text'),
    attachments: jsonb('attachments').$type<Record<string, unknown>[]>(),
    replyToId: text('reply_to_id'),
    metadata: jsonObject('metadata'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_channel_messages_channel').on(t.channelId),
    index('idx_channel_messages_created').on(t.createdAt),
    checkIn('channel_messages', 'direction', channelMessageDirectionValues),
    foreignKey({
      name: 'channel_messages_channel_id_fkey',
      columns: [t.channelId],
      foreignColumns: [channels.id],
    }).onDelete('cascade'),
  ],
);
