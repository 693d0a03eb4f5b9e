import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  inboundMessages,
  recordInboundMessage,
  registerWebhookChannel,
  removeWebhookChannel,
  resolveInboundWebhook,
  userWebhooks,
  verifyWebhookChannel,
} from '../../src/bottleneck';
import { useTestDb } from '../support';
import { makeUser } from './fixtures';
import { inboundMessage, verifiedWebhook } from './inbound-webhooks-fixtures';

const message = inboundMessage;

describe('inbound webhooks: registering channels', () => {
  const t = useTestDb();
  const db = () => t().db;

  it('gives a user at most three channels, orders 1–3, the lowest free order first', async () => {
    const userId = await makeUser(db());
    const orders: number[] = [];
    for (const name of ['a', 'b', 'c']) {
      const r = await registerWebhookChannel(db(), { userId, channelType: 'email', channelName: name });
      expect(r.success).toBe(true);
      if (r.success) orders.push(r.webhook.channelOrder);
    }
    expect(orders).toEqual([1, 2, 3]);
    expect(await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'd' })).toEqual({
      success: false,
      error: 'CHANNEL_LIMIT_REACHED',
      message: `user ${userId} already has 3 channels`,
    });
    const rows = await db()
      .select()
      .from(userWebhooks)
      .where(eq(userWebhooks.userId, userId))
      .orderBy(asc(userWebhooks.channelOrder));
    expect(rows.map((r) => [r.channelName, r.channelOrder])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    // Removing order 2 frees exactly that order.
    expect(await removeWebhookChannel(db(), { userId, webhookId: rows[1]!.id })).toEqual({
      success: true,
      id: rows[1]!.id,
    });
    const again = await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'e' });
    expect(again.success && again.webhook.channelOrder).toBe(2);
  });

  it('counts inactive channels too, and refuses an order already taken', async () => {
    const userId = await makeUser(db());
    const first = await registerWebhookChannel(db(), {
      userId,
      channelType: 'sms',
      channelName: 'x',
      channelOrder: 3,
    });
    expect(first.success && first.webhook.channelOrder).toBe(3);
    expect(
      await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'y', channelOrder: 3 }),
    ).toEqual({
      success: false,
      error: 'CHANNEL_ORDER_TAKEN',
      message: `user ${userId} already has a channel at order 3`,
    });
    await db().update(userWebhooks).set({ isActive: false }).where(eq(userWebhooks.userId, userId));
    await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'p' });
    await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'q' });
    const fourth = await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'r' });
    expect(fourth.success ? 'ok' : fourth.error).toBe('CHANNEL_LIMIT_REACHED');
    const [{ n }] = (await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(userWebhooks)
      .where(eq(userWebhooks.userId, userId))) as [{ n: number }];
    expect(n).toBe(3);
  });

  it('issues an unverified channel with a token, a 10-character code and a 64-hex signing key', async () => {
    const userId = await makeUser(db());
    const r = await registerWebhookChannel(db(), {
      userId,
      channelType: 'custom_webhook',
      channelName: 'Zapier',
      rateLimitPerMinute: 5,
    });
    if (!r.success) throw new Error(r.message);
    expect(r.webhook).toMatchObject({
      userId,
      channelType: 'custom_webhook',
      channelOrder: 1,
      isActive: true,
      isVerified: false,
      verifiedAt: null,
      isPrimary: false,
      rateLimitPerMinute: 5,
      rateLimitPerHour: 200,
      totalMessagesReceived: 0,
    });
    expect(r.webhook.webhookToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.webhook.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(r.webhook.secretKey).toMatch(/^[0-9a-f]{64}$/);
    const ttl = r.webhook.verificationCodeExpiresAt!.getTime() - r.webhook.createdAt.getTime();
    expect(ttl).toBe(900_000);
  });

  it('keeps one primary channel per user', async () => {
    const userId = await makeUser(db());
    const a = await registerWebhookChannel(db(), {
      userId,
      channelType: 'sms',
      channelName: 'a',
      isPrimary: true,
    });
    const b = await registerWebhookChannel(db(), {
      userId,
      channelType: 'sms',
      channelName: 'b',
      isPrimary: true,
    });
    if (!a.success || !b.success) throw new Error('register failed');
    const rows = await db()
      .select({ id: userWebhooks.id, isPrimary: userWebhooks.isPrimary })
      .from(userWebhooks)
      .where(eq(userWebhooks.userId, userId))
      .orderBy(asc(userWebhooks.id));
    expect(rows).toEqual([
      { id: a.webhook.id, isPrimary: false },
      { id: b.webhook.id, isPrimary: true },
    ]);
  });

  it('answers an unknown user USER_NOT_FOUND, writing nothing', async () => {
    expect(
      await registerWebhookChannel(db(), { userId: 2_000_000_000, channelType: 'sms', channelName: 'a' }),
    ).toEqual({ success: false, error: 'USER_NOT_FOUND', message: 'user 2000000000 does not exist' });
  });

  it("removes only the owner's channel", async () => {
    const w = await verifiedWebhook(db());
    const other = await makeUser(db());
    expect(await removeWebhookChannel(db(), { userId: other, webhookId: w.id })).toEqual({
      success: false,
      error: 'WEBHOOK_NOT_FOUND',
      message: `no webhook ${w.id} for user ${other}`,
    });
    expect(await db().select().from(userWebhooks).where(eq(userWebhooks.id, w.id))).toHaveLength(1);
  });
});

