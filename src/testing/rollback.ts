import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type { Sql, TransactionSql } from 'postgres';

/**
 * One open transaction per test, and a stand-in driver client that runs every statement in it.
 *
 * The drizzle database a rollback test gets is built on the stand-in client, not on a drizzle
 * transaction: functions that take a different path inside a caller's transaction
 * (`is(db, PgTransaction)`) take the same path as on a plain database. To keep the semantics of a
 * plain database inside the test's transaction:
 * - each top-level statement runs in its own savepoint, so a failing statement fails alone (as in
 *   autocommit) instead of aborting the test's transaction;
 * - `db.transaction(fn)` is a savepoint: its writes stay visible to the rest of the test and are
 *   rolled back with it; a nested drizzle transaction inside is a savepoint as usual;
 * - when such a "transaction" ends, `RESET ROLE` and `RESET ALL` end what `SET LOCAL` /
 *   `set_config(…, true)` did in it (a released savepoint would otherwise keep them until the
 *   test ends).
 */
export interface RollbackRouter<Client> {
  /** The stand-in driver client (pass it to drizzle). */
  client: Client;
  begin(): Promise<void>;
  rollback(): Promise<void>;
  readonly open: boolean;
}

const notOpen = () =>
  new Error(
    'createTestDb({ rollback: true }): no test transaction is open. Call begin() before the test (beforeEach) ' +
      'and rollback() after it (afterEach), or use withRollback(fn) / useRollbackTestDb(hooks).',
  );

// Ends what SET LOCAL did inside a savepoint-"transaction" (RESET ALL leaves the role alone).
const resetSettings = 'reset all; reset role';

/** A transaction held open until `rollback()`; `start` runs `body` inside the driver's transaction. */
function heldTransaction<T>(start: (body: (tx: T) => Promise<void>) => Promise<unknown>) {
  let tx: T | undefined;
  let finish: (() => void) | undefined;
  let ended: Promise<unknown> = Promise.resolve();
  const ROLLBACK = Symbol('rollback');
  return {
    get tx() {
      return tx;
    },
    async begin() {
      if (tx) throw new Error('createTestDb({ rollback: true }): begin() twice without rollback()');
      tx = await new Promise<T>((resolve, reject) => {
        // The driver rolls back when the body throws; any other outcome is kept for rollback() to report.
        ended = start(async (t) => {
          resolve(t);
          await new Promise<void>((done) => {
            finish = done;
          });
          throw ROLLBACK;
        }).then(
          () => undefined,
          (error: unknown) => {
            reject(error);
            return error === ROLLBACK ? undefined : error;
          },
        );
      });
    },
    async rollback() {
      if (!tx) return;
      tx = undefined;
      finish?.();
      finish = undefined;
      const error = await ended;
      if (error) throw error;
    },
  };
}

/** PGlite: the stand-in implements the two methods drizzle's PGlite session calls, `query` and `transaction`. */
export function pgliteRouter(pglite: PGlite): RollbackRouter<PGlite> {
  const held = heldTransaction<PGliteTransaction>((body) => pglite.transaction(body));
  const current = () => held.tx ?? Promise.reject(notOpen());
  let depth = 0;
  const client = {
    async query(text: string, params?: unknown[], options?: unknown) {
      const tx = await current();
      // Inside a savepoint-"transaction" (depth > 0) a failing statement aborts it, as it would a real one.
      if (depth > 0) return tx.query(text, params, options as never);
      await tx.exec('savepoint tdb_statement');
      try {
        const result = await tx.query(text, params, options as never);
        await tx.exec('release savepoint tdb_statement');
        return result;
      } catch (error) {
        await tx.exec('rollback to savepoint tdb_statement; release savepoint tdb_statement');
        throw error;
      }
    },
    async transaction<R>(fn: (tx: PGliteTransaction) => Promise<R>): Promise<R> {
      const tx = await current();
      const name = `tdb_tx${depth}`;
      await tx.exec(`savepoint ${name}`);
      depth++;
      let result: R;
      try {
        result = await fn(tx);
      } catch (error) {
        depth--;
        await tx.exec(`rollback to savepoint ${name}; release savepoint ${name}`);
        throw error;
      }
      depth--;
      await tx.exec(`release savepoint ${name}${depth === 0 ? `; ${resetSettings}` : ''}`);
      return result;
    },
  };
  return {
    client: client as unknown as PGlite,
    begin: () => held.begin(),
    rollback: async () => {
      depth = 0;
      await held.rollback();
    },
    get open() {
      return held.tx !== undefined;
    },
  };
}

/**
 * postgres-js: the stand-in implements what drizzle's postgres-js session uses: `unsafe` (a pending
 * query, awaited or `.values()`), `begin`, and `options` (drizzle installs its type parsers there).
 */
export function postgresRouter(sql: Sql): RollbackRouter<Sql> {
  const held = heldTransaction<TransactionSql>((body) => sql.begin(body));
  const current = () => {
    if (!held.tx) throw notOpen();
    return held.tx;
  };
  const client = {
    options: sql.options,
    unsafe(text: string, params?: unknown[], options?: { prepare?: boolean }) {
      const run = (values: boolean) => {
        let tx: TransactionSql;
        try {
          tx = current();
        } catch (error) {
          return Promise.reject(error);
        }
        return tx.savepoint((sp) => {
          const q = sp.unsafe(text, params as never, options);
          return values ? q.values() : q;
        });
      };
      return {
        values: () => run(true),
        // biome-ignore lint/suspicious/noThenProperty: drizzle awaits the pending query
        then: (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) =>
          run(false).then(resolve, reject),
      };
    },
    async begin<R>(fn: (tx: TransactionSql) => Promise<R>): Promise<R> {
      const tx = current();
      // postgres-js's savepoint() hands fn a client whose own savepoint() nests (drizzle's nested transactions).
      const result = (await tx.savepoint((sp) => fn(sp as TransactionSql))) as R;
      await tx.unsafe('reset all');
      await tx.unsafe('reset role');
      return result;
    },
  };
  return {
    client: client as unknown as Sql,
    begin: () => held.begin(),
    rollback: () => held.rollback(),
    get open() {
      return held.tx !== undefined;
    },
  };
}
