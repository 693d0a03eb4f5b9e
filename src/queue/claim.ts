import { type AnyDb, narrowDb } from '../db';
import type { QueueContext } from './context';
import { filterShape, filterValues, scopeOf } from './filters';
import type { Preparable, Run } from './prepared';
import type { ClaimOptions } from './spec';
import { claimStatement } from './statements';
import { claimLimit, columnAccepts } from './values';

type Row = Record<string, any>;

/** Claims up to `limit` ready jobs in one statement (prepared unless `where` or `set` is given), in claim order. */
export async function claim(q: QueueContext, run: Run, db: AnyDb, opts: ClaimOptions): Promise<Row[]> {
  narrowDb(db);
  const { where, set } = opts;
  const filters = scopeOf(q.col, opts.filters);
  const limit = claimLimit(opts.limit);
  // Filters no row can match, or nothing asked for: nothing to claim.
  if (filters === undefined || limit === 0) return [];
  if (q.lockedByCol && opts.workerId !== undefined && !columnAccepts(q.lockedByCol, opts.workerId)) {
    throw new RangeError('queue claim: the workerId cannot be stored (NUL or an unpaired surrogate)');
  }
  const scoped = { ...opts, filters, limit };
  const shape = where || set ? undefined : `claim:${filterShape(filters)}`;
  const values: Record<string, unknown> = {
    workerId: opts.workerId ?? null,
    limit,
    ...filterValues(q.col, filters),
  };
  const rows = await run<Row[]>(
    db,
    shape,
    (bind) => claimStatement(q, db, bind, scoped) as unknown as Preparable,
    values,
  );
  return sortLikeClaim(rows, q.orders);
}

/** RETURNING has no order: sorts the claimed rows the same way the claim picked them. */
function sortLikeClaim(rows: Row[], orders: QueueContext['orders']): Row[] {
  return rows.sort((a, b) => {
    for (const { column, desc, nulls, rank } of orders) {
      let x = a[column];
      let y = b[column];
      if (rank) [x, y] = [rank.indexOf(x), rank.indexOf(y)].map((i) => (i < 0 ? null : i));
      const nullsFirst = nulls ? nulls === 'first' : !!desc;
      if (x == null || y == null) {
        if (x == null && y == null) continue;
        return (x == null) === nullsFirst ? -1 : 1;
      }
      if (x < y) return desc ? 1 : -1;
      if (x > y) return desc ? -1 : 1;
    }
    return 0;
  });
}
