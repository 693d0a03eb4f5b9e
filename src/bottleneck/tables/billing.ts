import { sql } from 'drizzle-orm';
import { boolean, foreignKey, integer, jsonb, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** Available subscription plan definitions. */
export const subscriptionTiers = bottleneckSchema.table(
  'subscription_tiers',
  {
    id: serial('id').primaryKey(),
    slug: varchar('slug', { length: 50 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    monthlyPriceCents: integer('monthlyPriceCents').notNull(),
    setupFeeCents: integer('setupFeeCents').notNull().default(0),
    weeklyPremiumPercent: integer('weeklyPremiumPercent').notNull().default(15),
    sixMonthDiscountPercent: integer('sixMonthDiscountPercent').notNull().default(5),
    annualDiscountPercent: integer('annualDiscountPercent').notNull().default(10),
    maxAgents: integer('maxAgents').notNull(),
    maxConcurrentAgents: integer('maxConcurrentAgents').notNull(),
    monthlyExecutionLimit: integer('monthlyExecutionLimit').notNull(),
    maxExecutionDurationMinutes: integer('maxExecutionDurationMinutes').notNull().default(60),
    maxGhlAccounts: integer('maxGhlAccounts'),
    features: jsonb('features').notNull().$type<Record<string, unknown>>().default(sql`'{}'::jsonb`),
    allowedStrategies: jsonb('allowedStrategies')
      .notNull()
      .$type<unknown[]>()
      .default(sql`'["auto"]'::jsonb`),
    sortOrder: integer('sortOrder').notNull().default(0),
    isActive: boolean('isActive').notNull().default(true),
    isPopular: boolean('isPopular').notNull().default(false),
    metadata: jsonb('metadata'),
    ...camelTimestamps(),
  },
  (t) => [unique('subscription_tiers_slug_key').on(t.slug)],
);

export const userSubscriptionsStatusValues = ['active', 'past_due', 'cancelled', 'paused', 'trial'] as const;
export const userSubscriptionsPaymentFrequencyValues = ['weekly', 'monthly', 'six_month', 'annual'] as const;

/** Active user subscriptions. */
export const userSubscriptions = bottleneckSchema.table(
  'user_subscriptions',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    tierId: integer('tierId').notNull(),
    status: varchar('status', { length: 50, enum: userSubscriptionsStatusValues })
      .notNull()
      .default('active'),
    paymentFrequency: varchar('paymentFrequency', {
      length: 20,
      enum: userSubscriptionsPaymentFrequencyValues,
    })
      .notNull()
      .default('monthly'),
    currentPeriodStart: timestampPlain('currentPeriodStart').notNull(),
    currentPeriodEnd: timestampPlain('currentPeriodEnd').notNull(),
    cancelAtPeriodEnd: boolean('cancelAtPeriodEnd').notNull().default(false),
    stripeCustomerId: varchar('stripeCustomerId', { length: 255 }),
    stripeSubscriptionId: varchar('stripeSubscriptionId', { length: 255 }),
    executionsUsedThisPeriod: integer('executionsUsedThisPeriod').notNull().default(0),
    agentsSpawnedThisPeriod: integer('agentsSpawnedThisPeriod').notNull().default(0),
    additionalAgentSlots: integer('additionalAgentSlots').notNull().default(0),
    additionalExecutions: integer('additionalExecutions').notNull().default(0),
    trialEndsAt: timestampPlain('trialEndsAt'),
    cancelledAt: timestampPlain('cancelledAt'),
    cancellationReason: text('cancellationReason'),
    metadata: jsonb('metadata'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('user_subscriptions_userId_key').on(t.userId),
    foreignKey({
      name: 'user_subscriptions_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'user_subscriptions_tierId_fkey',
      columns: [t.tierId],
      foreignColumns: [subscriptionTiers.id],
    }),
  ],
);

/** One-time purchasable execution bundles. */
export const executionPacks = bottleneckSchema.table(
  'execution_packs',
  {
    id: serial('id').primaryKey(),
    slug: varchar('slug', { length: 50 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    executionCount: integer('executionCount'),
    validForDays: integer('validForDays'),
    priceCents: integer('priceCents').notNull(),
    minTierId: integer('minTierId'),
    maxPerMonth: integer('maxPerMonth'),
    sortOrder: integer('sortOrder').notNull().default(0),
    isActive: boolean('isActive').notNull().default(true),
    metadata: jsonb('metadata'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('execution_packs_slug_key').on(t.slug),
    foreignKey({
      name: 'execution_packs_minTierId_fkey',
      columns: [t.minTierId],
      foreignColumns: [subscriptionTiers.id],
    }),
  ],
);

export const userExecutionPacksStatusValues = ['active', 'depleted', 'expired'] as const;

/** User purchases of execution top-off packs. */
export const userExecutionPacks = bottleneckSchema.table(
  'user_execution_packs',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    packId: integer('packId').notNull(),
    executionsIncluded: integer('executionsIncluded'),
    executionsRemaining: integer('executionsRemaining'),
    purchasedAt: timestampPlain('purchasedAt').notNull().defaultNow(),
    expiresAt: timestampPlain('expiresAt'),
    pricePaidCents: integer('pricePaidCents').notNull(),
    stripePaymentIntentId: varchar('stripePaymentIntentId', { length: 255 }),
    status: varchar('status', { length: 50, enum: userExecutionPacksStatusValues })
      .notNull()
      .default('active'),
    metadata: jsonb('metadata'),
  },
  (t) => [
    foreignKey({
      name: 'user_execution_packs_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'user_execution_packs_packId_fkey',
      columns: [t.packId],
      foreignColumns: [executionPacks.id],
    }),
  ],
);

/** Recurring add-ons for additional agent slots. */
export const agentAddOns = bottleneckSchema.table(
  'agent_add_ons',
  {
    id: serial('id').primaryKey(),
    slug: varchar('slug', { length: 50 }).notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    additionalAgents: integer('additionalAgents').notNull(),
    monthlyPriceCents: integer('monthlyPriceCents').notNull(),
    minTierId: integer('minTierId'),
    maxPerUser: integer('maxPerUser'),
    sortOrder: integer('sortOrder').notNull().default(0),
    isActive: boolean('isActive').notNull().default(true),
    metadata: jsonb('metadata'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('agent_add_ons_slug_key').on(t.slug),
    foreignKey({
      name: 'agent_add_ons_minTierId_fkey',
      columns: [t.minTierId],
      foreignColumns: [subscriptionTiers.id],
    }),
  ],
);

export const userAgentAddOnsStatusValues = ['active', 'cancelled'] as const;

/** User agent add-on subscriptions. */
export const userAgentAddOns = bottleneckSchema.table(
  'user_agent_add_ons',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    addOnId: integer('addOnId').notNull(),
    quantity: integer('quantity').notNull().default(1),
    status: varchar('status', { length: 50, enum: userAgentAddOnsStatusValues }).notNull().default('active'),
    stripeSubscriptionItemId: varchar('stripeSubscriptionItemId', { length: 255 }),
    startedAt: timestampPlain('startedAt').notNull().defaultNow(),
    cancelledAt: timestampPlain('cancelledAt'),
    metadata: jsonb('metadata'),
  },
  (t) => [
    foreignKey({
      name: 'user_agent_add_ons_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'user_agent_add_ons_addOnId_fkey',
      columns: [t.addOnId],
      foreignColumns: [agentAddOns.id],
    }),
  ],
);

/** Monthly usage tracking per billing period. */
export const subscriptionUsageRecords = bottleneckSchema.table(
  'subscription_usage_records',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    periodStart: timestampPlain('periodStart').notNull(),
    periodEnd: timestampPlain('periodEnd').notNull(),
    tierId: integer('tierId').notNull(),
    executionLimit: integer('executionLimit').notNull(),
    agentLimit: integer('agentLimit').notNull(),
    executionsUsed: integer('executionsUsed').notNull().default(0),
    peakConcurrentAgents: integer('peakConcurrentAgents').notNull().default(0),
    additionalExecutionsPurchased: integer('additionalExecutionsPurchased').notNull().default(0),
    additionalExecutionsUsed: integer('additionalExecutionsUsed').notNull().default(0),
    overageExecutions: integer('overageExecutions').notNull().default(0),
    overageChargedCents: integer('overageChargedCents').notNull().default(0),
    metadata: jsonb('metadata'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'subscription_usage_records_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'subscription_usage_records_tierId_fkey',
      columns: [t.tierId],
      foreignColumns: [subscriptionTiers.id],
    }),
  ],
);
