CREATE TABLE "portal"."dns_approval_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"record_type" text,
	"record_name" text,
	"action" text NOT NULL,
	"current_value" jsonb,
	"proposed_value" jsonb,
	"reason" text,
	"risk_level" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reviewed_by" text,
	"review_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone DEFAULT (now() + interval '7 days') NOT NULL,
	"audit_run_id" text,
	"policy_id" text
);
--> statement-breakpoint
CREATE TABLE "portal"."dns_audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" text NOT NULL,
	"run_type" text NOT NULL,
	"domains_scanned" integer,
	"total_records_checked" integer,
	"findings" jsonb,
	"summary" jsonb,
	"triggered_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "dns_audit_log_run_id_key" UNIQUE("run_id")
);
--> statement-breakpoint
CREATE TABLE "portal"."dns_change_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"change_type" text NOT NULL,
	"record_type" text,
	"record_name" text,
	"action" text,
	"before_value" jsonb,
	"after_value" jsonb,
	"cloudflare_record_id" text,
	"audit_run_id" text,
	"policy_id" text,
	"applied_by" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."dns_domain_config" (
	"domain" text PRIMARY KEY NOT NULL,
	"tier" integer NOT NULL,
	"tier_label" text,
	"cloudflare_zone_id" text,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"redirect_target" text,
	"custom_records" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text,
	"last_audit_at" timestamp with time zone,
	"last_audit_status" text
);
--> statement-breakpoint
CREATE TABLE "portal"."dns_policies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"rule_type" text NOT NULL,
	"rule" jsonb NOT NULL,
	"severity" text NOT NULL,
	"auto_heal" boolean DEFAULT false NOT NULL,
	"heal_action" jsonb,
	"enabled" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."dns_services" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"provider" text,
	"record_templates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."dns_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"domain" text NOT NULL,
	"records" jsonb NOT NULL,
	"record_count" integer NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"firstname" text,
	"lastname" text,
	"company" text,
	"phone" text,
	"brand" text NOT NULL,
	"form_type" text DEFAULT 'general' NOT NULL,
	"message" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hubspot_contact_id" text,
	"hubspot_synced" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "portal"."leads" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "portal"."companies" (
	"id" text PRIMARY KEY NOT NULL,
	"legal_name" text NOT NULL,
	"ein" text,
	"state_control_number" text,
	"state_of_formation" text,
	"bank_name" text,
	"bank_account_type" text,
	"domain" text,
	"status" text DEFAULT 'active' NOT NULL,
	"parent_company_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"area" text,
	"decision" text NOT NULL,
	"rationale" text,
	"company" text,
	"confidence" text,
	"alternatives_considered" text,
	"date_decided" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."document_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"filename" text,
	"content" text,
	"content_plain" text,
	"content_body_html" text,
	"content_snapshot_html" text,
	"description" text,
	"variables" jsonb,
	"document_variables" jsonb,
	"document_variable_defaults" jsonb,
	"companies" text[],
	"page_size" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."session_handoff" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"content" text NOT NULL,
	"created_by" text,
	"interface" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_handoff_id_check" CHECK (id = 1)
);
--> statement-breakpoint
CREATE TABLE "portal"."session_handoff_history" (
	"id" bigint PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY (sequence name "portal"."session_handoff_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"content" text NOT NULL,
	"created_by" text,
	"interface" text,
	"session_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal"."tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"category" text,
	"company" text,
	"priority" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"owner" text,
	"notes" text,
	"project_code" text,
	"duration_days" integer,
	"due" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"completion_notes" text,
	"task_type" text DEFAULT 'manual' NOT NULL,
	"commit_refs" text[],
	"issue_ref" text
);
--> statement-breakpoint
ALTER TABLE "portal"."companies" ADD CONSTRAINT "companies_parent_company_id_fkey" FOREIGN KEY ("parent_company_id") REFERENCES "portal"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_dns_approval_queue_status" ON "portal"."dns_approval_queue" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "idx_dns_change_log_domain" ON "portal"."dns_change_log" USING btree ("domain","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "idx_dns_snapshots_domain_taken" ON "portal"."dns_snapshots" USING btree ("domain","taken_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "leads_brand_idx" ON "portal"."leads" USING btree ("brand");--> statement-breakpoint
CREATE INDEX "leads_email_idx" ON "portal"."leads" USING btree ("email");--> statement-breakpoint
CREATE POLICY "leads_service_role_all" ON "portal"."leads" AS PERMISSIVE FOR ALL TO "service_role" USING (true) WITH CHECK (true);