-- Owner isolation (issue 14): a fact's source conversation must be the fact's user's. A trigger
-- rather than a foreign key through user_id: that key would need a unique index on
-- cortex_conversations (id, user_id), which the planner then uses instead of the HNSW index for
-- user-filtered vector searches. Another user's conversation is refused like a missing one
-- (SQLSTATE 23503, constraint cortex_memory_source_owner); a missing one is left to
-- cortex_memory_source_conversation_id_fkey.
CREATE OR REPLACE FUNCTION cortex.cortex_memory_source_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.source_conversation_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM cortex.cortex_conversations c
     WHERE c.id = NEW.source_conversation_id AND c.user_id IS DISTINCT FROM NEW.user_id
  ) THEN
    RAISE EXCEPTION 'cortex_memory: source conversation % is not a conversation of user %',
      NEW.source_conversation_id, NEW.user_id
      USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'cortex_memory_source_owner',
            SCHEMA = 'cortex', TABLE = 'cortex_memory';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER cortex_memory_source_owner BEFORE INSERT OR UPDATE OF source_conversation_id, user_id
  ON cortex.cortex_memory FOR EACH ROW EXECUTE FUNCTION cortex.cortex_memory_source_owner();
--> statement-breakpoint
-- The other direction, like ON UPDATE CASCADE: a conversation that changes user (with its session,
-- through cortex_conversations_session_id_fkey) takes the facts that cite it along.
CREATE OR REPLACE FUNCTION cortex.cortex_conversations_owner_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cortex.cortex_memory SET user_id = NEW.user_id
   WHERE source_conversation_id = NEW.id AND user_id IS DISTINCT FROM NEW.user_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER cortex_conversations_owner_moved AFTER UPDATE OF user_id ON cortex.cortex_conversations
  FOR EACH ROW WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION cortex.cortex_conversations_owner_moved();
