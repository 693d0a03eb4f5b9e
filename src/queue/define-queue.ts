import type { PgTable } from 'drizzle-orm/pg-core';
import { claim } from './claim';
import { queueContext } from './context';
import { complete, completeMany, fail, reclaimStale } from './finish';
import { literal, preparedRunner } from './prepared';
import type { Queue, QueueColumns, QueueSpec } from './spec';
import { claimStatement } from './statements';

/**
 * A queue engine over a queue-shaped table (see src/queue/index.ts). The spec is checked here:
 * a column key the table does not have or a backoff out of range throws at definition.
 */
export function defineQueue<T extends PgTable, C extends QueueColumns<T>>(
  spec: QueueSpec<T, C>,
): Queue<T, C> {
  const q = queueContext(spec);
  // Prepared statements of this queue, per database handle and statement shape.
  const run = preparedRunner();
  return {
    spec,
    claimQuery: (db, opts) => claimStatement(q, db, literal, opts),
    claim: (db, opts) => claim(q, run, db, opts),
    complete: (db, opts) => complete(q, run, db, opts),
    completeMany: (db, opts) => completeMany(q, run, db, opts),
    fail: (db, opts) => fail(q, run, db, opts),
    reclaimStale: (db, opts) => reclaimStale(q, db, opts),
  } as Queue<T, C>;
}
