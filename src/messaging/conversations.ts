import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { jsonObject, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { insertIf } from './insert-if';
import { contacts, conversations, messageDirectionValues, messages } from './tables/inbound';
import type { Contact, Conversation, Message } from './validators';

// Identifiers (channels, addresses, providers, provider message ids) are at most 200 characters:
// at most 800 bytes, inside the byte budget of every index they are part of (contacts' unique
// (tenant_id, channel, channel_address): 1,300 bytes each; messages' idempotency index: 866).
const short = () => z.string().min(1).max(200);

export const upsertContactInput = z.object({
  tenantId: uuidInput(),
  channel: short(),
  channelAddress: short(),
  displayName: z.string().max(500).optional(),
  metadata: jsonObject().optional(),
});
export const upsertContactErrors = ['INVALID_INPUT', 'TENANT_NOT_FOUND'] as const;

/**
 * One contact per (tenant, channel, address), also under concurrency: a single INSERT … ON
 * CONFLICT DO UPDATE. A given display name replaces the stored one; metadata is merged.
 */
export async function upsertContact(
  db: AnyDb,
  input: z.input<typeof upsertContactInput>,
): Promise<Result<{ created: boolean; contact: Contact }, (typeof upsertContactErrors)[number]>> {
  narrowDb(db);
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
    if (isConstraintViolation(error, '23503', 'contacts_tenant_id_fkey'))
      return fail('TENANT_NOT_FOUND', 'no tenant with this id');
    throw error;
  }
}

export const openConversationInput = z.object({ tenantId: uuidInput(), contactId: uuidInput() });
export const openConversationErrors = ['INVALID_INPUT', 'CONTACT_NOT_FOUND'] as const;

const contactNotFound = () => fail('CONTACT_NOT_FOUND', 'no contact with this id for this tenant');

/**
 * The contact's open conversation, created when there is none; never loses a race with
 * closeConversation. One transaction of two statements, no retry loop:
 *
 * 1. `INSERT … SELECT … WHERE <the contact is the tenant's> ON CONFLICT (tenant_id, contact_id)
 *    WHERE status = 'open' DO UPDATE … WHERE false`: inserts the open conversation, or — when one
 *    exists — locks it without changing it (ON CONFLICT DO UPDATE locks the conflicting row even
 *    when its WHERE is false). A conversation closed before the lock is taken no longer conflicts:
 *    PostgreSQL retries the insertion within the statement and inserts a new one.
 * 2. Reads the open conversation, which the lock (or our own insert) keeps open until we commit.
 */
export async function openConversation(
  db: AnyDb,
  input: z.input<typeof openConversationInput>,
): Promise<
  Result<{ created: boolean; conversation: Conversation }, (typeof openConversationErrors)[number]>
> {
  narrowDb(db);
  const parsed = parseInput(openConversationInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, contactId } = parsed.data;
  try {
    return await transactionResult(db, async (tx) => {
      const [created] = await insertIf(
        tx,
        conversations,
        { tenantId, contactId },
        sql`exists (select 1 from ${contacts} where ${contacts.contactId} = ${contactId} and ${contacts.tenantId} = ${tenantId})`,
      )
        .onConflictDoUpdate({
          target: [conversations.tenantId, conversations.contactId],
          targetWhere: sql`status = 'open'`,
          set: { status: sql`excluded.status` },
          setWhere: sql`false`,
        })
        .returning();
      if (created) return ok({ created: true, conversation: created });
      const [open] = await tx
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.tenantId, tenantId),
            eq(conversations.contactId, contactId),
            eq(conversations.status, 'open'),
          ),
        );
      return open ? ok({ created: false, conversation: open }) : contactNotFound();
    });
  } catch (error) {
    // The contact was deleted between the check and the foreign key's.
    if (
      isConstraintViolation(error, '23503', 'conversations_contact_id_fkey') ||
      isConstraintViolation(error, '23503', 'conversations_tenant_id_contact_id_fkey')
    )
      return contactNotFound();
    throw error;
  }
}

export const closeConversationInput = z.object({ tenantId: uuidInput(), conversationId: uuidInput() });
export const closeConversationErrors = ['INVALID_INPUT', 'CONVERSATION_NOT_FOUND', 'ALREADY_CLOSED'] as const;

