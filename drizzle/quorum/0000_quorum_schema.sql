CREATE SCHEMA "quorum";
--> statement-breakpoint
CREATE TABLE "quorum"."session_turns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"turn_number" integer NOT NULL,
	"query" text,
	"optimized_query" text,
	"category" text,
	"stage0_output" jsonb,
	"stage1_responses" jsonb,
	"stage2_diff" jsonb,
	"stage3_challenges" jsonb,
	"stage3_perplexity" jsonb,
	"stage4_convictions" jsonb,
	"stage5_synthesis" jsonb,
	"report" text,
	"dissent_triggered" boolean DEFAULT false NOT NULL,
	"dissenting_model" text,
	"cost" numeric,
	"tokens_used" integer,
	"time_seconds" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_turns_session_id_turn_number_key" UNIQUE("session_id","turn_number")
);
--> statement-breakpoint
CREATE TABLE "quorum"."sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text,
	"initial_query" text,
	"optimized_query" text,
	"category" text,
	"state" text DEFAULT 'active' NOT NULL,
	"turn_count" integer DEFAULT 0 NOT NULL,
	"total_cost" numeric DEFAULT '0' NOT NULL,
	"total_cost_cents" integer DEFAULT 0 NOT NULL,
	"total_tokens" integer DEFAULT 0 NOT NULL,
	"total_file_tokens" integer DEFAULT 0 NOT NULL,
	"attachments_meta" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quorum"."user_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"default_mode" text,
	"preferred_models" jsonb,
	"report_format" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_preferences_user_id_key" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "quorum"."coupon_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"coupon_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"credits_awarded" integer NOT NULL,
	"redeemed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupon_redemptions_coupon_id_user_id_key" UNIQUE("coupon_id","user_id"),
	CONSTRAINT "coupon_redemptions_credits_awarded_check" CHECK ("quorum"."coupon_redemptions"."credits_awarded" >= 0)
);
--> statement-breakpoint
CREATE TABLE "quorum"."coupons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"channel_id" uuid,
	"source" text DEFAULT 'campaign' NOT NULL,
	"source_campaign" text,
	"credits_amount" integer DEFAULT 500 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" timestamp with time zone,
	"max_uses" integer,
	"current_uses" integer DEFAULT 0 NOT NULL,
	"referrer_user_id" uuid,
	"referrer_bonus_credits" integer DEFAULT 0 NOT NULL,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	CONSTRAINT "coupons_code_key" UNIQUE("code"),
	CONSTRAINT "coupons_code_check" CHECK ("quorum"."coupons"."code" = upper("quorum"."coupons"."code") and "quorum"."coupons"."code" <> ''),
	CONSTRAINT "coupons_credits_amount_check" CHECK ("quorum"."coupons"."credits_amount" >= 0),
	CONSTRAINT "coupons_referrer_bonus_credits_check" CHECK ("quorum"."coupons"."referrer_bonus_credits" >= 0),
	CONSTRAINT "coupons_max_uses_check" CHECK ("quorum"."coupons"."max_uses" is null or "quorum"."coupons"."max_uses" > 0),
	CONSTRAINT "coupons_current_uses_check" CHECK ("quorum"."coupons"."current_uses" >= 0 and ("quorum"."coupons"."max_uses" is null or "quorum"."coupons"."current_uses" <= "quorum"."coupons"."max_uses"))
);
--> statement-breakpoint
ALTER TABLE "quorum"."coupons" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "quorum"."marketing_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "marketing_channels_name_key" UNIQUE("name"),
	CONSTRAINT "marketing_channels_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "quorum"."profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"credits_remaining" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quorum"."referral_conversions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_coupon_id" uuid NOT NULL,
	"referred_user_id" uuid NOT NULL,
	"referrer_user_id" uuid NOT NULL,
	"conversion_type" text DEFAULT 'signup' NOT NULL,
	"bonus_credits_awarded" integer DEFAULT 0 NOT NULL,
	"converted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quorum"."llm_master" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_code" varchar(20),
	"model_id" text,
	"model_name" text,
	"model_type" text,
	"provider" text,
	"provider_code" text,
	"api_identifier" text,
	"tier" text,
	"context_length" integer,
	"input_cost_per_mtok" numeric,
	"output_cost_per_mtok" numeric,
	"is_available" boolean DEFAULT true NOT NULL,
	"brand_terms" text,
	"s0_test_count" integer DEFAULT 0 NOT NULL,
	"s0_last_tested_at" timestamp with time zone,
	"s1_rank" integer,
	"s1_accuracy_pct" numeric,
	"s1_avg_latency_ms" integer,
	"s1_is_recommended" boolean DEFAULT false NOT NULL,
	"s1_test_count" integer DEFAULT 0 NOT NULL,
	"s1_last_tested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quorum"."orch_config_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_number" integer NOT NULL,
	"version_name" varchar(100),
	"description" text,
	"status" varchar(20) DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_at" timestamp with time zone,
	"deprecated_at" timestamp with time zone,
	CONSTRAINT "orch_config_versions_version_number_key" UNIQUE("version_number")
);
--> statement-breakpoint
ALTER TABLE "quorum"."session_turns" ADD CONSTRAINT "session_turns_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "quorum"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."user_preferences" ADD CONSTRAINT "user_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."coupon_redemptions" ADD CONSTRAINT "coupon_redemptions_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "quorum"."coupons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."coupon_redemptions" ADD CONSTRAINT "coupon_redemptions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."coupons" ADD CONSTRAINT "coupons_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "quorum"."marketing_channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."coupons" ADD CONSTRAINT "coupons_referrer_user_id_fkey" FOREIGN KEY ("referrer_user_id") REFERENCES "auth"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."profiles" ADD CONSTRAINT "profiles_id_fkey" FOREIGN KEY ("id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."referral_conversions" ADD CONSTRAINT "referral_conversions_referral_coupon_id_fkey" FOREIGN KEY ("referral_coupon_id") REFERENCES "quorum"."coupons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."referral_conversions" ADD CONSTRAINT "referral_conversions_referred_user_id_fkey" FOREIGN KEY ("referred_user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quorum"."referral_conversions" ADD CONSTRAINT "referral_conversions_referrer_user_id_fkey" FOREIGN KEY ("referrer_user_id") REFERENCES "auth"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "quorum"."sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_referrer_user_id_referral_key" ON "quorum"."coupons" USING btree ("referrer_user_id") WHERE source = 'referral';--> statement-breakpoint
CREATE UNIQUE INDEX "orch_config_versions_one_active_key" ON "quorum"."orch_config_versions" USING btree ("status") WHERE status = 'active';--> statement-breakpoint
CREATE VIEW "quorum"."v_coupon_attribution" WITH (security_invoker = true) AS (select "quorum"."coupons"."id", "quorum"."coupons"."code", "quorum"."coupons"."channel_id", "quorum"."coupons"."source", "quorum"."coupons"."source_campaign", "quorum"."coupons"."credits_amount", "quorum"."coupons"."status", "quorum"."coupons"."valid_from", "quorum"."coupons"."valid_until", "quorum"."coupons"."max_uses", "quorum"."coupons"."current_uses", "quorum"."coupons"."referrer_user_id", "quorum"."coupons"."referrer_bonus_credits", "quorum"."coupons"."notes", "quorum"."coupons"."created_at", "quorum"."coupons"."updated_at", "quorum"."coupons"."published_at", "quorum"."coupons"."published_by", "quorum"."marketing_channels"."name" as "channel_name", "quorum"."marketing_channels"."slug" as "channel_slug", coalesce("redemption_count", 0) as "redemption_count", coalesce("total_credits_awarded", 0) as "total_credits_awarded" from "quorum"."coupons" left join "quorum"."marketing_channels" on "quorum"."marketing_channels"."id" = "quorum"."coupons"."channel_id" left join (select "coupon_id", count(*)::int as "redemption_count", sum("credits_awarded")::int as "total_credits_awarded" from "quorum"."coupon_redemptions" group by "quorum"."coupon_redemptions"."coupon_id") "r" on "r"."coupon_id" = "quorum"."coupons"."id");--> statement-breakpoint
CREATE POLICY "coupons_authenticated_read_published" ON "quorum"."coupons" AS PERMISSIVE FOR SELECT TO "authenticated" USING (status = 'published');--> statement-breakpoint
CREATE POLICY "coupons_service_role_all" ON "quorum"."coupons" AS PERMISSIVE FOR ALL TO "service_role" USING (true) WITH CHECK (true);