import { sql } from 'drizzle-orm';
import {
  integer,
  jsonb,
  numeric as numericColumn,
  pgSchema,
  real as realColumn,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bytea } from '../../src/columns';
import { rowsOf } from '../../src/db';
import {
  columnBounds,
  dateInput,
  INT4,
  insertSchema,
  int4,
  jsonObject,
  jsonValue,
  keyText,
  MAX_DEPTH,
  numeric,
  timestampInput,
  unstorableReason,
  uuidInput,
} from '../../src/input';
import { fail, isConstraintViolation, ok, parseInput, retrying, transactionResult } from '../../src/result';
import { useTestDb } from '../support';

const ok_ = (s: z.ZodType, v: unknown) => s.safeParse(v).success;

describe('integers', () => {
  it('int4 accepts exactly the int4 range', () => {
    expect(ok_(int4(), INT4.max)).toBe(true);
    expect(ok_(int4(), INT4.min)).toBe(true);
    expect(ok_(int4(), INT4.max + 1)).toBe(false);
    expect(ok_(int4(), INT4.min - 1)).toBe(false);
    expect(ok_(int4(), 1.5)).toBe(false);
    expect(ok_(int4({ min: 1 }), 0)).toBe(false);
  });
});

describe('numeric(p, s)', () => {
  const n = numeric(10, 6); // 4 integer digits
  it('accepts strings and numbers within the integer digits, as a decimal string', () => {
    expect(n.parse('9999.999999')).toBe('9999.999999');
    expect(n.parse(12.5)).toBe('12.5');
    expect(n.parse('-0001.5')).toBe('-0001.5');
    expect(n.parse('9999.1234567')).toBe('9999.1234567'); // rounds to 9999.123457: in range
  });
  it('refuses values PostgreSQL would reject as a numeric field overflow', () => {
    for (const bad of [
      '10000',
      '99999999999',
      1e7,
      '9999.9999995',
      '1e3',
      'abc',
      '',
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ])
      expect(ok_(n, bad), String(bad)).toBe(false);
  });
});

describe('timestamps and dates', () => {
  it('timestampInput: Dates and ISO strings in years 0100–9999 (earlier years do not read back through drizzle)', () => {
    expect(timestampInput().parse('2026-11-30T12:00:00Z')).toEqual(new Date('2026-11-30T12:00:00Z'));
    expect(timestampInput().parse('2026-11-30')).toEqual(new Date('2026-11-30T00:00:00Z'));
    expect(timestampInput().parse(new Date('9999-12-31T23:59:59.999Z'))).toEqual(
      new Date('9999-12-31T23:59:59.999Z'),
    );
    for (const bad of [
      '5',
      '2026-13-45',
      '2026-02-30T00:00:00Z',
      '2026-01-01T25:00:00Z',
      new Date('+010000-01-01T00:00:00Z'),
      new Date(-62_198_755_200_000),
      new Date(Number.NaN),
      new Date('0099-12-31T23:59:59Z'),
      '0050-01-01T00:00:00Z',
      1_700_000_000_000,
    ])
      expect(ok_(timestampInput(), bad), String(bad)).toBe(false);
  });
  it('dateInput: calendar-valid YYYY-MM-DD only', () => {
    expect(ok_(dateInput(), '2024-02-29')).toBe(true);
    for (const bad of ['2025-02-29', '2026-13-45', '0000-01-01', '2026-1-1', '20260101'])
      expect(ok_(dateInput(), bad), bad).toBe(false);
  });
});

