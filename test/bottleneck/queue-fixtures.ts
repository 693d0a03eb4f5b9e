import { sql } from 'drizzle-orm';
import {
  agencyTasks,
  alertDeliveryQueue,
  alertHistory,
  alertRules,
  outboundMessages,
  userWebhooks,
  webhookLogs,
} from '../../src/bottleneck';
import type { Database } from '../../src/db';
import { makeUser } from './fixtures';

export async function queueParents(db: Database) {
  const userId = await makeUser(db);
  const [rule] = await db
    .insert(alertRules)
    .values({
      userId,
      name: 'r',
      ruleType: 'failure',
      conditions: {},
      notificationChannels: [],
      createdBy: userId,
      lastModifiedBy: userId,
    })
    .returning();
  const [history] = await db
    .insert(alertHistory)
    .values({
      ruleId: rule!.id,
      userId,
      alertType: 'failure',
      severity: 'high',
      title: 't',
      message: 'm',
      channels: [],
    })
    .returning();
  const [webhook] = await db
    .insert(userWebhooks)
    .values({ userId, channelType: 'sms', channelName: 'sms' })
    .returning();
  return { userId, alertHistoryId: history!.id, webhookId: webhook!.id };
}

export async function addAlertDeliveries(
  db: Database,
  alertHistoryId: number,
  rows: { priority?: number; scheduledFor?: unknown; maxAttempts?: number }[],
) {
  return db
    .insert(alertDeliveryQueue)
    .values(
      rows.map(
        (r) => ({ alertHistoryId, channel: 'email', destination: 'a@b.c', payload: {}, ...r }) as never,
      ),
    )
    .returning();
}

export async function addWebhookLogs(
  db: Database,
  userId: number,
  n: number,
  extra: Record<string, unknown> = {},
) {
  return db
    .insert(webhookLogs)
    .values(
      Array.from(
        { length: n },
        () =>
          ({
            webhookId: 'wh',
            userId,
            event: 'task.done',
            url: 'https://x',
            status: 'retrying',
            ...extra,
          }) as never,
      ),
    )
    .returning();
}

export async function addOutbound(
  db: Database,
  p: { userId: number; webhookId: number },
  n: number,
  extra: Record<string, unknown> = {},
) {
  return db
    .insert(outboundMessages)
    .values(
      Array.from(
        { length: n },
        () => ({ ...p, messageType: 'text', content: 'hi', recipientIdentifier: '+1', ...extra }) as never,
      ),
    )
    .returning();
}

export async function addTasks(db: Database, userId: number, rows: Record<string, unknown>[]) {
  return db
    .insert(agencyTasks)
    .values(
      rows.map((r) => ({ userId, sourceType: 'webhook', title: 't', taskType: 'browser', ...r }) as never),
    )
    .returning();
}

export const past = sql`now() - interval '1 minute'`;
export const future = sql`now() + interval '1 hour'`;
