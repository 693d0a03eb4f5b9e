import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql, TransactionRollbackError } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { authUsers } from 'drizzle-orm/supabase';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { expectPgError, useTestDb } from '../support';

// Off Supabase the foundation's stand-in auth.users must carry every column drizzle-orm/supabase's
// authUsers declares (0001 creates it with id only, 0003 adds the rest), and 0003 must leave any
// other auth.users (a real Supabase one) alone.

const migration0003 = readFileSync(
  join(import.meta.dirname, '..', '..', 'drizzle', 'foundation', '0003_auth_users_columns.sql'),
  'utf8',
)
  .split('--> statement-breakpoint')
  .filter((s) => s.trim());

/** The columns of auth.users, in table order, with their SQL types and nullability. */
async function authUsersColumns(db: Database) {
  return rowsOf<{ name: string; type: string; notNull: boolean }>(
    await db.execute(sql`
      select attname as name, format_type(atttypid, atttypmod) as type, attnotnull as "notNull"
      from pg_attribute where attrelid = 'auth.users'::regclass and attnum > 0 and not attisdropped
      order by attnum`),
  );
}

async function run0003(db: Database): Promise<void> {
  for (const statement of migration0003) await db.execute(sql.raw(statement));
}

const declared = [
  { name: 'id', type: 'uuid', notNull: true },
  { name: 'email', type: 'character varying(255)', notNull: false },
  { name: 'phone', type: 'text', notNull: false },
  { name: 'email_confirmed_at', type: 'timestamp with time zone', notNull: false },
  { name: 'phone_confirmed_at', type: 'timestamp with time zone', notNull: false },
  { name: 'last_sign_in_at', type: 'timestamp with time zone', notNull: false },
  { name: 'created_at', type: 'timestamp with time zone', notNull: false },
  { name: 'updated_at', type: 'timestamp with time zone', notNull: false },
];

