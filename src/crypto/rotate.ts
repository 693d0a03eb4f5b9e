import type { DbOrTx } from '../db';

export interface RotationReport {
  rotated: number;
  /** Ids of rows no configured key could decrypt; left untouched. */
  failed: string[];
}

/**
 * Re-encrypts rows to the keyring's current version, one batch per transaction. `pick` selects a
 * batch of rows that still need it with FOR UPDATE SKIP LOCKED (excluding `skip`), so concurrent
 * runs share the work and a crashed run resumes; `rewrite` re-encrypts one row and returns false
 * when it cannot be decrypted.
 */
export async function rotateInBatches<Row extends { id: string }>(
  db: DbOrTx,
  opts: {
    batchSize: number;
    pick: (tx: DbOrTx, skip: string[], limit: number) => Promise<Row[]>;
    rewrite: (tx: DbOrTx, row: Row) => Promise<boolean>;
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
    if (done) return { rotated, failed };
  }
}
