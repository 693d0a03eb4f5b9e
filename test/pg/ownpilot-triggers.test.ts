// Real-Postgres suite for the trigger scheduler (run by the postgres project only): concurrent
// workers claim each due trigger exactly once, a claim is recorded exactly once, unclaimed fires
// all count, and recordTriggerFire is atomic (a failing history insert leaves the trigger as it was).
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { rowCounts } from '../contract/contract';
import { useTestDb } from '../support';

const must = <T extends { success: boolean }>(r: T): Extract<T, { success: true }> => {
  if (!r.success) throw new Error(`expected success, got ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
};
const N = 20;

describe('ownpilot trigger scheduler under concurrency', () => {
  const t = useTestDb({ max: 40 });

  /** `count` enabled schedule triggers of `users`, all due (next_fire in the past), by id. */
  async function dueTriggers(prefix: string, count: number, users = 3): Promise<string[]> {
    const db = t().db;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = must(
        await op.createTrigger(db, {
          userId: `${prefix}-u${i % users}`,
          name: `t${i}`,
          type: 'schedule',
          config: { cron: '0 0 1 1 *' },
          priority: 1 + (i % 10),
        }),
      );
      ids.push(r.trigger.id);
    }
    await db
      .update(op.triggers)
      .set({ nextFire: sql`now() - make_interval(secs => 60)` })
      .where(inArray(op.triggers.id, ids));
    return ids.sort();
  }

  it(`${N} concurrent claimers claim each of 50 due triggers exactly once`, async () => {
    const db = t().db;
    const ids = await dueTriggers('claim', 50);
    const results = await Promise.all(
      Array.from({ length: N }, () => op.claimDueTriggers(db, { limit: 5, leaseSeconds: 600 })),
    );
    const claimed = results.flatMap((r) => must(r).claims.map((c) => c.trigger.id));
    // 20 × 5 slots for 50 triggers: every one claimed, none twice.
    expect(claimed.filter((id) => ids.includes(id)).sort()).toEqual(ids);
    expect(claimed).toHaveLength(50);
    expect(must(await op.claimDueTriggers(db, {})).claims).toEqual([]);
    const rows = await db.select().from(op.triggers).where(inArray(op.triggers.id, ids));
    const byId = new Map(results.flatMap((r) => must(r).claims.map((c) => [c.trigger.id, c.claim.until])));
    expect(rows.every((row) => row.nextFire?.getTime() === byId.get(row.id)?.getTime())).toBe(true);
  });

  it(`${N} workers claiming and recording in rounds fire each due trigger exactly once`, async () => {
    const db = t().db;
    const ids = await dueTriggers('round', 30);
    const worker = async () => {
      const fired: string[] = [];
      for (;;) {
        const claims = must(await op.claimDueTriggers(db, { limit: 2 })).claims;
        if (!claims.length) return fired;
        for (const c of claims) {
          must(
            await op.recordTriggerFire(db, {
              userId: c.trigger.userId,
              triggerId: c.trigger.id,
              status: 'success',
              claim: c.claim,
            }),
          );
          fired.push(c.trigger.id);
        }
      }
    };
    const fired = (await Promise.all(Array.from({ length: N }, worker))).flat();
    expect(fired.sort()).toEqual(ids);
    const rows = await db.select().from(op.triggers).where(inArray(op.triggers.id, ids));
    expect(rows.map((r) => r.fireCount)).toEqual(ids.map(() => 1));
    const [h] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(op.triggerHistory)
      .where(inArray(op.triggerHistory.triggerId, ids));
    expect(h?.n).toBe(30);
  });

  it(`${N} concurrent records of one claim: exactly one succeeds, the others are LOCK_LOST`, async () => {
    const db = t().db;
    const [id] = await dueTriggers('once', 1, 1);
    const [c] = must(await op.claimDueTriggers(db, { userId: 'once-u0' })).claims;
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        op.recordTriggerFire(db, {
          userId: 'once-u0',
          triggerId: id!,
          status: 'success',
          durationMs: i,
          claim: c!.claim,
        }),
      ),
    );
    expect(results.filter((r) => r.success)).toHaveLength(1);
    expect(results.filter((r) => !r.success).map((r) => (r.success ? '' : r.error))).toEqual(
      Array(N - 1).fill('LOCK_LOST'),
    );
    const [row] = await db.select().from(op.triggers).where(eq(op.triggers.id, id!));
    expect(row?.fireCount).toBe(1);
    expect(
      await db.select().from(op.triggerHistory).where(eq(op.triggerHistory.triggerId, id!)),
    ).toHaveLength(1);
  });

  it(`${N} concurrent unclaimed fires of one trigger all count: fire_count ${N}, ${N} history rows`, async () => {
    const db = t().db;
    const tr = must(await op.createTrigger(db, { userId: 'ev', name: 'ev', type: 'event' })).trigger;
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        op.recordTriggerFire(db, { userId: 'ev', triggerId: tr.id, status: 'success' }),
      ),
    );
    expect(results.every((r) => r.success)).toBe(true);
    // Each call saw every earlier one: the counts it returned are exactly 1…N.
    expect(results.map((r) => (r.success ? r.trigger.fireCount : 0)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: N }, (_, i) => i + 1),
    );
    const [row] = await db.select().from(op.triggers).where(eq(op.triggers.id, tr.id));
    expect(row?.fireCount).toBe(N);
    expect(
      await db.select().from(op.triggerHistory).where(eq(op.triggerHistory.triggerId, tr.id)),
    ).toHaveLength(N);
  });

  it('recordTriggerFire is atomic: when the history insert fails, the trigger keeps its count, next and last fire', async () => {
    const db = t().db;
    const [id] = await dueTriggers('atomic', 1, 1);
    const [c] = must(await op.claimDueTriggers(db, { userId: 'atomic-u0' })).claims;
    // A fault in the second statement: history rows with this error text are refused by the server.
    await db.execute(
      sql.raw(`create function ownpilot.test_refuse_history() returns trigger language plpgsql as $$
        begin if new.error = 'inject-fault' then raise exception 'injected fault'; end if; return new; end $$`),
    );
    await db.execute(
      sql.raw(`create trigger test_refuse_history before insert on ownpilot.trigger_history
          for each row execute function ownpilot.test_refuse_history()`),
    );
    try {
      const before = await db.select().from(op.triggers).where(eq(op.triggers.id, id!));
      const counts = await rowCounts(db, ['ownpilot']);
      let thrown: unknown;
      try {
        await op.recordTriggerFire(db, {
          userId: 'atomic-u0',
          triggerId: id!,
          status: 'failure',
          error: 'inject-fault',
          claim: c!.claim,
        });
      } catch (error) {
        thrown = error;
      }
      expect(String((thrown as Error)?.cause ?? thrown)).toContain('injected fault');
      expect(await db.select().from(op.triggers).where(eq(op.triggers.id, id!))).toEqual(before);
      expect(await rowCounts(db, ['ownpilot'])).toEqual(counts);
      // The claim still holds: the same fire is recorded once the fault is gone.
      const r = must(
        await op.recordTriggerFire(db, {
          userId: 'atomic-u0',
          triggerId: id!,
          status: 'failure',
          error: 'timeout',
          claim: c!.claim,
        }),
      );
      expect(r.trigger.fireCount).toBe(1);
    } finally {
      await db.execute(sql.raw('drop trigger test_refuse_history on ownpilot.trigger_history'));
      await db.execute(sql.raw('drop function ownpilot.test_refuse_history()'));
    }
  });
});
