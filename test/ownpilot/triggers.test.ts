// Trigger tools (create, list, enable/disable, delete) and the scheduler side (claimDueTriggers,
// recordTriggerFire). Time is the database's now(): a trigger is made due by moving its next_fire
// into the past, and instants are compared inside one transaction, where now() is fixed.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { INT4 } from '../../src/input';
import * as op from '../../src/ownpilot';
import { rowCounts } from '../contract/contract';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};

const t = useTestDb();
const db = () => t().db;

/** The database's now(). */
async function dbNow(h: Database = db()): Promise<Date> {
  const [r] = rowsOf<{ ms: unknown }>(
    await h.execute(sql`select floor(extract(epoch from now()) * 1000)::float8 as ms`),
  );
  return new Date(Number(r!.ms));
}
/** Next 1 January, 00:00 UTC after `d` (the occurrence of '0 0 1 1 *'). */
const nextNewYear = (d: Date) => new Date(Date.UTC(d.getUTCFullYear() + 1, 0, 1));
const row = async (id: string) => (await db().select().from(op.triggers).where(eq(op.triggers.id, id)))[0]!;
const history = (id: string) =>
  db().select().from(op.triggerHistory).where(eq(op.triggerHistory.triggerId, id));
/** Makes the trigger due: next_fire moved `seconds` into the past. */
const makeDue = (id: string, seconds = 60) =>
  db()
    .update(op.triggers)
    .set({ nextFire: sql`now() - make_interval(secs => ${seconds})` })
    .where(eq(op.triggers.id, id));

const yearly = { cron: '0 0 1 1 *' };
const schedule = (userId: string, extra: Record<string, unknown> = {}) =>
  op.createTrigger(db(), {
    userId,
    name: 'New year',
    type: 'schedule',
    config: yearly,
    action: { type: 'notification', payload: { message: 'happy new year' } },
    ...extra,
  });

/** Expects `act` to fail with `code` and every ownpilot table to keep its row count. */
async function refused(act: () => Promise<unknown>, code: string) {
  const before = await rowCounts(db(), ['ownpilot']);
  expect(await act()).toMatchObject({ success: false, error: code });
  expect(await rowCounts(db(), ['ownpilot'])).toEqual(before);
}

