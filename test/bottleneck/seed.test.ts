import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { agentAddOns, executionPacks, seedBottleneck, subscriptionTiers } from '../../src/bottleneck';
import { useTestDb } from '../support';

describe('seedBottleneck', () => {
  const t = useTestDb();

  it('loads the billing catalog, then reports zero changes on a second run', async () => {
    expect(await seedBottleneck(t().db)).toEqual({
      'bottleneck.subscription_tiers': 4,
      'bottleneck.execution_packs': 3,
      'bottleneck.agent_add_ons': 2,
    });
    expect(await seedBottleneck(t().db)).toEqual({
      'bottleneck.subscription_tiers': 0,
      'bottleneck.execution_packs': 0,
      'bottleneck.agent_add_ons': 0,
    });
    const tiers = await t().db.select().from(subscriptionTiers).orderBy(asc(subscriptionTiers.sortOrder));
    expect(tiers.map((r) => [r.slug, r.monthlyPriceCents, r.maxAgents, r.monthlyExecutionLimit])).toEqual([
      ['starter', 99700, 5, 200],
      ['growth', 169700, 10, 500],
      ['professional', 319700, 25, 1250],
      ['enterprise', 499700, 50, 3000],
    ]);
    expect(tiers[1]).toMatchObject({ isPopular: true, allowedStrategies: ['auto', 'research'] });
    const packs = await t().db.select().from(executionPacks).orderBy(asc(executionPacks.sortOrder));
    expect(packs.map((p) => [p.slug, p.executionCount, p.validForDays])).toEqual([
      ['boost', 100, null],
      ['power', 300, null],
      ['unlimited_month', null, 30],
    ]);
    expect((await t().db.select().from(agentAddOns)).map((a) => a.slug).sort()).toEqual([
      'plus_10',
      'plus_5',
    ]);
  });

  it('restores an edited catalog row and keeps rows it does not own', async () => {
    await t()
      .db.update(subscriptionTiers)
      .set({ monthlyPriceCents: 1 })
      .where(eq(subscriptionTiers.slug, 'growth'));
    await t().db.insert(executionPacks).values({ slug: 'custom', name: 'Custom', priceCents: 5 });
    expect(await seedBottleneck(t().db)).toEqual({
      'bottleneck.subscription_tiers': 1,
      'bottleneck.execution_packs': 0,
      'bottleneck.agent_add_ons': 0,
    });
    const [growth] = await t()
      .db.select()
      .from(subscriptionTiers)
      .where(eq(subscriptionTiers.slug, 'growth'));
    expect(growth!.monthlyPriceCents).toBe(169700);
    expect(await t().db.$count(executionPacks)).toBe(4);
  });
});

describe('documented ON DELETE behaviour', () => {
  const t = useTestDb();

  it('cascades, sets null, or blocks as documented', async () => {
    const { makeUser } = await import('./fixtures');
    const b = await import('../../src/bottleneck');
    const userId = await makeUser(t().db);
    const token = await b.createPasswordResetToken(t().db, { userId, ttlMinutes: 5 });
    const [webhook] = await t()
      .db.insert(b.userWebhooks)
      .values({ userId, channelType: 'sms', channelName: 'x' })
      .returning();
    const [conv] = await t()
      .db.insert(b.botConversations)
      .values({ userId, webhookId: webhook!.id, participantIdentifier: 'p' })
      .returning();
    await t()
      .db.insert(b.sessions)
      .values({ id: 's-1', userId, expiresAt: new Date(Date.now() + 60_000) });
    // sessions.userId has no ON DELETE action: the user cannot be deleted while a session exists
    const { expectPgError } = await import('../support');
    await expectPgError(
      t().db.delete(b.users).where(eq(b.users.id, userId)),
      '23503',
      'sessions_userId_fkey',
    );
    // user_webhooks → bot_conversations.webhookId is ON DELETE SET NULL
    await t().db.delete(b.userWebhooks).where(eq(b.userWebhooks.id, webhook!.id));
    const [after] = await t().db.select().from(b.botConversations).where(eq(b.botConversations.id, conv!.id));
    expect(after!.webhookId).toBeNull();
    // users → password_reset_tokens is ON DELETE CASCADE
    await t().db.delete(b.sessions).where(eq(b.sessions.userId, userId));
    await t().db.delete(b.botConversations).where(eq(b.botConversations.userId, userId));
    await t().db.delete(b.users).where(eq(b.users.id, userId));
    if (!token.success) throw new Error();
    expect(await t().db.$count(b.passwordResetTokens, eq(b.passwordResetTokens.id, token.id))).toBe(0);
  });
});
