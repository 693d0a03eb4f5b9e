// Edges of the queue engine (src/queue/) that the other queue tests leave open: exact definition
// and argument errors, the column types a filter value is checked against, backoff delays, error
// text shaping, claim order in SQL and in the returned array, and the prepared-statement cache.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  char,
  date,
  integer,
  numeric,
  PgDialect,
  PgUpdateBase,
  pgSchema,
  serial,
  smallint,
  smallserial,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DbOrTx } from '../../src/db';
import { defineQueue, type QueueOrder } from '../../src/queue';
import { useTestDb } from '../support';

const scratch = pgSchema('queue_edges_test');
const mood = scratch.enum('mood', ['calm', 'angry']);
const jobs = scratch.table('jobs', {
  id: serial('id').primaryKey(),
  status: text('status').notNull().default('ready'),
  kind: text('kind'),
  prio: text('prio'),
  tries: integer('tries').notNull().default(0),
  errors: integer('errors').notNull().default(0),
  maxTries: integer('max_tries').notNull().default(3),
  runAt: timestamp('run_at', { withTimezone: true }),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  lockedBy: text('locked_by'),
  lastError: text('last_error'),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  doneAt: timestamp('done_at', { withTimezone: true }),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  small: smallint('small'),
  ss: smallserial('ss'),
  big: bigint('big', { mode: 'number' }),
  bs: bigserial('bs', { mode: 'number' }),
  huge: bigint('huge', { mode: 'bigint' }),
  hs: bigserial('hs', { mode: 'bigint' }),
  owner: uuid('owner'),
  flag: boolean('flag'),
  mood: mood('mood'),
  code: varchar('code', { length: 20 }),
  letter: char('letter', { length: 1 }),
  a: text('a'),
  b: text('b'),
  ab: text('ab'),
  // Types the engine has no rule for (numeric) or a rule of its own (date).
  amount: numeric('amount'),
  day: date('day', { mode: 'date' }),
});
// A queue keyed by uuid (ids compare case-insensitively).
const ujobs = scratch.table('ujobs', {
  id: uuid('id').primaryKey(),
  status: text('status').notNull().default('ready'),
  lockedBy: text('locked_by'),
});
// Text ids compare case-sensitively.
const tjobs = scratch.table('tjobs', {
  id: text('id').primaryKey(),
  status: text('status').notNull().default('ready'),
});
// A column whose key is the string 'undefined': a queue that wrote `values[c.x]` for a column x it
// does not have would write this one.
const others = scratch.table('others', {
  id: serial('id').primaryKey(),
  status: text('status').notNull().default('ready'),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  undefined: text('undef'),
});

const states = { ready: 'ready', claimed: 'claimed', done: 'done', failed: 'failed' };
const t = useTestDb();
const db = () => t().db;
type Row = typeof jobs.$inferSelect;
const add = (rows: Partial<typeof jobs.$inferInsert>[]) => db().insert(jobs).values(rows).returning();
const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
/** A fresh database handle: a transaction has its own prepared statements. */
const inTx = (fn: (tx: DbOrTx) => Promise<void>) => db().transaction(fn);
const statusOf = async (id: number) => (await db().select().from(jobs).where(sql`${jobs.id} = ${id}`))[0]!;

const U1 = '0aa5f8f4-6b5e-4c56-9c43-3e6e1c0f1a01';
const U2 = '0aa5f8f4-6b5e-4c56-9c43-3e6e1c0f1a02';