describe('create_trigger', () => {
  it('a schedule trigger gets the next occurrence of its cron after now() as next_fire', async () => {
    const before = await dbNow();
    const r = must(await schedule('c1', { description: 'yearly', priority: 8 }));
    expect(r.trigger).toMatchObject({
      userId: 'c1',
      name: 'New year',
      description: 'yearly',
      type: 'schedule',
      config: yearly,
      action: { type: 'notification', payload: { message: 'happy new year' } },
      enabled: true,
      priority: 8,
      lastFired: null,
      fireCount: 0,
      nextFire: nextNewYear(before),
    });
    expect(await row(r.trigger.id)).toEqual(r.trigger);
  });

  it('reads the cron in config.timezone (an IANA zone); "local" and no timezone read it in UTC', async () => {
    const paris = must(await schedule('c1', { config: { cron: '0 9 * * *', timezone: 'Europe/Paris' } }))
      .trigger.nextFire!;
    const hourIn = (d: Date, timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(d);
    expect(hourIn(paris, 'Europe/Paris')).toBe('09:00');
    const now = await dbNow();
    expect(paris.getTime() - now.getTime()).toBeGreaterThan(0);
    expect(paris.getTime() - now.getTime()).toBeLessThanOrEqual(24 * 3600 * 1000);
    for (const timezone of ['local', undefined]) {
      const utc = must(await schedule('c1', { config: { cron: '0 9 * * *', timezone } })).trigger.nextFire!;
      expect(hourIn(utc, 'UTC')).toBe('09:00');
    }
  });

  it.each([
    [{}, 'a schedule trigger needs config.cron'],
    [{ cron: 5 }, 'a schedule trigger needs config.cron'],
    [{ cron: 'bad' }, 'config.cron must have 5 fields'],
    [{ cron: '* * * * * *' }, 'config.cron must have 5 fields'],
    [{ cron: '60 * * * *' }, 'config.cron is not a valid cron expression'],
    [{ cron: '0 0 30 2 *' }, 'config.cron is not a valid cron expression'],
    [{ cron: '0 8 * * *', timezone: 'Mars/Olympus' }, 'config.timezone must be an IANA time zone name'],
  ])(
    'a schedule trigger with config %j is INVALID_INPUT, also when created disabled',
    async (config, message) => {
      for (const enabled of [true, false]) {
        await refused(() => schedule('c1', { config, enabled }), 'INVALID_INPUT');
        const r = await schedule('c1', { config, enabled });
        expect(r).toMatchObject({ success: false, message: expect.stringContaining(message) });
      }
    },
  );

  it('a disabled schedule trigger and the other types have no next_fire; their config is free', async () => {
    expect(must(await schedule('c1', { enabled: false })).trigger).toMatchObject({
      enabled: false,
      nextFire: null,
    });
    for (const type of ['event', 'condition', 'webhook'] as const) {
      const r = must(
        await op.createTrigger(db(), { userId: 'c1', name: type, type, config: { eventType: 'x' } }),
      );
      expect(r.trigger).toMatchObject({
        type,
        enabled: true,
        nextFire: null,
        config: { eventType: 'x' },
        action: {},
      });
    }
  });

  it('priority 1–10, a documented type, a name: anything else is INVALID_INPUT and writes nothing', async () => {
    for (const bad of [{ priority: 0 }, { priority: 11 }, { type: 'cron' }, { name: undefined }]) {
      await refused(() => schedule('c1', bad), 'INVALID_INPUT');
    }
    expect(must(await schedule('c1', { priority: 10 })).trigger.priority).toBe(10);
  });
});

describe('list_triggers', () => {
  it("lists one user's triggers, highest priority first, then newest; filters by type and enabled", async () => {
    const u = 'l1';
    const low = must(
      await op.createTrigger(db(), { userId: u, name: 'low', type: 'event', priority: 2 }),
    ).trigger;
    const high = must(await schedule(u, { priority: 9 })).trigger;
    const mid1 = must(await op.createTrigger(db(), { userId: u, name: 'm1', type: 'webhook' })).trigger;
    const mid2 = must(await schedule(u, { enabled: false })).trigger;
    await schedule('l2', { priority: 10 });
    const ids = async (input: Record<string, unknown>) =>
      must(await op.listTriggers(db(), { userId: u, ...input })).triggers.map((x) => x.id);
    expect(await ids({})).toEqual([high.id, mid2.id, mid1.id, low.id]);
    expect(await ids({ type: 'schedule' })).toEqual([high.id, mid2.id]);
    expect(await ids({ enabled: false })).toEqual([mid2.id]);
    expect(await ids({ enabled: true, limit: 2, offset: 1 })).toEqual([mid1.id, low.id]);
    expect(await op.listTriggers(db(), { userId: u, type: 'cron' as 'event' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });
});

describe('enable_trigger', () => {
  it('disabling keeps next_fire; enabling a disabled schedule trigger schedules it from now()', async () => {
    const tr = must(await schedule('e1')).trigger;
    await makeDue(tr.id, 3600);
    const overdue = (await row(tr.id)).nextFire!;
    const off = must(await op.enableTrigger(db(), { userId: 'e1', id: tr.id, enabled: false })).trigger;
    expect(off).toMatchObject({ enabled: false, nextFire: overdue });
    const on = must(await op.enableTrigger(db(), { userId: 'e1', id: tr.id, enabled: true })).trigger;
    // The occurrence missed while disabled does not fire: the next one after now() does.
    expect(on).toMatchObject({ enabled: true, nextFire: nextNewYear(await dbNow()) });
    expect(await row(tr.id)).toEqual(on);
  });

  it('enabling an enabled trigger leaves next_fire alone (a claimed fire is not moved)', async () => {
    const tr = must(await schedule('e1')).trigger;
    await makeDue(tr.id);
    const [c] = must(await op.claimDueTriggers(db(), { userId: 'e1' })).claims;
    const on = must(await op.enableTrigger(db(), { userId: 'e1', id: tr.id, enabled: true })).trigger;
    expect(on.nextFire).toEqual(c!.claim.until);
    expect(
      await op.recordTriggerFire(db(), {
        userId: 'e1',
        triggerId: tr.id,
        status: 'success',
        claim: c!.claim,
      }),
    ).toMatchObject({ success: true });
  });

  it('a schedule trigger without next_fire is scheduled when enabled; other types stay without one', async () => {
    const tr = must(await schedule('e1')).trigger;
    await db().update(op.triggers).set({ nextFire: null }).where(eq(op.triggers.id, tr.id));
    const on = must(await op.enableTrigger(db(), { userId: 'e1', id: tr.id, enabled: true })).trigger;
    expect(on.nextFire).toEqual(nextNewYear(await dbNow()));
    const ev = must(
      await op.createTrigger(db(), { userId: 'e1', name: 'ev', type: 'event', enabled: false }),
    ).trigger;
    expect(
      must(await op.enableTrigger(db(), { userId: 'e1', id: ev.id, enabled: true })).trigger,
    ).toMatchObject({
      enabled: true,
      nextFire: null,
    });
  });

  it("another user's trigger is NOT_FOUND; a stored config without a valid cron is INVALID_SCHEDULE", async () => {
    const tr = must(await schedule('e1', { enabled: false })).trigger;
    for (const enabled of [true, false]) {
      await refused(() => op.enableTrigger(db(), { userId: 'e2', id: tr.id, enabled }), 'NOT_FOUND');
    }
    await db()
      .update(op.triggers)
      .set({ config: { cron: 'nope' } })
      .where(eq(op.triggers.id, tr.id));
    const before = await row(tr.id);
    await refused(
      () => op.enableTrigger(db(), { userId: 'e1', id: tr.id, enabled: true }),
      'INVALID_SCHEDULE',
    );
    expect(await row(tr.id)).toEqual(before);
  });
});

describe('delete_trigger', () => {
  it('deletes the trigger with its history; a plan it created keeps existing with trigger_id NULL', async () => {
    const tr = must(await op.createTrigger(db(), { userId: 'd1', name: 'x', type: 'webhook' })).trigger;
    must(await op.recordTriggerFire(db(), { userId: 'd1', triggerId: tr.id, status: 'success' }));
    const plan = must(
      await op.createPlan(db(), {
        userId: 'd1',
        name: 'p',
        goal: 'g',
        triggerId: tr.id,
        steps: [{ name: 's', type: 'loop' }],
      }),
    ).plan;
    await refused(() => op.deleteTrigger(db(), { userId: 'd2', id: tr.id }), 'NOT_FOUND');
    expect(await op.deleteTrigger(db(), { userId: 'd1', id: tr.id })).toEqual({ success: true, id: tr.id });
    expect(await db().select().from(op.triggers).where(eq(op.triggers.id, tr.id))).toEqual([]);
    expect(await history(tr.id)).toEqual([]);
    const [p] = await db().select().from(op.plans).where(eq(op.plans.id, plan.id));
    expect(p?.triggerId).toBeNull();
    await refused(() => op.deleteTrigger(db(), { userId: 'd1', id: tr.id }), 'NOT_FOUND');
  });
});

describe('claimDueTriggers', () => {
  it('claims enabled triggers with next_fire <= now(), highest priority then longest overdue, up to limit', async () => {
    const u = 'q1';
    const a = must(await schedule(u, { priority: 5 })).trigger;
    const b = must(await schedule(u, { priority: 9 })).trigger;
    const c = must(await schedule(u, { priority: 5 })).trigger;
    const off = must(await schedule(u, { priority: 10 })).trigger;
    const future = must(await schedule(u, { priority: 10 })).trigger;
    await makeDue(a.id, 10);
    await makeDue(b.id, 5);
    await makeDue(c.id, 600);
    await makeDue(off.id, 600);
    must(await op.enableTrigger(db(), { userId: u, id: off.id, enabled: false }));
    const dueAt = {
      a: (await row(a.id)).nextFire!,
      b: (await row(b.id)).nextFire!,
      c: (await row(c.id)).nextFire!,
    };

    const first = must(await op.claimDueTriggers(db(), { userId: u, limit: 2 })).claims;
    expect(first.map((x) => [x.trigger.id, x.dueAt])).toEqual([
      [b.id, dueAt.b],
      [c.id, dueAt.c],
    ]);
    const second = must(await op.claimDueTriggers(db(), { userId: u })).claims;
    expect(second.map((x) => x.trigger.id)).toEqual([a.id]);
    // Claimed ones are not due any more; the disabled and the future one never were.
    expect(must(await op.claimDueTriggers(db(), { userId: u })).claims).toEqual([]);
    expect((await row(future.id)).nextFire).toEqual(future.nextFire);
    expect((await row(off.id)).fireCount).toBe(0);
  });

  it('the claim moves next_fire to now() + leaseSeconds (milliseconds) and returns it as the claim', async () => {
    const tr = must(await schedule('q2')).trigger;
    await makeDue(tr.id);
    const { claims, expected } = await db().transaction(async (tx) => {
      const r = must(
        await op.claimDueTriggers(tx as unknown as Database, { userId: 'q2', leaseSeconds: 90 }),
      );
      const [e] = rowsOf<{ ms: unknown }>(
        await tx.execute(
          sql`select floor(extract(epoch from now() + interval '90 seconds') * 1000)::float8 as ms`,
        ),
      );
      return { claims: r.claims, expected: new Date(Number(e!.ms)) };
    });
    expect(claims).toHaveLength(1);
    const [c] = claims;
    expect(c!.claim).toEqual({ until: expected, fireCount: 0 });
    expect(c!.trigger).toEqual({ ...(await row(tr.id)), nextFire: expected });
  });

  it("without userId it claims every user's due triggers; with it only that user's", async () => {
    const mine = must(await schedule('q3')).trigger;
    const theirs = must(await schedule('q4')).trigger;
    await makeDue(mine.id);
    await makeDue(theirs.id);
    expect(must(await op.claimDueTriggers(db(), { userId: 'q3' })).claims.map((c) => c.trigger.id)).toEqual([
      mine.id,
    ]);
    const all = must(await op.claimDueTriggers(db(), {})).claims.map((c) => c.trigger.id);
    expect(all).toContain(theirs.id);
    expect(all).not.toContain(mine.id);
  });

  it('limit 1–100, leaseSeconds 1–86400: anything else is INVALID_INPUT', async () => {
    for (const bad of [
      { limit: 0 },
      { limit: 101 },
      { leaseSeconds: 0 },
      { leaseSeconds: 86_401 },
      { userId: '' },
    ]) {
      await refused(() => op.claimDueTriggers(db(), bad), 'INVALID_INPUT');
    }
  });
});

describe('recordTriggerFire', () => {
  it('a claimed schedule fire: fire_count + 1, last_fired = now(), next_fire = next cron occurrence, one history row', async () => {
    const tr = must(await schedule('r1')).trigger;
    await makeDue(tr.id);
    const [c] = must(await op.claimDueTriggers(db(), { userId: 'r1' })).claims;
    const { r, now } = await db().transaction(async (tx) => ({
      r: must(
        await op.recordTriggerFire(tx as unknown as Database, {
          userId: 'r1',
          triggerId: tr.id,
          status: 'success',
          result: { sent: 3 },
          durationMs: 42,
          claim: c!.claim,
        }),
      ),
      now: await dbNow(tx as unknown as Database),
    }));
    expect(r.trigger).toMatchObject({ fireCount: 1, nextFire: nextNewYear(now), lastFired: now });
    expect(r.entry.firedAt).toEqual(now);
    expect(r.entry).toMatchObject({
      triggerId: tr.id,
      status: 'success',
      result: { sent: 3 },
      error: null,
      durationMs: 42,
    });
    expect(await row(tr.id)).toEqual(r.trigger);
    expect(await history(tr.id)).toEqual([r.entry]);
  });

  it('the same claim twice: the second is LOCK_LOST and writes nothing', async () => {
    const tr = must(await schedule('r2')).trigger;
    await makeDue(tr.id);
    const [c] = must(await op.claimDueTriggers(db(), { userId: 'r2' })).claims;
    must(
      await op.recordTriggerFire(db(), {
        userId: 'r2',
        triggerId: tr.id,
        status: 'failure',
        error: 'boom',
        claim: c!.claim,
      }),
    );
    const before = await row(tr.id);
    await refused(
      () =>
        op.recordTriggerFire(db(), { userId: 'r2', triggerId: tr.id, status: 'success', claim: c!.claim }),
      'LOCK_LOST',
    );
    expect(await row(tr.id)).toEqual(before);
    expect((await history(tr.id)).map((h) => [h.status, h.error])).toEqual([['failure', 'boom']]);
  });

  it('a claim whose lease ran out and was claimed again is LOCK_LOST for the first worker', async () => {
    const tr = must(await schedule('r3')).trigger;
    await makeDue(tr.id);
    const [first] = must(await op.claimDueTriggers(db(), { userId: 'r3' })).claims;
    // Until the lease runs out nobody else gets it.
    expect(must(await op.claimDueTriggers(db(), { userId: 'r3' })).claims).toEqual([]);
    // The lease runs out (the worker crashed): the trigger is due again and another worker claims it.
    await makeDue(tr.id, 1);
    const [second] = must(await op.claimDueTriggers(db(), { userId: 'r3' })).claims;
    expect(second!.trigger.id).toBe(tr.id);
    await refused(
      () =>
        op.recordTriggerFire(db(), {
          userId: 'r3',
          triggerId: tr.id,
          status: 'success',
          claim: first!.claim,
        }),
      'LOCK_LOST',
    );
    must(
      await op.recordTriggerFire(db(), {
        userId: 'r3',
        triggerId: tr.id,
        status: 'success',
        claim: second!.claim,
      }),
    );
    expect(await row(tr.id)).toMatchObject({ fireCount: 1 });
    expect(await history(tr.id)).toHaveLength(1);
  });

  it('a fire without a claim (event, webhook, manual) counts and leaves next_fire alone', async () => {
    const ev = must(await op.createTrigger(db(), { userId: 'r4', name: 'ev', type: 'event' })).trigger;
    const sch = must(await schedule('r4')).trigger;
    for (const tr of [ev, sch]) {
      const r = must(await op.recordTriggerFire(db(), { userId: 'r4', triggerId: tr.id, status: 'skipped' }));
      expect(r.trigger).toMatchObject({ fireCount: 1, nextFire: tr.nextFire, lastFired: r.entry.firedAt });
      expect(r.entry).toMatchObject({ status: 'skipped', result: null, error: null, durationMs: null });
    }
  });

  it('a claimed non-schedule trigger and a schedule whose stored cron is broken get next_fire NULL', async () => {
    const ev = must(await op.createTrigger(db(), { userId: 'r5', name: 'ev', type: 'condition' })).trigger;
    const sch = must(await schedule('r5')).trigger;
    await makeDue(ev.id);
    await makeDue(sch.id);
    await db()
      .update(op.triggers)
      .set({ config: { cron: 'nope' } })
      .where(eq(op.triggers.id, sch.id));
    const claims = must(await op.claimDueTriggers(db(), { userId: 'r5' })).claims;
    expect(claims).toHaveLength(2);
    for (const c of claims) {
      const r = must(
        await op.recordTriggerFire(db(), {
          userId: 'r5',
          triggerId: c.trigger.id,
          status: 'success',
          claim: c.claim,
        }),
      );
      expect(r.trigger).toMatchObject({ fireCount: 1, nextFire: null });
    }
  });

  it("another user's trigger is NOT_FOUND; fire_count stays at the int4 maximum", async () => {
    const tr = must(await schedule('r6')).trigger;
    await refused(
      () => op.recordTriggerFire(db(), { userId: 'r7', triggerId: tr.id, status: 'success' }),
      'NOT_FOUND',
    );
    await db().update(op.triggers).set({ fireCount: INT4.max }).where(eq(op.triggers.id, tr.id));
    const r = must(await op.recordTriggerFire(db(), { userId: 'r6', triggerId: tr.id, status: 'success' }));
    expect(r.trigger.fireCount).toBe(INT4.max);
    expect(await history(tr.id)).toHaveLength(1);
  });

  it('status, durationMs and the claim are checked: INVALID_INPUT writes nothing', async () => {
    const tr = must(await schedule('r8')).trigger;
    for (const bad of [
      { status: 'error' },
      { status: 'success', durationMs: -1 },
      { status: 'success', durationMs: INT4.max + 1 },
      { status: 'success', claim: { until: new Date(), fireCount: -1 } },
      { status: 'success', claim: { until: 'soon', fireCount: 0 } },
      { status: 'success', claim: { until: new Date(), fireCount: 0, extra: 1 } },
    ]) {
      await refused(
        () => op.recordTriggerFire(db(), { userId: 'r8', triggerId: tr.id, ...bad } as never),
        'INVALID_INPUT',
      );
    }
  });
});
