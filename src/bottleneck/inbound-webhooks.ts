import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { int4, jsonValue, serialId, timestampInput, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { type InboundWebhook, inboundWebhookColumns, usableWebhook } from './inbound-webhook-usable';
import { users } from './tables/auth';
import { userWebhooks, userWebhooksChannelTypeValues } from './tables/webhooks';
import type { UserWebhook } from './validators';

/*
 * Inbound webhooks (user_webhooks): a user registers up to three channels (channelOrder 1–3), each
 * with its own unguessable webhookToken (the database's gen_random_uuid() default), an HMAC signing
 * key (secretKey) and a verification code. A channel accepts inbound traffic once it is active,
 * verified and its token has not expired (inbound-webhook-usable.ts); inbound messages are recorded by
 * inbound-webhook-messages.ts.
 */

/** Channels a user may hold: the document's channelOrder range, 1–3. */
export const MAX_WEBHOOK_CHANNELS = 3;
/** The documented channel order range. */
const channelOrder = int4({ min: 1, max: MAX_WEBHOOK_CHANNELS });

/** Crockford base32: no I, L, O, U, so a code read aloud or typed from an SMS is unambiguous. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Length of a verification code: the whole varchar(10), 50 random bits. */
const CODE_LENGTH = 10;

/** A verification code: 10 characters of Crockford base32 (uniform: 256 is a multiple of 32). */
function verificationCode(): string {
  return Array.from(randomBytes(CODE_LENGTH), (b) => CODE_ALPHABET[b & 31]).join('');
}

export const registerWebhookChannelInput = z.object({
  userId: serialId(),
  channelType: z.enum(userWebhooksChannelTypeValues),
  channelName: z.string().min(1).max(100),
  /** 1–3; without it the lowest free order is taken. */
  channelOrder: channelOrder.optional(),
  webhookUrl: z.string().min(1).max(2_048).optional(),
  providerConfig: jsonValue().optional(),
  outboundEnabled: z.boolean().optional(),
  outboundConfig: jsonValue().optional(),
  /** A primary channel demotes the user's other channels (one primary per user). */
  isPrimary: z.boolean().optional(),
  rateLimitPerMinute: int4({ min: 1 }).optional(),
  rateLimitPerHour: int4({ min: 1 }).optional(),
  /** When the token stops resolving (tokenExpiresAt); none by default. */
  tokenExpiresAt: timestampInput().optional(),
  /** Lifetime of the verification code: 1 minute to 1 day, 15 minutes by default. */
  verificationCodeTtlSeconds: int4({ min: 60, max: 86_400 }).default(900),
  metadata: jsonValue().optional(),
  tags: jsonValue().optional(),
});
export const registerWebhookChannelErrors = [
  'INVALID_INPUT',
  'USER_NOT_FOUND',
  'CHANNEL_LIMIT_REACHED',
  'CHANNEL_ORDER_TAKEN',
] as const;
export type RegisterWebhookChannelError = (typeof registerWebhookChannelErrors)[number];

/**
 * Registers an inbound channel for a user: at most three per user, each with its own channelOrder
 * 1–3. The user's row is locked (FOR NO KEY UPDATE, which other tables' foreign-key checks do not
 * wait for) before the user's channels are counted, so concurrent registrations for one user run
 * one after another and the fourth is CHANNEL_LIMIT_REACHED. Every row counts, active or not: a
 * channel holds its order until removeWebhookChannel deletes it. The new channel is unverified and
 * carries a fresh verification code (to be sent over the channel) and HMAC secretKey, both in the
 * returned row (the row keeps the key: the inbound endpoint needs it to check signatures).
 */
export async function registerWebhookChannel(
  db: AnyDb,
  input: z.input<typeof registerWebhookChannelInput>,
): Promise<Result<{ webhook: UserWebhook }, RegisterWebhookChannelError>> {
  narrowDb(db);
  const parsed = parseInput(registerWebhookChannelInput, input);
  if (!parsed.success) return parsed;
  const { userId, verificationCodeTtlSeconds, isPrimary, channelOrder: wanted, ...values } = parsed.data;
  try {
    return await transactionResult(db, async (tx) => {
      const [user] = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.id, userId))
        .for('no key update');
      if (!user) return fail('USER_NOT_FOUND', `user ${userId} does not exist`);
      const taken = (
        await tx
          .select({ channelOrder: userWebhooks.channelOrder })
          .from(userWebhooks)
          .where(eq(userWebhooks.userId, userId))
          .orderBy(asc(userWebhooks.channelOrder))
      ).map((r) => r.channelOrder);
      if (taken.length >= MAX_WEBHOOK_CHANNELS)
        return fail('CHANNEL_LIMIT_REACHED', `user ${userId} already has ${MAX_WEBHOOK_CHANNELS} channels`);
      if (wanted !== undefined && taken.includes(wanted))
        return fail('CHANNEL_ORDER_TAKEN', `user ${userId} already has a channel at order ${wanted}`);
      const order =
        wanted ??
        Array.from({ length: MAX_WEBHOOK_CHANNELS }, (_, i) => i + 1).find((o) => !taken.includes(o))!;
      if (isPrimary) {
        await tx
          .update(userWebhooks)
          .set({ isPrimary: false, updatedAt: sql`now()` })
          .where(and(eq(userWebhooks.userId, userId), eq(userWebhooks.isPrimary, true)));
      }
      const [webhook] = await tx
        .insert(userWebhooks)
        .values({
          ...values,
          userId,
          channelOrder: order,
          isPrimary: isPrimary ?? false,
          isVerified: false,
          verificationCode: verificationCode(),
          verificationCodeExpiresAt: sql`now() + make_interval(secs => ${verificationCodeTtlSeconds})`,
          secretKey: randomBytes(32).toString('hex'),
        })
        .returning();
      return ok({ webhook: webhook! });
    });
  } catch (e) {
    if (isConstraintViolation(e, '23503', 'user_webhooks_userId_fkey'))
      return fail('USER_NOT_FOUND', `user ${userId} does not exist`);
    throw e;
  }
}

