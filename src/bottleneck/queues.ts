import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { count4, int4, jsonValue, serialId, uuidInput } from '../input';
import { defineQueue, type FinishOutcome } from '../queue';
import { fail, ok, parseInput, type Result } from '../result';
import { alertDeliveryQueue } from './tables/alerts';
import { webhookLogs } from './tables/webhooks';
import { agencyTasks, outboundMessages } from './tables/webhooks-tasks';
import type { AgencyTask, AlertDeliveryQueue, OutboundMessage, WebhookLog } from './validators';

/**
 * The four queue-shaped tables, all on the shared engine (src/queue/). A claim is one statement,
 * prepared per connection (claimStatement in src/queue/statements.ts):
 *   UPDATE <table> SET <status> = <claimed>, attempts = attempts + 1, <claimSet columns>
 *   WHERE id = any(array(SELECT id FROM <table> WHERE <status> = <ready>
 *     AND (<ready at> IS NULL OR <ready at> <= now()) AND <tries> < <limit> AND <claimable> AND <filters>
 *     ORDER BY <orderBy> LIMIT $n FOR UPDATE SKIP LOCKED)) RETURNING *
 * with only the terms a queue has (agency tasks count failures, not claims: errorCount < maxRetries,
 * and no attempts column); RETURNING has no order, so the engine sorts the rows as the claim did.
 * Finishing functions only act on rows in the claimed state. None of the tables has a lockedBy
 * column, so there is no per-worker fencing: LOCK_LOST means the row is not claimed any more.
 */
export const queueErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND', 'LOCK_LOST'] as const;
export type QueueError = (typeof queueErrors)[number];
/** Claims only fail on bad input. */
export const claimErrors = ['INVALID_INPUT'] as const;
type Claimed<Row> = Promise<Result<{ jobs: Row[] }, (typeof claimErrors)[number]>>;
type Finished<Row> = Promise<Result<{ job: Row }, QueueError>>;

/** The engine's outcome as this module's Result, with its messages (the codes are the engine's). */
async function finished<Row>(
  outcome: Promise<FinishOutcome<Row>>,
): Promise<Result<{ job: Row }, Exclude<QueueError, 'INVALID_INPUT'>>> {
  const r = await outcome;
  if (r.success) return ok({ job: r.job });
  return fail(
    r.error,
    r.error === 'JOB_NOT_FOUND' ? 'no such row' : 'the row is not in the claimed state any more',
  );
}

const claimInput = z.object({ limit: int4({ min: 1, max: 1000 }).default(10) });
const idInput = z.object({ id: serialId() });
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

export const claimAlertDeliveriesInput = claimInput.extend({ channel: z.string().max(50).optional() });
export const claimAlertDeliveriesErrors = claimErrors;

/** Claims due deliveries (pending, scheduledFor ≤ now or null, attempts < maxAttempts) by priority, then scheduledFor. */
export async function claimAlertDeliveries(
  db: AnyDb,
  input: z.input<typeof claimAlertDeliveriesInput> = {},
): Claimed<AlertDeliveryQueue> {
  narrowDb(db);
  const parsed = parseInput(claimAlertDeliveriesInput, input);
  if (!parsed.success) return parsed;
  const jobs = await alertQueue.claim(db, {
    limit: parsed.data.limit,
    filters: parsed.data.channel ? { channel: parsed.data.channel } : undefined,
  });
  return ok({ jobs });
}

export const completeAlertDeliveryInput = idInput;
export const completeAlertDeliveryErrors = queueErrors;

export async function completeAlertDelivery(
  db: AnyDb,
  input: z.input<typeof completeAlertDeliveryInput>,
): Finished<AlertDeliveryQueue> {
  narrowDb(db);
  const parsed = parseInput(completeAlertDeliveryInput, input);
  if (!parsed.success) return parsed;
  return finished(alertQueue.complete(db, { id: parsed.data.id, set: { error: null } }));
}

export const failAlertDeliveryInput = failInput;
export const failAlertDeliveryErrors = queueErrors;

