ALTER TABLE "research"."research_runs" DROP CONSTRAINT "research_runs_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."artifacts" DROP CONSTRAINT "artifacts_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."assets" DROP CONSTRAINT "assets_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."campaigns" DROP CONSTRAINT "campaigns_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."experiments" DROP CONSTRAINT "experiments_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."experiments" DROP CONSTRAINT "experiments_campaign_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."product_offers" DROP CONSTRAINT "product_offers_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."client_swipe_assets" DROP CONSTRAINT "client_swipe_assets_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."deep_research_jobs" DROP CONSTRAINT "deep_research_jobs_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."jobs" DROP CONSTRAINT "jobs_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."onboarding_payloads" DROP CONSTRAINT "onboarding_payloads_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."research_runs" ADD CONSTRAINT "research_runs_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."artifacts" ADD CONSTRAINT "artifacts_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."assets" ADD CONSTRAINT "assets_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."campaigns" ADD CONSTRAINT "campaigns_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."experiments" ADD CONSTRAINT "experiments_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."experiments" ADD CONSTRAINT "experiments_campaign_id_fkey" FOREIGN KEY ("campaign_id","client_id") REFERENCES "research"."campaigns"("id","client_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."product_offers" ADD CONSTRAINT "product_offers_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."client_swipe_assets" ADD CONSTRAINT "client_swipe_assets_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."deep_research_jobs" ADD CONSTRAINT "deep_research_jobs_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."jobs" ADD CONSTRAINT "jobs_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "research"."onboarding_payloads" ADD CONSTRAINT "onboarding_payloads_client_id_fkey" FOREIGN KEY ("client_id","org_id") REFERENCES "research"."clients"("id","org_id") ON DELETE cascade ON UPDATE no action;