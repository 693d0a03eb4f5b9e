// The scheduler side of triggers: workers claim the triggers that are due and record each fire.
//
// A claim is held in next_fire itself (the document has no lock column, and none is added): the
// claiming statement moves next_fire to the claim's expiry, now() + leaseSeconds, truncated to
// milliseconds so the value reads back exactly. The trigger is then not due, so no other worker
// claims it, until the worker records the fire (next_fire becomes the cron's next occurrence) or
// the lease runs out: a worker that crashed loses its claim, and the trigger is due again and
// fires again (at least once). The claim `{ until, fireCount }` is the token recordTriggerFire
// checks: a fire is recorded only while next_fire and fire_count are still what the claim left.
import { and, asc, desc, eq, getTableColumns, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { INT4, int4, keyText, timestampInput } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { nextFireAfter, nowMs } from './next-fire';
import { idInput, USER_ID_BYTES, userIdInput } from './query';
import { triggerHistory, triggers } from './tables/autonomy';
import { insertTriggerHistoryEntrySchema, type Trigger, type TriggerHistoryEntry } from './validators';

/** Longest claim: a day. */
export const MAX_LEASE_SECONDS = 86_400;

export const claimDueTriggersInput = z.object({
  /** Only this user's triggers; all users' when absent (one scheduler for the whole database). */
  userId: keyText(USER_ID_BYTES).min(1).optional(),
  limit: int4({ min: 1, max: 100 }).default(10),
  /** How long the claim holds: after it, a trigger whose fire was not recorded is due again. */
  leaseSeconds: int4({ min: 1, max: MAX_LEASE_SECONDS }).default(300),
});
export const claimDueTriggersErrors = ['INVALID_INPUT'] as const;

/** What recordTriggerFire needs to prove the claim is still this worker's. */
export type TriggerClaim = { until: Date; fireCount: number };
/** A claimed trigger: its row (next_fire is now the claim's expiry), when it was due, and the claim. */
export type ClaimedTrigger = { trigger: Trigger; dueAt: Date; claim: TriggerClaim };

/**
 * Claims up to `limit` due triggers (enabled, next_fire <= now()), highest priority first, then
 * the longest overdue. One statement: the due rows are locked FOR NO KEY UPDATE SKIP LOCKED (a
 * concurrent claimer skips them rather than waits, and a row another claimer has just claimed no
 * longer matches), and their next_fire moves to the claim's expiry. Each due trigger is claimed by
 * exactly one of any number of concurrent workers.
 */
export async function claimDueTriggers(
  db: AnyDb,
  input: z.input<typeof claimDueTriggersInput>,
): Promise<Result<{ claims: ClaimedTrigger[] }, (typeof claimDueTriggersErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(claimDueTriggersInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(triggers.enabled, true), lte(triggers.nextFire, sql`now()`)];
  if (f.userId !== undefined) where.push(eq(triggers.userId, f.userId));
  const due = db.$with('due').as(
    db
      .select({
        dueId: triggers.id,
        dueAt: sql<Date>`${triggers.nextFire}`.mapWith(triggers.nextFire).as('due_at'),
      })
      .from(triggers)
      .where(and(...where))
      .orderBy(desc(triggers.priority), asc(triggers.nextFire), asc(triggers.id))
      .limit(f.limit)
      .for('no key update', { skipLocked: true }),
  );
  const rows = await db
    .with(due)
    .update(triggers)
    .set({
      nextFire: sql`date_trunc('milliseconds', now() + make_interval(secs => ${f.leaseSeconds}::int4))`,
    })
    .from(due)
    .where(eq(triggers.id, due.dueId))
    .returning({ ...getTableColumns(triggers), dueAt: due.dueAt });
  const claims = rows.map(({ dueAt, ...trigger }) => ({
    trigger: trigger as Trigger,
    dueAt: dueAt instanceof Date ? dueAt : new Date(String(dueAt)),
    claim: { until: trigger.nextFire as Date, fireCount: trigger.fireCount },
  }));
  claims.sort(
    (a, b) =>
      b.trigger.priority - a.trigger.priority ||
      a.dueAt.getTime() - b.dueAt.getTime() ||
      (a.trigger.id < b.trigger.id ? -1 : a.trigger.id > b.trigger.id ? 1 : 0),
  );
  return ok({ claims });
}

export const recordTriggerFireInput = insertTriggerHistoryEntrySchema
  .pick({ status: true, result: true, error: true })
  .extend({
    userId: userIdInput,
    triggerId: idInput,
    durationMs: int4({ min: 0 }).nullish(),
    /** The claim from claimDueTriggers; absent for a fire no claim led to (an event, a manual fire). */
    claim: z.strictObject({ until: timestampInput(), fireCount: int4({ min: 0 }) }).optional(),
  });
export const recordTriggerFireErrors = ['INVALID_INPUT', 'NOT_FOUND', 'LOCK_LOST'] as const;
export type RecordTriggerFireError = (typeof recordTriggerFireErrors)[number];

/**
 * Records one fire of a trigger, in one transaction: fire_count + 1 (staying at the int4 maximum),
 * last_fired = now(), next_fire, and a trigger_history row with the outcome. Every outcome
 * (success, failure, skipped) is a fire: it counts, and a claimed trigger is rescheduled.
 *
 * With a `claim`: only while the claim still holds (next_fire and fire_count as the claim left
 * them), else LOCK_LOST (the lease ran out and another worker claimed it, or the fire was already
 * recorded). next_fire becomes the cron's next occurrence after now() for a schedule trigger,
 * NULL when its config has none and for other types (as OwnPilot's engine does).
 * Without a claim (event, condition and webhook fires, a manual fire): next_fire is left alone.
 */
export async function recordTriggerFire(
  db: AnyDb,
  input: z.input<typeof recordTriggerFireInput>,
): Promise<Result<{ trigger: Trigger; entry: TriggerHistoryEntry }, RecordTriggerFireError>> {
  narrowDb(db);
  const parsed = parseInput(recordTriggerFireInput, input);
  if (!parsed.success) return parsed;
  const { userId, triggerId, claim, ...outcome } = parsed.data;
  type Out = Result<{ trigger: Trigger; entry: TriggerHistoryEntry }, RecordTriggerFireError>;
  return transactionResult(db, async (tx): Promise<Out> => {
    const [row] = await tx
      .select({
        type: triggers.type,
        config: triggers.config,
        nextFire: triggers.nextFire,
        fireCount: triggers.fireCount,
        now: nowMs,
      })
      .from(triggers)
      .where(and(eq(triggers.id, triggerId), eq(triggers.userId, userId)))
      .for('no key update');
    if (!row) return fail('NOT_FOUND', `trigger ${triggerId} not found`);
    const set: Record<string, unknown> = {
      fireCount: sql`case when ${triggers.fireCount} < ${INT4.max} then ${triggers.fireCount} + 1 else ${triggers.fireCount} end`,
      lastFired: sql`now()`,
    };
    if (claim) {
      if (row.nextFire?.getTime() !== claim.until.getTime() || row.fireCount !== claim.fireCount)
        return fail(
          'LOCK_LOST',
          `trigger ${triggerId}: the claim no longer holds (expired and claimed again, or already recorded)`,
        );
      set.nextFire = row.type === 'schedule' ? nextFireAfter(row.config, new Date(row.now)) : null;
    }
    const [trigger] = await tx.update(triggers).set(set).where(eq(triggers.id, triggerId)).returning();
    const [entry] = await tx
      .insert(triggerHistory)
      .values({ ...outcome, triggerId })
      .returning();
    return ok({ trigger: trigger as Trigger, entry: entry as TriggerHistoryEntry });
  });
}
