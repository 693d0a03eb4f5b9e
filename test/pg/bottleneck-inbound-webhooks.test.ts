// Real-Postgres races of the inbound webhooks: each would fail a read-then-write implementation.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  inboundMessages,
  recordInboundMessage,
  registerWebhookChannel,
  userWebhooks,
} from '../../src/bottleneck';
import { makeUser } from '../bottleneck/fixtures';
import { inboundMessage, verifiedWebhook } from '../bottleneck/inbound-webhooks-fixtures';
import { useTestDb } from '../support';

describe('inbound webhooks under concurrency (real PostgreSQL)', () => {
  const t = useTestDb({ max: 30 });
  const db = () => t().db;
  const channelsOf = (userId: number) =>
    db()
      .select()
      .from(userWebhooks)
      .where(eq(userWebhooks.userId, userId))
      .orderBy(asc(userWebhooks.channelOrder));
  const messagesOf = (webhookId: number) =>
    db()
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.webhookId, webhookId))
      .orderBy(asc(inboundMessages.id));

  it('20 concurrent registrations for one user: exactly 3 channels, orders 1, 2, 3', async () => {
    const userId = await makeUser(db());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: `c${i}` }),
      ),
    );
    const wins = results.filter((r) => r.success);
    expect(wins).toHaveLength(3);
    expect(results.filter((r) => !r.success && r.error === 'CHANNEL_LIMIT_REACHED')).toHaveLength(17);
    const rows = await channelsOf(userId);
    expect(rows.map((r) => r.channelOrder)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      wins.map((w) => (w.success ? w.webhook.id : 0)).sort((a, b) => a - b),
    );
  });

  it('concurrent registrations at one channelOrder: one wins, the rest CHANNEL_ORDER_TAKEN; never a 4th channel', async () => {
    const userId = await makeUser(db());
    expect(
      (await registerWebhookChannel(db(), { userId, channelType: 'email', channelName: 'one' })).success,
    ).toBe(true);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        registerWebhookChannel(db(), {
          userId,
          channelType: 'sms',
          channelName: `at2-${i}`,
          channelOrder: 2,
        }),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        registerWebhookChannel(db(), { userId, channelType: 'sms', channelName: `any-${i}` }),
      ),
    ]);
    expect(results.filter((r) => r.success)).toHaveLength(2);
    expect(
      results.filter(
        (r) => !r.success && (r.error === 'CHANNEL_ORDER_TAKEN' || r.error === 'CHANNEL_LIMIT_REACHED'),
      ),
    ).toHaveLength(18);
    expect((await channelsOf(userId)).map((r) => r.channelOrder)).toEqual([1, 2, 3]);
  });

  it('the same message delivered 20 times at once (by token and by id): one row, 19 answers with it', async () => {
    const w = await verifiedWebhook(db());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordInboundMessage(
          db(),
          i % 2 === 0
            ? { token: w.token, ...inboundMessage({ externalMessageId: 'SM-dup' }) }
            : { userId: w.userId, webhookId: w.id, ...inboundMessage({ externalMessageId: 'SM-dup' }) },
        ),
      ),
    );
    const rows = await messagesOf(w.id);
    expect(rows).toHaveLength(1);
    expect(results.filter((r) => r.success && r.created)).toHaveLength(1);
    expect(results.filter((r) => r.success && !r.created)).toHaveLength(19);
    for (const r of results) expect(r).toMatchObject({ success: true, message: rows[0] });
    const [webhook] = await db().select().from(userWebhooks).where(eq(userWebhooks.id, w.id));
    expect(webhook!.totalMessagesReceived).toBe(1);
  });

  it('20 distinct messages at once with rateLimitPerMinute 5: exactly 5 recorded, 15 RATE_LIMITED', async () => {
    const w = await verifiedWebhook(db());
    await db().update(userWebhooks).set({ rateLimitPerMinute: 5 }).where(eq(userWebhooks.id, w.id));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordInboundMessage(db(), { token: w.token, ...inboundMessage({ externalMessageId: `SM-${i}` }) }),
      ),
    );
    expect(results.filter((r) => r.success && r.created)).toHaveLength(5);
    expect(results.filter((r) => !r.success && r.error === 'RATE_LIMITED')).toHaveLength(15);
    expect(await messagesOf(w.id)).toHaveLength(5);
    const [webhook] = await db().select().from(userWebhooks).where(eq(userWebhooks.id, w.id));
    expect(webhook!.totalMessagesReceived).toBe(5);
  });
});
