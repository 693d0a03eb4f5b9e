// The trigger AI tools (TRIGGER_TOOLS: create_trigger, list_triggers, enable_trigger,
// delete_trigger). Every call is scoped to one user_id. A schedule trigger carries a 5-field cron
// in config.cron (next-fire.ts); its next_fire is the cron's next occurrence after the database's
// now(), set when it is created enabled and when a disabled trigger is enabled. The scheduler
// side (claiming due triggers, recording a fire) is in trigger-scheduler.ts.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { databaseNow, nextFireAfter, nowMs, scheduleOf } from './next-fire';
import { deleteOne } from './owned-rows';
import { idInput, pageInput, userIdInput } from './query';
import { triggers, triggerTypeValues } from './tables/autonomy';
import { insertTriggerSchema, type Trigger } from './validators';

export const createTriggerInput = insertTriggerSchema
  .omit({
    id: true,
    userId: true,
    createdAt: true,
    updatedAt: true,
    lastFired: true,
    nextFire: true,
    fireCount: true,
  })
  .extend({ userId: userIdInput })
  .superRefine((t, ctx) => {
    if (t.type !== 'schedule') return;
    const schedule = scheduleOf(t.config);
    if (typeof schedule === 'string') ctx.addIssue({ code: 'custom', path: ['config'], message: schedule });
  });
export const createTriggerErrors = ['INVALID_INPUT'] as const;

/**
 * create_trigger: a schedule trigger is scheduled at its cron's next occurrence. It needs a valid
 * 5-field cron in config.cron (and, optionally, an IANA config.timezone), also when created
 * disabled; created enabled, its next_fire is the cron's next occurrence after now(). Other
 * trigger types keep next_fire NULL (they fire on events, conditions or webhooks, not on the clock).
 */
export async function createTrigger(
  db: AnyDb,
  input: z.input<typeof createTriggerInput>,
): Promise<Result<{ trigger: Trigger }, (typeof createTriggerErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(createTriggerInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  let nextFire: Date | null = null;
  if (data.type === 'schedule' && data.enabled !== false) {
    nextFire = nextFireAfter(data.config, await databaseNow(db));
    if (!nextFire) return fail('INVALID_INPUT', 'config: the cron has no occurrence before year 10000');
  }
  const [trigger] = await db
    .insert(triggers)
    .values({ ...data, nextFire })
    .returning();
  return ok({ trigger: trigger as Trigger });
}

export const listTriggersInput = z.object({
  userId: userIdInput,
  type: z.enum(triggerTypeValues).optional(),
  enabled: z.boolean().optional(),
  ...pageInput,
});
export const listTriggersErrors = ['INVALID_INPUT'] as const;

/** list_triggers: highest priority first, then newest (OwnPilot's order); ties by id, so pages are stable. */
export async function listTriggers(
  db: AnyDb,
  input: z.input<typeof listTriggersInput>,
): Promise<Result<{ triggers: Trigger[] }, (typeof listTriggersErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(listTriggersInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(triggers.userId, f.userId)];
  if (f.type) where.push(eq(triggers.type, f.type));
  if (f.enabled !== undefined) where.push(eq(triggers.enabled, f.enabled));
  const rows = await db
    .select()
    .from(triggers)
    .where(and(...where))
    .orderBy(desc(triggers.priority), desc(triggers.createdAt), triggers.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ triggers: rows });
}

export const enableTriggerInput = z.object({ userId: userIdInput, id: idInput, enabled: z.boolean() });
export const enableTriggerErrors = ['INVALID_INPUT', 'NOT_FOUND', 'INVALID_SCHEDULE'] as const;
export type EnableTriggerError = (typeof enableTriggerErrors)[number];

/**
 * enable_trigger: `enabled: true` enables, `false` disables. Enabling a schedule trigger that was
 * disabled (or has no next_fire) schedules it from now: occurrences missed while it was disabled
 * do not fire. Enabling an enabled trigger leaves next_fire alone, so it does not move a fire a
 * worker has claimed. Disabling keeps next_fire (claims skip disabled triggers). INVALID_SCHEDULE:
 * the stored config has no valid cron (written around create_trigger); nothing is changed.
 */
export async function enableTrigger(
  db: AnyDb,
  input: z.input<typeof enableTriggerInput>,
): Promise<Result<{ trigger: Trigger }, EnableTriggerError>> {
  narrowDb(db);
  const parsed = parseInput(enableTriggerInput, input);
  if (!parsed.success) return parsed;
  const { id, userId, enabled } = parsed.data;
  const owned = and(eq(triggers.id, id), eq(triggers.userId, userId));
  if (!enabled) {
    const [trigger] = await db.update(triggers).set({ enabled: false }).where(owned).returning();
    return trigger ? ok({ trigger }) : fail('NOT_FOUND', `trigger ${id} not found`);
  }
  return transactionResult(db, async (tx): Promise<Result<{ trigger: Trigger }, EnableTriggerError>> => {
    const [row] = await tx
      .select({
        type: triggers.type,
        config: triggers.config,
        enabled: triggers.enabled,
        nextFire: triggers.nextFire,
        now: nowMs,
      })
      .from(triggers)
      .where(owned)
      .for('no key update');
    if (!row) return fail('NOT_FOUND', `trigger ${id} not found`);
    const set: { enabled: true; nextFire?: Date } = { enabled: true };
    if (row.type === 'schedule' && (!row.enabled || row.nextFire === null)) {
      const next = nextFireAfter(row.config, new Date(row.now));
      if (!next)
        return fail('INVALID_SCHEDULE', `trigger ${id}: its config has no valid cron to schedule it by`);
      set.nextFire = next;
    }
    const [trigger] = await tx.update(triggers).set(set).where(eq(triggers.id, id)).returning();
    return ok({ trigger: trigger as Trigger });
  });
}

export const deleteTriggerInput = z.object({ userId: userIdInput, id: idInput });
export const deleteTriggerErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** delete_trigger: its history goes with it; plans it created keep existing with trigger_id NULL. */
export function deleteTrigger(
  db: AnyDb,
  input: z.input<typeof deleteTriggerInput>,
): Promise<Result<{ id: string }, (typeof deleteTriggerErrors)[number]>> {
  narrowDb(db);
  return deleteOne(db, triggers, deleteTriggerInput, input, 'trigger');
}
