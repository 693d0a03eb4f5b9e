CREATE SCHEMA "ownpilot";
--> statement-breakpoint
CREATE TABLE "ownpilot"."agents" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"system_prompt" text,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agents_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."goal_steps" (
	"id" text PRIMARY KEY NOT NULL,
	"goal_id" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"order_num" integer NOT NULL,
	"dependencies" jsonb DEFAULT '[]'::jsonb,
	"result" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "goal_steps_status_check" CHECK ("status" IN ('pending', 'in_progress', 'completed', 'blocked', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."goals" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"priority" integer DEFAULT 5 NOT NULL,
	"parent_id" text,
	"due_date" text,
	"progress" real DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	CONSTRAINT "goals_status_check" CHECK ("status" IN ('active', 'paused', 'completed', 'abandoned')),
	CONSTRAINT "goals_priority_check" CHECK ("priority" >= 1 AND "priority" <= 10),
	CONSTRAINT "goals_progress_check" CHECK ("progress" >= 0 AND "progress" <= 100)
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."memories" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"type" text NOT NULL,
	"content" text NOT NULL,
	"embedding" "bytea",
	"source" text,
	"source_id" text,
	"importance" real DEFAULT 0.5 NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"accessed_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accessed_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	CONSTRAINT "memories_type_check" CHECK ("type" IN ('fact', 'preference', 'conversation', 'event', 'skill')),
	CONSTRAINT "memories_importance_check" CHECK ("importance" >= 0 AND "importance" <= 1)
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."plan_history" (
	"id" text PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"step_id" text,
	"event_type" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_history_event_type_check" CHECK ("event_type" IN ('started', 'step_started', 'step_completed', 'step_failed', 'paused', 'resumed', 'completed', 'failed', 'cancelled', 'checkpoint'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."plan_steps" (
	"id" text PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"order_num" integer NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"dependencies" jsonb DEFAULT '[]'::jsonb,
	"result" jsonb,
	"error" text,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"max_retries" integer DEFAULT 3 NOT NULL,
	"timeout_ms" integer,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"duration_ms" integer,
	"on_success" jsonb,
	"on_failure" jsonb,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	CONSTRAINT "plan_steps_type_check" CHECK ("type" IN ('tool_call', 'llm_decision', 'user_input', 'condition', 'parallel', 'loop', 'sub_plan')),
	CONSTRAINT "plan_steps_status_check" CHECK ("status" IN ('pending', 'running', 'completed', 'failed', 'skipped', 'blocked', 'waiting'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."plans" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"goal" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"current_step" integer DEFAULT 0 NOT NULL,
	"total_steps" integer DEFAULT 0 NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"priority" integer DEFAULT 5 NOT NULL,
	"source" text,
	"source_id" text,
	"trigger_id" text,
	"goal_id" text,
	"autonomy_level" integer DEFAULT 1 NOT NULL,
	"max_retries" integer DEFAULT 3 NOT NULL,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"timeout_ms" integer,
	"checkpoint" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	CONSTRAINT "plans_status_check" CHECK ("status" IN ('pending', 'running', 'paused', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "plans_progress_check" CHECK ("progress" >= 0 AND "progress" <= 100),
	CONSTRAINT "plans_priority_check" CHECK ("priority" >= 1 AND "priority" <= 10),
	CONSTRAINT "plans_autonomy_level_check" CHECK ("autonomy_level" >= 0 AND "autonomy_level" <= 4)
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."trigger_history" (
	"id" text PRIMARY KEY NOT NULL,
	"trigger_id" text NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"result" jsonb,
	"error" text,
	"duration_ms" integer,
	CONSTRAINT "trigger_history_status_check" CHECK ("status" IN ('success', 'failure', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"type" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"action" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"priority" integer DEFAULT 5 NOT NULL,
	"last_fired" timestamp with time zone,
	"next_fire" timestamp with time zone,
	"fire_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "triggers_type_check" CHECK ("type" IN ('schedule', 'event', 'condition', 'webhook')),
	CONSTRAINT "triggers_priority_check" CHECK ("priority" >= 1 AND "priority" <= 10)
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."channel_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"external_id" text,
	"direction" text NOT NULL,
	"sender_id" text,
	"sender_name" text,
	"content" text NOT NULL,
	"content_type" text DEFAULT 'text' NOT NULL,
	"attachments" jsonb,
	"reply_to_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_messages_direction_check" CHECK ("direction" IN ('inbound', 'outbound'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."channels" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'disconnected' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"connected_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"title" text,
	"agent_id" text,
	"agent_name" text,
	"provider" text,
	"model" text,
	"system_prompt" text,
	"message_count" integer DEFAULT 0 NOT NULL,
	"is_archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."messages" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"provider" text,
	"model" text,
	"tool_calls" jsonb,
	"tool_call_id" text,
	"trace" jsonb,
	"is_error" boolean DEFAULT false NOT NULL,
	"input_tokens" integer,
	"output_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_role_check" CHECK ("role" IN ('system', 'user', 'assistant', 'tool'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."config_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"service_name" text NOT NULL,
	"label" text DEFAULT 'Default' NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."config_services" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"display_name" text NOT NULL,
	"category" text DEFAULT 'general' NOT NULL,
	"description" text,
	"docs_url" text,
	"config_schema" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"multi_entry" boolean DEFAULT false NOT NULL,
	"required_by" jsonb DEFAULT '[]'::jsonb,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "config_services_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."costs" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"conversation_id" text,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"total_tokens" integer DEFAULT 0 NOT NULL,
	"input_cost" double precision DEFAULT 0 NOT NULL,
	"output_cost" double precision DEFAULT 0 NOT NULL,
	"total_cost" double precision DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."custom_data" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_data_user_id_key_key" UNIQUE("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."custom_data_records" (
	"id" text PRIMARY KEY NOT NULL,
	"table_id" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."custom_table_schemas" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"display_name" text NOT NULL,
	"description" text,
	"columns" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_table_schemas_name_key" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."custom_tools" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"code" text NOT NULL,
	"category" text,
	"status" text DEFAULT 'active' NOT NULL,
	"permissions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"created_by" text DEFAULT 'user' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"required_api_keys" jsonb DEFAULT '[]'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_tools_user_id_name_key" UNIQUE("user_id","name"),
	CONSTRAINT "custom_tools_status_check" CHECK ("status" IN ('active', 'disabled', 'pending_approval', 'rejected')),
	CONSTRAINT "custom_tools_created_by_check" CHECK ("created_by" IN ('user', 'llm'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."media_provider_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"capability" text NOT NULL,
	"provider" text NOT NULL,
	"model" text,
	"config" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_provider_settings_user_id_capability_key" UNIQUE("user_id","capability"),
	CONSTRAINT "media_provider_settings_capability_check" CHECK ("capability" IN ('image_generation', 'vision', 'tts', 'stt', 'weather'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."oauth_integrations" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"provider" text NOT NULL,
	"service" text NOT NULL,
	"access_token_encrypted" text NOT NULL,
	"refresh_token_encrypted" text,
	"token_iv" text NOT NULL,
	"expires_at" timestamp with time zone,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"email" text,
	"status" text DEFAULT 'active' NOT NULL,
	"last_sync_at" timestamp with time zone,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_integrations_user_id_provider_service_key" UNIQUE("user_id","provider","service"),
	CONSTRAINT "oauth_integrations_status_check" CHECK ("status" IN ('active', 'expired', 'revoked', 'error'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."local_models" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"local_provider_id" text NOT NULL,
	"model_id" text NOT NULL,
	"display_name" text NOT NULL,
	"capabilities" jsonb DEFAULT '["chat", "streaming"]'::jsonb NOT NULL,
	"context_window" integer DEFAULT 32768,
	"max_output" integer DEFAULT 4096,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "local_models_user_id_local_provider_id_model_id_key" UNIQUE("user_id","local_provider_id","model_id")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."local_providers" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"provider_type" text NOT NULL,
	"base_url" text NOT NULL,
	"api_key" text,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"discovery_endpoint" text,
	"last_discovered_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "local_providers_provider_type_check" CHECK ("provider_type" IN ('lmstudio', 'ollama', 'localai', 'vllm', 'custom'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."request_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"conversation_id" text,
	"type" text NOT NULL,
	"provider" text,
	"model" text,
	"endpoint" text,
	"method" text DEFAULT 'POST' NOT NULL,
	"request_body" jsonb,
	"response_body" jsonb,
	"status_code" integer,
	"input_tokens" integer,
	"output_tokens" integer,
	"total_tokens" integer,
	"duration_ms" integer,
	"error" text,
	"error_stack" text,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_logs_type_check" CHECK ("type" IN ('chat', 'completion', 'embedding', 'tool', 'agent', 'other'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."custom_providers" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"provider_id" text NOT NULL,
	"display_name" text NOT NULL,
	"api_base_url" text,
	"api_key_setting" text,
	"provider_type" text DEFAULT 'openai_compatible' NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "custom_providers_user_id_provider_id_key" UNIQUE("user_id","provider_id"),
	CONSTRAINT "custom_providers_provider_type_check" CHECK ("provider_type" IN ('openai_compatible', 'custom'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."user_model_configs" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"provider_id" text NOT NULL,
	"model_id" text NOT NULL,
	"display_name" text,
	"capabilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"pricing_input" real,
	"pricing_output" real,
	"context_window" integer,
	"max_output" integer,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"is_custom" boolean DEFAULT false NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_model_configs_user_id_provider_id_model_id_key" UNIQUE("user_id","provider_id","model_id")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."user_provider_configs" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"provider_id" text NOT NULL,
	"base_url" text,
	"provider_type" text,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"api_key_env" text,
	"notes" text,
	"config" jsonb DEFAULT '{}'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_provider_configs_user_id_provider_id_key" UNIQUE("user_id","provider_id")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."bookmarks" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"url" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"favicon" text,
	"category" text,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"is_favorite" boolean DEFAULT false NOT NULL,
	"visit_count" integer DEFAULT 0 NOT NULL,
	"last_visited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."calendar_events" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"location" text,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone,
	"all_day" boolean DEFAULT false NOT NULL,
	"timezone" text DEFAULT 'UTC',
	"recurrence" text,
	"reminder_minutes" integer,
	"category" text,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"color" text,
	"external_id" text,
	"external_source" text,
	"attendees" jsonb DEFAULT '[]'::jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."captures" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"content" text NOT NULL,
	"type" text DEFAULT 'thought' NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"source" text,
	"url" text,
	"processed" boolean DEFAULT false NOT NULL,
	"processed_as_type" text,
	"processed_as_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "captures_type_check" CHECK ("type" IN ('idea', 'thought', 'todo', 'link', 'quote', 'snippet', 'question', 'other')),
	CONSTRAINT "captures_processed_as_type_check" CHECK ("processed_as_type" IS NULL OR "processed_as_type" IN ('note', 'task', 'bookmark', 'discarded'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"nickname" text,
	"email" text,
	"phone" text,
	"company" text,
	"job_title" text,
	"avatar" text,
	"birthday" text,
	"address" text,
	"notes" text,
	"relationship" text,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"is_favorite" boolean DEFAULT false NOT NULL,
	"external_id" text,
	"external_source" text,
	"social_links" jsonb DEFAULT '{}'::jsonb,
	"custom_fields" jsonb DEFAULT '{}'::jsonb,
	"last_contacted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."notes" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"content_type" text DEFAULT 'markdown' NOT NULL,
	"category" text,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"is_pinned" boolean DEFAULT false NOT NULL,
	"is_archived" boolean DEFAULT false NOT NULL,
	"color" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."projects" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"color" text,
	"icon" text,
	"status" text DEFAULT 'active' NOT NULL,
	"due_date" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_status_check" CHECK ("status" IN ('active', 'completed', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."reminders" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"remind_at" timestamp with time zone NOT NULL,
	"recurrence" text,
	"is_completed" boolean DEFAULT false NOT NULL,
	"related_type" text,
	"related_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"due_date" text,
	"due_time" text,
	"reminder_at" timestamp with time zone,
	"category" text,
	"tags" jsonb DEFAULT '[]'::jsonb,
	"parent_id" text,
	"project_id" text,
	"recurrence" text,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_status_check" CHECK ("status" IN ('pending', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "tasks_priority_check" CHECK ("priority" IN ('low', 'normal', 'high', 'urgent'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."plugins" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" text DEFAULT '1.0.0' NOT NULL,
	"status" text DEFAULT 'enabled' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"granted_permissions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_message" text,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plugins_status_check" CHECK ("status" IN ('enabled', 'disabled', 'error'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."habit_logs" (
	"id" text PRIMARY KEY NOT NULL,
	"habit_id" text NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"date" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"notes" text,
	"logged_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "habit_logs_habit_id_date_key" UNIQUE("habit_id","date")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."habits" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"frequency" text DEFAULT 'daily' NOT NULL,
	"target_days" jsonb DEFAULT '[]'::jsonb,
	"target_count" integer DEFAULT 1 NOT NULL,
	"unit" text,
	"category" text,
	"color" text,
	"icon" text,
	"reminder_time" text,
	"is_archived" boolean DEFAULT false NOT NULL,
	"streak_current" integer DEFAULT 0 NOT NULL,
	"streak_longest" integer DEFAULT 0 NOT NULL,
	"total_completions" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "habits_frequency_check" CHECK ("frequency" IN ('daily', 'weekly', 'weekdays', 'custom'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."pomodoro_daily_stats" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"date" text NOT NULL,
	"completed_sessions" integer DEFAULT 0 NOT NULL,
	"total_work_minutes" integer DEFAULT 0 NOT NULL,
	"total_break_minutes" integer DEFAULT 0 NOT NULL,
	"interruptions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "pomodoro_daily_stats_user_id_date_key" UNIQUE("user_id","date")
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."pomodoro_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text DEFAULT 'default' NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"task_description" text,
	"duration_minutes" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"interrupted_at" timestamp with time zone,
	"interruption_reason" text,
	CONSTRAINT "pomodoro_sessions_type_check" CHECK ("type" IN ('work', 'short_break', 'long_break')),
	CONSTRAINT "pomodoro_sessions_status_check" CHECK ("status" IN ('running', 'completed', 'interrupted'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."pomodoro_settings" (
	"user_id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"work_duration" integer DEFAULT 25 NOT NULL,
	"short_break_duration" integer DEFAULT 5 NOT NULL,
	"long_break_duration" integer DEFAULT 15 NOT NULL,
	"sessions_before_long_break" integer DEFAULT 4 NOT NULL,
	"auto_start_breaks" boolean DEFAULT false NOT NULL,
	"auto_start_work" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."code_executions" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"container_id" text,
	"language" text NOT NULL,
	"code_hash" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"stdout" text,
	"stderr" text,
	"exit_code" integer,
	"error" text,
	"execution_time_ms" integer,
	"memory_used_mb" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "code_executions_language_check" CHECK ("language" IN ('python', 'javascript', 'shell')),
	CONSTRAINT "code_executions_status_check" CHECK ("status" IN ('pending', 'running', 'completed', 'failed', 'timeout', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."user_containers" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"user_id" text NOT NULL,
	"container_id" text NOT NULL,
	"image" text NOT NULL,
	"status" text DEFAULT 'starting' NOT NULL,
	"memory_mb" integer DEFAULT 512 NOT NULL,
	"cpu_cores" real DEFAULT 0.5 NOT NULL,
	"network_policy" text DEFAULT 'none' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"memory_peak_mb" integer DEFAULT 0,
	"cpu_time_ms" integer DEFAULT 0,
	"network_bytes_in" integer DEFAULT 0,
	"network_bytes_out" integer DEFAULT 0,
	CONSTRAINT "user_containers_container_id_key" UNIQUE("container_id"),
	CONSTRAINT "user_containers_status_check" CHECK ("status" IN ('stopped', 'starting', 'running', 'stopping', 'error'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."user_workspaces" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"storage_path" text NOT NULL,
	"container_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"container_id" text,
	"container_status" text DEFAULT 'stopped' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone,
	CONSTRAINT "user_workspaces_status_check" CHECK ("status" IN ('active', 'suspended', 'deleted')),
	CONSTRAINT "user_workspaces_container_status_check" CHECK ("container_status" IN ('stopped', 'starting', 'running', 'stopping', 'error'))
);
--> statement-breakpoint
CREATE TABLE "ownpilot"."workspace_audit" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"workspace_id" text,
	"action" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource" text,
	"success" boolean DEFAULT true NOT NULL,
	"error" text,
	"ip_address" text,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_audit_action_check" CHECK ("action" IN ('create', 'read', 'write', 'delete', 'execute', 'start', 'stop')),
	CONSTRAINT "workspace_audit_resource_type_check" CHECK ("resource_type" IN ('workspace', 'file', 'container', 'execution'))
);
--> statement-breakpoint
ALTER TABLE "ownpilot"."goal_steps" ADD CONSTRAINT "goal_steps_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "ownpilot"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."goals" ADD CONSTRAINT "goals_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "ownpilot"."goals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."plan_history" ADD CONSTRAINT "plan_history_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "ownpilot"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."plan_history" ADD CONSTRAINT "plan_history_step_id_fkey" FOREIGN KEY ("step_id") REFERENCES "ownpilot"."plan_steps"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."plan_steps" ADD CONSTRAINT "plan_steps_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "ownpilot"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."plans" ADD CONSTRAINT "plans_trigger_id_fkey" FOREIGN KEY ("trigger_id") REFERENCES "ownpilot"."triggers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."plans" ADD CONSTRAINT "plans_goal_id_fkey" FOREIGN KEY ("goal_id") REFERENCES "ownpilot"."goals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."trigger_history" ADD CONSTRAINT "trigger_history_trigger_id_fkey" FOREIGN KEY ("trigger_id") REFERENCES "ownpilot"."triggers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."channel_messages" ADD CONSTRAINT "channel_messages_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "ownpilot"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."conversations" ADD CONSTRAINT "conversations_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "ownpilot"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "ownpilot"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."costs" ADD CONSTRAINT "costs_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "ownpilot"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."custom_data_records" ADD CONSTRAINT "custom_data_records_table_id_fkey" FOREIGN KEY ("table_id") REFERENCES "ownpilot"."custom_table_schemas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."local_models" ADD CONSTRAINT "local_models_local_provider_id_fkey" FOREIGN KEY ("local_provider_id") REFERENCES "ownpilot"."local_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."request_logs" ADD CONSTRAINT "request_logs_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "ownpilot"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."tasks" ADD CONSTRAINT "tasks_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "ownpilot"."tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."habit_logs" ADD CONSTRAINT "habit_logs_habit_id_fkey" FOREIGN KEY ("habit_id") REFERENCES "ownpilot"."habits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."code_executions" ADD CONSTRAINT "code_executions_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "ownpilot"."user_workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."user_containers" ADD CONSTRAINT "user_containers_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "ownpilot"."user_workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_goal_steps_goal" ON "ownpilot"."goal_steps" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "idx_goal_steps_status" ON "ownpilot"."goal_steps" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_goals_user" ON "ownpilot"."goals" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_goals_status" ON "ownpilot"."goals" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_goals_priority" ON "ownpilot"."goals" USING btree ("priority" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_goals_parent" ON "ownpilot"."goals" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "idx_memories_user" ON "ownpilot"."memories" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_memories_type" ON "ownpilot"."memories" USING btree ("type");--> statement-breakpoint
CREATE INDEX "idx_memories_importance" ON "ownpilot"."memories" USING btree ("importance" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_memories_created" ON "ownpilot"."memories" USING btree ("created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_memories_accessed" ON "ownpilot"."memories" USING btree ("accessed_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_plan_history_plan" ON "ownpilot"."plan_history" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "idx_plan_history_created" ON "ownpilot"."plan_history" USING btree ("created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_plan_steps_plan" ON "ownpilot"."plan_steps" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "idx_plan_steps_status" ON "ownpilot"."plan_steps" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_plan_steps_order" ON "ownpilot"."plan_steps" USING btree ("plan_id","order_num");--> statement-breakpoint
CREATE INDEX "idx_plans_user" ON "ownpilot"."plans" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_plans_status" ON "ownpilot"."plans" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_plans_priority" ON "ownpilot"."plans" USING btree ("priority" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_plans_goal" ON "ownpilot"."plans" USING btree ("goal_id");--> statement-breakpoint
CREATE INDEX "idx_plans_trigger" ON "ownpilot"."plans" USING btree ("trigger_id");--> statement-breakpoint
CREATE INDEX "idx_trigger_history_trigger" ON "ownpilot"."trigger_history" USING btree ("trigger_id");--> statement-breakpoint
CREATE INDEX "idx_trigger_history_fired" ON "ownpilot"."trigger_history" USING btree ("fired_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_triggers_user" ON "ownpilot"."triggers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_triggers_type" ON "ownpilot"."triggers" USING btree ("type");--> statement-breakpoint
CREATE INDEX "idx_triggers_enabled" ON "ownpilot"."triggers" USING btree ("enabled");--> statement-breakpoint
CREATE INDEX "idx_triggers_next_fire" ON "ownpilot"."triggers" USING btree ("next_fire");--> statement-breakpoint
CREATE INDEX "idx_channel_messages_channel" ON "ownpilot"."channel_messages" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "idx_channel_messages_created" ON "ownpilot"."channel_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_conversations_user" ON "ownpilot"."conversations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_conversations_updated" ON "ownpilot"."conversations" USING btree ("updated_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_conversations_archived" ON "ownpilot"."conversations" USING btree ("is_archived");--> statement-breakpoint
CREATE INDEX "idx_messages_conversation" ON "ownpilot"."messages" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "idx_messages_created" ON "ownpilot"."messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_messages_role" ON "ownpilot"."messages" USING btree ("role");--> statement-breakpoint
CREATE INDEX "idx_config_entries_service" ON "ownpilot"."config_entries" USING btree ("service_name");--> statement-breakpoint
CREATE INDEX "idx_config_entries_active" ON "ownpilot"."config_entries" USING btree ("is_active");--> statement-breakpoint
CREATE UNIQUE INDEX "idx_config_entries_default" ON "ownpilot"."config_entries" USING btree ("service_name") WHERE is_default = TRUE;--> statement-breakpoint
CREATE INDEX "idx_config_services_name" ON "ownpilot"."config_services" USING btree ("name");--> statement-breakpoint
CREATE INDEX "idx_config_services_category" ON "ownpilot"."config_services" USING btree ("category");--> statement-breakpoint
CREATE INDEX "idx_config_services_active" ON "ownpilot"."config_services" USING btree ("is_active");--> statement-breakpoint
CREATE INDEX "idx_costs_provider" ON "ownpilot"."costs" USING btree ("provider");--> statement-breakpoint
CREATE INDEX "idx_costs_created" ON "ownpilot"."costs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_costs_conversation" ON "ownpilot"."costs" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "idx_custom_tools_user" ON "ownpilot"."custom_tools" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_custom_tools_name" ON "ownpilot"."custom_tools" USING btree ("user_id","name");--> statement-breakpoint
CREATE INDEX "idx_custom_tools_status" ON "ownpilot"."custom_tools" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_custom_tools_created_by" ON "ownpilot"."custom_tools" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "idx_custom_tools_category" ON "ownpilot"."custom_tools" USING btree ("category");--> statement-breakpoint
CREATE INDEX "idx_media_provider_settings_user" ON "ownpilot"."media_provider_settings" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_media_provider_settings_capability" ON "ownpilot"."media_provider_settings" USING btree ("user_id","capability");--> statement-breakpoint
CREATE INDEX "idx_oauth_integrations_user" ON "ownpilot"."oauth_integrations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_oauth_integrations_provider" ON "ownpilot"."oauth_integrations" USING btree ("user_id","provider");--> statement-breakpoint
CREATE INDEX "idx_oauth_integrations_service" ON "ownpilot"."oauth_integrations" USING btree ("user_id","provider","service");--> statement-breakpoint
CREATE INDEX "idx_oauth_integrations_status" ON "ownpilot"."oauth_integrations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_local_models_provider" ON "ownpilot"."local_models" USING btree ("local_provider_id");--> statement-breakpoint
CREATE INDEX "idx_local_models_enabled" ON "ownpilot"."local_models" USING btree ("is_enabled");--> statement-breakpoint
CREATE INDEX "idx_local_providers_user" ON "ownpilot"."local_providers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_local_providers_enabled" ON "ownpilot"."local_providers" USING btree ("is_enabled");--> statement-breakpoint
CREATE INDEX "idx_local_providers_default" ON "ownpilot"."local_providers" USING btree ("is_default");--> statement-breakpoint
CREATE INDEX "idx_request_logs_user" ON "ownpilot"."request_logs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_request_logs_conversation" ON "ownpilot"."request_logs" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "idx_request_logs_type" ON "ownpilot"."request_logs" USING btree ("type");--> statement-breakpoint
CREATE INDEX "idx_request_logs_created" ON "ownpilot"."request_logs" USING btree ("created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_request_logs_error" ON "ownpilot"."request_logs" USING btree ("error");--> statement-breakpoint
CREATE INDEX "idx_custom_providers_user" ON "ownpilot"."custom_providers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_custom_providers_enabled" ON "ownpilot"."custom_providers" USING btree ("is_enabled");--> statement-breakpoint
CREATE INDEX "idx_user_model_configs_user" ON "ownpilot"."user_model_configs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_user_model_configs_provider" ON "ownpilot"."user_model_configs" USING btree ("user_id","provider_id");--> statement-breakpoint
CREATE INDEX "idx_user_model_configs_enabled" ON "ownpilot"."user_model_configs" USING btree ("is_enabled");--> statement-breakpoint
CREATE INDEX "idx_user_provider_configs_user" ON "ownpilot"."user_provider_configs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_user_provider_configs_provider" ON "ownpilot"."user_provider_configs" USING btree ("user_id","provider_id");--> statement-breakpoint
CREATE INDEX "idx_user_provider_configs_enabled" ON "ownpilot"."user_provider_configs" USING btree ("is_enabled");--> statement-breakpoint
CREATE INDEX "idx_bookmarks_user" ON "ownpilot"."bookmarks" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_bookmarks_category" ON "ownpilot"."bookmarks" USING btree ("category");--> statement-breakpoint
CREATE INDEX "idx_calendar_user" ON "ownpilot"."calendar_events" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_calendar_start" ON "ownpilot"."calendar_events" USING btree ("start_time");--> statement-breakpoint
CREATE INDEX "idx_captures_user" ON "ownpilot"."captures" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_captures_processed" ON "ownpilot"."captures" USING btree ("processed");--> statement-breakpoint
CREATE INDEX "idx_captures_type" ON "ownpilot"."captures" USING btree ("type");--> statement-breakpoint
CREATE INDEX "idx_captures_created" ON "ownpilot"."captures" USING btree ("created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_contacts_user" ON "ownpilot"."contacts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_contacts_name" ON "ownpilot"."contacts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "idx_notes_user" ON "ownpilot"."notes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_notes_category" ON "ownpilot"."notes" USING btree ("category");--> statement-breakpoint
CREATE INDEX "idx_projects_user" ON "ownpilot"."projects" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_reminders_user" ON "ownpilot"."reminders" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_reminders_time" ON "ownpilot"."reminders" USING btree ("remind_at");--> statement-breakpoint
CREATE INDEX "idx_tasks_user" ON "ownpilot"."tasks" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_tasks_status" ON "ownpilot"."tasks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_tasks_due" ON "ownpilot"."tasks" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "idx_tasks_project" ON "ownpilot"."tasks" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "idx_habit_logs_habit" ON "ownpilot"."habit_logs" USING btree ("habit_id");--> statement-breakpoint
CREATE INDEX "idx_habit_logs_date" ON "ownpilot"."habit_logs" USING btree ("date");--> statement-breakpoint
CREATE INDEX "idx_habit_logs_user_date" ON "ownpilot"."habit_logs" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "idx_habits_user" ON "ownpilot"."habits" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_habits_archived" ON "ownpilot"."habits" USING btree ("is_archived");--> statement-breakpoint
CREATE INDEX "idx_habits_category" ON "ownpilot"."habits" USING btree ("category");--> statement-breakpoint
CREATE INDEX "idx_pomodoro_daily_user_date" ON "ownpilot"."pomodoro_daily_stats" USING btree ("user_id","date");--> statement-breakpoint
CREATE INDEX "idx_pomodoro_sessions_user" ON "ownpilot"."pomodoro_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_pomodoro_sessions_status" ON "ownpilot"."pomodoro_sessions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_pomodoro_sessions_started" ON "ownpilot"."pomodoro_sessions" USING btree ("started_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_code_executions_workspace" ON "ownpilot"."code_executions" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "idx_code_executions_user" ON "ownpilot"."code_executions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_code_executions_status" ON "ownpilot"."code_executions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_user_containers_workspace" ON "ownpilot"."user_containers" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "idx_user_containers_user" ON "ownpilot"."user_containers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_user_containers_status" ON "ownpilot"."user_containers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_user_workspaces_user" ON "ownpilot"."user_workspaces" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_user_workspaces_status" ON "ownpilot"."user_workspaces" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_workspace_audit_user" ON "ownpilot"."workspace_audit" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_workspace_audit_workspace" ON "ownpilot"."workspace_audit" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "idx_workspace_audit_created" ON "ownpilot"."workspace_audit" USING btree ("created_at" DESC NULLS FIRST);