export const verifyWebhookChannelInput = z.object({
  userId: serialId(),
  webhookId: serialId(),
  /** The code sent over the channel; letter case does not matter. */
  code: z
    .string()
    .min(1)
    .max(CODE_LENGTH)
    .overwrite((s) => s.toUpperCase()),
});
export const verifyWebhookChannelErrors = [
  'INVALID_INPUT',
  'WEBHOOK_NOT_FOUND',
  'ALREADY_VERIFIED',
  'CODE_EXPIRED',
  'INVALID_CODE',
] as const;
export type VerifyWebhookChannelError = (typeof verifyWebhookChannelErrors)[number];

/**
 * Verifies a user's channel with the code registerWebhookChannel issued: one conditional UPDATE
 * (code matches, not expired, not yet verified) that sets isVerified and verifiedAt and clears the
 * code, so a code works once. When it matches nothing, a read says why; another user's channel is
 * WEBHOOK_NOT_FOUND. An expired code is CODE_EXPIRED whatever was typed.
 */
export async function verifyWebhookChannel(
  db: AnyDb,
  input: z.input<typeof verifyWebhookChannelInput>,
): Promise<Result<{ webhook: UserWebhook }, VerifyWebhookChannelError>> {
  narrowDb(db);
  const parsed = parseInput(verifyWebhookChannelInput, input);
  if (!parsed.success) return parsed;
  const { userId, webhookId, code } = parsed.data;
  const mine = and(eq(userWebhooks.id, webhookId), eq(userWebhooks.userId, userId));
  const [webhook] = await db
    .update(userWebhooks)
    .set({
      isVerified: true,
      verifiedAt: sql`now()`,
      verificationCode: null,
      verificationCodeExpiresAt: null,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        mine,
        eq(userWebhooks.isVerified, false),
        eq(userWebhooks.verificationCode, code),
        sql`${userWebhooks.verificationCodeExpiresAt} > now()`,
      ),
    )
    .returning();
  if (webhook) return ok({ webhook });
  const [row] = await db
    .select({
      isVerified: userWebhooks.isVerified,
      expired: sql<boolean>`coalesce(${userWebhooks.verificationCodeExpiresAt} <= now(), true)`,
    })
    .from(userWebhooks)
    .where(mine);
  if (!row) return fail('WEBHOOK_NOT_FOUND', `no webhook ${webhookId} for user ${userId}`);
  if (row.isVerified) return fail('ALREADY_VERIFIED', `webhook ${webhookId} is already verified`);
  if (row.expired) return fail('CODE_EXPIRED', 'the verification code has expired');
  return fail('INVALID_CODE', 'the verification code does not match');
}

export const removeWebhookChannelInput = z.object({ userId: serialId(), webhookId: serialId() });
export const removeWebhookChannelErrors = ['INVALID_INPUT', 'WEBHOOK_NOT_FOUND'] as const;
export type RemoveWebhookChannelError = (typeof removeWebhookChannelErrors)[number];

/**
 * Deletes a user's channel, freeing its channelOrder; its inbound and outbound messages go with it
 * (ON DELETE CASCADE), conversations and tasks keep their rows with the webhook reference cleared.
 */
export async function removeWebhookChannel(
  db: AnyDb,
  input: z.input<typeof removeWebhookChannelInput>,
): Promise<Result<{ id: number }, RemoveWebhookChannelError>> {
  narrowDb(db);
  const parsed = parseInput(removeWebhookChannelInput, input);
  if (!parsed.success) return parsed;
  const { userId, webhookId } = parsed.data;
  const [row] = await db
    .delete(userWebhooks)
    .where(and(eq(userWebhooks.id, webhookId), eq(userWebhooks.userId, userId)))
    .returning({ id: userWebhooks.id });
  if (!row) return fail('WEBHOOK_NOT_FOUND', `no webhook ${webhookId} for user ${userId}`);
  return ok({ id: row.id });
}

export const resolveInboundWebhookInput = z.object({ token: uuidInput() });
export const resolveInboundWebhookErrors = ['INVALID_INPUT', 'WEBHOOK_NOT_FOUND'] as const;
export type ResolveInboundWebhookError = (typeof resolveInboundWebhookErrors)[number];

export type { InboundWebhook };

/**
 * The webhook behind an inbound request's token, when it accepts traffic: active, verified, token
 * not expired. One indexed SELECT with every condition in its WHERE, so an unknown token and a
 * known one that is inactive, unverified or expired take the same path and get the same answer,
 * WEBHOOK_NOT_FOUND: a caller probing tokens learns nothing about which ones exist. The result
 * always has the same keys (InboundWebhook).
 */
export async function resolveInboundWebhook(
  db: AnyDb,
  input: z.input<typeof resolveInboundWebhookInput>,
): Promise<Result<{ webhook: InboundWebhook }, ResolveInboundWebhookError>> {
  narrowDb(db);
  const parsed = parseInput(resolveInboundWebhookInput, input);
  if (!parsed.success) return parsed;
  const [webhook] = await db
    .select(inboundWebhookColumns)
    .from(userWebhooks)
    .where(and(eq(userWebhooks.webhookToken, parsed.data.token), usableWebhook));
  if (!webhook) return fail('WEBHOOK_NOT_FOUND', 'no active, verified webhook for this token');
  return ok({ webhook });
}
