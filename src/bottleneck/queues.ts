import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { defineQueue, type FinishOutcome } from '../queue';
import { fail, ok, parseInput, type Result } from '../result';
import { alertDeliveryQueue } from './alerts';
import { webhookLogs } from './webhooks';
import { agencyTasks, outboundMessages } from './webhooks-tasks';

/**
 * The four queue-shaped tables, all on the shared engine (src/queue.ts): one UPDATE … WHERE id IN
 * (SELECT … FOR UPDATE SKIP LOCKED) RETURNING per claim; finishing functions only act on rows in the
 * claimed state. None of the tables has a lockedBy column, so there is no per-worker fencing.
 */
export const queueErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND', 'LOCK_LOST'] as const;
export type QueueError = (typeof queueErrors)[number];

/** The engine says NOT_CLAIMED for tables without lockedBy; this module has always said LOCK_LOST. */
async function finished<Row>(
  outcome: Promise<FinishOutcome<Row, 'NOT_CLAIMED'>>,
): Promise<Result<{ job: Row }, Exclude<QueueError, 'INVALID_INPUT'>>> {
  const r = await outcome;
  if (r.success) return ok({ job: r.job });
  return r.error === 'JOB_NOT_FOUND'
    ? fail('JOB_NOT_FOUND', 'no such row')
    : fail('LOCK_LOST', 'the row is not in the claimed state any more');
}

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
  columns: {
    id: 'id',
    status: 'status',
    attempts: 'attempts',
    readyAt: 'scheduledFor',
    lastError: 'error',
    doneAt: 'sentAt',
  },
  states: alertDeliveryStates,
  maxAttempts: 'maxAttempts',
  // lower priority number first, then the earliest scheduled (unscheduled ones after those)
  orderBy: ['priority', 'scheduledFor', 'id'],
  readyWhenNull: true,
  claimSet: { lastAttemptAt: sql`now()` },
  backoff: { baseSeconds: 30, capSeconds: 3600 },
});

/** Claims due deliveries (pending, scheduledFor ≤ now or null, attempts < maxAttempts) by priority, then scheduledFor. */
export async function claimAlertDeliveries(db: DbOrTx, input: { limit?: number; channel?: string } = {}) {
  const parsed = parseInput(claimInput.extend({ channel: z.string().max(50).optional() }), input);
  if (!parsed.success) return parsed;
  const jobs = await alertQueue.claim(db, {
    limit: parsed.data.limit,
    filters: parsed.data.channel ? { channel: parsed.data.channel } : undefined,
  });
  return ok({ jobs });
}

export async function completeAlertDelivery(db: DbOrTx, input: { id: number }) {
  const parsed = parseInput(idInput, input);
  if (!parsed.success) return parsed;
  return finished(alertQueue.complete(db, { id: parsed.data.id, set: { error: null } }));
}

/** Back to pending with backoff, or failed once attempts reach the row's maxAttempts. */
export async function failAlertDelivery(db: DbOrTx, input: { id: number; error: string }) {
  const parsed = parseInput(failInput, input);
  if (!parsed.success) return parsed;
  return finished(alertQueue.fail(db, { id: parsed.data.id, error: parsed.data.error }));
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
  return finished(
    webhookQueue.complete(db, { id, set: { ...set, error: null, errorCode: null, nextRetryAt: null } }),
  );
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
  return finished(webhookQueue.fail(db, { id, error, maxAttempts, set }));
}

// ---- outbound_messages: pending (scheduledFor ≤ now or null) → sending → sent | failed

const outboundQueue = defineQueue({
  table: outboundMessages,
  // No attempts column: a failure is final.
  columns: {
    id: 'id',
    status: 'deliveryStatus',
    readyAt: 'scheduledFor',
    lastError: 'deliveryError',
    doneAt: 'sentAt',
  },
  states: { ready: 'pending', claimed: 'sending', done: 'sent', failed: 'failed' },
  // through outbound_messages_pending_idx (deliveryStatus, scheduledFor)
  orderBy: [{ column: 'scheduledFor', nulls: 'first' }, 'id'],
  readyWhenNull: true,
});

/** Claims due outbound messages, earliest scheduled (unscheduled first), through outbound_messages_pending_idx. */
export async function claimOutboundMessages(db: DbOrTx, input: { limit?: number } = {}) {
  const parsed = parseInput(claimInput, input);
  if (!parsed.success) return parsed;
  return ok({ jobs: await outboundQueue.claim(db, { limit: parsed.data.limit }) });
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
  return finished(outboundQueue.complete(db, { id, set: { ...set, deliveryError: null } }));
}

/** outbound_messages has no attempts column, so a failure is final (deliveryStatus 'failed'). */
export async function failOutboundMessage(db: DbOrTx, input: { id: number; error: string }) {
  const parsed = parseInput(failInput, input);
  if (!parsed.success) return parsed;
  return finished(outboundQueue.fail(db, { id: parsed.data.id, error: parsed.data.error }));
}

// ---- agency_tasks for the bot: pending + assignedToBot + due → in_progress → completed | pending | failed

export const agencyTaskStates = {
  ready: 'pending',
  claimed: 'in_progress',
  done: 'completed',
  failed: 'failed',
} as const;

const taskQueue = defineQueue({
  table: agencyTasks,
  // errorCount counts failures (not claims) against the row's maxRetries.
  columns: {
    id: 'id',
    status: 'status',
    failures: 'errorCount',
    readyAt: 'scheduledFor',
    lastError: 'lastError',
    finishedAt: 'completedAt',
  },
  states: agencyTaskStates,
  maxAttempts: 'maxRetries',
  claimable: and(
    eq(agencyTasks.assignedToBot, true),
    sql`(${agencyTasks.blockedBy} is null or exists (select 1 from ${agencyTasks} b
          where b."id" = ${agencyTasks.blockedBy} and b."status" = ${agencyTaskStates.done}))`,
  ),
  orderBy: [
    { column: 'priority', rank: ['critical', 'high', 'medium', 'low'] },
    { column: 'scheduledFor', nulls: 'first' },
    'createdAt',
    'id',
  ],
  readyWhenNull: true,
  claimSet: { startedAt: sql`now()`, statusReason: null },
  backoff: { baseSeconds: 30, capSeconds: 3600 },
});

/**
 * Claims the bot's due tasks (status pending, assignedToBot, scheduledFor ≤ now or null, errorCount <
 * maxRetries, not blocked by an unfinished task), critical first, then by scheduledFor and age.
 */
export async function claimAgencyTasks(db: DbOrTx, input: { limit?: number; userId?: number } = {}) {
  const parsed = parseInput(claimInput.extend({ userId: z.number().int().positive().optional() }), input);
  if (!parsed.success) return parsed;
  const jobs = await taskQueue.claim(db, {
    limit: parsed.data.limit,
    filters: parsed.data.userId ? { userId: parsed.data.userId } : undefined,
  });
  return ok({ jobs });
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
  return finished(taskQueue.complete(db, { id, set }));
}

/**
 * Counts the error; back to pending (scheduledFor pushed out 30 s · 2^errors, jittered, at most 1 h)
 * while errorCount < maxRetries, else failed.
 */
export async function failAgencyTask(db: DbOrTx, input: { id: number; error: string }) {
  const parsed = parseInput(failInput, input);
  if (!parsed.success) return parsed;
  return finished(taskQueue.fail(db, { id: parsed.data.id, error: parsed.data.error }));
}
