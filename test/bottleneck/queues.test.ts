import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  agencyTasks,
  alertDeliveryQueue,
  claimAgencyTasks,
  claimAlertDeliveries,
  claimOutboundMessages,
  claimWebhookRetries,
  completeAgencyTask,
  completeAlertDelivery,
  completeOutboundMessage,
  completeWebhookRetry,
  failAgencyTask,
  failAlertDelivery,
  failOutboundMessage,
  failWebhookRetry,
} from '../../src/bottleneck';
import { useTestDb } from '../support';
import {
  addAlertDeliveries,
  addOutbound,
  addTasks,
  addWebhookLogs,
  future,
  past,
  queueParents,
} from './queue-fixtures';

const ids = (r: { success: boolean; jobs?: { id: unknown }[] }) => (r.success ? r.jobs!.map((j) => j.id) : r);

describe('alert_delivery_queue', () => {
  const t = useTestDb();

  it('claims due rows by priority then scheduledFor, retries with backoff, fails at maxAttempts', async () => {
    const { alertHistoryId } = await queueParents(t().db);
    const [low, high, later, notYet] = await addAlertDeliveries(t().db, alertHistoryId, [
      { priority: 9, scheduledFor: past },
      { priority: 1, maxAttempts: 2 },
      { priority: 9, scheduledFor: sql`now() - interval '10 seconds'` },
      { priority: 0, scheduledFor: future },
    ]);
    expect(ids(await claimAlertDeliveries(t().db, { limit: 10 }))).toEqual([high!.id, low!.id, later!.id]);
    expect(ids(await claimAlertDeliveries(t().db, { limit: 10 }))).toEqual([]);
    expect(await completeAlertDelivery(t().db, { id: low!.id })).toMatchObject({
      success: true,
      job: { status: 'sent' },
    });
    expect(await completeAlertDelivery(t().db, { id: low!.id })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect(await completeAlertDelivery(t().db, { id: 999999 })).toMatchObject({
      success: false,
      error: 'JOB_NOT_FOUND',
    });
    const retry = await failAlertDelivery(t().db, { id: high!.id, error: 'smtp down' });
    expect(retry).toMatchObject({
      success: true,
      job: { status: 'pending', attempts: 1, error: 'smtp down' },
    });
    if (!retry.success) throw new Error();
    expect(retry.job.scheduledFor!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await t()
      .db.update(alertDeliveryQueue)
      .set({ scheduledFor: sql`now()` })
      .where(eq(alertDeliveryQueue.id, high!.id));
    expect(ids(await claimAlertDeliveries(t().db))).toEqual([high!.id]);
    expect(await failAlertDelivery(t().db, { id: high!.id, error: 'again' })).toMatchObject({
      success: true,
      job: { status: 'failed', attempts: 2 },
    });
    const [sent] = await t().db.select().from(alertDeliveryQueue).where(eq(alertDeliveryQueue.id, low!.id));
    expect(sent!.sentAt).toBeInstanceOf(Date);
    expect(sent!.lastAttemptAt).toBeInstanceOf(Date);
    expect(notYet!.status).toBe('pending');
    expect(await claimAlertDeliveries(t().db, { limit: 0 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('webhook_logs retries', () => {
  const t = useTestDb();

  it('claims due retries, completes or reschedules them, and fails after maxAttempts', async () => {
    const { userId } = await queueParents(t().db);
    const [a, b] = await addWebhookLogs(t().db, userId, 2, { nextRetryAt: past });
    await addWebhookLogs(t().db, userId, 1, { nextRetryAt: future });
    await addWebhookLogs(t().db, userId, 1, { status: 'success' });
    const claimed = await claimWebhookRetries(t().db, { limit: 5 });
    expect(ids(claimed)).toHaveLength(2);
    expect(await completeWebhookRetry(t().db, { id: a!.id, responseStatus: 200 })).toMatchObject({
      success: true,
      job: { status: 'success', responseStatus: 200, attempts: 2 },
    });
    const r = await failWebhookRetry(t().db, {
      id: b!.id,
      error: '502',
      responseStatus: 502,
      maxAttempts: 3,
    });
    expect(r).toMatchObject({
      success: true,
      job: { status: 'retrying', attempts: 2, responseStatus: 502, completedAt: null },
    });
    if (!r.success) throw new Error();
    expect(r.job.nextRetryAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await t().db.execute(sql`update bottleneck.webhook_logs set "nextRetryAt" = now() where id = ${b!.id}`);
    expect(ids(await claimWebhookRetries(t().db))).toEqual([b!.id]);
    expect(await failWebhookRetry(t().db, { id: b!.id, error: '502', maxAttempts: 3 })).toMatchObject({
      success: true,
      job: { status: 'failed', attempts: 3 },
    });
    expect(await failWebhookRetry(t().db, { id: 'nope', error: 'x' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});

describe('outbound_messages', () => {
  const t = useTestDb();

  it('claims pending messages whose scheduledFor has come (or is null)', async () => {
    const p = await queueParents(t().db);
    const [now1] = await addOutbound(t().db, p, 1);
    const [due] = await addOutbound(t().db, p, 1, { scheduledFor: past });
    await addOutbound(t().db, p, 1, { scheduledFor: future });
    await addOutbound(t().db, p, 1, { deliveryStatus: 'sent' });
    expect(ids(await claimOutboundMessages(t().db, { limit: 10 }))).toEqual([now1!.id, due!.id]);
    expect(await completeOutboundMessage(t().db, { id: now1!.id, externalMessageId: 'SM1' })).toMatchObject({
      success: true,
      job: { deliveryStatus: 'sent', externalMessageId: 'SM1' },
    });
    expect(await failOutboundMessage(t().db, { id: due!.id, error: 'bad number' })).toMatchObject({
      success: true,
      job: { deliveryStatus: 'failed', deliveryError: 'bad number' },
    });
    expect(await failOutboundMessage(t().db, { id: due!.id, error: 'x' })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect(await completeOutboundMessage(t().db, { id: 999999 })).toMatchObject({
      success: false,
      error: 'JOB_NOT_FOUND',
    });
  });
});

describe('agency_tasks for the bot', () => {
  const t = useTestDb();

  it('claims due bot tasks by priority, skipping human, future and blocked tasks', async () => {
    const { userId } = await queueParents(t().db);
    const [blocker, medium, critical, human, later] = await addTasks(t().db, userId, [
      { priority: 'low' },
      { priority: 'medium', scheduledFor: past },
      { priority: 'critical' },
      { priority: 'critical', assignedToBot: false },
      { priority: 'high', scheduledFor: future },
    ]);
    const [blocked] = await addTasks(t().db, userId, [{ priority: 'critical', blockedBy: blocker!.id }]);
    expect(ids(await claimAgencyTasks(t().db, { limit: 10 }))).toEqual([
      critical!.id,
      medium!.id,
      blocker!.id,
    ]);
    expect(await completeAgencyTask(t().db, { id: blocker!.id, resultSummary: 'done' })).toMatchObject({
      success: true,
      job: { status: 'completed' },
    });
    expect(ids(await claimAgencyTasks(t().db))).toEqual([blocked!.id]);
    const r = await failAgencyTask(t().db, { id: critical!.id, error: 'timeout' });
    expect(r).toMatchObject({
      success: true,
      job: { status: 'pending', errorCount: 1, lastError: 'timeout' },
    });
    await t()
      .db.update(agencyTasks)
      .set({ scheduledFor: sql`now()`, errorCount: 2 })
      .where(eq(agencyTasks.id, critical!.id));
    expect(ids(await claimAgencyTasks(t().db))).toEqual([critical!.id]);
    expect(await failAgencyTask(t().db, { id: critical!.id, error: 'timeout' })).toMatchObject({
      success: true,
      job: { status: 'failed', errorCount: 3 },
    });
    expect(await completeAgencyTask(t().db, { id: critical!.id })).toMatchObject({
      success: false,
      error: 'LOCK_LOST',
    });
    expect(human!.status).toBe('pending');
    expect(later!.status).toBe('pending');
  });
});
