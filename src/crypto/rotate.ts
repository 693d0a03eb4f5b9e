import { z } from 'zod';
import type { DbOrTx } from '../db';
import { int4 } from '../input';

/** The input every rotation takes: rows per batch (one transaction each). */
export const rotationInput = z.object({ batchSize: int4({ min: 1, max: 10_000 }).default(500) });

export interface RotationReport {
  rotated: number;
  /** Ids of rows no configured key could decrypt; left untouched. */
  failed: string[];
  /**
   * Rows that still need rotation when the run ended, not counting `failed`: rows another
   * transaction held (skipped by SKIP LOCKED) or rows written with an old key during the run.
   * Anything above 0 means: run again before removing an old key.
   */
  remaining: number;
}

/**
 * Re-encrypts rows to the keyring's current version, one batch per transaction. `pick` selects a
 * batch of rows that still need it with FOR UPDATE SKIP LOCKED (excluding `skip`), so concurrent
 * runs share the work and a crashed run resumes; `rewrite` re-encrypts one row and returns false
 * when it cannot be decrypted. After the last batch, `pending` counts the rows that still need it
 * (the condition of `pick`, excluding `skip`, without lock or limit) outside any batch transaction:
 * SKIP LOCKED passes over rows other transactions hold, and only this count tells the caller so.
 */
export async function rotateInBatches<Row extends { id: string }>(
  db: DbOrTx,
  opts: {
    batchSize: number;
    pick: (tx: DbOrTx, skip: string[], limit: number) => Promise<Row[]>;
    rewrite: (tx: DbOrTx, row: Row) => Promise<boolean>;
    pending: (db: DbOrTx, skip: string[]) => Promise<number>;
  },
): Promise<RotationReport> {
  const failed: string[] = [];
  let rotated = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = await opts.pick(tx as unknown as DbOrTx, failed, opts.batchSize);
      if (rows.length === 0) return true;
      for (const row of rows) {
        if (await opts.rewrite(tx as unknown as DbOrTx, row)) rotated++;
        else failed.push(row.id);
      }
      return false;
    });
    if (done) break;
  }
  // A copy: the report's `failed` must not change if `pending` mutates its argument.
  const remaining = await opts.pending(db, [...failed]);
  return { rotated, failed, remaining };
}

/**
 * rotateInBatches for values that carry no key version (rows with numeric ids). Each batch scans
 * the next ids without locks, keeps those that do not open with the current key alone, locks them
 * (`lock`: FOR UPDATE SKIP LOCKED) and checks again (another run may have rotated one in between),
 * so no value is re-encrypted twice. The cursor only moves forward, so the run ends even when rows
 * cannot be decrypted (reported as failed). Rows skipped because another transaction holds them
 * are counted in `remaining`: after the last batch, a second scan (no locks, same batch size, id
 * order) counts the rows that are still not current, except the failed ones.
 */
export async function rotateUnversioned<Row extends { id: number }>(
  db: DbOrTx,
  opts: {
    batchSize: number;
    scan: (tx: DbOrTx, after: number, limit: number) => Promise<Row[]>;
    lock: (tx: DbOrTx, ids: number[]) => Promise<Row[]>;
    isCurrent: (row: Row) => boolean;
    rewrite: (tx: DbOrTx, row: Row) => Promise<boolean>;
  },
): Promise<RotationReport> {
  const { batchSize } = opts;
  let after = 0;
  return rotateInBatches<{ id: string; row: Row }>(db, {
    batchSize,
    pick: async (tx) => {
      for (;;) {
        const scanned = await opts.scan(tx, after, batchSize);
        if (scanned.length === 0) return [];
        after = scanned[scanned.length - 1]!.id;
        const stale = scanned.filter((r) => !opts.isCurrent(r)).map((r) => r.id);
        if (stale.length === 0) continue;
        const locked = (await opts.lock(tx, stale)).filter((r) => !opts.isCurrent(r));
        if (locked.length > 0) return locked.map((row) => ({ id: String(row.id), row }));
      }
    },
    rewrite: (tx, { row }) => opts.rewrite(tx, row),
    pending: async (d, skip) => {
      const failed = new Set(skip);
      let remaining = 0;
      for (let from = 0; ; ) {
        const scanned = await opts.scan(d, from, batchSize);
        if (scanned.length === 0) return remaining;
        from = scanned[scanned.length - 1]!.id;
        for (const r of scanned) if (!failed.has(String(r.id)) && !opts.isCurrent(r)) remaining++;
      }
    },
  });
}
