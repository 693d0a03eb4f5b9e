ALTER TABLE "cortex"."cortex_conversations" DROP CONSTRAINT "cortex_conversations_session_id_fkey";
--> statement-breakpoint
ALTER TABLE "cortex"."cortex_conversations" ADD CONSTRAINT "cortex_conversations_session_id_fkey" FOREIGN KEY ("session_id","user_id") REFERENCES "cortex"."cortex_sessions"("id","user_id") ON DELETE cascade ON UPDATE cascade;