describe('inbound webhooks: verification', () => {
  const t = useTestDb();
  const db = () => t().db;

  it('verifies with the code once (any letter case); wrong, foreign and expired codes are refused', async () => {
    const userId = await makeUser(db());
    const r = await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'a' });
    if (!r.success) throw new Error(r.message);
    const webhookId = r.webhook.id;
    const code = r.webhook.verificationCode!;
    const wrong = code.startsWith('0') ? `1${code.slice(1)}` : `0${code.slice(1)}`;
    expect(await verifyWebhookChannel(db(), { userId, webhookId, code: wrong })).toEqual({
      success: false,
      error: 'INVALID_CODE',
      message: 'the verification code does not match',
    });
    const other = await makeUser(db());
    expect(await verifyWebhookChannel(db(), { userId: other, webhookId, code })).toEqual({
      success: false,
      error: 'WEBHOOK_NOT_FOUND',
      message: `no webhook ${webhookId} for user ${other}`,
    });
    const v = await verifyWebhookChannel(db(), { userId, webhookId, code: code.toLowerCase() });
    expect(v).toMatchObject({
      success: true,
      webhook: { id: webhookId, isVerified: true, verificationCode: null, verificationCodeExpiresAt: null },
    });
    expect(v.success && v.webhook.verifiedAt).toBeInstanceOf(Date);
    expect(await verifyWebhookChannel(db(), { userId, webhookId, code })).toEqual({
      success: false,
      error: 'ALREADY_VERIFIED',
      message: `webhook ${webhookId} is already verified`,
    });
  });

  it('refuses an expired code as CODE_EXPIRED', async () => {
    const userId = await makeUser(db());
    const r = await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'a' });
    if (!r.success) throw new Error(r.message);
    await db()
      .update(userWebhooks)
      .set({ verificationCodeExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(userWebhooks.id, r.webhook.id));
    expect(
      await verifyWebhookChannel(db(), {
        userId,
        webhookId: r.webhook.id,
        code: r.webhook.verificationCode!,
      }),
    ).toEqual({ success: false, error: 'CODE_EXPIRED', message: 'the verification code has expired' });
    const [row] = await db().select().from(userWebhooks).where(eq(userWebhooks.id, r.webhook.id));
    expect(row!.isVerified).toBe(false);
  });
});

