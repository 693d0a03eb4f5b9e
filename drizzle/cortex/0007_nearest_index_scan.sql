-- The HNSW index scan of matchKnowledge / matchConversations as one function per table (issue 20),
-- so that a search is one statement: the settings the scan needs are the function's own. A SET
-- clause applies its settings while the body is planned and run and puts the caller's back when the
-- function returns, in or out of a transaction:
-- - enable_seqscan off: the planner reads it while planning, so it cannot be set by the statement
--   that needs it (on small tables the planner would sort a seq scan instead of using the index);
-- - hnsw.iterative_scan relaxed_order: the scan goes past hnsw.ef_search candidates until `n` rows
--   pass the filters (pgvector reads it while scanning);
-- - hnsw.ef_search: the caller's value (1–1000), set first in the body (SET LOCAL; pgvector reads it
--   when the scan starts); the clause's 40 only makes the function restore the caller's value.
-- Rows in index order (relaxed: the caller sorts); a NULL filter filters nothing.
CREATE OR REPLACE FUNCTION cortex.cortex_knowledge_nearest(q vector(1536), n integer, ef integer, filter_type text, filter_user_id text)
RETURNS TABLE (id uuid, title text, content text, type text, distance double precision)
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET hnsw.iterative_scan = relaxed_order SET hnsw.ef_search = 40
AS $$
BEGIN
  PERFORM set_config('hnsw.ef_search', ef::text, true);
  RETURN QUERY SELECT k.id, k.title, k.content, k.type, k.embedding <=> q FROM cortex.cortex_knowledge k
    WHERE (filter_type IS NULL OR k.type = filter_type) AND (filter_user_id IS NULL OR k.user_id = filter_user_id)
    ORDER BY k.embedding <=> q LIMIT n;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cortex.cortex_conversations_nearest(q vector(1536), n integer, ef integer, filter_user_id text)
RETURNS TABLE (id uuid, title text, summary text, distance double precision)
LANGUAGE plpgsql VOLATILE
SET enable_seqscan = off SET hnsw.iterative_scan = relaxed_order SET hnsw.ef_search = 40
AS $$
BEGIN
  PERFORM set_config('hnsw.ef_search', ef::text, true);
  RETURN QUERY SELECT c.id, c.title, c.summary, c.embedding <=> q FROM cortex.cortex_conversations c
    WHERE (filter_user_id IS NULL OR c.user_id = filter_user_id)
    ORDER BY c.embedding <=> q LIMIT n;
END $$;
