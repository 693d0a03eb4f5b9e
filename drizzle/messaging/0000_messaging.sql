CREATE SCHEMA "bot";
--> statement-breakpoint
CREATE SCHEMA "core";
--> statement-breakpoint
CREATE TABLE "bot"."contacts" (
	"contact_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"channel_address" text NOT NULL,
	"display_name" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contacts_tenant_id_channel_channel_address_key" UNIQUE("tenant_id","channel","channel_address")
);
--> statement-breakpoint
CREATE TABLE "bot"."conversations" (
	"conversation_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"last_step" text,
	"last_intent" text,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"last_outbound_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot"."inbound_events" (
	"inbound_event_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"event_type" text NOT NULL,
	"provider_event_id" text,
	"provider_msg_id" text,
	"channel" text,
	"channel_address" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"trace_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	CONSTRAINT "inbound_events_tenant_id_dedupe_key_key" UNIQUE("tenant_id","dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "bot"."messages" (
	"message_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"provider" text,
	"provider_msg_id" text,
	"channel" text,
	"text" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trace_id" uuid
);
--> statement-breakpoint
CREATE TABLE "bot"."job_queue" (
	"job_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"job_type" text NOT NULL,
	"inbound_event_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_at" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trace_id" uuid,
	CONSTRAINT "job_queue_job_type_inbound_event_id_key" UNIQUE("job_type","inbound_event_id")
);
--> statement-breakpoint
CREATE TABLE "core"."tenant_credentials" (
	"credential_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"credentials" "bytea" NOT NULL,
	"key_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_credentials_tenant_id_provider_key" UNIQUE("tenant_id","provider")
);
--> statement-breakpoint
CREATE TABLE "core"."tenants" (
	"tenant_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_slug" text NOT NULL,
	"name" text NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"messaging_adapter" text,
	"calendar_adapter" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_tenant_slug_key" UNIQUE("tenant_slug")
);
--> statement-breakpoint
ALTER TABLE "bot"."contacts" ADD CONSTRAINT "contacts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants"("tenant_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."conversations" ADD CONSTRAINT "conversations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants"("tenant_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."conversations" ADD CONSTRAINT "conversations_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "bot"."contacts"("contact_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."inbound_events" ADD CONSTRAINT "inbound_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants"("tenant_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."messages" ADD CONSTRAINT "messages_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants"("tenant_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "bot"."conversations"("conversation_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."messages" ADD CONSTRAINT "messages_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "bot"."contacts"("contact_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."job_queue" ADD CONSTRAINT "job_queue_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants"("tenant_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot"."job_queue" ADD CONSTRAINT "job_queue_inbound_event_id_fkey" FOREIGN KEY ("inbound_event_id") REFERENCES "bot"."inbound_events"("inbound_event_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."tenant_credentials" ADD CONSTRAINT "tenant_credentials_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "core"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contacts_tenant_id_idx" ON "bot"."contacts" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_one_open_per_contact_key" ON "bot"."conversations" USING btree ("tenant_id","contact_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "conversations_tenant_id_contact_id_status_idx" ON "bot"."conversations" USING btree ("tenant_id","contact_id","status");--> statement-breakpoint
CREATE INDEX "inbound_events_received_at_idx" ON "bot"."inbound_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "inbound_events_trace_id_idx" ON "bot"."inbound_events" USING btree ("trace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_inbound_idempotency_key" ON "bot"."messages" USING btree ("tenant_id","provider","provider_msg_id","direction") WHERE direction = 'inbound';--> statement-breakpoint
CREATE INDEX "messages_conversation_id_created_at_idx" ON "bot"."messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_provider_provider_msg_id_idx" ON "bot"."messages" USING btree ("provider","provider_msg_id");--> statement-breakpoint
CREATE INDEX "messages_trace_id_idx" ON "bot"."messages" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "job_queue_status_run_after_created_at_idx" ON "bot"."job_queue" USING btree ("status","run_after","created_at");--> statement-breakpoint
CREATE INDEX "job_queue_tenant_id_idx" ON "bot"."job_queue" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "job_queue_trace_id_idx" ON "bot"."job_queue" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "tenants_is_enabled_idx" ON "core"."tenants" USING btree ("is_enabled");