import { boolean, foreignKey, integer, jsonb, serial, text, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** Alert condition definitions. */
export const alertRules = bottleneckSchema.table(
  'alert_rules',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    description: text('description'),
    ruleType: varchar('ruleType', { length: 50 }).notNull(),
    targetType: varchar('targetType', { length: 50 }).notNull().default('all_tasks'),
    targetTaskIds: jsonb('targetTaskIds'),
    targetTags: jsonb('targetTags'),
    conditions: jsonb('conditions').notNull(),
    notificationChannels: jsonb('notificationChannels').notNull(),
    cooldownMinutes: integer('cooldownMinutes').notNull().default(5),
    aggregationEnabled: boolean('aggregationEnabled').notNull().default(true),
    maxAlertsPerHour: integer('maxAlertsPerHour').notNull().default(12),
    severity: varchar('severity', { length: 20 }).notNull().default('medium'),
    priority: integer('priority').notNull().default(5),
    isActive: boolean('isActive').notNull().default(true),
    isPaused: boolean('isPaused').notNull().default(false),
    lastAlertSentAt: timestampPlain('lastAlertSentAt'),
    alertsThisHour: integer('alertsThisHour').notNull().default(0),
    hourlyResetAt: timestampPlain('hourlyResetAt'),
    createdBy: integer('createdBy').notNull(),
    lastModifiedBy: integer('lastModifiedBy').notNull(),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'alert_rules_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({ name: 'alert_rules_createdBy_fkey', columns: [t.createdBy], foreignColumns: [users.id] }),
    foreignKey({
      name: 'alert_rules_lastModifiedBy_fkey',
      columns: [t.lastModifiedBy],
      foreignColumns: [users.id],
    }),
  ],
);

/** Triggered alert records. */
export const alertHistory = bottleneckSchema.table(
  'alert_history',
  {
    id: serial('id').primaryKey(),
    ruleId: integer('ruleId').notNull(),
    userId: integer('userId').notNull(),
    taskId: integer('taskId'),
    executionId: integer('executionId'),
    alertType: varchar('alertType', { length: 50 }).notNull(),
    severity: varchar('severity', { length: 20 }).notNull(),
    title: varchar('title', { length: 500 }).notNull(),
    message: text('message').notNull(),
    details: jsonb('details'),
    channels: jsonb('channels').notNull(),
    deliveryStatus: jsonb('deliveryStatus'),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    triggeredAt: timestampPlain('triggeredAt').notNull().defaultNow(),
    acknowledgedAt: timestampPlain('acknowledgedAt'),
    acknowledgedBy: integer('acknowledgedBy'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'alert_history_ruleId_fkey',
      columns: [t.ruleId],
      foreignColumns: [alertRules.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'alert_history_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'alert_history_acknowledgedBy_fkey',
      columns: [t.acknowledgedBy],
      foreignColumns: [users.id],
    }),
  ],
);

export const inAppNotificationsTypeValues = ['info', 'warning', 'error', 'success'] as const;

/** User notifications displayed in UI. */
export const inAppNotifications = bottleneckSchema.table(
  'in_app_notifications',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    alertHistoryId: integer('alertHistoryId'),
    title: varchar('title', { length: 255 }).notNull(),
    message: text('message').notNull(),
    type: varchar('type', { length: 20, enum: inAppNotificationsTypeValues }).notNull().default('info'),
    priority: integer('priority').notNull().default(5),
    isRead: boolean('isRead').notNull().default(false),
    isDismissed: boolean('isDismissed').notNull().default(false),
    metadata: jsonb('metadata'),
    actionUrl: text('actionUrl'),
    actionLabel: varchar('actionLabel', { length: 100 }),
    readAt: timestampPlain('readAt'),
    dismissedAt: timestampPlain('dismissedAt'),
    expiresAt: timestampPlain('expiresAt'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'in_app_notifications_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'in_app_notifications_alertHistoryId_fkey',
      columns: [t.alertHistoryId],
      foreignColumns: [alertHistory.id],
    }).onDelete('cascade'),
  ],
);

/** Pending alert deliveries. */
export const alertDeliveryQueue = bottleneckSchema.table(
  'alert_delivery_queue',
  {
    id: serial('id').primaryKey(),
    alertHistoryId: integer('alertHistoryId').notNull(),
    channel: varchar('channel', { length: 50 }).notNull(),
    destination: text('destination').notNull(),
    payload: jsonb('payload').notNull(),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('maxAttempts').notNull().default(3),
    lastAttemptAt: timestampPlain('lastAttemptAt'),
    error: text('error'),
    priority: integer('priority').notNull().default(5),
    scheduledFor: timestampPlain('scheduledFor'),
    sentAt: timestampPlain('sentAt'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'alert_delivery_queue_alertHistoryId_fkey',
      columns: [t.alertHistoryId],
      foreignColumns: [alertHistory.id],
    }).onDelete('cascade'),
  ],
);