describe('auth.users stand-in', () => {
  const t = useTestDb();

  /** Runs fn in a transaction that is always rolled back, so the shared database is unchanged. */
  async function rolledBack<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    let result: T | undefined;
    const outcome = await t()
      .db.transaction(async (tx) => {
        result = await fn(tx as unknown as Database);
        tx.rollback();
      })
      .then(
        () => 'committed',
        (error: unknown) => error,
      );
    if (!(outcome instanceof TransactionRollbackError)) throw outcome;
    return result as T;
  }

  it('has exactly the columns authUsers declares, with its types, all but id nullable', async () => {
    const columns = await authUsersColumns(t().db);
    expect(columns.map((c) => c.name)).toEqual(getTableConfig(authUsers).columns.map((c) => c.name));
    const fromSchema = rowsOf<{ column_name: string }>(
      await t().db.execute(sql`select column_name from information_schema.columns
        where table_schema = 'auth' and table_name = 'users' order by ordinal_position`),
    ).map((r) => r.column_name);
    expect(fromSchema).toEqual(getTableConfig(authUsers).columns.map((c) => c.name));
    expect(columns).toEqual(declared);
  });

  it('inserts every declared column through authUsers and reads the exact row back', async () => {
    const row = {
      id: '7d0c4f4e-2b1a-4c8e-9f3d-5a6b7c8d9e01',
      email: 'ada@example.com',
      phone: '+15555550100',
      emailConfirmedAt: new Date('2026-01-02T03:04:05.678Z'),
      phoneConfirmedAt: new Date('2026-02-03T04:05:06.789Z'),
      lastSignInAt: new Date('2026-03-04T05:06:07.891Z'),
      createdAt: new Date('2025-12-31T23:59:59.999Z'),
      updatedAt: new Date('2026-04-05T06:07:08.912Z'),
    };
    await t().db.insert(authUsers).values(row);
    const back = await t().db.select().from(authUsers).where(eq(authUsers.id, row.id));
    expect(back).toEqual([row]);

    // Only id is required: the rest is nullable, with no default.
    const bare = 'c9a1e2f3-4b5c-4d6e-8f70-8192a3b4c5d6';
    await t().db.insert(authUsers).values({ id: bare });
    expect(await t().db.select().from(authUsers).where(eq(authUsers.id, bare))).toEqual([
      {
        id: bare,
        email: null,
        phone: null,
        emailConfirmedAt: null,
        phoneConfirmedAt: null,
        lastSignInAt: null,
        createdAt: null,
        updatedAt: null,
      },
    ]);
  });

  it('phone is unique, as authUsers declares (users_phone_key)', async () => {
    await rolledBack(async (tx) => {
      await tx
        .insert(authUsers)
        .values({ id: 'a1b2c3d4-0000-4000-8000-000000000001', phone: '+15555550199' });
      await expectPgError(
        tx.insert(authUsers).values({ id: 'a1b2c3d4-0000-4000-8000-000000000002', phone: '+15555550199' }),
        '23505',
        'users_phone_key',
      );
    });
  });

  it('upgrades the id-only stand-in of 0001 in place, keeping its rows; a second run changes nothing', async () => {
    const result = await rolledBack(async (tx) => {
      // Back to the shape 0001 creates, with rows inserted the way the quorum fixtures do.
      for (const c of declared.slice(1))
        await tx.execute(sql.raw(`alter table auth.users drop column ${c.name}`));
      await tx.execute(sql`delete from auth.users`);
      await tx.execute(sql`insert into auth.users (id) values
        ('00000000-0000-4000-8000-0000000000a1'), ('00000000-0000-4000-8000-0000000000a2')`);
      const before = await authUsersColumns(tx);
      await run0003(tx);
      const once = await authUsersColumns(tx);
      await run0003(tx);
      const twice = await authUsersColumns(tx);
      const rows = await tx.select().from(authUsers).orderBy(authUsers.id);
      return { before, once, twice, rows };
    });
    expect(result.before).toEqual([declared[0]]);
    expect(result.once).toEqual(declared);
    expect(result.twice).toEqual(declared);
    const empty = {
      email: null,
      phone: null,
      emailConfirmedAt: null,
      phoneConfirmedAt: null,
      lastSignInAt: null,
      createdAt: null,
      updatedAt: null,
    };
    expect(result.rows).toEqual([
      { id: '00000000-0000-4000-8000-0000000000a1', ...empty },
      { id: '00000000-0000-4000-8000-0000000000a2', ...empty },
    ]);
  });

  it('adds only the missing columns to a partly upgraded stand-in', async () => {
    const columns = await rolledBack(async (tx) => {
      await tx.execute(sql`alter table auth.users drop column phone, drop column last_sign_in_at`);
      await run0003(tx);
      return authUsersColumns(tx);
    });
    // Re-added columns go last; names and types are what authUsers declares.
    expect(columns).toEqual([
      ...declared.filter((c) => c.name !== 'phone' && c.name !== 'last_sign_in_at'),
      declared.find((c) => c.name === 'phone'),
      declared.find((c) => c.name === 'last_sign_in_at'),
    ]);
  });

  it('leaves an auth.users that is not the stand-in as it is, without even altering it (Supabase)', async () => {
    const result = await rolledBack(async (tx) => {
      await tx.execute(sql`alter table auth.users rename to users_stand_in`);
      // Supabase's shape, abridged: every authUsers column plus columns only Supabase has.
      await tx.execute(sql`create table auth.users (instance_id uuid, id uuid primary key, aud varchar(255),
        email varchar(255), encrypted_password varchar(255), phone text unique default null,
        email_confirmed_at timestamptz, phone_confirmed_at timestamptz, last_sign_in_at timestamptz,
        created_at timestamptz, updated_at timestamptz)`);
      const supabase = await authUsersColumns(tx);
      // On Supabase the migrating role does not own auth.users: any ALTER TABLE would fail (42501).
      await tx.execute(sql`set local role authenticated`);
      await run0003(tx);
      await tx.execute(sql`reset role`);
      const supabaseAfter = await authUsersColumns(tx);

      // Any other table that was there first (here: an app's own, missing authUsers columns).
      await tx.execute(sql`drop table auth.users`);
      await tx.execute(sql`create table auth.users (id uuid primary key, raw_user_meta_data jsonb)`);
      const other = await authUsersColumns(tx);
      await run0003(tx);
      const otherAfter = await authUsersColumns(tx);

      // An id that is not a uuid is not the stand-in either.
      await tx.execute(sql`drop table auth.users`);
      await tx.execute(sql`create table auth.users (id bigint primary key)`);
      await run0003(tx);
      const bigintAfter = await authUsersColumns(tx);
      return { supabase, supabaseAfter, other, otherAfter, bigintAfter };
    });
    expect(result.supabase.map((c) => c.name)).toEqual([
      'instance_id',
      'id',
      'aud',
      'email',
      'encrypted_password',
      'phone',
      'email_confirmed_at',
      'phone_confirmed_at',
      'last_sign_in_at',
      'created_at',
      'updated_at',
    ]);
    expect(result.supabaseAfter).toEqual(result.supabase);
    expect(result.other).toEqual([
      { name: 'id', type: 'uuid', notNull: true },
      { name: 'raw_user_meta_data', type: 'jsonb', notNull: false },
    ]);
    expect(result.otherAfter).toEqual(result.other);
    expect(result.bigintAfter).toEqual([{ name: 'id', type: 'bigint', notNull: true }]);
  });
});
