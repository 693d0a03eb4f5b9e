import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { jsonValue, serialId, uuidInput } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { inboundWebhookColumns, usableWebhook } from './inbound-webhook-usable';
import { inboundMessages, inboundMessagesMessageTypeValues, userWebhooks } from './tables/webhooks';
import type { InboundMessage } from './validators';

// inbound_messages written through a user's inbound webhook (inbound-webhooks.ts registers them).

const inboundMessageFields = {
  /** The provider's message id: the dedupe key, per webhook. Without it every call adds a row. */
  externalMessageId: z.string().min(1).max(255).optional(),
  senderIdentifier: z.string().min(1).max(255),
  senderName: z.string().max(255).optional(),
  messageType: z.enum(inboundMessagesMessageTypeValues),
  content: z.string().max(1_000_000),
  contentParsed: jsonValue().optional(),
  /** Attachment references; hasAttachments is true when given and not an empty array. */
  attachments: jsonValue().optional(),
  /** A message of the same user this one replies to (isPartOfThread is then true). */
  parentMessageId: serialId().optional(),
  rawPayload: jsonValue().optional(),
  providerMetadata: jsonValue().optional(),
};

export const recordInboundMessageInput = z.union([
  z.object({ token: uuidInput(), ...inboundMessageFields }),
  z.object({ userId: serialId(), webhookId: serialId(), ...inboundMessageFields }),
]);
export const recordInboundMessageErrors = [
  'INVALID_INPUT',
  'WEBHOOK_NOT_FOUND',
  'PARENT_MESSAGE_NOT_FOUND',
  'RATE_LIMITED',
] as const;
export type RecordInboundMessageError = (typeof recordInboundMessageErrors)[number];

/**
 * Records a message received through a webhook, by its token (the inbound endpoint) or by the
 * owner's userId and webhookId. The webhook must accept traffic (active, verified, token not
 * expired; otherwise WEBHOOK_NOT_FOUND, as resolveInboundWebhook). Its row is locked first
 * (FOR NO KEY UPDATE), which serialises every recording for that webhook, so under the lock:
 *
 * 1. a message whose externalMessageId the webhook already has is answered with the existing row
 *    (`created: false`, nothing written, no rate limit applied): the same message delivered twice,
 *    or concurrently, is one row. The document has no unique key on inbound_messages, so the
 *    lookup under the webhook's lock is the dedupe; a message without externalMessageId is never
 *    deduplicated;
 * 2. the webhook's rateLimitPerMinute and rateLimitPerHour are checked against its messages
 *    received in the last minute / hour (RATE_LIMITED, nothing written);
 * 3. the message is inserted for the webhook's user and the webhook's totalMessagesReceived and
 *    lastMessageAt are updated.
 */
export async function recordInboundMessage(
  db: AnyDb,
  input: z.input<typeof recordInboundMessageInput>,
): Promise<Result<{ message: InboundMessage; created: boolean }, RecordInboundMessageError>> {
  narrowDb(db);
  const parsed = parseInput(recordInboundMessageInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  const which =
    'token' in data
      ? eq(userWebhooks.webhookToken, data.token)
      : and(eq(userWebhooks.id, data.webhookId), eq(userWebhooks.userId, data.userId));
  return transactionResult(db, async (tx) => {
    const [webhook] = await tx
      .select(inboundWebhookColumns)
      .from(userWebhooks)
      .where(and(which, usableWebhook))
      .for('no key update');
    if (!webhook) return fail('WEBHOOK_NOT_FOUND', 'no active, verified webhook for this message');
    if (data.externalMessageId !== undefined) {
      const [existing] = await tx
        .select()
        .from(inboundMessages)
        .where(
          and(
            eq(inboundMessages.webhookId, webhook.id),
            eq(inboundMessages.externalMessageId, data.externalMessageId),
          ),
        )
        .orderBy(asc(inboundMessages.id))
        .limit(1);
      if (existing) return ok({ message: existing, created: false });
    }
    if (data.parentMessageId !== undefined) {
      const [parent] = await tx
        .select({ id: inboundMessages.id })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.id, data.parentMessageId), eq(inboundMessages.userId, webhook.userId)));
      if (!parent) return fail('PARENT_MESSAGE_NOT_FOUND', `no message ${data.parentMessageId} of this user`);
    }
    const [recent] = await tx
      .select({
        lastMinute: sql<number>`count(*) filter (where ${inboundMessages.receivedAt} > now() - interval '1 minute')::int`,
        lastHour: sql<number>`count(*)::int`,
      })
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.webhookId, webhook.id),
          sql`${inboundMessages.receivedAt} > now() - interval '1 hour'`,
        ),
      );
    if (recent!.lastMinute >= webhook.rateLimitPerMinute)
      return fail('RATE_LIMITED', `webhook ${webhook.id}: ${webhook.rateLimitPerMinute} messages per minute`);
    if (recent!.lastHour >= webhook.rateLimitPerHour)
      return fail('RATE_LIMITED', `webhook ${webhook.id}: ${webhook.rateLimitPerHour} messages per hour`);
    const { attachments, parentMessageId } = data;
    const [message] = await tx
      .insert(inboundMessages)
      .values({
        webhookId: webhook.id,
        userId: webhook.userId,
        externalMessageId: data.externalMessageId,
        senderIdentifier: data.senderIdentifier,
        senderName: data.senderName,
        messageType: data.messageType,
        content: data.content,
        contentParsed: data.contentParsed,
        hasAttachments: attachments != null && !(Array.isArray(attachments) && attachments.length === 0),
        attachments,
        isPartOfThread: parentMessageId !== undefined,
        parentMessageId,
        rawPayload: data.rawPayload,
        providerMetadata: data.providerMetadata,
      })
      .returning();
    await tx
      .update(userWebhooks)
      .set({
        // Capped at the int4 maximum, so the counter never fails the recording.
        totalMessagesReceived: sql`least(${userWebhooks.totalMessagesReceived}::bigint + 1, 2147483647)::int`,
        lastMessageAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(userWebhooks.id, webhook.id));
    return ok({ message: message!, created: true });
  });
}
