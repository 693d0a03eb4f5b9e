// rotateInBatches against an in-memory table and a fake `db.transaction`: the batch loop, the
// exact report, that an unreadable row is skipped (not picked again forever), and `pending`
// (called once, after the last batch, outside the transactions, with the failed ids; its value is
// the report's `remaining`). `held` rows stand for rows another transaction locks: `pick` passes
// over them as SKIP LOCKED would, `pending` still counts them. The fake stops after a fixed number
// of transactions so a looping regression fails fast instead of hanging. The real-database paths
// (FOR UPDATE SKIP LOCKED picks, the lock-free count) are covered by the rotate* repository tests.
import { describe, expect, it } from 'vitest';
import { rotateInBatches } from '../../src/crypto';
import type { DbOrTx } from '../../src/db';

type Row = { id: string; version: number; readable: boolean };

function table(ids: string[], unreadable: string[] = [], held: string[] = []) {
  const rows = new Map<string, Row>(
    ids.map((id) => [id, { id, version: 1, readable: !unreadable.includes(id) }]),
  );
  const txHandle = { handle: 'tx' };
  const db = { handle: 'db' };
  let transactions = 0;
  const events: string[] = [];
  const fakeDb = {
    async transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> {
      transactions++;
      if (transactions > 50) throw new Error('rotateInBatches did not stop after 50 transactions');
      events.push('begin');
      const result = await fn(txHandle);
      events.push('commit');
      return result;
    },
  };
  return {
    rows,
    events,
    db: Object.assign(db, fakeDb) as unknown as DbOrTx,
    transactions: () => transactions,
    /** Rows still on version 1, not skipped, in id order, at most `limit`. */
    pick: async (tx: DbOrTx, skip: string[], limit: number): Promise<Row[]> => {
      expect(tx).toBe(txHandle);
      events.push(`pick skip=[${skip.join(',')}] limit=${limit}`);
      return [...rows.values()]
        .filter((r) => r.version === 1 && !skip.includes(r.id) && !held.includes(r.id))
        .slice(0, limit);
    },
    /** Rows still on version 1 and not skipped, held ones included; called with the plain db. */
    pending: async (handle: DbOrTx, skip: string[]): Promise<number> => {
      expect(handle).toBe(db);
      events.push(`pending skip=[${skip.join(',')}]`);
      return [...rows.values()].filter((r) => r.version === 1 && !skip.includes(r.id)).length;
    },
    rewrite: async (tx: DbOrTx, row: Row): Promise<boolean> => {
      expect(tx).toBe(txHandle);
      events.push(`rewrite ${row.id}`);
      if (!row.readable) return false;
      row.version = 2;
      return true;
    },
  };
}

