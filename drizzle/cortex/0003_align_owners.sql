-- Owner isolation (issue 14): rows written before the owner checks (0004, 0005) are aligned
-- first. An archived conversation belongs to its session's user.
UPDATE cortex.cortex_conversations c SET user_id = s.user_id
  FROM cortex.cortex_sessions s
 WHERE s.id = c.session_id AND c.user_id <> s.user_id;
--> statement-breakpoint
-- A fact whose source is another user's conversation loses the reference (as if it were deleted).
UPDATE cortex.cortex_memory m SET source_conversation_id = NULL
  FROM cortex.cortex_conversations c
 WHERE c.id = m.source_conversation_id AND c.user_id <> m.user_id;
