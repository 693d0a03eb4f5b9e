import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { defineQueue } from '../queue';
import { fail, ok, parseInput } from '../result';
import { alertDeliveryQueue } from './alerts';
import { webhookLogs } from './webhooks';
import { agencyTasks, outboundMessages } from './webhooks-tasks';

/**
 * The four queue-shaped tables. alert_delivery_queue and webhook_logs run on the shared engine
 * (src/queue.ts); outbound_messages (no attempts column) and agency_tasks (text priority, errorCount,
 * per-row maxRetries, blockedBy) do not fit it and use one UPDATE … WHERE id IN (SELECT … FOR UPDATE
 * SKIP LOCKED) RETURNING of their own. Finishing functions only act on rows in the claimed state.
 */
export const queueErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND', 'LOCK_LOST'] as const;
export type QueueError = (typeof queueErrors)[number];

const claimInput = z.object({ limit: z.number().int().positive().max(1000).default(10) });
const idInput = z.object({ id: z.number().int().positive() });
const failInput = idInput.extend({ error: z.string().min(1) });

// ---- alert_delivery_queue: pending → sending → sent | pending (retry) | failed; attempts ≤ maxAttempts

export const alertDeliveryStates = {
  ready: 'pending',
  claimed: 'sending',
  done: 'sent',
  failed: 'failed',
} as const;

const alertQueue = defineQueue({
  table: alertDeliveryQueue,
  columns: { id: 'id', status: 'status', attempts: 'attempts', readyAt: 'scheduledFor', lastError: 'error' },
  states: alertDeliveryStates,
  // lower priority number first, then the earliest scheduled (unscheduled = now)
  orderBy: ['priority', 'scheduledFor', 'id'],
  readyWhenNull: true,
  backoff: { baseSeconds: 30, capSeconds: 3600 },
});

/** Claims due deliveries (pending, scheduledFor ≤ now or null, attempts < maxAttempts) by priority, then scheduledFor. */
export async function claimAlertDeliveries(db: DbOrTx, input: { limit?: number; channel?: string } = {}) {
  const parsed = parseInput(claimInput.extend({ channel: z.string().max(50).optional() }), input);
  if (!parsed.success) return parsed;
  const jobs = await alertQueue.claim(db, {
    limit: parsed.data.limit,
    where: and(
      sql`${alertDeliveryQueue.attempts} < ${alertDeliveryQueue.maxAttempts}`,
      parsed.data.channel ? eq(alertDeliveryQueue.channel, parsed.data.channel) : undefined,
    ),
    set: { lastAttemptAt: sql`now()` },
  });
  return ok({ jobs });
}

export async function completeAlertDelivery(db: DbOrTx, input: { id: number }) {
  const parsed = parseInput(idInput, input);
  if (!parsed.success) return parsed;
  return alertQueue.complete(db, { id: parsed.data.id, set: { sentAt: sql`now()`, error: null } });
}

/** Back to pending with backoff, or failed once attempts reach the row's maxAttempts. */
export async function failAlertDelivery(db: DbOrTx, input: { id: number; error: string }) {
  const parsed = parseInput(failInput, input);
  if (!parsed.success) return parsed;
  return alertQueue.fail(db, {
    id: parsed.data.id,
    error: parsed.data.error,
    // The engine takes one number; the limit here is per row, so pass the column (rendered into SQL).
    maxAttempts: alertDeliveryQueue.maxAttempts as unknown as number,
  });
}

// ---- webhook_logs retries: retrying (nextRetryAt due) → sending → success | retrying | failed

export const webhookRetryStates = {
  ready: 'retrying',
  claimed: 'sending',
  done: 'success',
  failed: 'failed',
} as const;

const webhookQueue = defineQueue({
  table: webhookLogs,
  columns: {
    id: 'id',
    status: 'status',
    attempts: 'attempts',
    readyAt: 'nextRetryAt',
    lastError: 'error',
    finishedAt: 'completedAt',
  },
  states: webhookRetryStates,
  orderBy: ['nextRetryAt', 'createdAt'],
  readyWhenNull: true,
  backoff: { baseSeconds: 30, capSeconds: 6 * 3600 },
});

const uuidInput = z.object({ id: z.uuid() });