/** open → closed. Another tenant's conversation is CONVERSATION_NOT_FOUND. */
export async function closeConversation(
  db: AnyDb,
  input: z.input<typeof closeConversationInput>,
): Promise<Result<{ conversation: Conversation }, (typeof closeConversationErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(closeConversationInput, input);
  if (!parsed.success) return parsed;
  const { tenantId, conversationId } = parsed.data;
  const mine = and(eq(conversations.conversationId, conversationId), eq(conversations.tenantId, tenantId));
  const [closed] = await db
    .update(conversations)
    .set({ status: 'closed' })
    .where(and(mine, eq(conversations.status, 'open')))
    .returning();
  if (closed) return ok({ conversation: closed });
  const [exists] = await db.select({ id: conversations.conversationId }).from(conversations).where(mine);
  return exists
    ? fail('ALREADY_CLOSED', 'the conversation is already closed')
    : fail('CONVERSATION_NOT_FOUND', 'no conversation with this id for this tenant');
}

export const recordMessageInput = z.object({
  tenantId: uuidInput(),
  conversationId: uuidInput(),
  contactId: uuidInput(),
  direction: z.enum(messageDirectionValues),
  provider: short().optional(),
  providerMsgId: short().optional(),
  channel: short().optional(),
  text: z.string().max(65_536).optional(),
  payload: jsonObject().optional(),
  traceId: uuidInput().optional(),
});
export const recordMessageErrors = ['INVALID_INPUT', 'CONVERSATION_NOT_FOUND'] as const;

const conversationNotFound = () =>
  fail('CONVERSATION_NOT_FOUND', 'no such conversation for this tenant and contact');

/**
 * Appends a message to the transcript and stamps the conversation's last_inbound_at /
 * last_outbound_at, in one transaction. The message is only written when the conversation is the
 * tenant's and the contact's (checked in the INSERT itself). Inbound messages are idempotent on
 * the documented (tenant_id, provider, provider_msg_id, direction) index: a redelivery returns the
 * stored row.
 */
export async function recordMessage(
  db: AnyDb,
  input: z.input<typeof recordMessageInput>,
): Promise<Result<{ created: boolean; message: Message }, (typeof recordMessageErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordMessageInput, input);
  if (!parsed.success) return parsed;
  const m = parsed.data;
  const theConversation = and(
    eq(conversations.conversationId, m.conversationId),
    eq(conversations.tenantId, m.tenantId),
    eq(conversations.contactId, m.contactId),
  );
  try {
    return await transactionResult(db, async (tx) => {
      const [inserted] = await insertIf(
        tx,
        messages,
        { ...m, payload: m.payload ?? {} },
        sql`exists (select 1 from ${conversations} where ${theConversation})`,
      )
        // A redelivery locks the stored message (DO UPDATE … WHERE false changes nothing), so the
        // read below finds it.
        .onConflictDoUpdate({
          target: [messages.tenantId, messages.provider, messages.providerMsgId, messages.direction],
          targetWhere: sql`direction = 'inbound'`,
          set: { direction: sql`excluded.direction` },
          setWhere: sql`false`,
        })
        .returning();
      if (!inserted) {
        const [existing] =
          m.direction === 'inbound' && m.provider !== undefined && m.providerMsgId !== undefined
            ? await tx
                .select()
                .from(messages)
                .where(
                  and(
                    eq(messages.tenantId, m.tenantId),
                    eq(messages.provider, m.provider),
                    eq(messages.providerMsgId, m.providerMsgId),
                    eq(messages.direction, 'inbound'),
                  ),
                )
            : [];
        return existing ? ok({ created: false, message: existing }) : conversationNotFound();
      }
      const stamp = m.direction === 'inbound' ? conversations.lastInboundAt : conversations.lastOutboundAt;
      const [touched] = await tx
        .update(conversations)
        .set({
          [m.direction === 'inbound' ? 'lastInboundAt' : 'lastOutboundAt']:
            sql`greatest(${stamp}, ${inserted.createdAt.toISOString()}::timestamptz)`,
        })
        .where(theConversation)
        .returning({ id: conversations.conversationId });
      // The foreign key's lock keeps the conversation; a failure here rolls the message back.
      return touched ? ok({ created: true, message: inserted }) : conversationNotFound();
    });
  } catch (error) {
    // The conversation was deleted between the check and the foreign keys'.
    if (
      isConstraintViolation(error, '23503', 'messages_conversation_id_fkey') ||
      isConstraintViolation(error, '23503', 'messages_contact_id_fkey') ||
      isConstraintViolation(error, '23503', 'messages_tenant_id_fkey') ||
      isConstraintViolation(error, '23503', 'messages_tenant_id_conversation_id_contact_id_fkey')
    )
      return conversationNotFound();
    throw error;
  }
}