describe('rotateInBatches', () => {
  it('rotates every row in batches of batchSize, one transaction each, then stops on an empty batch', async () => {
    const t = table(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(
      await rotateInBatches(t.db, { batchSize: 3, pick: t.pick, rewrite: t.rewrite, pending: t.pending }),
    ).toEqual({
      rotated: 7,
      failed: [],
      remaining: 0,
    });
    expect([...t.rows.values()].every((r) => r.version === 2)).toBe(true);
    expect(t.transactions()).toBe(4);
    expect(t.events).toEqual([
      'begin',
      'pick skip=[] limit=3',
      'rewrite a',
      'rewrite b',
      'rewrite c',
      'commit',
      'begin',
      'pick skip=[] limit=3',
      'rewrite d',
      'rewrite e',
      'rewrite f',
      'commit',
      'begin',
      'pick skip=[] limit=3',
      'rewrite g',
      'commit',
      'begin',
      'pick skip=[] limit=3',
      'commit',
      'pending skip=[]',
    ]);
  });

  it('an empty table is one transaction and an empty report', async () => {
    const t = table([]);
    expect(
      await rotateInBatches(t.db, { batchSize: 10, pick: t.pick, rewrite: t.rewrite, pending: t.pending }),
    ).toEqual({
      rotated: 0,
      failed: [],
      remaining: 0,
    });
    expect(t.transactions()).toBe(1);
  });

  it('reports unreadable rows once, passes them as skip, leaves them untouched and terminates', async () => {
    const t = table(['a', 'b', 'c', 'd', 'e'], ['b', 'e']);
    expect(
      await rotateInBatches(t.db, { batchSize: 2, pick: t.pick, rewrite: t.rewrite, pending: t.pending }),
    ).toEqual({
      rotated: 3,
      failed: ['b', 'e'],
      remaining: 0,
    });
    expect([...t.rows.values()].map((r) => `${r.id}${r.version}`)).toEqual(['a2', 'b1', 'c2', 'd2', 'e1']);
    expect(t.events.filter((e) => e.startsWith('pick'))).toEqual([
      'pick skip=[] limit=2',
      'pick skip=[b] limit=2',
      'pick skip=[b] limit=2',
      'pick skip=[b,e] limit=2',
    ]);
    expect(t.events.filter((e) => e.startsWith('rewrite'))).toEqual([
      'rewrite a',
      'rewrite b',
      'rewrite c',
      'rewrite d',
      'rewrite e',
    ]);
  });

  it('a table of only unreadable rows reports each of them and stops', async () => {
    const t = table(['x', 'y', 'z'], ['x', 'y', 'z']);
    expect(
      await rotateInBatches(t.db, { batchSize: 1, pick: t.pick, rewrite: t.rewrite, pending: t.pending }),
    ).toEqual({
      rotated: 0,
      failed: ['x', 'y', 'z'],
      remaining: 0,
    });
    expect(t.transactions()).toBe(4);
  });

  it('an error in rewrite rejects the run and starts no further batch', async () => {
    const t = table(['a', 'b', 'c']);
    const boom = new Error('disk full');
    await expect(
      rotateInBatches(t.db, {
        batchSize: 2,
        pick: t.pick,
        pending: t.pending,
        rewrite: async (tx, row) => {
          if (row.id === 'b') throw boom;
          return t.rewrite(tx, row);
        },
      }),
    ).rejects.toBe(boom);
    expect(t.transactions()).toBe(1);
    expect(t.events).toEqual(['begin', 'pick skip=[] limit=2', 'rewrite a']);
  });

  describe('pending', () => {
    const opts = (t: ReturnType<typeof table>, batchSize: number) => ({
      batchSize,
      pick: t.pick,
      rewrite: t.rewrite,
      pending: t.pending,
    });

    it('counts the held rows the picks passed over: remaining, with those rows left on the old key', async () => {
      const t = table(['a', 'b', 'c', 'd', 'e'], [], ['a', 'd']);
      expect(await rotateInBatches(t.db, opts(t, 2))).toEqual({ rotated: 3, failed: [], remaining: 2 });
      expect([...t.rows.values()].map((r) => `${r.id}${r.version}`)).toEqual(['a1', 'b2', 'c2', 'd1', 'e2']);
      // Once, after the commit of the last (empty) batch, on the plain db (checked by t.pending).
      expect(t.events).toEqual([
        'begin',
        'pick skip=[] limit=2',
        'rewrite b',
        'rewrite c',
        'commit',
        'begin',
        'pick skip=[] limit=2',
        'rewrite e',
        'commit',
        'begin',
        'pick skip=[] limit=2',
        'commit',
        'pending skip=[]',
      ]);
    });

    it('gets the failed ids as skip, so a failed row is not also counted as remaining', async () => {
      const t = table(['a', 'b', 'c', 'd', 'e'], ['b', 'e'], ['c']);
      expect(await rotateInBatches(t.db, opts(t, 2))).toEqual({
        rotated: 2,
        failed: ['b', 'e'],
        remaining: 1,
      });
      expect(t.events.filter((e) => e.startsWith('pending'))).toEqual(['pending skip=[b,e]']);
      expect(t.events.at(-2)).toBe('commit');
    });

    it('an all-held table rotates nothing and reports every row as remaining', async () => {
      const t = table(['x', 'y', 'z'], [], ['x', 'y', 'z']);
      expect(await rotateInBatches(t.db, opts(t, 5))).toEqual({ rotated: 0, failed: [], remaining: 3 });
      expect(t.events).toEqual(['begin', 'pick skip=[] limit=5', 'commit', 'pending skip=[]']);
    });

    it("the report's remaining is pending's value as returned, and pending runs exactly once", async () => {
      const t = table(['a', 'b', 'c']);
      const calls: string[][] = [];
      const report = await rotateInBatches(t.db, {
        ...opts(t, 2),
        pending: async (_db, skip) => {
          calls.push([...skip]);
          return 41;
        },
      });
      expect(report).toEqual({ rotated: 3, failed: [], remaining: 41 });
      expect(calls).toEqual([[]]);
    });

    it('pending gets a copy of the failed ids: changing it does not change the report', async () => {
      const t = table(['a', 'b'], ['a']);
      const report = await rotateInBatches(t.db, {
        ...opts(t, 5),
        pending: async (_db, skip) => {
          expect(skip).toEqual(['a']);
          skip.push('zz');
          return 0;
        },
      });
      expect(report).toEqual({ rotated: 1, failed: ['a'], remaining: 0 });
    });

    it('an error in pending rejects the run after the batches committed', async () => {
      const t = table(['a', 'b', 'c']);
      const boom = new Error('connection lost');
      await expect(
        rotateInBatches(t.db, {
          ...opts(t, 2),
          pending: async () => {
            throw boom;
          },
        }),
      ).rejects.toBe(boom);
      expect([...t.rows.values()].map((r) => r.version)).toEqual([2, 2, 2]);
      expect(t.transactions()).toBe(3);
    });
  });
});