beforeAll(async () => {
  await db().execute(sql`create schema queue_edges_test`);
  await db().execute(sql`create type queue_edges_test.mood as enum ('calm', 'angry')`);
  await db().execute(sql`create table queue_edges_test.jobs (
    id serial primary key, status text not null default 'ready', kind text, prio text,
    tries int not null default 0, errors int not null default 0, max_tries int not null default 3,
    run_at timestamptz, locked_at timestamptz, locked_by text, last_error text,
    finished_at timestamptz, done_at timestamptz, failed_at timestamptz,
    small smallint, ss smallserial, big bigint, bs bigserial, huge bigint, hs bigserial,
    owner uuid, flag boolean, mood queue_edges_test.mood, code varchar(20), letter char(1),
    a text, b text, ab text, amount numeric, day date)`);
  await db().execute(sql`create table queue_edges_test.ujobs (
    id uuid primary key, status text not null default 'ready', locked_by text)`);
  await db().execute(
    sql`create table queue_edges_test.tjobs (id text primary key, status text not null default 'ready')`,
  );
  await db().execute(sql`create table queue_edges_test.others (
    id serial primary key, status text not null default 'ready', locked_at timestamptz, undef text)`);
});
beforeEach(async () => {
  await db().delete(jobs);
  await db().delete(ujobs);
  await db().delete(tjobs);
  await db().delete(others);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const full = defineQueue({
  table: jobs,
  columns: {
    id: 'id',
    status: 'status',
    attempts: 'tries',
    readyAt: 'runAt',
    lockedAt: 'lockedAt',
    lockedBy: 'lockedBy',
    lastError: 'lastError',
    finishedAt: 'finishedAt',
    doneAt: 'doneAt',
    failedAt: 'failedAt',
  },
  states,
  orderBy: ['id'],
  readyWhenNull: true,
  maxAttempts: 3,
  backoff: { baseSeconds: 10, capSeconds: 1000 },
});
// The queue over ujobs (uuid ids, a lock column).
const uuidQueue = defineQueue({
  table: ujobs,
  columns: { id: 'id', status: 'status', lockedBy: 'lockedBy' },
  states,
  orderBy: ['id'],
});

describe('definition and argument errors', () => {
  const base = { table: jobs, states, orderBy: ['id' as const] };

  it('names an unknown column key (columns, claimSet, filters)', async () => {
    expect(() => defineQueue({ ...base, columns: { id: 'id', status: 'nope' as 'status' } })).toThrow(
      new Error('defineQueue: nope is not a column of the table'),
    );
    expect(() =>
      defineQueue({ ...base, columns: { id: 'id', status: 'status' }, claimSet: { zz: 1 } }),
    ).toThrow(new Error('defineQueue: zz is not a column of the table'));
    await expect(full.claim(db(), { limit: 1, filters: { qq: 1 } })).rejects.toThrow(
      new Error('defineQueue: qq is not a column of the table'),
    );
  });

  it('refuses a backoff outside 0 ≤ base, 0 ≤ cap ≤ ten years, with the exact message', () => {
    const message = 'defineQueue: backoff needs 0 ≤ baseSeconds and 0 ≤ capSeconds ≤ 316224000 (ten years)';
    const backoffs = [
      { baseSeconds: -1, capSeconds: 10 },
      { baseSeconds: Number.NaN, capSeconds: 10 },
      { baseSeconds: Number.POSITIVE_INFINITY, capSeconds: 10 },
      { baseSeconds: 1, capSeconds: -1 },
      { baseSeconds: 1, capSeconds: Number.NaN },
      { baseSeconds: 1, capSeconds: Number.NEGATIVE_INFINITY },
      { baseSeconds: 1, capSeconds: 316_224_001 },
    ];
    for (const backoff of backoffs)
      expect(() => defineQueue({ ...base, columns: { id: 'id', status: 'status' }, backoff })).toThrow(
        new Error(message),
      );
    for (const backoff of [
      { baseSeconds: 0, capSeconds: 0 },
      { baseSeconds: 1e9, capSeconds: 316_224_000 },
    ])
      expect(defineQueue({ ...base, columns: { id: 'id', status: 'status' }, backoff }).spec.backoff).toBe(
        backoff,
      );
  });

  it('NaN arguments and missing columns or limits are refused with their messages', async () => {
    await expect(full.claim(db(), { limit: Number.NaN })).rejects.toThrow(
      new RangeError('queue claim: limit is NaN'),
    );
    await expect(full.fail(db(), { id: 1, error: 'e', maxAttempts: Number.NaN })).rejects.toThrow(
      new RangeError('queue: maxAttempts is NaN'),
    );
    await expect(full.reclaimStale(db(), { olderThanSeconds: Number.NaN })).rejects.toThrow(
      new RangeError('queue reclaimStale: olderThanSeconds is NaN'),
    );
    await expect(full.claim(db(), { limit: 1, workerId: 'w\uDC00' })).rejects.toThrow(
      new RangeError('queue claim: the workerId cannot be stored (NUL or an unpaired surrogate)'),
    );
    const noLock = defineQueue({ ...base, columns: { id: 'id', status: 'status' } });
    await expect(noLock.reclaimStale(db(), { olderThanSeconds: 1 })).rejects.toThrow(
      new Error('reclaimStale needs a lockedAt column'),
    );
    // An attempts column and no limit anywhere: a failure cannot decide.
    const noLimit = defineQueue({ ...base, columns: { id: 'id', status: 'status', attempts: 'tries' } });
    const [a] = await add([{}]);
    await noLimit.claim(db(), { limit: 1 });
    await expect(noLimit.fail(db(), { id: a!.id, error: 'e' })).rejects.toThrow(
      new Error('defineQueue: no maxAttempts given'),
    );
    // With a per-call limit it can.
    expect(await noLimit.fail(db(), { id: a!.id, error: 'e', maxAttempts: 1 })).toMatchObject({
      success: true,
      job: { status: 'failed' },
    });
  });

  it('a workerId is only checked when the queue has a lockedBy column', async () => {
    const noLock = defineQueue({ ...base, columns: { id: 'id', status: 'status' } });
    const [a] = await add([{}]);
    expect(ids(await noLock.claim(db(), { limit: 1, workerId: 'w\u0000' }))).toEqual([a!.id]);
    expect(await noLock.complete(db(), { id: a!.id, workerId: 'w\u0000' })).toMatchObject({ success: true });
  });
});

describe('claim', () => {
  it('floors the limit, claims nothing below 1, and takes exactly the limit', async () => {
    await add([{}, {}, {}, {}]);
    expect(await full.claim(db(), { limit: 0.9 })).toEqual([]);
    expect(await full.claim(db(), { limit: 2.9 })).toHaveLength(2);
    expect(await full.claim(db(), { limit: 1 })).toHaveLength(1);
    expect(await full.claim(db(), { limit: 5 })).toHaveLength(1);
  });

  it('sets status, lock, attempts, claimSet and set; set overrides claimSet, never the status', async () => {
    const q = defineQueue({
      ...full.spec,
      claimSet: { kind: 'from-spec', prio: 'spec' },
    });
    const [a, b] = await add([{}, {}]);
    const [ra] = await q.claim(db(), { limit: 1, workerId: 'w1' });
    expect(ra).toMatchObject({
      id: a!.id,
      status: 'claimed',
      lockedBy: 'w1',
      tries: 1,
      kind: 'from-spec',
      prio: 'spec',
    });
    expect(ra!.lockedAt).toBeInstanceOf(Date);
    const [rb] = await q.claim(db(), { limit: 1, set: { prio: 'call', status: 'sneaky' } });
    // No workerId: the lock holder is NULL.
    expect(rb).toMatchObject({
      id: b!.id,
      status: 'claimed',
      lockedBy: null,
      kind: 'from-spec',
      prio: 'call',
    });
  });

  it('doneSet: complete and completeMany set it; set overrides it, never the status; keys are checked', async () => {
    expect(() => defineQueue({ ...full.spec, doneSet: { zz: null } })).toThrow(
      new Error('defineQueue: zz is not a column of the table'),
    );
    const q = defineQueue({ ...full.spec, doneSet: { kind: 'done-by-spec', prio: 'spec' } });
    const [a, b, c] = await add([{ kind: 'k' }, { kind: 'k' }, { kind: 'k' }]);
    await q.claim(db(), { limit: 3, workerId: 'w' });
    expect(await q.complete(db(), { id: a!.id, workerId: 'w' })).toMatchObject({
      success: true,
      job: { id: a!.id, status: 'done', kind: 'done-by-spec', prio: 'spec', lockedBy: null },
    });
    expect(
      await q.complete(db(), { id: b!.id, workerId: 'w', set: { prio: 'call', status: 'sneaky' } }),
    ).toMatchObject({ success: true, job: { status: 'done', kind: 'done-by-spec', prio: 'call' } });
    const many = await q.completeMany(db(), { ids: [c!.id], workerId: 'w' });
    expect(many.jobs).toMatchObject([{ id: c!.id, status: 'done', kind: 'done-by-spec', prio: 'spec' }]);
    // A queue without doneSet leaves the columns alone.
    const [d] = await add([{ kind: 'k' }]);
    await full.claim(db(), { limit: 1, workerId: 'w' });
    expect(await full.complete(db(), { id: d!.id, workerId: 'w' })).toMatchObject({
      job: { status: 'done', kind: 'k' },
    });
  });

  it('readiness: NULL only with readyWhenNull, now() is due, the future is not', async () => {
    const strict = defineQueue({ ...full.spec, readyWhenNull: false });
    await inTx(async (tx) => {
      const [nul, now, fut, old] = await tx
        .insert(jobs)
        .values([
          { kind: 'null' },
          { kind: 'now', runAt: sql`now()` as never },
          { kind: 'future', runAt: sql`now() + interval '1 minute'` as never },
          { kind: 'past', runAt: sql`now() - interval '1 minute'` as never },
        ])
        .returning();
      // now() is the transaction's start: a row made ready "now" is due in the same transaction.
      expect(ids(await strict.claim(tx, { limit: 10 })).sort()).toEqual([now!.id, old!.id].sort());
      expect(ids(await full.claim(tx, { limit: 10 }))).toEqual([nul!.id]);
      expect(fut!.status).toBe('ready');
    });
  });

  it('skips rows out of attempts (numeric limit, rounded up)', async () => {
    const q = defineQueue({ ...full.spec, maxAttempts: 1.5 });
    const [a, b, c] = await add([{ tries: 0 }, { tries: 1 }, { tries: 2 }]);
    // 1.5 means 2 tries: rows with fewer than 2 tries are claimable.
    expect(ids(await q.claim(db(), { limit: 10 }))).toEqual([a!.id, b!.id]);
    expect((await statusOf(c!.id)).status).toBe('ready');
    const unlimited = defineQueue({ ...full.spec, maxAttempts: undefined });
    expect(ids(await unlimited.claim(db(), { limit: 10 }))).toEqual([c!.id]);
  });

  it('failures column with a numeric limit: rows with failures reaching it are skipped', async () => {
    const q = defineQueue({
      table: jobs,
      columns: { id: 'id', status: 'status', failures: 'errors' },
      states,
      orderBy: ['id'],
      maxAttempts: 2,
    });
    const [a, , c] = await add([{ errors: 1 }, { errors: 2 }, { errors: 0, tries: 9 }]);
    expect(ids(await q.claim(db(), { limit: 10 }))).toEqual([a!.id, c!.id]);
  });
});

describe('claimQuery', () => {
  it('is the claim statement: SKIP LOCKED pick by order and limit, probed as one array', async () => {
    const q = defineQueue({ ...full.spec, orderBy: [{ column: 'prio', desc: true, nulls: 'last' }, 'id'] });
    const { sql: text, params } = new PgDialect().sqlToQuery(
      q.claimQuery(db(), { limit: 7.5, workerId: 'w', filters: { kind: ['a'] } }).getSQL(),
    );
    const j = '"queue_edges_test"."jobs"';
    expect(text).toBe(
      `update ${j} set "status" = $1, "tries" = case when ${j}."tries" < 2147483647 then ${j}."tries" + 1 else ${j}."tries" end, ` +
        `"locked_at" = now(), "locked_by" = $2 where ${j}."id" = any(array((select "id" from ${j} where (${j}."status" = $3 and ` +
        `(${j}."run_at" is null or ${j}."run_at" <= now()) and ${j}."tries" < $4::int8 and ${j}."kind" = any($5)) ` +
        `order by ${j}."prio" desc nulls last, ${j}."id" asc limit $6 for update skip locked))) returning "id", "status", "kind", "prio", ` +
        `"tries", "errors", "max_tries", "run_at", "locked_at", "locked_by", "last_error", "finished_at", "done_at", "failed_at", "small", ` +
        `"ss", "big", "bs", "huge", "hs", "owner", "flag", "mood", "code", "letter", "a", "b", "ab", "amount", "day"`,
    );
    // A list filter is one array literal (text every driver passes through; the server reads kind's type[]).
    expect(params).toEqual(['claimed', 'w', 'ready', 3, '{"a"}', 7]);
  });
});

describe('claim order', () => {
  const ordered = (orderBy: QueueOrder<typeof jobs>[]) =>
    defineQueue({ table: jobs, columns: { id: 'id', status: 'status' }, states, orderBy });
  const prios = ['b', null, 'c', 'a', null, 'b'];
  const claimPrios = async (q: ReturnType<typeof ordered>, limit = 10) => {
    const rows = await q.claim(db(), { limit });
    await db().update(jobs).set({ status: 'ready' });
    return rows.map((r) => [r.prio, r.id]);
  };

  it('orders the claim and the returned rows the same way, in each direction and NULL placement', async () => {
    const r = await add(prios.map((prio) => ({ prio })));
    const [b1, n1, c, a, n2, b2] = r.map((x) => x.id);
    // Ascending: NULLs last (PostgreSQL's default), ties by id descending.
    expect(await claimPrios(ordered(['prio', { column: 'id', desc: true }]))).toEqual([
      ['a', a],
      ['b', b2],
      ['b', b1],
      ['c', c],
      [null, n2],
      [null, n1],
    ]);
    // Descending: NULLs first.
    expect(await claimPrios(ordered([{ column: 'prio', desc: true }, 'id']))).toEqual([
      [null, n1],
      [null, n2],
      ['c', c],
      ['b', b1],
      ['b', b2],
      ['a', a],
    ]);
    expect(
      await claimPrios(
        ordered([
          { column: 'prio', nulls: 'first' },
          { column: 'id', desc: true },
        ]),
      ),
    ).toEqual([
      [null, n2],
      [null, n1],
      ['a', a],
      ['b', b2],
      ['b', b1],
      ['c', c],
    ]);
    expect(
      await claimPrios(
        ordered([
          { column: 'prio', desc: true, nulls: 'last' },
          { column: 'id', desc: true },
        ]),
      ),
    ).toEqual([
      ['c', c],
      ['b', b2],
      ['b', b1],
      ['a', a],
      [null, n2],
      [null, n1],
    ]);
    // The limit takes the first rows in that order.
    expect(await claimPrios(ordered([{ column: 'prio', desc: true, nulls: 'last' }, 'id']), 3)).toEqual([
      ['c', c],
      ['b', b1],
      ['b', b2],
    ]);
    expect(await claimPrios(ordered([{ column: 'prio', nulls: 'first' }, 'id']), 3)).toEqual([
      [null, n1],
      [null, n2],
      ['a', a],
    ]);
  });

  it('ranks by position in the list (others as NULL), in both directions', async () => {
    const r = await add(['low', 'x', 'high', 'mid', null, 'high'].map((prio) => ({ prio })));
    const [low, x, high1, mid, nul, high2] = r.map((j) => j.id);
    const rank = ['high', 'mid', 'low'];
    expect(await claimPrios(ordered([{ column: 'prio', rank }, 'id']))).toEqual([
      ['high', high1],
      ['high', high2],
      ['mid', mid],
      ['low', low],
      ['x', x],
      [null, nul],
    ]);
    expect(
      await claimPrios(
        ordered([
          { column: 'prio', rank, desc: true },
          { column: 'id', desc: true },
        ]),
      ),
    ).toEqual([
      [null, nul],
      ['x', x],
      ['low', low],
      ['mid', mid],
      ['high', high2],
      ['high', high1],
    ]);
    expect(await claimPrios(ordered([{ column: 'prio', rank, nulls: 'first' }, 'id']), 3)).toEqual([
      ['x', x],
      [null, nul],
      ['high', high1],
    ]);
  });
});

describe('filters and the column types they are checked against', () => {
  const q = defineQueue({ table: jobs, columns: { id: 'id', status: 'status' }, states, orderBy: ['id'] });
  const claimWith = async (filters: Record<string, unknown>) => {
    const rows = await q.claim(db(), { limit: 10, filters });
    await db().update(jobs).set({ status: 'ready' });
    return ids(rows);
  };

  it('values at the edges of each integer type match; one past them match nothing', async () => {
    const [lo, hi] = await add([
      { small: -32_768, big: -(2 ** 53 - 1), huge: -(2n ** 63n) },
      { small: 32_767, big: 2 ** 53 - 1, huge: 2n ** 63n - 1n },
    ]);
    const [edge] = await db()
      .insert(jobs)
      .values({ id: 2_147_483_647, ss: 32_767, bs: 2 ** 53 - 1, hs: 2n ** 63n - 1n })
      .returning();
    expect(await claimWith({ small: -32_768 })).toEqual([lo!.id]);
    expect(await claimWith({ small: 32_767 })).toEqual([hi!.id]);
    expect(await claimWith({ small: 32_768 })).toEqual([]);
    expect(await claimWith({ small: -32_769 })).toEqual([]);
    expect(await claimWith({ ss: 32_767 })).toEqual([edge!.id]);
    expect(await claimWith({ ss: 32_768 })).toEqual([]);
    expect(await claimWith({ id: 2_147_483_647 })).toEqual([edge!.id]);
    expect(await claimWith({ big: 2 ** 53 - 1 })).toEqual([hi!.id]);
    expect(await claimWith({ big: -(2 ** 53 - 1) })).toEqual([lo!.id]);
    expect(await claimWith({ big: 1e20 })).toEqual([]);
    expect(await claimWith({ big: -1e20 })).toEqual([]);
    expect(await claimWith({ bs: 2 ** 53 - 1 })).toEqual([edge!.id]);
    expect(await claimWith({ bs: 1e20 })).toEqual([]);
    expect(await claimWith({ huge: 2n ** 63n - 1n })).toEqual([hi!.id]);
    expect(await claimWith({ huge: -(2n ** 63n) })).toEqual([lo!.id]);
    expect(await claimWith({ huge: 2n ** 63n })).toEqual([]);
    expect(await claimWith({ huge: -(2n ** 63n) - 1n })).toEqual([]);
    expect(await claimWith({ hs: 2n ** 63n - 1n })).toEqual([edge!.id]);
    expect(await claimWith({ hs: 2n ** 64n })).toEqual([]);
    // On int8 columns a number is taken when it is a safe integer, and only then.
    expect(await claimWith({ small: 1.5, big: 1 })).toEqual([]);
    expect(await claimWith({ small: '1' })).toEqual([]);
  });

  it('int8 (bigint mode) columns take bigints and safe-integer numbers only', async () => {
    const [a, b] = await add([{ huge: 5n }, { huge: 2n ** 60n }]);
    expect(await claimWith({ huge: 5 })).toEqual([a!.id]);
    expect(await claimWith({ huge: 5.5 })).toEqual([]);
    expect(await claimWith({ huge: 2 ** 60 })).toEqual([]);
    expect(await claimWith({ huge: 2n ** 60n })).toEqual([b!.id]);
    expect(await claimWith({ huge: '5' })).toEqual([]);
    expect(await claimWith({ hs: 1.5 })).toEqual([]);
  });

  it('uuid columns take canonical uuids in any letter case, nothing else', async () => {
    const [a] = await add([{ owner: U1 }]);
    expect(await claimWith({ owner: U1.toUpperCase() })).toEqual([a!.id]);
    expect(await claimWith({ owner: `${U1.slice(0, 9)}6B5E${U1.slice(13)}` })).toEqual([a!.id]);
    for (const bad of [
      `x${U1}`,
      `${U1}x`,
      `${U1}0`,
      U1.replaceAll('-', ''),
      `{${U1}}`,
      `0${U1}`,
      `${U1.slice(0, 7)}-${U1.slice(8)}`,
      `${U1.slice(0, 13)}${U1.slice(14)}`,
      `g${U1.slice(1)}`,
      `${U1.slice(0, 9)}g${U1.slice(10)}`,
      `${U1.slice(0, 14)}g${U1.slice(15)}`,
      `${U1.slice(0, 19)}g${U1.slice(20)}`,
      `${U1.slice(0, 24)}g${U1.slice(25)}`,
      `${U1.slice(0, 35)}g`,
      `${U1.slice(0, 18)}${U1.slice(19)}`,
      `${U1.slice(0, 23)}${U1.slice(24)}`,
      `${U1.slice(0, 8)}x${U1.slice(9)}`,
      `${U1.slice(0, 35)}`,
      `${U1.slice(0, 8)}-a${U1.slice(9)}`,
      `${U1.slice(0, 13)}-a${U1.slice(14)}`,
      `${U1.slice(0, 18)}-a${U1.slice(19)}`,
      `${U1.slice(0, 23)}-a${U1.slice(24)}`,
      `${U1.slice(0, 8)}${U1.slice(10)}`,
      5,
      '',
    ])
      expect(await claimWith({ owner: bad })).toEqual([]);
  });

  it('enum, boolean and text-like columns take only values they can hold', async () => {
    const [calm, yes, coded] = await add([
      { mood: 'calm', kind: '5' },
      { flag: true, code: 'c' },
      { flag: false, code: 'k', letter: 'z' },
    ]);
    expect(await claimWith({ mood: 'calm' })).toEqual([calm!.id]);
    expect(await claimWith({ mood: 'bored' })).toEqual([]);
    // A list of labels none of which the enum has matches nothing, without reaching the database;
    // a list with a valid label is bound as one array literal the server reads as mood[].
    expect(await claimWith({ mood: ['bored', 'sad'] })).toEqual([]);
    expect(await claimWith({ mood: ['bored', 'calm'] })).toEqual([calm!.id]);
    expect(await claimWith({ mood: ['angry', null] })).toEqual([]);
    expect(await claimWith({ flag: true })).toEqual([yes!.id]);
    expect(await claimWith({ flag: false })).toEqual([coded!.id]);
    // PostgreSQL would read 'yes' and 1 as true; the engine only compares booleans.
    expect(await claimWith({ flag: 'yes' })).toEqual([]);
    expect(await claimWith({ flag: 1 })).toEqual([]);
    expect(await claimWith({ kind: 5 })).toEqual([]);
    expect(await claimWith({ kind: '5' })).toEqual([calm!.id]);
    expect(await claimWith({ code: 'k' })).toEqual([coded!.id]);
    expect(await claimWith({ code: 'k\u0000' })).toEqual([]);
    expect(await claimWith({ letter: 'z' })).toEqual([coded!.id]);
    expect(await claimWith({ letter: '\uD800' })).toEqual([]);
    expect(await claimWith({ kind: 'a\uDC00' })).toEqual([]);
    // Lists: values the column cannot hold are dropped; none left matches nothing.
    expect(await claimWith({ code: ['k\u0000', 'c', 'k'] })).toEqual([yes!.id, coded!.id]);
    expect(await claimWith({ code: ['k\u0000'] })).toEqual([]);
    expect(await claimWith({ code: [] })).toEqual([]);
    // NULL is a value every column can hold (and equals nothing).
    expect(await claimWith({ code: null })).toEqual([]);
    expect(await claimWith({ code: [null, 'c'] })).toEqual([yes!.id]);
  });

  it('a column type without a rule (numeric) takes any value as given', async () => {
    const [half, one] = await add([{ amount: '1.5' }, { amount: '1' }]);
    expect(await claimWith({ amount: 1.5 })).toEqual([half!.id]);
    expect(await claimWith({ amount: '1.50' })).toEqual([half!.id]);
    expect(await claimWith({ amount: [1, '1.5'] })).toEqual([half!.id, one!.id]);
  });

  it('date and timestamp columns take Dates of years 1 to 9999 only', async () => {
    const first = new Date('0001-01-01T00:00:00Z');
    const last = new Date('9999-12-31T00:00:00Z');
    const [d1, d2, t1, t2] = await add([{ day: first }, { day: last }, { runAt: first }, { runAt: last }]);
    expect(await claimWith({ day: first })).toEqual([d1!.id]);
    expect(await claimWith({ day: last })).toEqual([d2!.id]);
    expect(await claimWith({ day: [first, last] })).toEqual([d1!.id, d2!.id]);
    expect(await claimWith({ runAt: first })).toEqual([t1!.id]);
    expect(await claimWith({ runAt: last })).toEqual([t2!.id]);
    // A day as text is not a Date: no row, and no driver error.
    expect(await claimWith({ day: '0001-01-01' })).toEqual([]);
    expect(await claimWith({ day: ['9999-12-31'] })).toEqual([]);
    expect(await claimWith({ day: new Date('+010000-01-01T00:00:00Z') })).toEqual([]);
  });

  it('filters on other column types pass as given; boxed strings are not strings', async () => {
    const runAt = new Date('2022-02-02T00:00:00Z');
    const [a, b] = await add([
      { runAt, owner: U1, kind: 'k', code: '5', letter: '5' },
      { kind: '7', code: '7', letter: '7' },
    ]);
    expect(await claimWith({ runAt })).toEqual([a!.id]);
    // A list of Dates: one array literal of ISO texts (postgres-js under drizzle serialises no Date).
    expect(await claimWith({ runAt: [new Date(0), runAt, null] })).toEqual([a!.id]);
    expect(await claimWith({ runAt: [new Date(0)] })).toEqual([]);
    // Not a Date, an invalid Date, or a year the server cannot read back from ISO text: no row.
    for (const bad of [
      '2022-02-02T00:00:00Z',
      runAt.getTime(),
      new Date(Number.NaN),
      new Date('+010000-01-01T00:00:00Z'),
      new Date('-000001-01-01T00:00:00Z'),
    ]) {
      expect(await claimWith({ runAt: bad })).toEqual([]);
      expect(await claimWith({ runAt: [bad] })).toEqual([]);
    }
    expect(await claimWith({ runAt: ['x', runAt] })).toEqual([a!.id]);
    expect(await claimWith({ owner: new String(U1) })).toEqual([]);
    expect(await claimWith({ kind: new String('k') })).toEqual([]);
    expect(await claimWith({ code: 5 })).toEqual([]);
    expect(await claimWith({ letter: 5 })).toEqual([]);
    expect(await claimWith({ code: '7', letter: '7' })).toEqual([b!.id]);
  });

  it('undefined, alone or in a list, is NULL: it matches nothing, not the text "undefined"', async () => {
    await add([{ code: 'undefined' }, { code: 'null' }]);
    expect(await claimWith({ code: undefined })).toEqual([]);
    expect(await claimWith({ code: [undefined] })).toEqual([]);
    expect(await claimWith({ code: [null] })).toEqual([]);
  });

  it('a list with no value the column can hold is answered without a statement', async () => {
    await add([{ code: 'k' }]);
    const prepared = vi.spyOn(PgUpdateBase.prototype, 'prepare');
    // A transaction is a new handle: its statements are prepared afresh.
    await inTx(async (tx) => {
      expect(await q.claim(tx, { limit: 10, filters: { code: ['k\u0000'] } })).toEqual([]);
      expect(await q.claim(tx, { limit: 10, filters: { mood: ['bored'] } })).toEqual([]);
      expect(prepared).not.toHaveBeenCalled();
      expect(await q.claim(tx, { limit: 10, filters: { code: ['k'] } })).toHaveLength(1);
      expect(prepared).toHaveBeenCalledTimes(1);
    });
  });

  it('list values with quotes, backslashes, commas, braces and the word NULL match themselves', async () => {
    const odd = ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', ' h '];
    const rows = await add(odd.map((code) => ({ code })));
    for (const [i, code] of odd.entries()) expect(await claimWith({ code: [code] })).toEqual([rows[i]!.id]);
    expect(await claimWith({ code: odd })).toEqual(rows.map((r) => r.id));
  });

  it('prepared filters: each key set and scalar/list shape has its own statement', async () => {
    const [r1, r2, r3] = await add([
      { a: 'x', b: 'y', ab: 'z', kind: 'k1' },
      { a: 'p', b: 'q', ab: 'x', kind: 'k2' },
      { a: 'x', b: 'q', ab: 'y', kind: 'k1' },
    ]);
    expect(await claimWith({ a: 'x', b: 'y' })).toEqual([r1!.id]);
    // 'a,b' and 'ab' must not share a statement.
    expect(await claimWith({ ab: 'x' })).toEqual([r2!.id]);
    expect(await claimWith({ b: 'q', a: 'x' })).toEqual([r3!.id]);
    expect(await claimWith({ kind: 'k2' })).toEqual([r2!.id]);
    // A list after a scalar on the same key: its own statement (one binding 'k1,k3' would match nothing).
    expect(await claimWith({ kind: ['k1', 'k3'] })).toEqual([r1!.id, r3!.id]);
    expect(await claimWith({ kind: ['k2'] })).toEqual([r2!.id]);
    expect(await claimWith({ kind: 'k1' })).toEqual([r1!.id, r3!.id]);
    expect(await claimWith({})).toEqual([r1!.id, r2!.id, r3!.id]);
    // With `where` (built each call) lists are bound as one array parameter too.
    const got = await q.claim(db(), {
      limit: 10,
      filters: { kind: ['k1', 'k2'] },
      where: sql`${jobs.a} = 'x'`,
    });
    expect(ids(got)).toEqual([r1!.id, r3!.id]);
  });

  it('finishing calls are scoped by filters of either shape', async () => {
    const [a, b] = await add([{ kind: 'k1' }, { kind: 'k2' }]);
    await full.claim(db(), { limit: 10, workerId: 'w' });
    expect(await full.complete(db(), { id: b!.id, workerId: 'w', filters: { kind: ['k1', 'k3'] } })).toEqual({
      success: false,
      error: 'JOB_NOT_FOUND',
      message: 'no such job',
    });
    expect(await full.complete(db(), { id: b!.id, workerId: 'w', filters: { kind: [] } })).toMatchObject({
      error: 'JOB_NOT_FOUND',
    });
    expect(
      await full.complete(db(), { id: a!.id, workerId: 'w', filters: { kind: ['k1', 'k3'] } }),
    ).toMatchObject({ success: true, job: { id: a!.id, status: 'done' } });
    expect(await full.complete(db(), { id: b!.id, workerId: 'w', filters: { kind: 'k2' } })).toMatchObject({
      success: true,
      job: { id: b!.id, status: 'done' },
    });
  });
});

describe('complete and fail outcomes', () => {
  it('the fence messages, and a finish without workerId ignores the lock holder', async () => {
    const [a, b, c] = await add([{}, {}, {}]);
    await full.claim(db(), { limit: 10, workerId: 'w1' });
    expect(await full.complete(db(), { id: a!.id, workerId: 'w2' })).toEqual({
      success: false,
      error: 'LOCK_LOST',
      message: 'the job is not locked by this worker any more',
    });
    expect(await full.fail(db(), { id: a!.id, workerId: 'w\u0000', error: 'e' })).toEqual({
      success: false,
      error: 'LOCK_LOST',
      message: 'the job is not locked by this worker any more',
    });
    expect(await full.complete(db(), { id: 123_456, workerId: 'w1' })).toEqual({
      success: false,
      error: 'JOB_NOT_FOUND',
      message: 'no such job',
    });
    expect(await full.complete(db(), { id: a!.id })).toMatchObject({
      success: true,
      job: { status: 'done' },
    });
    expect(await full.fail(db(), { id: b!.id, error: 'e' })).toMatchObject({
      success: true,
      job: { status: 'ready' },
    });
    expect(await full.complete(db(), { id: c!.id, workerId: 'w1' })).toMatchObject({ success: true });
    const plain = defineQueue({
      table: jobs,
      columns: { id: 'id', status: 'status' },
      states,
      orderBy: ['id'],
    });
    expect(await plain.complete(db(), { id: c!.id, workerId: 'w1' })).toEqual({
      success: false,
      error: 'LOCK_LOST',
      message: 'the job is not in the claimed state',
    });
  });

  it('complete stamps finishedAt and doneAt, clears the lock, applies `set` but never over the status', async () => {
    const [a, b] = await add([{}, {}]);
    await full.claim(db(), { limit: 10, workerId: 'w' });
    const r = await full.complete(db(), { id: a!.id, workerId: 'w', set: { kind: 'out', status: 'other' } });
    expect(r).toMatchObject({
      success: true,
      job: { status: 'done', kind: 'out', lockedBy: null, lockedAt: null, failedAt: null },
    });
    const job = r.success ? r.job : ({} as Row);
    expect(job.finishedAt).toBeInstanceOf(Date);
    expect(job.doneAt).toBeInstanceOf(Date);
    const many = await full.completeMany(db(), { ids: [b!.id], workerId: 'w', set: { kind: 'many' } });
    expect(many.jobs).toMatchObject([
      { id: b!.id, status: 'done', kind: 'many', lockedBy: null, lockedAt: null },
    ]);
    expect(many.jobs[0]!.finishedAt).toBeInstanceOf(Date);
    expect(many.jobs[0]!.doneAt).toBeInstanceOf(Date);
  });

  it('a final failure stamps failedAt and finishedAt and keeps run_at; a retry clears them', async () => {
    const runAt = new Date('2020-01-01T00:00:00Z');
    const [a, b] = await add([
      { runAt, tries: 2 },
      { runAt, tries: 0 },
    ]);
    await full.claim(db(), { limit: 10, workerId: 'w' });
    const last = await full.fail(db(), {
      id: a!.id,
      workerId: 'w',
      error: 'bad',
      set: { kind: 'k', status: 'x' },
    });
    expect(last).toMatchObject({
      success: true,
      job: {
        status: 'failed',
        tries: 3,
        lastError: 'bad',
        kind: 'k',
        lockedBy: null,
        lockedAt: null,
        doneAt: null,
      },
    });
    const lj = last.success ? last.job : ({} as Row);
    expect(lj.runAt).toEqual(runAt);
    expect(lj.failedAt).toBeInstanceOf(Date);
    expect(lj.finishedAt).toBeInstanceOf(Date);
    const retry = await full.fail(db(), { id: b!.id, workerId: 'w', error: 'again' });
    expect(retry).toMatchObject({
      success: true,
      job: { status: 'ready', tries: 1, finishedAt: null, failedAt: null, lockedBy: null },
    });
  });

  it('maxAttempts rounds up and a per-call limit overrides the spec', async () => {
    const [a, b, c] = await add([{}, {}, {}]);
    await full.claim(db(), { limit: 10, workerId: 'w' });
    expect(await full.fail(db(), { id: a!.id, error: 'e', maxAttempts: 1.2 })).toMatchObject({
      job: { status: 'ready' },
    });
    expect(await full.fail(db(), { id: b!.id, error: 'e', maxAttempts: 1 })).toMatchObject({
      job: { status: 'failed' },
    });
    expect(await full.fail(db(), { id: c!.id, error: 'e', maxAttempts: 0.5 })).toMatchObject({
      job: { status: 'failed' },
    });
  });

  it('numeric and per-row limits do not share a prepared statement', async () => {
    const q = defineQueue({ ...full.spec, maxAttempts: 'maxTries' });
    await inTx(async (tx) => {
      const [a, b, c] = await tx
        .insert(jobs)
        .values([{ maxTries: 1 }, { maxTries: 5 }, { maxTries: 5 }])
        .returning();
      await q.claim(tx, { limit: 10 });
      expect(await q.fail(tx, { id: b!.id, error: 'e', maxAttempts: 1 })).toMatchObject({
        job: { status: 'failed' },
      });
      expect(await q.fail(tx, { id: a!.id, error: 'e' })).toMatchObject({ job: { status: 'failed' } });
      expect(await q.fail(tx, { id: c!.id, error: 'e' })).toMatchObject({ job: { status: 'ready' } });
    });
  });

  it('complete and fail, fenced or not, never share a prepared statement', async () => {
    await inTx(async (tx) => {
      const [a, b, c, d] = await tx.insert(jobs).values([{}, {}, {}, {}]).returning();
      await full.claim(tx, { limit: 2, workerId: 'w1' });
      await full.claim(tx, { limit: 2, workerId: 'w2' });
      expect(await full.complete(tx, { id: a!.id, workerId: 'w1' })).toMatchObject({
        job: { status: 'done' },
      });
      expect(await full.fail(tx, { id: b!.id, workerId: 'w1', error: 'e' })).toMatchObject({
        job: { status: 'ready' },
      });
      // Unfenced after fenced: no workerId, any holder.
      expect(await full.complete(tx, { id: c!.id })).toMatchObject({ job: { status: 'done' } });
      expect(await full.fail(tx, { id: d!.id, error: 'e' })).toMatchObject({ job: { status: 'ready' } });
    });
  });
});

describe('backoff', () => {
  /** Seconds from now until run_at. */
  const delayOf = (r: { success: boolean; job?: Row }) => (r.job!.runAt!.getTime() - Date.now()) / 1000;

  it('waits min(cap, base · 2^(n−1)) · [0.5, 1] for the n-th try', async () => {
    const q = defineQueue({ ...full.spec, maxAttempts: 100 });
    const rows = await add(
      [1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 1, 1].map((tries) => ({ tries: tries - 1, kind: String(tries) })),
    );
    expect(await q.claim(db(), { limit: 20, workerId: 'w' })).toHaveLength(12);
    for (const row of rows) {
      const n = row.tries + 1;
      const r = await q.fail(db(), { id: row.id, workerId: 'w', error: 'e' });
      const d = Math.min(1000, 10 * 2 ** (n - 1));
      const delay = delayOf(r);
      expect(delay).toBeGreaterThanOrEqual(d / 2 - 1);
      expect(delay).toBeLessThanOrEqual(d + 0.5);
    }
  });

  it('a try counter below 1 waits the base, counted by failures it is failures + 1', async () => {
    const [a] = await add([{}]);
    await full.claim(db(), { limit: 1, workerId: 'w' });
    await db().update(jobs).set({ tries: 0 });
    const r = await full.fail(db(), { id: a!.id, error: 'e' });
    expect(delayOf(r)).toBeGreaterThanOrEqual(4);
    expect(delayOf(r)).toBeLessThanOrEqual(10.5);

    const byFailures = defineQueue({
      table: jobs,
      columns: { id: 'id', status: 'status', failures: 'errors', readyAt: 'runAt' },
      states,
      orderBy: ['id'],
      readyWhenNull: true,
      maxAttempts: 10,
      backoff: { baseSeconds: 8, capSeconds: 10_000 },
    });
    await db().delete(jobs);
    const [b, c] = await add([{ errors: 0 }, { errors: 3 }]);
    await byFailures.claim(db(), { limit: 10 });
    const rb = await byFailures.fail(db(), { id: b!.id, error: 'e' });
    expect(rb).toMatchObject({ job: { status: 'ready', errors: 1 } });
    expect(delayOf(rb)).toBeGreaterThanOrEqual(3);
    expect(delayOf(rb)).toBeLessThanOrEqual(8.5);
    const rc = await byFailures.fail(db(), { id: c!.id, error: 'e' });
    // The 4th try: 8 · 2^3 = 64 s.
    expect(rc).toMatchObject({ job: { status: 'ready', errors: 4 } });
    expect(delayOf(rc)).toBeGreaterThanOrEqual(31);
    expect(delayOf(rc)).toBeLessThanOrEqual(64.5);
    // failures + 1 reaching the limit is final.
    const [d] = await add([{ errors: 9 }]);
    await byFailures.claim(db(), { limit: 10 });
    expect(await byFailures.fail(db(), { id: d!.id, error: 'e' })).toMatchObject({
      job: { status: 'failed', errors: 10 },
    });
  });

  it('without a counter every failure is final and the backoff is the base', async () => {
    const plain = defineQueue({
      table: jobs,
      columns: { id: 'id', status: 'status', readyAt: 'runAt' },
      states,
      orderBy: ['id'],
      readyWhenNull: true,
      maxAttempts: 5,
    });
    const [a] = await add([{}]);
    await plain.claim(db(), { limit: 1 });
    expect(await plain.fail(db(), { id: a!.id, error: 'e' })).toMatchObject({ job: { status: 'failed' } });
  });

  it('the default backoff is 5 s for the first try', async () => {
    const q = defineQueue({ ...full.spec, backoff: undefined });
    const [a] = await add([{}]);
    await q.claim(db(), { limit: 1 });
    const r = await q.fail(db(), { id: a!.id, error: 'e' });
    expect(delayOf(r)).toBeGreaterThanOrEqual(1.5);
    expect(delayOf(r)).toBeLessThanOrEqual(5.5);
  });
});

describe('error text', () => {
  const short = defineQueue({ ...full.spec, maxErrorLength: 10 });
  const stored = async (q: typeof full, error: string) => {
    const [a] = await add([{}]);
    await q.claim(db(), { limit: 1, workerId: 'w' });
    const r = await q.fail(db(), { id: a!.id, workerId: 'w', error });
    await db().delete(jobs);
    return r.success ? r.job.lastError : `not stored: ${r.error}`;
  };

  it('cuts at maxErrorLength, never inside a surrogate pair, and makes text storable', async () => {
    expect(await stored(short, '0123456789')).toBe('0123456789');
    expect(await stored(short, '0123456789A')).toBe('0123456789');
    // Exactly the limit, ending in a lone high surrogate: kept length, surrogate replaced.
    expect(await stored(short, 'abcdefghi\uD800')).toBe('abcdefghi\uFFFD');
    // A pair earlier in the text does not shorten a cut that falls elsewhere.
    expect(await stored(short, 'ab\uD83D\uDE00cdefghijk')).toBe('ab\uD83D\uDE00cdefgh');
    expect(await stored(short, 'a\uD800b\uDC00c\uDBFF\uDBFF\uDFFF')).toBe(
      'a\uFFFDb\uFFFDc\uFFFD\uDBFF\uDFFF',
    );
    expect(await stored(short, '\uDC00x\uD83D\uDE00\uDC00\u0000')).toBe('\uFFFDx\uD83D\uDE00\uFFFD\uFFFD');
    expect(await stored(short, '\u0000\u0000')).toBe('\uFFFD\uFFFD');
    expect(await stored(full, 'e'.repeat(4001))).toBe('e'.repeat(4000));
    expect(await stored(full, 'e'.repeat(4000))).toBe('e'.repeat(4000));
  });

  it('a queue defined without maxErrorLength keeps 4,000 characters; one with it keeps that many', async () => {
    const plain = defineQueue({ ...full.spec, maxErrorLength: undefined });
    expect(await stored(plain, 'e'.repeat(4001))).toBe('e'.repeat(4000));
    const five = defineQueue({ ...full.spec, maxErrorLength: 5 });
    expect(await stored(five, 'abcdefg')).toBe('abcde');
  });

  it('stores a non-string error as its text', async () => {
    expect(await stored(full, 42 as unknown as string)).toBe('42');
  });
});

describe('completeMany', () => {
  it('no ids: nothing to do; rows: false returns no rows; ids come back as given', async () => {
    expect(await full.completeMany(db(), { ids: [] })).toEqual({ jobs: [], notCompleted: [] });
    const [a, b, c] = await add([{}, {}, {}]);
    await full.claim(db(), { limit: 2, workerId: 'w' });
    const r = await full.completeMany(db(), {
      ids: [c!.id, a!.id, a!.id, 'x', b!.id],
      workerId: 'w',
      rows: false,
    });
    expect(r).toEqual({ jobs: [], notCompleted: [c!.id, 'x'] });
    expect((await statusOf(a!.id)).status).toBe('done');
    expect((await statusOf(b!.id)).status).toBe('done');
  });

  it('returns full rows after a rows: false call on the same handle, and unfenced after fenced', async () => {
    await inTx(async (tx) => {
      const [a, b, c, d] = await tx.insert(jobs).values([{}, {}, {}, {}]).returning();
      await full.claim(tx, { limit: 2, workerId: 'w1' });
      await full.claim(tx, { limit: 2, workerId: 'w2' });
      expect(await full.completeMany(tx, { ids: [a!.id], workerId: 'w1', rows: false })).toEqual({
        jobs: [],
        notCompleted: [],
      });
      const r = await full.completeMany(tx, { ids: [b!.id, c!.id], workerId: 'w1' });
      expect(r.jobs.map((j) => [j.id, j.status])).toEqual([[b!.id, 'done']]);
      expect(r.notCompleted).toEqual([c!.id]);
      // No workerId: whoever holds them.
      const u = await full.completeMany(tx, { ids: [c!.id, d!.id] });
      expect(u.jobs.map((j) => j.id).sort()).toEqual([c!.id, d!.id].sort());
      expect(u.notCompleted).toEqual([]);
    });
  });

  it('a scope no row can be in or a worker that cannot hold a lock completes nothing', async () => {
    const [a] = await add([{ owner: U1 }]);
    await full.claim(db(), { limit: 1, workerId: 'w' });
    expect(await full.completeMany(db(), { ids: [a!.id, a!.id, 'x'], filters: { owner: 'no' } })).toEqual({
      jobs: [],
      notCompleted: [a!.id, a!.id, 'x'],
    });
    expect(await full.completeMany(db(), { ids: ['x', 2 ** 40] })).toEqual({
      jobs: [],
      notCompleted: ['x', 2 ** 40],
    });
    expect(await full.completeMany(db(), { ids: [a!.id], filters: { owner: U2 } })).toEqual({
      jobs: [],
      notCompleted: [a!.id],
    });
    const r = await full.completeMany(db(), { ids: [a!.id], filters: { owner: [U2, U1.toUpperCase()] } });
    expect(r.jobs.map((j) => j.id)).toEqual([a!.id]);
  });

  it('uuid ids match whatever their letter case', async () => {
    await db()
      .insert(ujobs)
      .values([{ id: U1 }, { id: U2 }]);
    await uuidQueue.claim(db(), { limit: 10, workerId: 'w' });
    const r = await uuidQueue.completeMany(db(), { ids: [U1.toUpperCase(), U2, 'nope'], workerId: 'w' });
    expect(r.jobs.map((j) => j.id).sort()).toEqual([U1, U2]);
    expect(r.notCompleted).toEqual(['nope']);
    expect(await uuidQueue.complete(db(), { id: U1.toUpperCase(), workerId: 'w' })).toMatchObject({
      error: 'LOCK_LOST',
    });
  });
});

describe('reclaimStale', () => {
  it('returns stale locks to the queue at once with the lock-expired error, leaving fresh ones', async () => {
    const runAt = new Date('2021-06-01T00:00:00Z');
    const [stale, fresh, spent] = await add([{ runAt }, { runAt }, { runAt, tries: 2 }]);
    await full.claim(db(), { limit: 10, workerId: 'w' });
    await db()
      .update(jobs)
      .set({ lockedAt: sql`now() - interval '10 minutes'` })
      .where(sql`${jobs.id} <> ${fresh!.id}`);
    expect(await full.reclaimStale(db(), { olderThanSeconds: 601 })).toEqual([]);
    const back = await full.reclaimStale(db(), { olderThanSeconds: 599 });
    const byId = new Map(back.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual([stale!.id, spent!.id].sort());
    expect(byId.get(stale!.id)).toMatchObject({
      status: 'ready',
      runAt,
      lockedBy: null,
      lockedAt: null,
      lastError: 'lock expired: the worker stopped before finishing',
      failedAt: null,
    });
    expect(byId.get(spent!.id)).toMatchObject({ status: 'failed', tries: 3, runAt });
    expect(byId.get(spent!.id)!.failedAt).toBeInstanceOf(Date);
    expect((await statusOf(fresh!.id)).status).toBe('claimed');
    // A per-call limit overrides the spec's.
    await db()
      .update(jobs)
      .set({ lockedAt: sql`now() - interval '10 minutes'` })
      .where(sql`${jobs.id} = ${fresh!.id}`);
    expect(await full.reclaimStale(db(), { olderThanSeconds: 60, maxAttempts: 1 })).toMatchObject([
      { id: fresh!.id, status: 'failed' },
    ]);
  });

  it('clamps ages to ±1e12 s: a huge negative age reclaims fresh locks', async () => {
    await add([{}]);
    await full.claim(db(), { limit: 1, workerId: 'w' });
    expect(await full.reclaimStale(db(), { olderThanSeconds: 1e13 })).toEqual([]);
    expect(await full.reclaimStale(db(), { olderThanSeconds: Number.POSITIVE_INFINITY })).toEqual([]);
    expect(await full.reclaimStale(db(), { olderThanSeconds: Number.NEGATIVE_INFINITY })).toHaveLength(1);
  });
});

describe('prepared statements', () => {
  /** FNV-1a over UTF-16 units with 32-bit arithmetic, written with BigInt as a reference. */
  const fnv = (text: string, offset: number, prime: number) => {
    let h = BigInt(offset >>> 0);
    for (let i = 0; i < text.length; i++)
      h = ((h ^ BigInt(text.charCodeAt(i))) * BigInt(prime >>> 0)) % 2n ** 32n;
    return h.toString(16).padStart(8, '0');
  };
  const expectedName = (text: string) =>
    `org_schema_q_${fnv(text, 0x811c9dc5, 0x01000193)}${fnv(text, 0x01000193 ^ 0x5bd1e995, 0x01000193 ^ 0x2c)}`;
  const spyPrepare = () => {
    const seen: { name: string; text: string }[] = [];
    const original = PgUpdateBase.prototype.prepare;
    vi.spyOn(PgUpdateBase.prototype, 'prepare').mockImplementation(function (
      this: PgUpdateBase<any, any, any>,
      name,
    ) {
      seen.push({ name, text: this.toSQL().sql });
      return original.call(this, name);
    });
    return seen;
  };

  it('the reference hash is FNV-1a', () => {
    expect(fnv('', 0x811c9dc5, 0x01000193)).toBe('811c9dc5');
    expect(fnv('a', 0x811c9dc5, 0x01000193)).toBe('e40c292c');
    expect(fnv('foobar', 0x811c9dc5, 0x01000193)).toBe('bf9cf968');
  });

  it('prepares each shape once per handle, named by its text; where/set calls are not prepared', async () => {
    const seen = spyPrepare();
    await inTx(async (tx) => {
      const [a, b, c, d, e] = await tx.insert(jobs).values([{}, {}, {}, {}, {}]).returning();
      await full.claim(tx, { limit: 1, workerId: 'w' });
      await full.claim(tx, { limit: 1, workerId: 'w' });
      expect(seen).toHaveLength(1);
      await full.claim(tx, { limit: 1, workerId: 'w', where: sql`true` });
      await full.claim(tx, { limit: 1, workerId: 'w', set: { kind: 'k' } });
      expect(seen).toHaveLength(1);
      await full.complete(tx, { id: a!.id, workerId: 'w' });
      await full.complete(tx, { id: b!.id, workerId: 'w', set: { kind: 'x' } });
      expect(seen).toHaveLength(2);
      await full.fail(tx, { id: c!.id, workerId: 'w', error: 'e' });
      await full.fail(tx, { id: d!.id, workerId: 'w', error: 'e', set: { kind: 'x' } });
      expect(seen).toHaveLength(3);
      await tx.update(jobs).set({ status: 'claimed', lockedBy: 'w' });
      await full.completeMany(tx, { ids: [e!.id], workerId: 'w' });
      await full.completeMany(tx, { ids: [e!.id], workerId: 'w', set: { kind: 'y' } });
      expect(seen).toHaveLength(4);
      // Filters in another key order reuse the statement.
      await full.claim(tx, { limit: 1, filters: { a: 'x', b: 'y' } });
      await full.claim(tx, { limit: 1, filters: { b: 'y', a: 'x' } });
      expect(seen).toHaveLength(5);
      for (const { name, text } of seen) expect(name).toBe(expectedName(text));
      expect(new Set(seen.map((s) => s.name)).size).toBe(5);
    });
    // Another handle prepares its own.
    await full.claim(db(), { limit: 1, filters: { a: 'x', b: 'y' } });
    await full.claim(db(), { limit: 1, filters: { a: 'x', b: 'y' } });
    expect(seen).toHaveLength(6);
    expect(seen[5]!.name).toBe(seen[4]!.name);
  });

  it('a prepared statement keeps taking new values', async () => {
    await inTx(async (tx) => {
      const [a, b, c] = await tx
        .insert(jobs)
        .values([{ kind: 'k1' }, { kind: 'k2' }, { kind: 'k2' }])
        .returning();
      expect(ids(await full.claim(tx, { limit: 1, filters: { kind: ['k2'] }, workerId: 'w1' }))).toEqual([
        b!.id,
      ]);
      expect(
        ids(await full.claim(tx, { limit: 2, filters: { kind: ['k1', 'k2'] }, workerId: 'w2' })),
      ).toEqual([a!.id, c!.id]);
      const r = await full.completeMany(tx, { ids: [a!.id, b!.id], workerId: 'w2' });
      expect(r.jobs.map((j) => j.id)).toEqual([a!.id]);
      const s = await full.completeMany(tx, { ids: [b!.id, c!.id], workerId: 'w1' });
      expect(s.jobs.map((j) => j.id)).toEqual([b!.id]);
    });
  });
});

describe('more edges', () => {
  it('writes no column the queue was not given (none keyed by an absent role)', async () => {
    const bare = defineQueue({
      table: others,
      columns: { id: 'id', status: 'status' },
      states,
      orderBy: ['id'],
    });
    const locking = defineQueue({
      table: others,
      columns: { id: 'id', status: 'status', lockedAt: 'lockedAt' },
      states,
      orderBy: ['id'],
    });
    const rows = await db()
      .insert(others)
      .values([1, 2, 3, 4, 5].map(() => ({ undefined: 'keep' })))
      .returning();
    const [a, b, c, d, e] = rows.map((r) => r.id);
    expect(await bare.claim(db(), { limit: 3, workerId: 'w' })).toMatchObject([
      { id: a, status: 'claimed', undefined: 'keep' },
      { id: b, undefined: 'keep' },
      { id: c, undefined: 'keep' },
    ]);
    expect(await bare.fail(db(), { id: a!, error: 'e', workerId: 'w' })).toMatchObject({
      job: { status: 'failed', undefined: 'keep' },
    });
    expect(await bare.complete(db(), { id: b!, workerId: 'w' })).toMatchObject({
      job: { status: 'done', undefined: 'keep' },
    });
    expect((await bare.completeMany(db(), { ids: [c!], workerId: 'w' })).jobs).toMatchObject([
      { status: 'done', undefined: 'keep' },
    ]);
    expect(await locking.claim(db(), { limit: 2 })).toMatchObject([
      { id: d, undefined: 'keep' },
      { id: e, undefined: 'keep' },
    ]);
    await db().update(others).set({ lockedAt: sql`now() - interval '1 hour'` });
    expect(await locking.reclaimStale(db(), { olderThanSeconds: 60, maxAttempts: 1 })).toMatchObject([
      { status: 'failed', undefined: 'keep', lockedAt: null },
      { status: 'failed', undefined: 'keep', lockedAt: null },
    ]);
  });

  it('text ids compare case-sensitively; uuid ids of other types are simply not completed', async () => {
    const q = defineQueue({ table: tjobs, columns: { id: 'id', status: 'status' }, states, orderBy: ['id'] });
    await db()
      .insert(tjobs)
      .values([{ id: 'A' }, { id: 'a' }]);
    await q.claim(db(), { limit: 10 });
    const r = await q.completeMany(db(), { ids: ['A', 'a', 'B'] });
    expect(r.jobs.map((j) => j.id).sort()).toEqual(['A', 'a']);
    expect(r.notCompleted).toEqual(['B']);
    await db()
      .insert(ujobs)
      .values([{ id: U1 }]);
    await uuidQueue.claim(db(), { limit: 1, workerId: 'w' });
    expect(await uuidQueue.completeMany(db(), { ids: [5, U1.toUpperCase()], workerId: 'w' })).toMatchObject({
      notCompleted: [5],
      jobs: [{ id: U1 }],
    });
  });

  it('a NULL worker id claims unlocked; a zero limit answers before checking the worker id', async () => {
    const [a] = await add([{}]);
    expect(await full.claim(db(), { limit: 0, workerId: 'w\u0000' })).toEqual([]);
    expect(await full.claim(db(), { limit: 1, workerId: null as unknown as string })).toMatchObject([
      { id: a!.id, status: 'claimed', lockedBy: null },
    ]);
    // A worker id the lock column cannot hold (NUL) completes nothing and reaches no query.
    expect(await full.completeMany(db(), { ids: [a!.id], workerId: 'w\u0000' })).toEqual({
      jobs: [],
      notCompleted: [a!.id],
    });
  });

  it('a bigint counter is counted on without a cap', async () => {
    const q = defineQueue({
      table: jobs,
      columns: { id: 'id', status: 'status', attempts: 'huge' },
      states,
      orderBy: ['id'],
    });
    await add([{ huge: 5n }]);
    expect(await q.claim(db(), { limit: 1 })).toMatchObject([{ huge: 6n }]);
  });

  it('queues without a lock column prepare one statement for finishes with or without a worker id', async () => {
    const plain = defineQueue({
      table: jobs,
      columns: { id: 'id', status: 'status' },
      states,
      orderBy: ['id'],
    });
    const seen: string[] = [];
    const original = PgUpdateBase.prototype.prepare;
    vi.spyOn(PgUpdateBase.prototype, 'prepare').mockImplementation(function (
      this: PgUpdateBase<any, any, any>,
      name,
    ) {
      seen.push(name);
      return original.call(this, name);
    });
    await inTx(async (tx) => {
      const [a, b, c, d] = await tx.insert(jobs).values([{}, {}, {}, {}]).returning();
      await plain.claim(tx, { limit: 4 });
      expect(await plain.complete(tx, { id: a!.id, workerId: 'w' })).toMatchObject({ success: true });
      expect(await plain.complete(tx, { id: b!.id })).toMatchObject({ success: true });
      expect((await plain.completeMany(tx, { ids: [c!.id], workerId: 'w' })).jobs).toHaveLength(1);
      expect((await plain.completeMany(tx, { ids: [d!.id] })).jobs).toHaveLength(1);
    });
    // The claim, one complete, one completeMany.
    expect(seen).toHaveLength(3);
  });

  it('statement names are padded to 8 hex digits per half', async () => {
    /** FNV-1a (32-bit) written with BigInt. */
    const fnv = (text: string, offset: number, prime: number) => {
      let h = BigInt(offset >>> 0);
      for (let i = 0; i < text.length; i++)
        h = ((h ^ BigInt(text.charCodeAt(i))) * BigInt(prime >>> 0)) % 2n ** 32n;
      return h.toString(16).padStart(8, '0');
    };
    const seen: { name: string; text: string }[] = [];
    const original = PgUpdateBase.prototype.prepare;
    vi.spyOn(PgUpdateBase.prototype, 'prepare').mockImplementation(function (
      this: PgUpdateBase<any, any, any>,
      name,
    ) {
      seen.push({ name, text: this.toSQL().sql });
      return original.call(this, name);
    });
    const keys = Object.keys(jobs).filter(
      (k) => !['id', 'status', 'mood', 'amount', 'day', 'enableRLS'].includes(k),
    );
    await inTx(async (tx) => {
      for (const k of keys) {
        await full.claim(tx, { limit: 1, filters: { [k]: null } });
        await full.claim(tx, { limit: 1, filters: { [k]: [null] } });
      }
    });
    expect(seen).toHaveLength(keys.length * 2);
    for (const { name, text } of seen)
      expect(name).toBe(
        `org_schema_q_${fnv(text, 0x811c9dc5, 0x01000193)}${fnv(text, 0x01000193 ^ 0x5bd1e995, 0x01000193 ^ 0x2c)}`,
      );
    // Among these, names whose halves start with a zero (the padding is exercised).
    expect(seen.some(({ name }) => name[13] === '0')).toBe(true);
    expect(seen.some(({ name }) => name[21] === '0')).toBe(true);
  });
});
