CREATE SCHEMA "research";
--> statement-breakpoint
CREATE TYPE "research"."ad_channel" AS ENUM('META_ADS_LIBRARY', 'TIKTOK_CREATIVE_CENTER', 'GOOGLE_ADS_TRANSPARENCY');--> statement-breakpoint
CREATE TYPE "research"."ad_ingest_status" AS ENUM('RUNNING', 'SUCCEEDED', 'FAILED');--> statement-breakpoint
CREATE TYPE "research"."ad_status" AS ENUM('active', 'inactive', 'unknown');--> statement-breakpoint
CREATE TYPE "research"."artifact_type" AS ENUM('client_canon', 'metric_schema', 'strategy_sheet', 'experiment_spec', 'asset_brief', 'qa_report', 'experiment_report', 'playbook');--> statement-breakpoint
CREATE TYPE "research"."asset_source_type" AS ENUM('generated', 'historical', 'competitor_example');--> statement-breakpoint
CREATE TYPE "research"."asset_status" AS ENUM('draft', 'qa_passed', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "research"."brand_channel_verification_status" AS ENUM('unverified', 'verified', 'mismatch');--> statement-breakpoint
CREATE TYPE "research"."brand_role" AS ENUM('client', 'peer');--> statement-breakpoint
CREATE TYPE "research"."campaign_status" AS ENUM('draft', 'planning', 'running', 'completed', 'cancelled');--> statement-breakpoint
CREATE TYPE "research"."claude_context_file_status" AS ENUM('ready', 'failed', 'deleted');--> statement-breakpoint
CREATE TYPE "research"."client_status" AS ENUM('active', 'paused', 'archived');--> statement-breakpoint
CREATE TYPE "research"."media_asset_type" AS ENUM('IMAGE', 'VIDEO', 'TEXT', 'HTML', 'SCREENSHOT', 'OTHER');--> statement-breakpoint
CREATE TYPE "research"."research_job_status" AS ENUM('created', 'queued', 'in_progress', 'completed', 'failed', 'cancelled', 'incomplete', 'errored');--> statement-breakpoint
CREATE TYPE "research"."user_role" AS ENUM('partner', 'strategy', 'creative', 'performance', 'ops', 'data', 'experiment', 'admin');--> statement-breakpoint
CREATE TYPE "research"."workflow_kind" AS ENUM('client_onboarding', 'campaign_planning', 'creative_production', 'experiment_cycle', 'playbook_update', 'test_campaign');--> statement-breakpoint
CREATE TYPE "research"."workflow_status" AS ENUM('running', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TABLE "research"."ad_asset_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ad_id" uuid NOT NULL,
	"media_asset_id" uuid NOT NULL,
	"role" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_ad_media_link" UNIQUE("ad_id","media_asset_id")
);
--> statement-breakpoint
CREATE TABLE "research"."ad_ingest_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"research_run_id" uuid NOT NULL,
	"brand_channel_identity_id" uuid NOT NULL,
	"channel" "research"."ad_channel" NOT NULL,
	"requested_url" text,
	"provider" text DEFAULT 'APIFY' NOT NULL,
	"provider_actor_id" text,
	"provider_run_id" text,
	"provider_dataset_id" text,
	"status" "research"."ad_ingest_status" DEFAULT 'RUNNING' NOT NULL,
	"is_partial" boolean DEFAULT false NOT NULL,
	"results_limit" integer,
	"items_count" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "research"."ads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"brand_channel_identity_id" uuid NOT NULL,
	"channel" "research"."ad_channel" NOT NULL,
	"external_ad_id" text NOT NULL,
	"ad_status" "research"."ad_status" DEFAULT 'unknown' NOT NULL,
	"started_running_at" timestamp with time zone,
	"ended_running_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"body_text" text,
	"headline" text,
	"cta_type" text,
	"cta_text" text,
	"landing_url" text,
	"destination_domain" "citext",
	"raw_json" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ads_channel_external_ad_id_key" UNIQUE("channel","external_ad_id")
);
--> statement-breakpoint
CREATE TABLE "research"."brand_channel_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"brand_id" uuid NOT NULL,
	"channel" "research"."ad_channel" NOT NULL,
	"external_id" text,
	"external_url" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"verification_status" "research"."brand_channel_verification_status" DEFAULT 'unverified' NOT NULL,
	"verified_at" timestamp with time zone,
	"confidence" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."brands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"canonical_name" text NOT NULL,
	"normalized_name" "citext" NOT NULL,
	"primary_website_url" text,
	"primary_domain" "citext",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."media_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "research"."ad_channel" NOT NULL,
	"asset_type" "research"."media_asset_type" NOT NULL,
	"source_url" text,
	"stored_url" text,
	"sha256" text,
	"mime_type" text,
	"size_bytes" integer,
	"width" integer,
	"height" integer,
	"duration_ms" integer,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."research_run_brands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"research_run_id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"role" "research"."brand_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_run_brand" UNIQUE("research_run_id","brand_id")
);
--> statement-breakpoint
CREATE TABLE "research"."research_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"brand_discovery_payload" jsonb,
	"ads_context" jsonb,
	"ads_context_generated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."artifacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid,
	"type" "research"."artifact_type" NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"data" jsonb NOT NULL,
	"created_by_user" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "artifacts_client_id_campaign_id_type_version_key" UNIQUE NULLS NOT DISTINCT("client_id","campaign_id","type","version")
);
--> statement-breakpoint
CREATE TABLE "research"."asset_performance_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_id" uuid NOT NULL,
	"experiment_id" uuid,
	"time_from" timestamp with time zone NOT NULL,
	"time_to" timestamp with time zone NOT NULL,
	"metrics" jsonb NOT NULL,
	"segments" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid,
	"experiment_id" uuid,
	"asset_brief_artifact_id" uuid,
	"variant_id" text,
	"source_type" "research"."asset_source_type" NOT NULL,
	"status" "research"."asset_status" DEFAULT 'draft' NOT NULL,
	"channel_id" text NOT NULL,
	"format" text NOT NULL,
	"icp_id" text,
	"funnel_stage_id" text,
	"concept_id" text,
	"angle_type" text,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"status" "research"."campaign_status" DEFAULT 'draft' NOT NULL,
	"goal_description" text,
	"objective_type" text,
	"numeric_target" numeric,
	"baseline" numeric,
	"timeframe_days" integer,
	"budget_min" numeric,
	"budget_max" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"name" text NOT NULL,
	"experiment_spec_artifact_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "research"."product_offer_price_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"label" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" char(3) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."product_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"business_model" text NOT NULL,
	"differentiation_bullets" text[] DEFAULT '{}'::text[] NOT NULL,
	"guarantee_text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."client_swipe_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"company_swipe_id" uuid,
	"custom_title" text,
	"custom_body" text,
	"custom_channel" text,
	"custom_format" text,
	"custom_landing_page" text,
	"custom_media" jsonb,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"is_good_example" boolean,
	"is_bad_example" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."company_swipe_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"external_ad_id" text,
	"external_platform_ad_id" text,
	"brand_id" uuid,
	"title" text,
	"body" text,
	"platforms" text,
	"cta_type" text,
	"cta_text" text,
	"display_format" text,
	"landing_page" text,
	"link_description" text,
	"ad_source_link" text,
	"start_date" date,
	"end_date" date,
	"days_active" integer,
	"active_in_library" boolean,
	"active" boolean,
	"used_count" integer,
	"saved_count" integer,
	"likes" integer,
	"winning_score" integer,
	"winning_score_data" jsonb,
	"performance_score" integer,
	"performance_score_data" jsonb,
	"age_audience_min" integer,
	"age_audience_max" integer,
	"gender_audience" text,
	"eu_total_reach" numeric,
	"ad_spend_range_score" integer,
	"ad_spend_range_score_data" jsonb,
	"added_human_time" text,
	"added_by_user_human_time" text,
	"saved_by_this_user" boolean,
	"share_url" text,
	"embed_url" text,
	"is_aaa_eligible" boolean,
	"is_saved" boolean,
	"is_used" boolean,
	"is_liked" boolean,
	"ad_script" jsonb,
	"ad_reach_by_location" jsonb,
	"ad_spend" jsonb,
	"ad_library_object" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."company_swipe_brands" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"external_brand_id" text,
	"name" text NOT NULL,
	"slug" text,
	"ad_library_link" text,
	"brand_page_link" text,
	"logo_url" text,
	"categories" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_company_swipe_brand_org_ext" UNIQUE("org_id","external_brand_id")
);
--> statement-breakpoint
CREATE TABLE "research"."company_swipe_media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"swipe_asset_id" uuid NOT NULL,
	"external_media_id" text,
	"path" text,
	"url" text,
	"thumbnail_path" text,
	"thumbnail_url" text,
	"disk" text,
	"type" text,
	"mime_type" text,
	"size_bytes" bigint,
	"video_length" integer,
	"download_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"industry" text,
	"primary_markets" text[] DEFAULT '{}'::text[] NOT NULL,
	"primary_languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "research"."client_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orgs_external_id_key" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "research"."users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"clerk_user_id" text NOT NULL,
	"email" "citext" NOT NULL,
	"role" "research"."user_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_users_org_email" UNIQUE("org_id","email")
);
--> statement-breakpoint
CREATE TABLE "research"."activity_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workflow_run_id" uuid NOT NULL,
	"step" text NOT NULL,
	"status" text NOT NULL,
	"payload_in" jsonb,
	"payload_out" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."claude_context_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"idea_workspace_id" text NOT NULL,
	"client_id" uuid,
	"campaign_id" uuid,
	"doc_key" text NOT NULL,
	"doc_title" text,
	"source_kind" text NOT NULL,
	"step_key" text,
	"sha256" text NOT NULL,
	"claude_file_id" text,
	"filename" text,
	"mime_type" text,
	"size_bytes" integer,
	"drive_doc_id" text,
	"drive_url" text,
	"status" "research"."claude_context_file_status" DEFAULT 'ready' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claude_context_files_org_workspace_doc_sha256_key" UNIQUE("org_id","idea_workspace_id","doc_key","sha256")
);
--> statement-breakpoint
CREATE TABLE "research"."deep_research_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"workflow_run_id" uuid,
	"onboarding_payload_id" uuid,
	"temporal_workflow_id" text,
	"step_key" text DEFAULT '04' NOT NULL,
	"model" text NOT NULL,
	"prompt" text NOT NULL,
	"prompt_sha256" text,
	"use_web_search" boolean DEFAULT false NOT NULL,
	"max_output_tokens" integer,
	"response_id" text,
	"status" "research"."research_job_status" DEFAULT 'created' NOT NULL,
	"output_text" text,
	"full_response_json" jsonb,
	"error" text,
	"incomplete_details" jsonb,
	"last_webhook_id" text,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "research"."jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid,
	"research_run_id" uuid,
	"job_type" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"status" text NOT NULL,
	"dedupe_key" text,
	"input" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"output" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"raw_output_text" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."onboarding_payloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "research"."workflow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"client_id" uuid,
	"campaign_id" uuid,
	"temporal_workflow_id" text NOT NULL,
	"temporal_run_id" text NOT NULL,
	"kind" "research"."workflow_kind" NOT NULL,
	"status" "research"."workflow_status" DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "research"."ad_asset_links" ADD CONSTRAINT "ad_asset_links_ad_id_fkey" FOREIGN KEY ("ad_id") REFERENCES "research"."ads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."ad_asset_links" ADD CONSTRAINT "ad_asset_links_media_asset_id_fkey" FOREIGN KEY ("media_asset_id") REFERENCES "research"."media_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."ad_ingest_runs" ADD CONSTRAINT "ad_ingest_runs_research_run_id_fkey" FOREIGN KEY ("research_run_id") REFERENCES "research"."research_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."ad_ingest_runs" ADD CONSTRAINT "ad_ingest_runs_brand_channel_identity_id_fkey" FOREIGN KEY ("brand_channel_identity_id") REFERENCES "research"."brand_channel_identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."ads" ADD CONSTRAINT "ads_brand_id_fkey" FOREIGN KEY ("brand_id") REFERENCES "research"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."ads" ADD CONSTRAINT "ads_brand_channel_identity_id_fkey" FOREIGN KEY ("brand_channel_identity_id") REFERENCES "research"."brand_channel_identities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."brand_channel_identities" ADD CONSTRAINT "brand_channel_identities_brand_id_fkey" FOREIGN KEY ("brand_id") REFERENCES "research"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."brands" ADD CONSTRAINT "brands_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."research_run_brands" ADD CONSTRAINT "research_run_brands_research_run_id_fkey" FOREIGN KEY ("research_run_id") REFERENCES "research"."research_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."research_run_brands" ADD CONSTRAINT "research_run_brands_brand_id_fkey" FOREIGN KEY ("brand_id") REFERENCES "research"."brands"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."research_runs" ADD CONSTRAINT "research_runs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."research_runs" ADD CONSTRAINT "research_runs_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."research_runs" ADD CONSTRAINT "research_runs_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "research"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."artifacts" ADD CONSTRAINT "artifacts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."artifacts" ADD CONSTRAINT "artifacts_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."artifacts" ADD CONSTRAINT "artifacts_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "research"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."artifacts" ADD CONSTRAINT "artifacts_created_by_user_fkey" FOREIGN KEY ("created_by_user") REFERENCES "research"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."asset_performance_snapshots" ADD CONSTRAINT "asset_performance_snapshots_asset_id_fkey" FOREIGN KEY ("asset_id") REFERENCES "research"."assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."asset_performance_snapshots" ADD CONSTRAINT "asset_performance_snapshots_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "research"."experiments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."assets" ADD CONSTRAINT "assets_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."assets" ADD CONSTRAINT "assets_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."assets" ADD CONSTRAINT "assets_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "research"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."assets" ADD CONSTRAINT "assets_experiment_id_fkey" FOREIGN KEY ("experiment_id") REFERENCES "research"."experiments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."assets" ADD CONSTRAINT "assets_asset_brief_artifact_id_fkey" FOREIGN KEY ("asset_brief_artifact_id") REFERENCES "research"."artifacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."campaigns" ADD CONSTRAINT "campaigns_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."campaigns" ADD CONSTRAINT "campaigns_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."experiments" ADD CONSTRAINT "experiments_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."experiments" ADD CONSTRAINT "experiments_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."experiments" ADD CONSTRAINT "experiments_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "research"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."experiments" ADD CONSTRAINT "experiments_experiment_spec_artifact_id_fkey" FOREIGN KEY ("experiment_spec_artifact_id") REFERENCES "research"."artifacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."product_offer_price_points" ADD CONSTRAINT "product_offer_price_points_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "research"."product_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."product_offers" ADD CONSTRAINT "product_offers_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."product_offers" ADD CONSTRAINT "product_offers_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."client_swipe_assets" ADD CONSTRAINT "client_swipe_assets_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."client_swipe_assets" ADD CONSTRAINT "client_swipe_assets_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."client_swipe_assets" ADD CONSTRAINT "client_swipe_assets_company_swipe_id_fkey" FOREIGN KEY ("company_swipe_id") REFERENCES "research"."company_swipe_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."company_swipe_assets" ADD CONSTRAINT "company_swipe_assets_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."company_swipe_assets" ADD CONSTRAINT "company_swipe_assets_brand_id_fkey" FOREIGN KEY ("brand_id") REFERENCES "research"."company_swipe_brands"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."company_swipe_brands" ADD CONSTRAINT "company_swipe_brands_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."company_swipe_media" ADD CONSTRAINT "company_swipe_media_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."company_swipe_media" ADD CONSTRAINT "company_swipe_media_swipe_asset_id_fkey" FOREIGN KEY ("swipe_asset_id") REFERENCES "research"."company_swipe_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."clients" ADD CONSTRAINT "clients_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."users" ADD CONSTRAINT "users_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."activity_logs" ADD CONSTRAINT "activity_logs_workflow_run_id_fkey" FOREIGN KEY ("workflow_run_id") REFERENCES "research"."workflow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."claude_context_files" ADD CONSTRAINT "claude_context_files_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."claude_context_files" ADD CONSTRAINT "claude_context_files_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."claude_context_files" ADD CONSTRAINT "claude_context_files_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "research"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."deep_research_jobs" ADD CONSTRAINT "deep_research_jobs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."deep_research_jobs" ADD CONSTRAINT "deep_research_jobs_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."deep_research_jobs" ADD CONSTRAINT "deep_research_jobs_workflow_run_id_fkey" FOREIGN KEY ("workflow_run_id") REFERENCES "research"."workflow_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."deep_research_jobs" ADD CONSTRAINT "deep_research_jobs_onboarding_payload_id_fkey" FOREIGN KEY ("onboarding_payload_id") REFERENCES "research"."onboarding_payloads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."jobs" ADD CONSTRAINT "jobs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."jobs" ADD CONSTRAINT "jobs_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."jobs" ADD CONSTRAINT "jobs_research_run_id_fkey" FOREIGN KEY ("research_run_id") REFERENCES "research"."research_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."onboarding_payloads" ADD CONSTRAINT "onboarding_payloads_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."onboarding_payloads" ADD CONSTRAINT "onboarding_payloads_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."workflow_runs" ADD CONSTRAINT "workflow_runs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "research"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."workflow_runs" ADD CONSTRAINT "workflow_runs_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "research"."clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."workflow_runs" ADD CONSTRAINT "workflow_runs_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "research"."campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ads_last_seen_at_idx" ON "research"."ads" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "brand_channel_identities_channel_external_id_idx" ON "research"."brand_channel_identities" USING btree ("channel","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_brands_org_domain" ON "research"."brands" USING btree ("org_id","primary_domain") WHERE primary_domain IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "uq_brands_org_normalized_name" ON "research"."brands" USING btree ("org_id","normalized_name") WHERE primary_domain IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "media_assets_sha256_key" ON "research"."media_assets" USING btree ("sha256") WHERE sha256 IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "media_assets_channel_source_url_key" ON "research"."media_assets" USING btree ("channel","source_url") WHERE source_url IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "deep_research_jobs_response_id_key" ON "research"."deep_research_jobs" USING btree ("response_id") WHERE response_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "uq_jobs_dedupe_key" ON "research"."jobs" USING btree ("dedupe_key") WHERE dedupe_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "jobs_status_created_at_idx" ON "research"."jobs" USING btree ("status","created_at");