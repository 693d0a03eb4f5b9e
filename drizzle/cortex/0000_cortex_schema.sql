CREATE SCHEMA "cortex";
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid,
	"action" text NOT NULL,
	"tool" text,
	"params" jsonb,
	"result" jsonb,
	"channel" text,
	"triggered_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text DEFAULT 'owner' NOT NULL,
	"channel" text NOT NULL,
	"session_key" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cortex_sessions_session_key_key" UNIQUE("session_key")
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_turns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"role" text NOT NULL,
	"content" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric(10, 6) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" text DEFAULT 'owner' NOT NULL,
	"channel" text,
	"title" text,
	"summary" text,
	"embedding" vector(1536),
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"turn_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_knowledge" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text DEFAULT 'owner' NOT NULL,
	"type" text DEFAULT 'note' NOT NULL,
	"title" text,
	"content" text NOT NULL,
	"embedding" vector(1536),
	"source" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_memory" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text DEFAULT 'owner' NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"confidence" double precision DEFAULT 0.8 NOT NULL,
	"source_conversation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cortex_memory_key_key" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_channel_configs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"channel" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cortex_channel_configs_user_id_channel_key" UNIQUE("user_id","channel")
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_oauth_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"channel" text NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text,
	"expires_at" timestamp with time zone,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cortex_oauth_tokens_user_id_channel_key" UNIQUE("user_id","channel")
);
--> statement-breakpoint
CREATE TABLE "cortex"."cortex_publish_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"turn_id" text NOT NULL,
	"user_id" text NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"content_type" text NOT NULL,
	"formatted_content" text,
	"verdict_card_url" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "cortex_publish_log_status_check" CHECK (status in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "cortex"."cortex_turns" ADD CONSTRAINT "cortex_turns_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "cortex"."cortex_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cortex"."cortex_conversations" ADD CONSTRAINT "cortex_conversations_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "cortex"."cortex_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cortex"."cortex_memory" ADD CONSTRAINT "cortex_memory_source_conversation_id_fkey" FOREIGN KEY ("source_conversation_id") REFERENCES "cortex"."cortex_conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_audit_created" ON "cortex"."cortex_audit_log" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_turns_session" ON "cortex"."cortex_turns" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_conversations_session" ON "cortex"."cortex_conversations" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "cortex_conversations_embedding_idx" ON "cortex"."cortex_conversations" USING hnsw ("embedding" vector_cosine_ops);--> statement-breakpoint
CREATE INDEX "cortex_knowledge_embedding_idx" ON "cortex"."cortex_knowledge" USING hnsw ("embedding" vector_cosine_ops);--> statement-breakpoint
CREATE INDEX "idx_channel_configs_user" ON "cortex"."cortex_channel_configs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_oauth_tokens_user_channel" ON "cortex"."cortex_oauth_tokens" USING btree ("user_id","channel");--> statement-breakpoint
CREATE INDEX "idx_publish_log_user" ON "cortex"."cortex_publish_log" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_publish_log_turn" ON "cortex"."cortex_publish_log" USING btree ("turn_id");