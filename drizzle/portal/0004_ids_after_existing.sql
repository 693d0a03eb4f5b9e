-- Issue 18: generated ids (TASK-…, TECH-…, BIZ-…) never collide with rows that already exist:
-- imported, restored, or inserted with an explicit id. The sequences only ever move forward.
-- OR REPLACE / idempotent statements: `org-schema push-setup` replays this file (src/push.ts).
--
-- The number of an id `<prefix>-<digits>` (leading zeros allowed, at most 18 digits: a bigint),
-- NULL for any other text.
CREATE OR REPLACE FUNCTION portal.seq_id_number(prefix text, id text) RETURNS bigint LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN id ~ ('^' || prefix || '-[0-9]{1,18}$') THEN substr(id, length(prefix) + 2)::bigint END $$;
--> statement-breakpoint
-- Moves `seq` forward so that its next value is above `top`; never backwards. Up to 10,000 numbers
-- ahead it takes one nextval per number (concurrent callers keep getting distinct values; the
-- numbers taken here become gaps). Further ahead it sets the value, serialised per sequence by a
-- transaction-scoped advisory lock and re-checked under it, so one jumper never undoes another.
CREATE OR REPLACE FUNCTION portal.advance_id_seq(seq regclass, top bigint) RETURNS void LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  last bigint;
BEGIN
  EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s', seq) INTO last;
  IF top IS NULL OR last >= top THEN
    RETURN;
  END IF;
  IF top - last <= 10000 THEN
    PERFORM max(nextval(seq)) FROM generate_series(1, top - last);
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('org_schema.portal.advance_id_seq'), hashtext(seq::text));
  EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM %s', seq) INTO last;
  IF last < top THEN
    PERFORM setval(seq, top);
  END IF;
END
$$;
--> statement-breakpoint
-- The next free id of a prefix: nextval, formatted. A candidate that is taken belongs to rows the
-- trigger below never saw (restored with triggers disabled, or there before this migration): the
-- sequence then jumps past the highest number of the prefix, and the next value is free.
CREATE OR REPLACE FUNCTION portal.next_free_seq_id(tbl regclass, seq regclass, prefix text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  candidate text;
  taken boolean;
  top bigint;
BEGIN
  LOOP
    candidate := portal.format_seq_id(prefix, nextval(seq));
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE id = $1)', tbl) INTO taken USING candidate;
    EXIT WHEN NOT taken;
    EXECUTE format('SELECT max(portal.seq_id_number(%L, id)) FROM %s', prefix, tbl) INTO top;
    PERFORM portal.advance_id_seq(seq, top);
  END LOOP;
  RETURN candidate;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION portal.next_task_id() RETURNS text LANGUAGE sql VOLATILE AS
$$ SELECT portal.next_free_seq_id('portal.tasks', 'portal.tasks_id_seq', 'TASK') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION portal.next_decision_id(kind text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF kind = 'TECH' THEN
    RETURN portal.next_free_seq_id('portal.decisions', 'portal.decisions_tech_id_seq', 'TECH');
  ELSIF kind = 'BIZ' THEN
    RETURN portal.next_free_seq_id('portal.decisions', 'portal.decisions_biz_id_seq', 'BIZ');
  END IF;
  RAISE EXCEPTION 'decision kind must be TECH or BIZ, got %', kind USING ERRCODE = '22023';
END
$$;
--> statement-breakpoint
-- Trigger: a row written with an id above its sequence (an import, a restore, a re-keyed row)
-- moves the sequence past it at once, before the row is even committed, so ids generated from
-- then on follow it. Arguments: pairs of (prefix, sequence).
CREATE OR REPLACE FUNCTION portal.advance_id_seqs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 0 .. TG_NARGS - 1 BY 2 LOOP
    PERFORM portal.advance_id_seq(TG_ARGV[i + 1]::regclass, portal.seq_id_number(TG_ARGV[i], NEW.id));
  END LOOP;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER advance_id_seq BEFORE INSERT OR UPDATE OF id ON portal.tasks
  FOR EACH ROW EXECUTE FUNCTION portal.advance_id_seqs('TASK', 'portal.tasks_id_seq');
--> statement-breakpoint
CREATE OR REPLACE TRIGGER advance_id_seq BEFORE INSERT OR UPDATE OF id ON portal.decisions
  FOR EACH ROW EXECUTE FUNCTION portal.advance_id_seqs('TECH', 'portal.decisions_tech_id_seq', 'BIZ', 'portal.decisions_biz_id_seq');
--> statement-breakpoint
-- Rows already in the table (imported before this migration) count too.
SELECT portal.advance_id_seq('portal.tasks_id_seq', (SELECT max(portal.seq_id_number('TASK', id)) FROM portal.tasks));
--> statement-breakpoint
SELECT portal.advance_id_seq('portal.decisions_tech_id_seq', (SELECT max(portal.seq_id_number('TECH', id)) FROM portal.decisions));
--> statement-breakpoint
SELECT portal.advance_id_seq('portal.decisions_biz_id_seq', (SELECT max(portal.seq_id_number('BIZ', id)) FROM portal.decisions));
