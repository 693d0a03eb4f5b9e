import { getTableColumns } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { QueueColumns, QueueSpec } from './spec';
import { MAX_BACKOFF_SECONDS } from './values';

/** A queue's spec with its columns looked up and its defaults applied: what every statement builder reads. */
export interface QueueContext {
  spec: QueueSpec<PgTable>;
  /** The column keys of each role. */
  c: QueueColumns<PgTable>;
  /** The table, untyped (the builders are generic over every queue table). */
  t: any;
  /** The column of a key; throws for a key the table does not have. */
  col(key: string): PgColumn;
  id: PgColumn;
  status: PgColumn;
  attempts: PgColumn | undefined;
  failures: PgColumn | undefined;
  lockedByCol: PgColumn | undefined;
  orders: { column: string; desc?: boolean; nulls?: 'first' | 'last'; rank?: readonly unknown[] }[];
  baseSeconds: number;
  capSeconds: number;
  maxErr: number;
}

/** Checks a spec (unknown column keys, backoff range) and resolves it, once per defineQueue. */
export function queueContext<T extends PgTable, C extends QueueColumns<T>>(
  queueSpec: QueueSpec<T, C>,
): QueueContext {
  const spec = queueSpec as unknown as QueueSpec<PgTable>;
  const cols = getTableColumns(spec.table) as Record<string, PgColumn>;
  const col = (key: string): PgColumn => {
    const c = cols[key];
    if (!c) throw new Error(`defineQueue: ${key} is not a column of the table`);
    return c;
  };
  const c: QueueColumns<PgTable> = spec.columns;
  const id = col(c.id);
  const status = col(c.status);
  const attempts = c.attempts ? col(c.attempts) : undefined;
  const failures = c.failures ? col(c.failures) : undefined;
  const { baseSeconds, capSeconds } = spec.backoff ?? { baseSeconds: 5, capSeconds: 3600 };
  if (
    !(Number.isFinite(baseSeconds) && baseSeconds >= 0) ||
    !(Number.isFinite(capSeconds) && capSeconds >= 0 && capSeconds <= MAX_BACKOFF_SECONDS)
  ) {
    throw new Error(
      `defineQueue: backoff needs 0 ≤ baseSeconds and 0 ≤ capSeconds ≤ ${MAX_BACKOFF_SECONDS} (ten years)`,
    );
  }
  const maxErr = spec.maxErrorLength ?? 4000;
  const orders = spec.orderBy.map((o) => (typeof o === 'string' ? { column: o } : o));
  for (const set of [spec.claimSet, spec.doneSet]) for (const key of Object.keys(set ?? {})) col(key);
  const lockedByCol = c.lockedBy ? col(c.lockedBy) : undefined;
  return {
    spec,
    c,
    t: spec.table,
    col,
    id,
    status,
    attempts,
    failures,
    lockedByCol,
    orders,
    baseSeconds,
    capSeconds,
    maxErr,
  };
}
