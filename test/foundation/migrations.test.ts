import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import { migrate } from '../../src/migrate';
import { managedPgSchemas, migrationSets } from '../../src/systems';
import { useTestDb } from '../support';

describe('migrations', () => {
  const t = useTestDb();

  it('a second migrate() is a no-op', async () => {
    const result = await migrate(t().db);
    expect(result.total).toBe(0);
    expect(Object.keys(result.applied)).toEqual(migrationSets.map((s) => s.name));
  });

  it('creates every managed schema and the extensions', async () => {
    const schemas = rowsOf<{ nspname: string }>(
      await t().db.execute(sql`select nspname from pg_namespace order by nspname`),
    ).map((r) => r.nspname);
    for (const s of [...managedPgSchemas, 'auth']) expect(schemas).toContain(s);
    const ext = rowsOf<{ extname: string }>(await t().db.execute(sql`select extname from pg_extension`)).map(
      (r) => r.extname,
    );
    expect(ext).toEqual(expect.arrayContaining(['vector', 'citext', 'pgcrypto']));
  });

  it('bootstraps the Supabase roles and auth.uid()', async () => {
    const roles = rowsOf<{ rolname: string }>(
      await t().db.execute(
        sql`select rolname from pg_roles where rolname in ('anon','authenticated','service_role') order by 1`,
      ),
    ).map((r) => r.rolname);
    expect(roles).toEqual(['anon', 'authenticated', 'service_role']);
    const uid = '3f1b6f5e-8c1a-4a57-9a55-0d6b8f7c1e21';
    const rows = await t().db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('request.jwt.claim.sub', ${uid}, true)`);
      return rowsOf<{ uid: string }>(await tx.execute(sql`select auth.uid()::text as uid`));
    });
    expect(rows[0]?.uid).toBe(uid);
  });

  it('every table with an updated_at column has the shared trigger', async () => {
    const missing = rowsOf<{ t: string }>(
      await t().db.execute(sql`
        select c.table_schema || '.' || c.table_name as t
        from information_schema.columns c
        join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
        where c.column_name in ('updated_at', 'updatedAt') and tb.table_type = 'BASE TABLE'
          and c.table_schema in (${sql.join(
            managedPgSchemas.map((s) => sql`${s}`),
            sql`, `,
          )})
          and not exists (
            select 1 from pg_trigger tr
            join pg_class cl on cl.oid = tr.tgrelid
            join pg_namespace n on n.oid = cl.relnamespace
            where n.nspname = c.table_schema and cl.relname = c.table_name and tr.tgname = 'set_updated_at'
          )
        order by 1`),
    ).map((r) => r.t);
    expect(missing).toEqual([]);
  });

  it('set_updated_at stamps the named column (updated_at, "updatedAt", any other name) and nothing else', async () => {
    const stamped = await t().db.transaction(async (tx) => {
      await tx.execute(sql`create temp table stamp_test (id int primary key, updated_at timestamptz,
        "updatedAt" timestamp, modified timestamptz, note text) on commit drop`);
      for (const [name, column] of [
        ['a', 'updated_at'],
        ['b', 'updatedAt'],
        ['c', 'modified'],
      ] as const) {
        await tx.execute(
          sql.raw(`create trigger stamp_${name} before update on stamp_test for each row
            when (new.note = '${name}') execute function org_schema.set_updated_at('${column}')`),
        );
      }
      await tx.execute(sql`insert into stamp_test (id) values (1), (2), (3)`);
      await tx.execute(
        sql`update stamp_test set note = case id when 1 then 'a' when 2 then 'b' else 'c' end`,
      );
      return rowsOf<{ id: number; a: boolean; b: boolean; c: boolean }>(
        await tx.execute(sql`select id, updated_at = now() as a, "updatedAt" = now()::timestamp as b,
          modified = now() as c from stamp_test order by id`),
      );
    });
    expect(stamped).toEqual([
      { id: 1, a: true, b: null, c: null },
      { id: 2, a: null, b: true, c: null },
      { id: 3, a: null, b: null, c: true },
    ]);
  });
});
