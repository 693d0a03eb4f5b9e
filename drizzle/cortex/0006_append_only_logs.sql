-- Append-only logs (issue 18): the turn log, the audit log and the publish log keep their history.
-- A BEFORE trigger on each refuses what would rewrite it, for every role, the table owner included
-- (only the owner can switch a trigger off: ALTER TABLE … DISABLE TRIGGER, for deliberate maintenance).
-- Refusals are SQLSTATE 55000 (object_not_in_prerequisite_state), message
-- '<schema>.<table> is append-only: <UPDATE|DELETE|TRUNCATE> is not allowed', with the trigger's name
-- as the error's constraint. TRUNCATE is refused too: it would empty the table without a row trigger.
--
-- cortex_turns: never updated; a turn is deleted only with its session (the documented
-- cortex_turns_session_id_fkey ON DELETE CASCADE). When the cascade deletes a turn, its session is
-- already gone; a direct DELETE always finds the session (the foreign key), so it is refused.
CREATE OR REPLACE FUNCTION cortex.cortex_turns_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM cortex.cortex_sessions s WHERE s.id = OLD.session_id) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = TG_NAME,
          SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
          HINT = 'a turn is removed only with its session (ON DELETE CASCADE)';
END $$;
--> statement-breakpoint
CREATE TRIGGER cortex_turns_append_only BEFORE UPDATE OR DELETE ON cortex.cortex_turns
  FOR EACH ROW EXECUTE FUNCTION cortex.cortex_turns_append_only();
--> statement-breakpoint
CREATE TRIGGER cortex_turns_append_only_truncate BEFORE TRUNCATE ON cortex.cortex_turns
  FOR EACH STATEMENT EXECUTE FUNCTION cortex.cortex_turns_append_only();
--> statement-breakpoint
-- cortex_audit_log: never updated, never deleted (no foreign key: audit rows outlive their session).
CREATE OR REPLACE FUNCTION cortex.cortex_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = TG_NAME,
          SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
END $$;
--> statement-breakpoint
CREATE TRIGGER cortex_audit_log_append_only BEFORE UPDATE OR DELETE ON cortex.cortex_audit_log
  FOR EACH ROW EXECUTE FUNCTION cortex.cortex_audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER cortex_audit_log_append_only_truncate BEFORE TRUNCATE ON cortex.cortex_audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION cortex.cortex_audit_log_append_only();
--> statement-breakpoint
-- cortex_publish_log: one row per publish attempt, never deleted. Its documented lifecycle is the one
-- change allowed (markPublished / markPublishFailed): while an entry is queued, status, sent_at and
-- error_message may change; every other column never changes, and a sent or failed entry is final.
CREATE OR REPLACE FUNCTION cortex.cortex_publish_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.status = 'queued'
       AND to_jsonb(NEW) - ARRAY['status', 'sent_at', 'error_message']
         = to_jsonb(OLD) - ARRAY['status', 'sent_at', 'error_message'] THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '%.% is append-only: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = TG_NAME,
          SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME,
          HINT = 'only a queued entry changes, and only its status, sent_at and error_message';
END $$;
--> statement-breakpoint
CREATE TRIGGER cortex_publish_log_append_only BEFORE UPDATE OR DELETE ON cortex.cortex_publish_log
  FOR EACH ROW EXECUTE FUNCTION cortex.cortex_publish_log_append_only();
--> statement-breakpoint
CREATE TRIGGER cortex_publish_log_append_only_truncate BEFORE TRUNCATE ON cortex.cortex_publish_log
  FOR EACH STATEMENT EXECUTE FUNCTION cortex.cortex_publish_log_append_only();
--> statement-breakpoint
-- The Supabase roles (created by the foundation bootstrap when missing) get no right to rewrite the
-- logs, should a deployment have granted them one: no-ops where nothing was granted. UPDATE on the
-- publish log stays with whoever has it (the publishing worker finishes entries); the trigger limits it.
REVOKE UPDATE, DELETE, TRUNCATE ON cortex.cortex_turns, cortex.cortex_audit_log FROM anon, authenticated, service_role;
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON cortex.cortex_publish_log FROM anon, authenticated, service_role;