/** Claims webhook deliveries due for a retry (status 'retrying', nextRetryAt ≤ now or null). */
export async function claimWebhookRetries(db: DbOrTx, input: { limit?: number } = {}) {
  const parsed = parseInput(claimInput, input);
  if (!parsed.success) return parsed;
  return ok({ jobs: await webhookQueue.claim(db, { limit: parsed.data.limit }) });
}

export async function completeWebhookRetry(
  db: DbOrTx,
  input: { id: string; responseStatus?: number; responseBody?: string; responseTime?: number },
) {
  const parsed = parseInput(
    uuidInput.extend({
      responseStatus: z.number().int().optional(),
      responseBody: z.string().optional(),
      responseTime: z.number().int().nonnegative().optional(),
    }),
    input,
  );
  if (!parsed.success) return parsed;
  const { id, ...set } = parsed.data;
  return webhookQueue.complete(db, { id, set: { ...set, error: null, errorCode: null, nextRetryAt: null } });
}

/** Schedules the next retry with backoff, or marks the delivery failed after maxAttempts attempts. */
export async function failWebhookRetry(
  db: DbOrTx,
  input: { id: string; error: string; errorCode?: string; responseStatus?: number; maxAttempts?: number },
) {
  const parsed = parseInput(
    uuidInput.extend({
      error: z.string().min(1),
      errorCode: z.string().max(100).optional(),
      responseStatus: z.number().int().optional(),
      maxAttempts: z.number().int().positive().default(5),
    }),
    input,
  );
  if (!parsed.success) return parsed;
  const { id, error, maxAttempts, ...set } = parsed.data;
  return webhookQueue.fail(db, { id, error, maxAttempts, set });
}

// ---- outbound_messages: pending (scheduledFor ≤ now or null) → sending → sent | failed

const notFinished = async (db: DbOrTx, table: typeof outboundMessages | typeof agencyTasks, id: number) => {
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.id, id));
  return row
    ? fail('LOCK_LOST' as const, 'the row is not in the claimed state any more')
    : fail('JOB_NOT_FOUND' as const, `no row ${id}`);
};

/** Claims due outbound messages, earliest scheduled first, through outbound_messages_pending_idx. */
export async function claimOutboundMessages(db: DbOrTx, input: { limit?: number } = {}) {
  const parsed = parseInput(claimInput, input);
  if (!parsed.success) return parsed;
  const pick = db
    .select({ id: outboundMessages.id })
    .from(outboundMessages)
    .where(
      and(
        eq(outboundMessages.deliveryStatus, 'pending'),
        sql`(${outboundMessages.scheduledFor} is null or ${outboundMessages.scheduledFor} <= now())`,
      ),
    )
    .orderBy(sql`${outboundMessages.scheduledFor} asc nulls first`, outboundMessages.id)
    .limit(parsed.data.limit)
    .for('update', { skipLocked: true });
  const jobs = await db
    .update(outboundMessages)
    .set({ deliveryStatus: 'sending' })
    .where(sql`${outboundMessages.id} in (${pick})`)
    .returning();
  return ok({ jobs: jobs.sort((a, b) => a.id - b.id) });
}

export async function completeOutboundMessage(
  db: DbOrTx,
  input: { id: number; externalMessageId?: string; providerResponse?: unknown },
) {
  const parsed = parseInput(
    idInput.extend({
      externalMessageId: z.string().max(255).optional(),
      providerResponse: z.unknown().optional(),
    }),
    input,
  );
  if (!parsed.success) return parsed;
  const { id, ...set } = parsed.data;
  const [job] = await db
    .update(outboundMessages)
    .set({ ...set, deliveryStatus: 'sent', sentAt: sql`now()`, deliveryError: null })
    .where(and(eq(outboundMessages.id, id), eq(outboundMessages.deliveryStatus, 'sending')))
    .returning();
  return job ? ok({ job }) : notFinished(db, outboundMessages, id);
}

/** outbound_messages has no attempts column, so a failure is final (deliveryStatus 'failed'). */
export async function failOutboundMessage(db: DbOrTx, input: { id: number; error: string }) {
  const parsed = parseInput(failInput, input);
  if (!parsed.success) return parsed;
  const [job] = await db
    .update(outboundMessages)
    .set({ deliveryStatus: 'failed', deliveryError: parsed.data.error })
    .where(and(eq(outboundMessages.id, parsed.data.id), eq(outboundMessages.deliveryStatus, 'sending')))
    .returning();
  return job ? ok({ job }) : notFinished(db, outboundMessages, parsed.data.id);
}