/** Back to pending with backoff, or failed once attempts reach the row's maxAttempts. */
export async function failAlertDelivery(
  db: AnyDb,
  input: z.input<typeof failAlertDeliveryInput>,
): Finished<AlertDeliveryQueue> {
  narrowDb(db);
  const parsed = parseInput(failAlertDeliveryInput, input);
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

const webhookLogId = z.object({ id: uuidInput() });

export const claimWebhookRetriesInput = claimInput;
export const claimWebhookRetriesErrors = claimErrors;

/** Claims webhook deliveries due for a retry (status 'retrying', nextRetryAt ≤ now or null). */
export async function claimWebhookRetries(
  db: AnyDb,
  input: z.input<typeof claimWebhookRetriesInput> = {},
): Claimed<WebhookLog> {
  narrowDb(db);
  const parsed = parseInput(claimWebhookRetriesInput, input);
  if (!parsed.success) return parsed;
  return ok({ jobs: await webhookQueue.claim(db, { limit: parsed.data.limit }) });
}

export const completeWebhookRetryInput = webhookLogId.extend({
  responseStatus: int4().optional(),
  responseBody: z.string().optional(),
  responseTime: count4().optional(),
});
export const completeWebhookRetryErrors = queueErrors;

export async function completeWebhookRetry(
  db: AnyDb,
  input: z.input<typeof completeWebhookRetryInput>,
): Finished<WebhookLog> {
  narrowDb(db);
  const parsed = parseInput(completeWebhookRetryInput, input);
  if (!parsed.success) return parsed;
  const { id, ...set } = parsed.data;
  return finished(
    webhookQueue.complete(db, { id, set: { ...set, error: null, errorCode: null, nextRetryAt: null } }),
  );
}

/** Schedules the next retry with backoff, or marks the delivery failed after maxAttempts attempts. */
export const failWebhookRetryInput = webhookLogId.extend({
  error: z.string().min(1),
  errorCode: z.string().max(100).optional(),
  responseStatus: int4().optional(),
  maxAttempts: int4({ min: 1 }).default(5),
});
export const failWebhookRetryErrors = queueErrors;

export async function failWebhookRetry(
  db: AnyDb,
  input: z.input<typeof failWebhookRetryInput>,
): Finished<WebhookLog> {
  narrowDb(db);
  const parsed = parseInput(failWebhookRetryInput, input);
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

export const claimOutboundMessagesInput = claimInput;
export const claimOutboundMessagesErrors = claimErrors;

/** Claims due outbound messages, earliest scheduled (unscheduled first), through outbound_messages_pending_idx. */
export async function claimOutboundMessages(
  db: AnyDb,
  input: z.input<typeof claimOutboundMessagesInput> = {},
): Claimed<OutboundMessage> {
  narrowDb(db);
  const parsed = parseInput(claimOutboundMessagesInput, input);
  if (!parsed.success) return parsed;
  return ok({ jobs: await outboundQueue.claim(db, { limit: parsed.data.limit }) });
}

export const completeOutboundMessageInput = idInput.extend({
  externalMessageId: z.string().max(255).optional(),
  providerResponse: jsonValue().optional(),
});
export const completeOutboundMessageErrors = queueErrors;

export async function completeOutboundMessage(
  db: AnyDb,
  input: z.input<typeof completeOutboundMessageInput>,
): Finished<OutboundMessage> {
  narrowDb(db);
  const parsed = parseInput(completeOutboundMessageInput, input);
  if (!parsed.success) return parsed;
  const { id, ...set } = parsed.data;
  return finished(outboundQueue.complete(db, { id, set: { ...set, deliveryError: null } }));
}

export const failOutboundMessageInput = failInput;
export const failOutboundMessageErrors = queueErrors;

/** outbound_messages has no attempts column, so a failure is final (deliveryStatus 'failed'). */
export async function failOutboundMessage(
  db: AnyDb,
  input: z.input<typeof failOutboundMessageInput>,
): Finished<OutboundMessage> {
  narrowDb(db);
  const parsed = parseInput(failOutboundMessageInput, input);
  if (!parsed.success) return parsed;
  return finished(outboundQueue.fail(db, { id: parsed.data.id, error: parsed.data.error }));
}

// ---- agency_tasks for the bot: pending + assignedToBot (+ approved, when requiresHumanReview) + due
//      → in_progress → completed | pending | failed

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
    // Work meant for a person: only after a recorded human approval (approveAgencyTask sets
    // humanReviewedAt and humanReviewedBy). Part of the SKIP LOCKED pick, so it is applied before
    // the LIMIT and an unapproved task never takes a slot of the batch.
    or(eq(agencyTasks.requiresHumanReview, false), isNotNull(agencyTasks.humanReviewedAt)),
    // A blocker counts only when it is the same user's task: another user's row never unblocks one.
    sql`(${agencyTasks.blockedBy} is null or exists (select 1 from ${agencyTasks} b
          where b."id" = ${agencyTasks.blockedBy} and b."userId" = ${agencyTasks.userId}
            and b."status" = ${agencyTaskStates.done}))`,
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

export const claimAgencyTasksInput = claimInput.extend({ userId: serialId().optional() });
export const claimAgencyTasksErrors = claimErrors;

/**
 * Claims the bot's due tasks (status pending, assignedToBot, scheduledFor ≤ now or null, errorCount <
 * maxRetries, not blocked by an unfinished task, and — when requiresHumanReview — approved by a
 * person: humanReviewedAt set, see approveAgencyTask), critical first, then by scheduledFor and age.
 */
export async function claimAgencyTasks(
  db: AnyDb,
  input: z.input<typeof claimAgencyTasksInput> = {},
): Claimed<AgencyTask> {
  narrowDb(db);
  const parsed = parseInput(claimAgencyTasksInput, input);
  if (!parsed.success) return parsed;
  const jobs = await taskQueue.claim(db, {
    limit: parsed.data.limit,
    filters: parsed.data.userId ? { userId: parsed.data.userId } : undefined,
  });
  return ok({ jobs });
}

export const completeAgencyTaskInput = idInput.extend({
  result: jsonValue().optional(),
  resultSummary: z.string().optional(),
});
export const completeAgencyTaskErrors = queueErrors;

export async function completeAgencyTask(
  db: AnyDb,
  input: z.input<typeof completeAgencyTaskInput>,
): Finished<AgencyTask> {
  narrowDb(db);
  const parsed = parseInput(completeAgencyTaskInput, input);
  if (!parsed.success) return parsed;
  const { id, ...set } = parsed.data;
  return finished(taskQueue.complete(db, { id, set }));
}

export const failAgencyTaskInput = failInput;
export const failAgencyTaskErrors = queueErrors;

/**
 * Counts the error; back to pending (scheduledFor pushed out 30 s · 2^errors, jittered, at most 1 h)
 * while errorCount < maxRetries, else failed.
 */
export async function failAgencyTask(
  db: AnyDb,
  input: z.input<typeof failAgencyTaskInput>,
): Finished<AgencyTask> {
  narrowDb(db);
  const parsed = parseInput(failAgencyTaskInput, input);
  if (!parsed.success) return parsed;
  return finished(taskQueue.fail(db, { id: parsed.data.id, error: parsed.data.error }));
}
