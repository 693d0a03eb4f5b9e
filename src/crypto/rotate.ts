import {
  and,
  count,
  type GetColumnData,
  getTableColumns,
  gt,
  inArray,
  notInArray,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb } from '../db';
import { int4 } from '../input';
import { pgArrayLiteral } from '../queue/filters';
import { type Failure, ok, parseInput, type Result } from '../result';
import { openColumns, sealColumns } from './encodings';
import type { Keyring } from './keyring';
import { keyringProblem } from './keyring-argument';

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
 * How a batch is rewritten: `rewrite` re-encrypts one row (one UPDATE each) and returns false when
 * it cannot be decrypted; or `reseal` re-encrypts a row in memory (undefined when it cannot be
 * decrypted) and `write` stores the batch's resealed rows in one statement (see updateRows).
 */
export type BatchRewrite<Row, V> =
  | { rewrite: (tx: DbOrTx, row: Row) => Promise<boolean>; reseal?: never; write?: never }
  | {
      rewrite?: never;
      reseal: (row: Row) => V | undefined;
      write: (tx: DbOrTx, rows: Resealed<Row, V>[]) => Promise<void>;
    };
export type Resealed<Row, V> = { row: Row; values: V };

/**
 * Re-encrypts rows to the keyring's current version, one batch per transaction. `pick` selects a
 * batch of rows that still need it with FOR UPDATE SKIP LOCKED (excluding `skip`), so concurrent
 * runs share the work and a crashed run resumes; the batch is rewritten as `BatchRewrite` says,
 * rows that cannot be decrypted reported as failed and left unwritten. After the last batch,
 * `pending` counts the rows that still need it (the condition of `pick`, excluding `skip`, without
 * lock or limit) outside any batch transaction: SKIP LOCKED passes over rows other transactions
 * hold, and only this count tells the caller so.
 */
export async function rotateInBatches<Row extends { id: string }, V = never>(
  db: AnyDb,
  opts: {
    batchSize: number;
    pick: (tx: DbOrTx, skip: string[], limit: number) => Promise<Row[]>;
    pending: (db: DbOrTx, skip: string[]) => Promise<number>;
  } & BatchRewrite<Row, V>,
): Promise<RotationReport> {
  narrowDb(db);
  const failed: string[] = [];
  let rotated = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const rows = await opts.pick(tx as unknown as DbOrTx, failed, opts.batchSize);
      if (rows.length === 0) return true;
      if (opts.rewrite) {
        for (const row of rows) {
          if (await opts.rewrite(tx as unknown as DbOrTx, row)) rotated++;
          else failed.push(row.id);
        }
        return false;
      }
      const resealed: Resealed<Row, V>[] = [];
      for (const row of rows) {
        const values = opts.reseal(row);
        if (values === undefined) failed.push(row.id);
        else resealed.push({ row, values });
      }
      if (resealed.length > 0) await opts.write(tx as unknown as DbOrTx, resealed);
      rotated += resealed.length;
      return false;
    });
    if (done) break;
  }
  // A copy: the report's `failed` must not change if `pending` mutates its argument.
  const remaining = await opts.pending(db, [...failed]);
  return { rotated, failed, remaining };
}

/** The array type of a column for a cast (serial columns are integers). */
const arrayType = (c: PgColumn) => {
  const t = c.getSQLType();
  return `${({ serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' } as Record<string, string>)[t] ?? t}[]`;
};

/** A value as an element of an array literal: the column's driver value, bytes in bytea's hex form. */
function literalValue(c: PgColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const d = c.mapToDriverValue(v);
  return d instanceof Uint8Array
    ? `\\x${Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex')}`
    : d;
}

/**
 * Writes a batch of rows in one UPDATE: `values` keyed like drizzle's `.set()` (the same keys in
 * every row), rows matched on `id`. Each column goes as one array parameter through `unnest`, so
 * the statement is the same whatever the batch size.
 */