// ---- agency_tasks for the bot: pending + assignedToBot + due → in_progress → completed | pending | failed

export const agencyTaskStates = {
  ready: 'pending',
  claimed: 'in_progress',
  done: 'completed',
  failed: 'failed',
} as const;

const priorityRank = sql`case ${agencyTasks.priority} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;

/**
 * Claims the bot's due tasks (status pending, assignedToBot, scheduledFor ≤ now or null, not blocked by
 * an unfinished task), critical first, then by scheduledFor and age.
 */
export async function claimAgencyTasks(db: DbOrTx, input: { limit?: number; userId?: number } = {}) {
  const parsed = parseInput(claimInput.extend({ userId: z.number().int().positive().optional() }), input);
  if (!parsed.success) return parsed;
  const pick = db
    .select({ id: agencyTasks.id })
    .from(agencyTasks)
    .where(
      and(
        eq(agencyTasks.status, agencyTaskStates.ready),
        eq(agencyTasks.assignedToBot, true),
        sql`(${agencyTasks.scheduledFor} is null or ${agencyTasks.scheduledFor} <= now())`,
        sql`(${agencyTasks.blockedBy} is null or exists (select 1 from ${agencyTasks} b
              where b."id" = ${agencyTasks.blockedBy} and b."status" = ${agencyTaskStates.done}))`,
        parsed.data.userId ? eq(agencyTasks.userId, parsed.data.userId) : undefined,
      ),
    )
    .orderBy(
      priorityRank,
      sql`${agencyTasks.scheduledFor} asc nulls first`,
      agencyTasks.createdAt,
      agencyTasks.id,
    )
    .limit(parsed.data.limit)
    .for('update', { skipLocked: true });
  const jobs = await db
    .update(agencyTasks)
    .set({ status: agencyTaskStates.claimed, startedAt: sql`now()`, statusReason: null })
    .where(sql`${agencyTasks.id} in (${pick})`)
    .returning();
  const rank = { critical: 0, high: 1, medium: 2, low: 3 } as const;
  return ok({ jobs: jobs.sort((a, b) => rank[a.priority] - rank[b.priority] || a.id - b.id) });
}

export async function completeAgencyTask(
  db: DbOrTx,
  input: { id: number; result?: unknown; resultSummary?: string },
) {
  const parsed = parseInput(
    idInput.extend({ result: z.unknown().optional(), resultSummary: z.string().optional() }),
    input,
  );
  if (!parsed.success) return parsed;
  const { id, ...set } = parsed.data;
  const [job] = await db
    .update(agencyTasks)
    .set({ ...set, status: agencyTaskStates.done, completedAt: sql`now()` })
    .where(and(eq(agencyTasks.id, id), eq(agencyTasks.status, agencyTaskStates.claimed)))
    .returning();
  return job ? ok({ job }) : notFinished(db, agencyTasks, id);
}

/**
 * Counts the error; back to pending (scheduledFor pushed out 30 s · 2^errors) while errorCount < maxRetries,
 * else failed.
 */
export async function failAgencyTask(db: DbOrTx, input: { id: number; error: string }) {
  const parsed = parseInput(failInput, input);
  if (!parsed.success) return parsed;
  const exhausted = sql`${agencyTasks.errorCount} + 1 >= ${agencyTasks.maxRetries}`;
  const [job] = await db
    .update(agencyTasks)
    .set({
      errorCount: sql`${agencyTasks.errorCount} + 1`,
      lastError: parsed.data.error,
      status: sql`case when ${exhausted} then ${agencyTaskStates.failed} else ${agencyTaskStates.ready} end`,
      scheduledFor: sql`case when ${exhausted} then ${agencyTasks.scheduledFor}
        else now() + make_interval(secs => least(3600, 30 * power(2, ${agencyTasks.errorCount}))) end`,
      completedAt: sql`case when ${exhausted} then now() else null end`,
    })
    .where(and(eq(agencyTasks.id, parsed.data.id), eq(agencyTasks.status, agencyTaskStates.claimed)))
    .returning();
  return job ? ok({ job }) : notFinished(db, agencyTasks, parsed.data.id);
}
