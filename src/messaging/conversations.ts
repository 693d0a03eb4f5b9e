import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { contacts, conversations, messageDirectionValues, messages } from './inbound';
import type { Contact, Conversation, Message } from './validators';

const short = z.string().min(1).max(200);
const jsonObject = z.record(z.string(), z.unknown());

export const upsertContactInput = z.object({
  tenantId: z.uuid(),
  channel: short,
  channelAddress: short,
  displayName: z.string().max(500).optional(),
  metadata: jsonObject.optional(),
});
export const upsertContactErrors = ['INVALID_INPUT', 'TENANT_NOT_FOUND'] as const;

/**
 * One contact per (tenant, channel, address), also under concurrency: a single INSERT … ON
 * CONFLICT DO UPDATE. A given display name replaces the stored one; metadata is merged.
 */
export async function upsertContact(
  db: DbOrTx,
  input: z.input<typeof upsertContactInput>,
): Promise<Result<{ created: boolean; contact: Contact }, (typeof upsertContactErrors)[number]>> {
  const parsed = parseInput(upsertContactInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, channel, channelAddress, displayName, metadata } = parsed.data;
  try {
    const [row] = await db
      .insert(contacts)
      .values({ tenantId, channel, channelAddress, displayName, metadata: metadata ?? {} })
      .onConflictDoUpdate({
        target: [contacts.tenantId, contacts.channel, contacts.channelAddress],
        set: {
          displayName: sql`coalesce(excluded.display_name, ${contacts.displayName})`,
          metadata: sql`${contacts.metadata} || excluded.metadata`,
        },
      })
      .returning({ ...getTableColumns(contacts), created: sql<boolean>`(xmax = 0)` });
    const { created, ...contact } = row!;
    return ok({ created, contact });
  } catch (error) {
    if (pgErrorCode(error) === '23503') return fail('TENANT_NOT_FOUND', 'no tenant with this id');
    throw error;
  }
}

export const openConversationInput = z.object({ tenantId: z.uuid(), contactId: z.uuid() });
export const openConversationErrors = ['INVALID_INPUT', 'CONTACT_NOT_FOUND'] as const;

/**
 * The contact's open conversation, created when there is none. The partial unique index on
 * (tenant_id, contact_id) WHERE status = 'open' makes concurrent calls agree on one.
 */
export async function openConversation(
  db: DbOrTx,
  input: z.input<typeof openConversationInput>,
): Promise<
  Result<{ created: boolean; conversation: Conversation }, (typeof openConversationErrors)[number]>
> {
  const parsed = parseInput(openConversationInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, contactId } = parsed.data;
  // The contact must belong to the tenant (the foreign key alone would accept another tenant's contact).
  const [contact] = await db
    .select({ id: contacts.contactId })
    .from(contacts)
    .where(and(eq(contacts.contactId, contactId), eq(contacts.tenantId, tenantId)));
  if (!contact) return fail('CONTACT_NOT_FOUND', 'no contact with this id for this tenant');
  // Retried because the open conversation found by the conflict may be closed before we read it.
  for (let attempt = 0; attempt < 5; attempt++) {
    const [created] = await db
      .insert(conversations)
      .values({ tenantId, contactId })
      .onConflictDoNothing({
        target: [conversations.tenantId, conversations.contactId],
        where: sql`status = 'open'`,
      })
      .returning();
    if (created) return ok({ created: true, conversation: created });
    const [open] = await db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.tenantId, tenantId),
          eq(conversations.contactId, contactId),
          eq(conversations.status, 'open'),
        ),
      );
    if (open) return ok({ created: false, conversation: open });
  }
  throw new Error('openConversation: the open conversation kept changing; giving up after 5 attempts');
}

export const closeConversationInput = z.object({ conversationId: z.uuid() });
export const closeConversationErrors = ['INVALID_INPUT', 'CONVERSATION_NOT_FOUND', 'ALREADY_CLOSED'] as const;

export async function closeConversation(
  db: DbOrTx,
  input: z.input<typeof closeConversationInput>,
): Promise<Result<{ conversation: Conversation }, (typeof closeConversationErrors)[number]>> {
  const parsed = parseInput(closeConversationInput, input);
  if (!parsed.success) return parsed;
  const [closed] = await db
    .update(conversations)
    .set({ status: 'closed' })
    .where(
      and(eq(conversations.conversationId, parsed.data.conversationId), eq(conversations.status, 'open')),
    )
    .returning();
  if (closed) return ok({ conversation: closed });
  const [exists] = await db
    .select({ id: conversations.conversationId })
    .from(conversations)
    .where(eq(conversations.conversationId, parsed.data.conversationId));
  return exists
    ? fail('ALREADY_CLOSED', 'the conversation is already closed')
    : fail('CONVERSATION_NOT_FOUND', 'no conversation with this id');
}

export const recordMessageInput = z.object({
  tenantId: z.uuid(),
  conversationId: z.uuid(),
  contactId: z.uuid(),
  direction: z.enum(messageDirectionValues),
  provider: short.optional(),
  providerMsgId: short.optional(),
  channel: short.optional(),
  text: z.string().max(65_536).optional(),
  payload: jsonObject.optional(),
  traceId: z.uuid().optional(),
});
export const recordMessageErrors = ['INVALID_INPUT', 'CONVERSATION_NOT_FOUND'] as const;

class ConversationMismatch extends Error {}

/**
 * Appends a message to the transcript and stamps the conversation's last_inbound_at /
 * last_outbound_at, in one transaction. Inbound messages are idempotent on the documented
 * (tenant_id, provider, provider_msg_id, direction) index: a redelivery returns the stored row.
 */
export async function recordMessage(
  db: DbOrTx,
  input: z.input<typeof recordMessageInput>,
): Promise<Result<{ created: boolean; message: Message }, (typeof recordMessageErrors)[number]>> {
  const parsed = parseInput(recordMessageInput, input);
  if (!parsed.success) return parsed;
  const m = parsed.data;
  try {
    return await db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(messages)
        .values({ ...m, payload: m.payload ?? {} })
        .onConflictDoNothing({
          target: [messages.tenantId, messages.provider, messages.providerMsgId, messages.direction],
          where: sql`direction = 'inbound'`,
        })
        .returning();
      if (!inserted) {
        const [existing] = await tx
          .select()
          .from(messages)
          .where(
            and(
              eq(messages.tenantId, m.tenantId),
              eq(messages.provider, m.provider!),
              eq(messages.providerMsgId, m.providerMsgId!),
              eq(messages.direction, 'inbound'),
            ),
          );
        return ok({ created: false, message: existing! });
      }
      const stamp = m.direction === 'inbound' ? conversations.lastInboundAt : conversations.lastOutboundAt;
      const [touched] = await tx
        .update(conversations)
        .set({
          [m.direction === 'inbound' ? 'lastInboundAt' : 'lastOutboundAt']:
            sql`greatest(${stamp}, ${inserted.createdAt.toISOString()}::timestamptz)`,
        })
        .where(
          and(
            eq(conversations.conversationId, m.conversationId),
            eq(conversations.tenantId, m.tenantId),
            eq(conversations.contactId, m.contactId),
          ),
        )
        .returning({ id: conversations.conversationId });
      if (!touched) throw new ConversationMismatch();
      return ok({ created: true, message: inserted });
    });
  } catch (error) {
    if (error instanceof ConversationMismatch || (pgErrorCode(error) === '23503' && pgConstraint(error))) {
      return fail('CONVERSATION_NOT_FOUND', 'no such conversation for this tenant and contact');
    }
    throw error;
  }
}
