import { sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import { keyOf, missingValidators, primaryKeyOf, roundTrip, strayValidators } from '../fixtures/round-trip';
import { expectPgError, useTestDb } from '../support';
import {
  documentedForeignKeys,
  documentedIndexes,
  documentedTables,
  documentedUniqueColumns,
} from './documented';
import { bottleneck, registry } from './registry';
import { foreignKeysOf, freshParentIds, nextSalt, sampleRow, topoOrder } from './sample';

const order = topoOrder();
const pkColumn = (name: string): PgColumn => primaryKeyOf(registry[name]!.table).column;

describe('bottleneck tables match the reference document', () => {
  const t = useTestDb();

  it('has exactly the 86 documented tables, each registered with validators', async () => {
    const rows = rowsOf<{ relname: string }>(
      await t().db.execute(
        sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'bottleneck' and c.relkind = 'r' order by 1`,
      ),
    );
    const documented = Object.keys(documentedTables).sort();
    expect(documented).toHaveLength(86);
    expect(rows.map((r) => r.relname)).toEqual(documented);
    expect(Object.keys(registry).sort()).toEqual(documented);
    expect(missingValidators(bottleneck)).toEqual([]);
    expect(strayValidators(bottleneck)).toEqual([]);
  });

  it('every column has the documented name, type, nullability and default', async () => {
    const rows = rowsOf<{ tbl: string; col: string; type: string; notnull: boolean; def: string | null }>(
      await t().db.execute(sql`
        select c.relname as tbl, a.attname as col, format_type(a.atttypid, a.atttypmod) as type,
               a.attnotnull as notnull, pg_get_expr(d.adbin, d.adrelid) as def
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where n.nspname = 'bottleneck' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        order by c.relname, a.attnum`),
    );
    const norm = (v: string | null) => {
      if (v === null) return null;
      let s = v.replace(/::[a-z ]+(\(\d+(,\d+)?\))?(\[\])?/g, '').replace(/^'(.*)'$/, '$1');
      if (s === 'random()' || s === 'gen_random_uuid()') s = 'uuid';
      if (/^nextval\(/.test(s)) s = 'serial';
      if (/^-?\d+(\.\d+)?$/.test(s)) s = String(Number(s));
      return s.replace(/\s/g, '');
    };
    for (const [table, cols] of Object.entries(documentedTables)) {
      const actual = rows.filter((r) => r.tbl === table);
      const extra = table === 'documentation_chunks' ? ['embedding'] : [];
      expect(
        actual.map((r) => r.col),
        table,
      ).toEqual([...cols.map((c) => c[0]), ...extra]);
      for (const [name, type, notNull, def] of cols) {
        const a = actual.find((r) => r.col === name)!;
        expect({ table, name, type: a.type, notNull: a.notnull }).toEqual({ table, name, type, notNull });
        const expected = norm(def);
        const got = norm(a.def);
        if (got === 'serial') expect(type).toBe('integer');
        else
          expect({ table, name, def: got }).toEqual({
            table,
            name,
            def: expected === 'now()' ? 'now()' : expected,
          });
      }
    }
  });

  it('every documented index exists with its columns and uniqueness', async () => {
    const rows = rowsOf<{ name: string; tbl: string; cols: string; uniq: boolean }>(
      await t().db.execute(sql`
        select i.relname as name, c.relname as tbl, ix.indisunique as uniq,
               (select string_agg(a.attname, ',' order by k.ord) from unnest(ix.indkey) with ordinality k(attnum, ord)
                join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum) as cols
        from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_class c on c.oid = ix.indrelid
        join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'bottleneck'`),
    );
    let count = 0;
    for (const [table, idxs] of Object.entries(documentedIndexes)) {
      for (const idx of idxs) {
        const found = rows.find((r) => r.name === idx.name);
        expect(found, idx.name).toBeDefined();
        // Deviations: user_memory is documented one-to-one with users; daily summaries are upserted per (userId, date).
        const unique =
          idx.unique || ['user_memory_user_id_idx', 'daily_cost_summaries_user_date_idx'].includes(idx.name);
        expect(found).toEqual({ name: idx.name, tbl: table, cols: idx.cols.join(','), uniq: unique });
        count++;
      }
    }
    expect(count).toBe(110);
  });

  it('every documented UNIQUE column is unique', async () => {
    const rows = rowsOf<{ tbl: string; cols: string }>(
      await t().db.execute(sql`
        select c.relname as tbl,
               (select string_agg(a.attname, ',') from unnest(ix.indkey) k(attnum)
                join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum) as cols
        from pg_index ix join pg_class c on c.oid = ix.indrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'bottleneck' and ix.indisunique`),
    );
    for (const [table, cols] of Object.entries(documentedUniqueColumns)) {
      for (const col of cols) expect(rows, `${table}.${col}`).toContainEqual({ tbl: table, cols: col });
    }
  });

  it('every documented foreign key exists with its ON DELETE action, and no other', async () => {
    const rows = rowsOf<{ tbl: string; col: string; parent: string; action: string }>(
      await t().db.execute(sql`
        select c.relname as tbl, a.attname as col, p.relname as parent,
               case con.confdeltype when 'c' then 'cascade' when 'n' then 'set null' when 'a' then 'no action' else con.confdeltype::text end as action
        from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_class p on p.oid = con.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = con.conkey[1]
        where n.nspname = 'bottleneck' and con.contype = 'f' order by 1, 2`),
    );
    const expected = Object.entries(documentedForeignKeys)
      .flatMap(([tbl, fks]) => fks.map((f) => ({ tbl, col: f.col, parent: f.table, action: f.onDelete })))
      .sort((a, b) => (a.tbl + a.col < b.tbl + b.col ? -1 : a.tbl + a.col > b.tbl + b.col ? 1 : 0));
    expect(rows).toEqual(expected);
  });
});

describe('bottleneck round trip through the validators (every table)', () => {
  const t = useTestDb();
  const ids: Record<string, number> = {};
  const firstRows: Record<string, Record<string, unknown>> = {};

  it.each(order)('%s: insert schema → insert → select → select schema', async (name) => {
    const row = sampleRow(name, ids);
    const { inserted } = await roundTrip(t().db, registry[name]!, row);
    const pkKey = primaryKeyOf(registry[name]!.table).key;
    if (typeof inserted[pkKey] === 'number') ids[name] = inserted[pkKey] as number;
    firstRows[name] = row;
  });

  it('the insert schemas reject documented value lists and ranges', () => {
    expect(
      registry.browser_sessions!.insert.safeParse({ userId: 1, sessionId: 's', status: 'paused' }).success,
    ).toBe(false);
    expect(
      registry.browser_sessions!.insert.safeParse({ userId: 1, sessionId: 's', status: 'expired' }).success,
    ).toBe(true);
    expect(registry.seo_reports!.insert.safeParse({ userId: 1, url: 'u', score: 101 }).success).toBe(false);
    expect(registry.users!.insert.safeParse({ email: 'not-an-email' }).success).toBe(false);
    expect(
      registry.user_webhooks!.insert.safeParse({
        userId: 1,
        channelType: 'sms',
        channelName: 'n',
        channelOrder: 4,
      }).success,
    ).toBe(false);
    expect(registry.sop_executions!.update.safeParse({ rating: 0 }).success).toBe(false);
  });

  it.each(order.filter((n) => documentedTables[n]!.some((c) => c[0] === 'updatedAt')))(
    '%s: the trigger keeps updatedAt current',
    async (name) => {
      const { table } = registry[name]!;
      const col = (table as unknown as Record<string, PgColumn>).updatedAt!;
      const pk = pkColumn(name);
      const old = new Date('2001-01-01T00:00:00Z');
      const [row] = (await t()
        .db.update(table)
        .set({ updatedAt: old } as never)
        .where(sql`${pk} = ${ids[name]}`)
        .returning({ u: col })) as { u: Date }[];
      expect(row!.u.getTime()).toBeGreaterThan(Date.parse('2020-01-01'));
    },
  );

  it.each(order.filter((n) => foreignKeysOf(registry[n]!.table).length > 0))(
    '%s: every foreign key rejects a missing parent',
    async (name) => {
      const { table } = registry[name]!;
      for (const fk of foreignKeysOf(table)) {
        const row = {
          ...sampleRow(name, await freshParentIds(t().db, name), nextSalt()),
          [fk.column]: 987654,
        };
        await expectPgError(
          t()
            .db.insert(table)
            .values(row as never),
          '23503',
          fk.name,
        );
      }
    },
  );

  it.each(order)('%s: every NOT NULL column without default rejects null', async (name) => {
    const { table } = registry[name]!;
    const required = getTableConfig(table).columns.filter((c) => c.notNull && !c.hasDefault && !c.primary);
    for (const col of required) {
      const key = keyOf(table, col);
      const row = { ...sampleRow(name, await freshParentIds(t().db, name), nextSalt()), [key]: null };
      await expectPgError(
        t()
          .db.insert(table)
          .values(row as never),
        '23502',
      );
    }
  });

  it.each(
    order.filter((n) => {
      const cfg = getTableConfig(registry[n]!.table);
      return cfg.uniqueConstraints.length + cfg.indexes.filter((i) => i.config.unique).length > 0;
    }),
  )('%s: every unique constraint rejects a duplicate', async (name) => {
    const { table } = registry[name]!;
    const cfg = getTableConfig(table);
    const uniques = [
      ...cfg.uniqueConstraints.map((u) => ({ name: u.getName(), cols: u.columns as PgColumn[] })),
      ...cfg.indexes
        .filter((i) => i.config.unique)
        .map((i) => ({ name: i.config.name!, cols: i.config.columns as PgColumn[] })),
    ];
    for (const u of uniques) {
      const row = sampleRow(name, await freshParentIds(t().db, name), nextSalt());
      for (const col of u.cols) {
        const key = keyOf(table, col);
        row[key] = firstRows[name]![key];
      }
      await expectPgError(
        t()
          .db.insert(table)
          .values(row as never),
        '23505',
        u.name,
      );
    }
  });

  it('a minimal row (required columns only) gets the documented defaults', async () => {
    const { table } = registry.subscription_tiers!;
    const [row] = await t()
      .db.insert(table)
      .values(sampleRow('subscription_tiers', ids, 6, { requiredOnly: true }) as never)
      .returning();
    expect(row).toMatchObject({
      setupFeeCents: 0,
      weeklyPremiumPercent: 15,
      sixMonthDiscountPercent: 5,
      annualDiscountPercent: 10,
      maxExecutionDurationMinutes: 60,
      features: {},
      allowedStrategies: ['auto'],
      sortOrder: 0,
      isActive: true,
      isPopular: false,
      metadata: null,
    });
  });
});