export async function updateRows(
  tx: DbOrTx,
  table: PgTable,
  id: PgColumn,
  rows: { id: unknown; values: Record<string, unknown> }[],
): Promise<void> {
  if (rows.length === 0) return;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0]!.values).filter((k) => rows[0]!.values[k] !== undefined);
  const columns = keys.map((k) => {
    const c = all[k];
    if (!c) throw new Error(`updateRows: ${k} is not a column of the table`);
    return c;
  });
  const array = (c: PgColumn, values: unknown[]) =>
    sql`${pgArrayLiteral(values.map((v) => literalValue(c, v)))}::${sql.raw(arrayType(c))}`;
  const arrays = [
    array(
      id,
      rows.map((r) => r.id),
    ),
    ...columns.map((c, i) =>
      array(
        c,
        rows.map((r) => {
          const v = r.values[keys[i]!];
          if (v === undefined) throw new Error(`updateRows: no ${keys[i]} for row ${String(r.id)}`);
          return v;
        }),
      ),
    ),
  ];
  const names = columns.map((_, i) => sql.identifier(`c${i}`));
  await tx.execute(sql`update ${table} set ${sql.join(
    columns.map((c, i) => sql`${sql.identifier(c.name)} = v.${names[i]}`),
    sql`, `,
  )}
    from unnest(${sql.join(arrays, sql`, `)}) as v(id, ${sql.join(names, sql`, `)})
    where ${table}.${sql.identifier(id.name)} = v.id`);
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
export async function rotateUnversioned<Row extends { id: number }, V = never>(
  db: AnyDb,
  opts: {
    batchSize: number;
    scan: (tx: DbOrTx, after: number, limit: number) => Promise<Row[]>;
    lock: (tx: DbOrTx, ids: number[]) => Promise<Row[]>;
    isCurrent: (row: Row) => boolean;
  } & BatchRewrite<Row, V>,
): Promise<RotationReport> {
  narrowDb(db);
  const { batchSize } = opts;
  let after = 0;
  type Picked = { id: string; row: Row };
  const rewrite: BatchRewrite<Picked, V> = opts.rewrite
    ? { rewrite: (tx, { row }) => opts.rewrite(tx, row) }
    : {
        reseal: ({ row }) => opts.reseal(row),
        write: (tx, rows) =>
          opts.write(
            tx,
            rows.map(({ row, values }) => ({ row: row.row, values })),
          ),
      };
  return rotateInBatches<Picked, V>(db, {
    ...rewrite,
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

/** What every rotate<Things> function shares: its input schema and, rarely, a keyring check first. */
interface RotationBase {
  /** rotationInput, or a variant of it (e.g. with a default for an undefined input). */
  input: z.ZodType<{ batchSize: number }>;
  /**
   * Checks the keyring before the input (Cortex's order and message). Without it the input is
   * parsed first and a non-Keyring is keyringProblem's INVALID_INPUT.
   */
  keyringFirst?: (keyring: unknown) => Failure<'INVALID_INPUT'> | undefined;
}

type RowOf<C extends Record<string, PgColumn>> = { [K in keyof C]: GetColumnData<C[K]> };

/**
 * Values that carry their key version (packed text, a version prefix): stale rows are found in SQL,
 * so batches come from rotateInBatches. `columns` are the ones `reseal` reads, with the key `id`.
 */
export interface VersionedRotation<T extends PgTable, C extends { id: PgColumn } & Record<string, PgColumn>>
  extends RotationBase {
  table: T;
  columns: C;
  /** The rows whose values are not sealed with `version` (the keyring's current one). */
  stale: (version: number) => SQL | undefined;
  /** The row's values sealed with the current key; undefined when they cannot be opened. */
  reseal: (keyring: Keyring, row: RowOf<C>) => PgUpdateSetSource<T> | undefined;
}

/**
 * Values in the column-triple form (crypto's sealColumns) on a table with a numeric `id`: no
 * version column, so batches come from rotateUnversioned and "current" means the current key alone
 * opens the value. `triple` names the table's data, IV and tag columns; `where` narrows the rows.
 */
export interface ColumnTripleRotation<T extends PgTable> extends RotationBase {
  table: T;
  triple: Record<'data' | 'iv' | 'tag', keyof T['_']['columns'] & string>;
  where?: SQL | undefined;
}

/**
 * The body of every rotate<Things>(db, input, keyring): parses the input, checks the keyring (both
 * INVALID_INPUT), then re-encrypts the table described by `spec` with the engine above.
 */
export async function rotateSecrets<T extends PgTable, C extends { id: PgColumn } & Record<string, PgColumn>>(
  db: AnyDb,
  input: unknown,
  keyring: Keyring,
  spec: VersionedRotation<T, C> | ColumnTripleRotation<T>,
): Promise<Result<RotationReport, 'INVALID_INPUT'>> {
  narrowDb(db);
  const badKeyring = spec.keyringFirst?.(keyring);
  if (badKeyring) return badKeyring;
  const parsed = parseInput(spec.input, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const { batchSize } = parsed.data;
  return ok(
    await ('triple' in spec
      ? rotateColumnTriple(db, keyring, batchSize, spec)
      : rotateVersioned(db, keyring, batchSize, spec)),
  );
}

function rotateVersioned<T extends PgTable, C extends { id: PgColumn } & Record<string, PgColumn>>(
  db: AnyDb,
  keyring: Keyring,
  batchSize: number,
  spec: VersionedRotation<T, C>,
): Promise<RotationReport> {
  narrowDb(db);
  const table = spec.table as PgTable;
  const columns: Record<string, PgColumn> = spec.columns;
  const id: PgColumn = spec.columns.id;
  const staleNow = spec.stale(keyring.currentVersion);
  // Stale, except the rows reported failed (`pick` and `pending`); their ids come back as strings.
  const stale = (skip: string[]) =>
    and(
      staleNow,
      skip.length ? notInArray(id, id.dataType === 'number' ? skip.map(Number) : skip) : undefined,
    );
  return rotateInBatches(db, {
    batchSize,
    pick: async (tx, skip, limit) => {
      const rows = (await tx
        .select(columns)
        .from(table)
        .where(stale(skip))
        .orderBy(id)
        .limit(limit)
        .for('update', { skipLocked: true })) as RowOf<C>[];
      return rows.map((row) => ({ id: String(row.id), row }));
    },
    pending: async (d, skip) => {
      const [row] = await d.select({ n: count() }).from(table).where(stale(skip));
      return row!.n;
    },
    reseal: ({ row }) => spec.reseal(keyring, row) as Record<string, unknown> | undefined,
    write: (tx, rows) =>
      updateRows(
        tx,
        table,
        id,
        rows.map(({ row, values }) => ({ id: row.row.id, values })),
      ),
  });
}

function rotateColumnTriple<T extends PgTable>(
  db: AnyDb,
  keyring: Keyring,
  batchSize: number,
  spec: ColumnTripleRotation<T>,
): Promise<RotationReport> {
  narrowDb(db);
  const table = spec.table as PgTable;
  const all = getTableColumns(table);
  const id = all.id!;
  const { triple, where } = spec;
  const cols = { id, data: all[triple.data]!, iv: all[triple.iv]!, tag: all[triple.tag]! };
  type Row = { id: number; data: string | null; iv: string | null; tag: string | null };
  return rotateUnversioned<Row, Record<string, unknown>>(db, {
    batchSize,
    scan: (tx, after, limit) =>
      tx
        .select(cols)
        .from(table)
        .where(and(gt(id, after), where))
        .orderBy(id)
        .limit(limit) as Promise<Row[]>,
    lock: (tx, ids) =>
      tx
        .select(cols)
        .from(table)
        .where(and(inArray(id, ids), where))
        .orderBy(id)
        .for('update', { skipLocked: true }) as Promise<Row[]>,
    isCurrent: (r) => openColumns(keyring, r, keyring.currentVersion) !== undefined,
    reseal: (r) => {
      const opened = openColumns(keyring, r);
      if (!opened) return undefined;
      const c = sealColumns(keyring, opened.plaintext);
      return { [triple.data]: c.data, [triple.iv]: c.iv, [triple.tag]: c.tag };
    },
    write: (tx, rows) =>
      updateRows(
        tx,
        table,
        id,
        rows.map(({ row, values }) => ({ id: row.id, values })),
      ),
  });
}
