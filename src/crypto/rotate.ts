import type { DbOrTx } from '../db';

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