describe('uuid', () => {
  it('is canonicalised to lower case', () => {
    expect(uuidInput().parse('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe(
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    );
    expect(ok_(uuidInput(), 'not-a-uuid')).toBe(false);
  });
});

describe('JSON and the structural walk', () => {
  it('refuses BigInt, cycles, non-finite numbers and nesting past MAX_DEPTH, iteratively', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown = 1;
    for (let i = 0; i < 2_000; i++) deep = [deep];
    let deepBad: unknown = '\u0000';
    for (let i = 0; i < 120; i++) deepBad = { k: deepBad };
    expect(unstorableReason({ a: 10n })).toMatch(/BigInt/);
    expect(unstorableReason(cyclic)).toMatch(/circular/);
    expect(unstorableReason([Number.NaN])).toMatch(/non-finite/);
    expect(unstorableReason({ x: Number.POSITIVE_INFINITY })).toMatch(/non-finite/);
    expect(unstorableReason(deep)).toMatch(/deeper than 64/);
    expect(unstorableReason(deepBad)).toBeDefined();
    expect(unstorableReason({ d: new Date('+010000-01-01T00:00:00Z') })).toMatch(/0100–9999/);
    // A value referenced twice (not a cycle) is fine.
    const shared = { x: 1 };
    expect(unstorableReason({ a: shared, b: shared })).toBeUndefined();
    let atLimit: unknown = 1;
    for (let i = 0; i < MAX_DEPTH; i++) atLimit = [atLimit];
    expect(unstorableReason(atLimit)).toBeUndefined();
  });
  it('jsonValue / jsonObject accept JSON and refuse what JSON.stringify would lose', () => {
    expect(ok_(jsonValue(), { a: [1, 'x', null, true] })).toBe(true);
    expect(ok_(jsonValue(), null)).toBe(true);
    expect(ok_(jsonValue(), undefined)).toBe(false);
    expect(ok_(jsonValue(), { f: () => 1 })).toBe(false);
    expect(ok_(jsonValue(), { d: new Map() })).toBe(false);
    expect(ok_(jsonObject(), [])).toBe(false);
    expect(ok_(jsonObject(), { a: 1 })).toBe(true);
  });
});

describe('parseInput', () => {
  it('never throws: cycles, BigInt and deep arrays become INVALID_INPUT before zod sees them', () => {
    const schema = z.object({ v: z.json() });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown = 1;
    for (let i = 0; i < 5_000; i++) deep = [deep];
    for (const v of [cyclic, 10n, deep, { x: 1n }])
      expect(parseInput(schema, { v })).toMatchObject({ success: false, error: 'INVALID_INPUT' });
  });
  it('a refinement that throws is INVALID_INPUT, not a TypeError', () => {
    const schema = z.object({ s: z.unknown().refine((v) => (v as string).length > 0) });
    expect(parseInput(schema, { s: null })).toMatchObject({ success: false, error: 'INVALID_INPUT' });
  });
  it('messages stay intact however often a refusal happens (zod 4 mutates refine params)', () => {
    const schema = z.object({ v: jsonObject() });
    const first = parseInput(schema, { v: { a: Number.NaN } });
    const again = parseInput(schema, { v: { a: Number.NaN } });
    expect(first.success || first.message).toMatch(/non-finite/);
    expect(again).toEqual(first);
    expect(JSON.stringify(again)).not.toMatch(/undefined/);
  });
});