describe('inbound webhooks: resolving a token', () => {
  const t = useTestDb();
  const db = () => t().db;
  const notFound = {
    success: false,
    error: 'WEBHOOK_NOT_FOUND',
    message: 'no active, verified webhook for this token',
  };

  it('resolves an active, verified webhook to a fixed set of fields', async () => {
    const w = await verifiedWebhook(db());
    const r = await resolveInboundWebhook(db(), { token: w.token.toUpperCase() });
    if (!r.success) throw new Error(r.message);
    expect(Object.keys(r.webhook).sort()).toEqual([
      'channelName',
      'channelOrder',
      'channelType',
      'id',
      'rateLimitPerHour',
      'rateLimitPerMinute',
      'secretKey',
      'tokenExpiresAt',
      'tokenRotationRequired',
      'userId',
    ]);
    expect(r.webhook).toMatchObject({ id: w.id, userId: w.userId, channelType: 'sms', channelOrder: 1 });
  });

  it('answers unknown, unverified, inactive and expired tokens alike', async () => {
    const userId = await makeUser(db());
    const unverified = await registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: 'u' });
    if (!unverified.success) throw new Error(unverified.message);
    const inactive = await verifiedWebhook(db(), userId);
    await db().update(userWebhooks).set({ isActive: false }).where(eq(userWebhooks.id, inactive.id));
    const expired = await verifiedWebhook(db(), userId);
    await db()
      .update(userWebhooks)
      .set({ tokenExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(userWebhooks.id, expired.id));
    for (const token of [randomUUID(), unverified.webhook.webhookToken, inactive.token, expired.token]) {
      expect(await resolveInboundWebhook(db(), { token })).toEqual(notFound);
    }
    expect(await resolveInboundWebhook(db(), { token: 'not-a-uuid' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('inbound webhooks: recording messages', () => {
  const t = useTestDb();
  const db = () => t().db;
  const rowsOf = (webhookId: number) =>
    db()
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.webhookId, webhookId))
      .orderBy(asc(inboundMessages.id));
  const webhookRow = async (id: number) =>
    (await db().select().from(userWebhooks).where(eq(userWebhooks.id, id)))[0]!;

  it('records a message once per externalMessageId and returns the existing row the second time', async () => {
    const w = await verifiedWebhook(db());
    const first = await recordInboundMessage(db(), {
      token: w.token,
      ...message({ externalMessageId: 'SM1' }),
    });
    if (!first.success) throw new Error(first.message);
    expect(first.created).toBe(true);
    expect(first.message).toMatchObject({
      webhookId: w.id,
      userId: w.userId,
      externalMessageId: 'SM1',
      processingStatus: 'received',
      hasAttachments: false,
      isPartOfThread: false,
    });
    // The same message again, by token and by owner + webhook id: the first row, nothing written.
    const byToken = await recordInboundMessage(db(), {
      token: w.token,
      ...message({ externalMessageId: 'SM1', content: 'changed' }),
    });
    const byId = await recordInboundMessage(db(), {
      userId: w.userId,
      webhookId: w.id,
      ...message({ externalMessageId: 'SM1' }),
    });
    expect(byToken).toEqual({ success: true, message: first.message, created: false });
    expect(byId).toEqual({ success: true, message: first.message, created: false });
    expect(await rowsOf(w.id)).toHaveLength(1);
    const row = await webhookRow(w.id);
    expect(row.totalMessagesReceived).toBe(1);
    expect(row.lastMessageAt).toBeInstanceOf(Date);
  });

  it('dedupes per webhook; messages without externalMessageId are never deduplicated', async () => {
    const a = await verifiedWebhook(db());
    const b = await verifiedWebhook(db());
    for (const w of [a, b]) {
      const r = await recordInboundMessage(db(), {
        token: w.token,
        ...message({ externalMessageId: 'same' }),
      });
      expect(r.success && r.created).toBe(true);
    }
    await recordInboundMessage(db(), { token: a.token, ...message() });
    await recordInboundMessage(db(), { token: a.token, ...message() });
    expect((await rowsOf(a.id)).map((m) => m.externalMessageId)).toEqual(['same', null, null]);
    expect((await rowsOf(b.id)).map((m) => m.externalMessageId)).toEqual(['same']);
    expect((await webhookRow(a.id)).totalMessagesReceived).toBe(3);
  });

  it("refuses another user's webhook, an unusable webhook, and another user's parent message", async () => {
    const w = await verifiedWebhook(db());
    const other = await verifiedWebhook(db());
    const notFound = {
      success: false,
      error: 'WEBHOOK_NOT_FOUND',
      message: 'no active, verified webhook for this message',
    };
    expect(await recordInboundMessage(db(), { userId: other.userId, webhookId: w.id, ...message() })).toEqual(
      notFound,
    );
    const unverified = await registerWebhookChannel(db(), {
      userId: w.userId,
      channelType: 'sms',
      channelName: 'u',
    });
    if (!unverified.success) throw new Error(unverified.message);
    expect(
      await recordInboundMessage(db(), { token: unverified.webhook.webhookToken, ...message() }),
    ).toEqual(notFound);
    const foreign = await recordInboundMessage(db(), { token: other.token, ...message() });
    if (!foreign.success) throw new Error(foreign.message);
    expect(
      await recordInboundMessage(db(), {
        token: w.token,
        ...message({ parentMessageId: foreign.message.id }),
      }),
    ).toEqual({
      success: false,
      error: 'PARENT_MESSAGE_NOT_FOUND',
      message: `no message ${foreign.message.id} of this user`,
    });
    const parent = await recordInboundMessage(db(), { token: w.token, ...message() });
    if (!parent.success) throw new Error(parent.message);
    const reply = await recordInboundMessage(db(), {
      token: w.token,
      ...message({ parentMessageId: parent.message.id, attachments: [{ url: 'https://x/y.png' }] }),
    });
    expect(reply).toMatchObject({
      success: true,
      created: true,
      message: { parentMessageId: parent.message.id, isPartOfThread: true, hasAttachments: true },
    });
    expect(await rowsOf(w.id)).toHaveLength(2);
    expect((await webhookRow(w.id)).totalMessagesReceived).toBe(2);
  });

  it('applies rateLimitPerMinute; a replay of a recorded message is still answered', async () => {
    const w = await verifiedWebhook(db());
    await db().update(userWebhooks).set({ rateLimitPerMinute: 3 }).where(eq(userWebhooks.id, w.id));
    for (const id of ['m1', 'm2', 'm3']) {
      const r = await recordInboundMessage(db(), { token: w.token, ...message({ externalMessageId: id }) });
      expect(r.success && r.created).toBe(true);
    }
    expect(
      await recordInboundMessage(db(), { token: w.token, ...message({ externalMessageId: 'm4' }) }),
    ).toEqual({
      success: false,
      error: 'RATE_LIMITED',
      message: `webhook ${w.id}: 3 messages per minute`,
    });
    const replay = await recordInboundMessage(db(), {
      token: w.token,
      ...message({ externalMessageId: 'm2' }),
    });
    expect(replay.success && replay.created).toBe(false);
    expect(await rowsOf(w.id)).toHaveLength(3);
    // Once the messages are older than a minute, the per-minute window is free again.
    await db()
      .update(inboundMessages)
      .set({ receivedAt: sql`now() - interval '2 minutes'` })
      .where(eq(inboundMessages.webhookId, w.id));
    const later = await recordInboundMessage(db(), {
      token: w.token,
      ...message({ externalMessageId: 'm4' }),
    });
    expect(later.success && later.created).toBe(true);
  });

  it('applies rateLimitPerHour over the last hour only', async () => {
    const w = await verifiedWebhook(db());
    await db().update(userWebhooks).set({ rateLimitPerHour: 2 }).where(eq(userWebhooks.id, w.id));
    await recordInboundMessage(db(), { token: w.token, ...message() });
    await recordInboundMessage(db(), { token: w.token, ...message() });
    await db()
      .update(inboundMessages)
      .set({ receivedAt: sql`now() - interval '30 minutes'` })
      .where(eq(inboundMessages.webhookId, w.id));
    expect(await recordInboundMessage(db(), { token: w.token, ...message() })).toEqual({
      success: false,
      error: 'RATE_LIMITED',
      message: `webhook ${w.id}: 2 messages per hour`,
    });
    await db()
      .update(inboundMessages)
      .set({ receivedAt: sql`now() - interval '61 minutes'` })
      .where(eq(inboundMessages.webhookId, w.id));
    const r = await recordInboundMessage(db(), { token: w.token, ...message() });
    expect(r.success).toBe(true);
    expect(await rowsOf(w.id)).toHaveLength(3);
    expect((await webhookRow(w.id)).totalMessagesReceived).toBe(3);
  });
});
