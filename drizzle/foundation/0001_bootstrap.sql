-- Extensions every system may use. IF NOT EXISTS: on Supabase or a managed server they may already be there.
CREATE EXTENSION IF NOT EXISTS vector;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;
--> statement-breakpoint
-- Supabase compatibility: on Supabase these exist already and nothing here changes them.
CREATE SCHEMA IF NOT EXISTS auth;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS auth.users (id uuid PRIMARY KEY);
--> statement-breakpoint
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- created meanwhile by a migration of another database in the same cluster
      END;
    END IF;
  END LOOP;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF to_regprocedure('auth.uid()') IS NULL THEN
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
      $f$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $f$;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth.uid() TO anon, authenticated, service_role;
--> statement-breakpoint
-- One trigger function for every table with an updated_at column. The column name is the
-- trigger's argument (Bottleneck Bots spells it "updatedAt"); jsonb_populate_record sets it
-- by name and casts now() to the column's type (timestamptz or timestamp).
CREATE OR REPLACE FUNCTION org_schema.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW := jsonb_populate_record(NEW, jsonb_build_object(coalesce(TG_ARGV[0], 'updated_at'), now()));
  RETURN NEW;
END
$$;