describe('keyText and column-derived bounds', () => {
  const s = pgSchema('kit_test');
  const t = s.table(
    'things',
    {
      id: uuid('id').primaryKey(),
      owner: text('owner').notNull(),
      key: text('key').notNull(),
      body: text('body'),
      amount: numericColumn('amount', { precision: 8, scale: 2 }),
      n: integer('n'),
      at: timestamp('at', { withTimezone: true }),
      meta: jsonb('meta'),
      score: realColumn('score'),
      blob: bytea('blob'),
    },
    (x) => [uniqueIndex('things_owner_key').on(x.owner, x.key)],
  );
  it('limits indexed text to its share of the index entry budget, leaves other text alone', () => {
    expect(ok_(keyText(10), 'x'.repeat(10))).toBe(true);
    expect(ok_(keyText(10), 'é'.repeat(6))).toBe(false);
    const bounds = columnBounds(t);
    expect(Object.keys(bounds).sort()).toEqual([
      'amount',
      'at',
      'blob',
      'id',
      'key',
      'meta',
      'owner',
      'score',
    ]);
    const schema = insertSchema(t);
    const base = { id: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', owner: 'o', key: 'k' };
    expect(schema.parse(base).id).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
    expect(schema.safeParse({ ...base, key: 'x'.repeat(1_300) }).success).toBe(true);
    expect(schema.safeParse({ ...base, key: 'x'.repeat(1_301) }).success).toBe(false);
    expect(schema.safeParse({ ...base, body: 'x'.repeat(100_000) }).success).toBe(true);
    expect(schema.safeParse({ ...base, amount: '1000000' }).success).toBe(false);
    expect(schema.safeParse({ ...base, n: 2 ** 31 }).success).toBe(false);
    expect(schema.safeParse({ ...base, at: new Date('+010000-01-01T00:00:00Z') }).success).toBe(false);
    expect(schema.safeParse({ ...base, meta: { a: 1n } }).success).toBe(false);
    // real: float4 overflow and underflow (22003 in PostgreSQL) are refused, 0 is fine.
    expect(schema.safeParse({ ...base, score: 1e39 }).success).toBe(false);
    expect(schema.safeParse({ ...base, score: 1e-50 }).success).toBe(false);
    expect(schema.safeParse({ ...base, score: 0 }).success).toBe(true);
    expect(schema.safeParse({ ...base, score: 0.5 }).success).toBe(true);
    // bytea: Buffers and Uint8Arrays (stored as Buffers), nothing else.
    expect(Buffer.isBuffer(schema.parse({ ...base, blob: new Uint8Array([1, 2]) }).blob)).toBe(true);
    expect(schema.safeParse({ ...base, blob: 1 }).success).toBe(false);
    expect(schema.safeParse({ ...base, blob: 'AQI=' }).success).toBe(false);
  });
});

describe('transactionResult, retrying, isConstraintViolation', () => {
  const t = useTestDb();
  it('rolls back what a failing function wrote and returns its failure', async () => {
    const { db } = t();
    await db.execute(sql`create table if not exists public.kit_rows (id int primary key)`);
    const r = await transactionResult(db, async (tx) => {
      await tx.execute(sql`insert into public.kit_rows values (1)`);
      return fail('NOPE', 'rolled back');
    });
    expect(r).toEqual({ success: false, error: 'NOPE', message: 'rolled back' });
    const s = await transactionResult(db, async (tx) => {
      await tx.execute(sql`insert into public.kit_rows values (2)`);
      return ok({ id: 2 });
    });
    expect(s).toEqual({ success: true, id: 2 });
    const rows = rowsOf<{ id: number }>(await db.execute(sql`select id from public.kit_rows order by id`));
    expect(rows.map((row) => Number(row.id))).toEqual([2]);
  });
  it('isConstraintViolation matches code and constraint through drizzle wrapping', async () => {
    const { db } = t();
    let error: unknown;
    try {
      await db.execute(sql`insert into public.kit_rows values (2)`);
    } catch (e) {
      error = e;
    }
    expect(isConstraintViolation(error, '23505')).toBe(true);
    expect(isConstraintViolation(error, '23505', 'kit_rows_pkey')).toBe(true);
    expect(isConstraintViolation(error, '23505', 'other')).toBe(false);
    expect(isConstraintViolation(error, '23503')).toBe(false);
  });
  it('retrying re-runs on 40P01/40001, returns the documented failure when exhausted, rethrows others', async () => {
    let calls = 0;
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const r = await retrying(
      async () => {
        calls++;
        throw deadlock;
      },
      () => fail('BUSY', 'gave up'),
      3,
    );
    expect(r).toEqual({ success: false, error: 'BUSY', message: 'gave up' });
    expect(calls).toBe(3);
    let n = 0;
    expect(
      await retrying<{ success: boolean; n?: number }>(
        async () => {
          if (++n < 2) throw Object.assign(new Error('x'), { code: '40001' });
          return ok({ n });
        },
        () => fail('BUSY', 'gave up'),
      ),
    ).toEqual({ success: true, n: 2 });
    await expect(
      retrying(
        async () => {
          throw Object.assign(new Error('other'), { code: '23505' });
        },
        () => fail('BUSY', 'x'),
      ),
    ).rejects.toThrow('other');
  });
});
