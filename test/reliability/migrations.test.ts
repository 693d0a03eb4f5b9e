import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { openPGlite } from '../../src/embedded';
import { migrate } from '../../src/migrate';
import { managedPgSchemas, migrationSets } from '../../src/systems';
import { backend } from '../support';

// A database that already has a life of its own before our migrations arrive: a Supabase-like
// `auth` (its own users table with more columns, its own uid(), grants as Supabase has them),
// `storage`, and `public` with tables, a view, a function, a trigger and data.
const existing = [
  `create schema if not exists auth`,
  `create table auth.users (id uuid primary key, email text unique, raw_user_meta_data jsonb default '{}', created_at timestamptz default now())`,
  `create function auth.uid() returns uuid language sql stable as $$ select coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''), (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid $$`,
  `do $$ begin
     if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin; end if;
     if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
     if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin; end if;
   end $$`,
  `grant usage on schema auth to anon, authenticated, service_role`,
  `grant execute on function auth.uid() to anon, authenticated, service_role`,
  `insert into auth.users (id, email) values ('00000000-0000-4000-8000-000000000001', 'a@example.com'), ('00000000-0000-4000-8000-000000000002', 'b@example.com')`,
  `create schema storage`,
  `create table storage.buckets (id text primary key, name text not null, public boolean default false)`,
  `create table storage.objects (id uuid primary key default gen_random_uuid(), bucket_id text references storage.buckets(id), name text, owner uuid)`,
  `insert into storage.buckets values ('avatars', 'avatars', true)`,
  `create table public.users (id serial primary key, name text not null)`,
  `create table public.jobs (id bigserial primary key, status text not null default 'new', updated_at timestamptz)`,
  `create function public.touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$`,
  `create trigger touch before update on public.jobs for each row execute function public.touch()`,
  `create view public.active_jobs as select * from public.jobs where status <> 'done'`,
  `insert into public.users (name) values ('alice'), ('bob')`,
  `insert into public.jobs (status) values ('new'), ('done')`,
];

/** Every object outside the managed schemas (extension members excluded), with its definition and ACL. */
async function outsideSnapshot(db: Database) {
  const managed = sql.join(
    [...managedPgSchemas, 'drizzle', 'pg_catalog', 'information_schema', 'pg_toast'].map((s) => sql`${s}`),
    sql`, `,
  );
  const q = (text: ReturnType<typeof sql>) =>
    db.execute(text).then((r) => rowsOf<Record<string, unknown>>(r));
  const notExt = (classid: string, oid: string) =>
    sql.raw(
      `not exists (select 1 from pg_depend d where d.classid = '${classid}'::regclass and d.objid = ${oid} and d.deptype = 'e')`,
    );
  return {
    schemas: await q(
      sql`select nspname, nspacl::text from pg_namespace where nspname not in (${managed}) and nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%' order by 1`,
    ),
    relations: await q(sql`select n.nspname, c.relname, c.relkind, c.relacl::text, c.relrowsecurity
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in (${managed}) and ${notExt('pg_class', 'c.oid')} order by 1, 2`),
    columns: await q(sql`select table_schema, table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema not in (${managed}) order by 1, 2, column_name`),
    functions:
      await q(sql`select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid) as args, p.prosrc, p.proacl::text
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in (${managed}) and ${notExt('pg_proc', 'p.oid')} order by 1, 2, 3`),
    triggers: await q(sql`select c.relname, t.tgname, pg_get_triggerdef(t.oid) as def from pg_trigger t
      join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
      where not t.tgisinternal and n.nspname not in (${managed}) order by 1, 2`),
    constraints:
      await q(sql`select conrelid::regclass::text as rel, conname, pg_get_constraintdef(oid) as def from pg_constraint
      where connamespace in (select oid from pg_namespace where nspname not in (${managed})) order by 1, 2`),
    policies: await q(
      sql`select schemaname, tablename, policyname from pg_policies where schemaname not in (${managed}) order by 1, 2, 3`,
    ),
    data: await q(sql`select
      (select json_agg(u order by id) from auth.users u)::text as auth_users,
      (select json_agg(b) from storage.buckets b)::text as buckets,
      (select json_agg(u order by id) from public.users u)::text as public_users,
      (select json_agg(j order by id) from public.jobs j)::text as public_jobs`),
  };
}

async function openFresh(): Promise<{ db: Database; close(): Promise<void> }> {
  if (backend === 'pglite') {
    const pg = await openPGlite();
    const { drizzle } = await import('drizzle-orm/pglite');
    return { db: drizzle(pg) as unknown as Database, close: () => pg.close() };
  }
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const url = process.env.TEST_DATABASE_URL!;
  const name = `t_mig_${randomBytes(5).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const client = postgres(u.toString(), { max: 2, onnotice: () => {} });
  return {
    db: drizzle(client) as unknown as Database,
    close: async () => {
      await client.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe('migrations on a database that is not empty', () => {
  let fresh: Awaited<ReturnType<typeof openFresh>>;
  let before: Awaited<ReturnType<typeof outsideSnapshot>>;
  beforeAll(async () => {
    fresh = await openFresh();
    for (const statement of existing) await fresh.db.execute(sql.raw(statement));
    before = await outsideSnapshot(fresh.db);
  }, 120_000);
  afterAll(async () => {
    await fresh?.close();
  });

  it('applies every migration and touches nothing outside the managed schemas', async () => {
    const result = await migrate(fresh.db);
    expect(result.total).toBeGreaterThan(0);
    const after = await outsideSnapshot(fresh.db);
    expect(after).toEqual(before);
    // The existing auth.uid() was kept, not replaced by the bootstrap one.
    const [fn] = rowsOf<{ src: string }>(
      await fresh.db.execute(sql`select prosrc as src from pg_proc where oid = 'auth.uid()'::regprocedure`),
    );
    expect(fn!.src).toContain('request.jwt.claims');
  }, 120_000);

  it('a second application is a no-op: nothing applied, managed schemas unchanged', async () => {
    const catalog = async () =>
      rowsOf(
        await fresh.db.execute(sql`select n.nspname, c.relname, c.relkind, c.relacl::text,
          (select count(*) from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as cols,
          (select count(*) from pg_trigger t where t.tgrelid = c.oid) as triggers
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in (${sql.join(
            [...managedPgSchemas, 'drizzle'].map((s) => sql`${s}`),
            sql`, `,
          )}) order by 1, 2`),
      );
    const managedBefore = await catalog();
    const again = await migrate(fresh.db);
    expect(again.total).toBe(0);
    expect(Object.values(again.applied)).toEqual(migrationSets.map(() => 0));
    expect(await catalog()).toEqual(managedBefore);
    expect(await outsideSnapshot(fresh.db)).toEqual(before);
  }, 120_000);
});
