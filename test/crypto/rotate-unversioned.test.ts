// rotateUnversioned (rows whose values carry no key version) against an in-memory table and a
// fake `db.transaction`: the forward cursor, the re-check after locking, unreadable rows reported
// once, and `remaining` counting rows that another transaction held. The real-database paths
// (the SKIP LOCKED lock query) are covered by the Bottleneck credentials and browser storage tests.
import { describe, expect, it } from 'vitest';
import { rotateUnversioned } from '../../src/crypto';
import type { DbOrTx } from '../../src/db';

type Row = { id: number; version: number; readable: boolean };

function table(ids: number[], opts: { unreadable?: number[]; current?: number[]; held?: number[] } = {}) {
  const rows = ids.map((id) => ({
    id,
    version: opts.current?.includes(id) ? 2 : 1,
    readable: !opts.unreadable?.includes(id),
  }));
  const events: string[] = [];
  let transactions = 0;
  const db = {
    async transaction<T>(fn: (tx: unknown) => Promise<T>): Promise<T> {
      if (++transactions > 50) throw new Error('rotateUnversioned did not stop after 50 transactions');
      return fn(db);
    },
  } as unknown as DbOrTx;
  const copy = (r: Row) => ({ ...r });
  return {
    rows,
    events,
    db,
    scan: async (_tx: DbOrTx, after: number, limit: number) => {
      events.push(`scan ${after}/${limit}`);
      return rows
        .filter((r) => r.id > after)
        .slice(0, limit)
        .map(copy);
    },
    lock: async (_tx: DbOrTx, locking: number[]) => {
      events.push(`lock ${locking.join(',')}`);
      return rows.filter((r) => locking.includes(r.id) && !opts.held?.includes(r.id)).map(copy);
    },
    isCurrent: (r: Row) => r.version === 2,
    rewrite: async (_tx: DbOrTx, r: Row) => {
      events.push(`rewrite ${r.id}`);
      if (!r.readable) return false;
      rows.find((x) => x.id === r.id)!.version = 2;
      return true;
    },
  };
}

describe('rotateUnversioned', () => {
  it('rotates the stale rows in id order, skips current ones and reports unreadable ones once', async () => {
    const t = table([1, 2, 3, 5, 8, 9], { unreadable: [3], current: [2, 9] });
    expect(await rotateUnversioned(t.db, { batchSize: 2, ...t })).toEqual({
      rotated: 3,
      failed: ['3'],
      remaining: 0,
    });
    expect(t.rows.map((r) => r.version)).toEqual([2, 2, 1, 2, 2, 2]);
    expect(t.events.filter((e) => !e.startsWith('scan'))).toEqual([
      'lock 1',
      'rewrite 1',
      'lock 3,5',
      'rewrite 3',
      'rewrite 5',
      'lock 8',
      'rewrite 8',
    ]);
  });

  it('a row another transaction holds is left for a later run and counted in remaining', async () => {
    const t = table([1, 2, 3, 4], { held: [2] });
    expect(await rotateUnversioned(t.db, { batchSize: 3, ...t })).toEqual({
      rotated: 3,
      failed: [],
      remaining: 1,
    });
    expect(t.rows.map((r) => r.version)).toEqual([2, 1, 2, 2]);
  });

  it('a row rotated between the scan and the lock is not rewritten again', async () => {
    const t = table([1, 2]);
    const lock = t.lock;
    t.lock = async (tx, ids) => {
      t.rows[0]!.version = 2; // another run got there first
      return lock(tx, ids);
    };
    expect(await rotateUnversioned(t.db, { batchSize: 5, ...t })).toEqual({
      rotated: 1,
      failed: [],
      remaining: 0,
    });
    expect(t.events.filter((e) => e.startsWith('rewrite'))).toEqual(['rewrite 2']);
  });

  it('remaining scans the whole table in batches and excludes the failed rows', async () => {
    const t = table([1, 2, 3, 4, 5], { unreadable: [1, 4], held: [5] });
    expect(await rotateUnversioned(t.db, { batchSize: 2, ...t })).toEqual({
      rotated: 2,
      failed: ['1', '4'],
      remaining: 1,
    });
  });
});
