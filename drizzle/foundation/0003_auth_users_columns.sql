-- Off Supabase, 0001 made a stand-in auth.users with only `id`. `authUsers` from drizzle-orm/supabase
-- declares eight columns, so an app that inserts or selects through it failed with
-- `column "email" ... does not exist`. This adds the missing ones, as authUsers declares them: all
-- nullable, no default (existing rows get NULL), `phone` unique (as on Supabase: users_phone_key).
--
-- Only the stand-in is changed. 0001 leaves no marker on it (no comment; CREATE TABLE IF NOT EXISTS),
-- so it is recognised by its shape: an `id uuid` column and no column that authUsers does not declare.
-- A real Supabase auth.users also has aud, role, encrypted_password, instance_id, …, and any other
-- auth.users that was there before us is not ours either: both are left exactly as they are.
-- Not a bare `ALTER TABLE auth.users ADD COLUMN IF NOT EXISTS …`: ALTER TABLE requires owning the
-- table even when every column exists, and on Supabase auth.users belongs to supabase_auth_admin, not
-- to the role that migrates, so it would fail there (and it would change a foreign auth.users).
-- Idempotent: only columns that are missing are added; a second run finds none.
DO $$
DECLARE
  users constant regclass := to_regclass('auth.users');
  col record;
BEGIN
  IF users IS NULL
    OR NOT EXISTS (
      SELECT 1 FROM pg_attribute
      WHERE attrelid = users AND attname = 'id' AND NOT attisdropped AND atttypid = 'uuid'::regtype
    )
    OR EXISTS (
      SELECT 1 FROM pg_attribute
      WHERE attrelid = users AND attnum > 0 AND NOT attisdropped
        AND attname NOT IN ('id', 'email', 'phone', 'email_confirmed_at', 'phone_confirmed_at',
                            'last_sign_in_at', 'created_at', 'updated_at')
    )
  THEN
    RETURN;
  END IF;
  FOR col IN
    SELECT c.name, c.definition
    FROM (VALUES
      (1, 'email', 'varchar(255)'),
      (2, 'phone', 'text UNIQUE'),
      (3, 'email_confirmed_at', 'timestamp with time zone'),
      (4, 'phone_confirmed_at', 'timestamp with time zone'),
      (5, 'last_sign_in_at', 'timestamp with time zone'),
      (6, 'created_at', 'timestamp with time zone'),
      (7, 'updated_at', 'timestamp with time zone')
    ) AS c (ord, name, definition)
    WHERE NOT EXISTS (
      SELECT 1 FROM pg_attribute a WHERE a.attrelid = users AND a.attname = c.name AND NOT a.attisdropped
    )
    ORDER BY c.ord
  LOOP
    EXECUTE format('ALTER TABLE auth.users ADD COLUMN %I %s', col.name, col.definition);
  END LOOP;
END
$$;
