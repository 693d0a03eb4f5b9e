-- Owner isolation for the documented ON DELETE SET NULL foreign keys (the CASCADE ones are composite
-- in the Drizzle schema, migration 0003). Each keeps its name and its action but references the parent
-- through the owner column (org_id) or the parent client, so the database refuses a row whose
-- campaign / client / user / research run belongs to another org (or a campaign of another client).
-- `SET NULL (column)` (PostgreSQL ≥ 15) nulls only the reference, never the NOT NULL org_id / client_id.
-- Drizzle cannot express a column list in ON DELETE SET NULL, hence this hand-written migration; the
-- Drizzle schema keeps the single-column form, so `drizzle-kit push` builds the documented FKs without
-- the owner check. Adding them fails on a database that already holds cross-org rows (see docs/research.md).
ALTER TABLE "research"."artifacts" DROP CONSTRAINT "artifacts_campaign_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."artifacts" ADD CONSTRAINT "artifacts_campaign_id_fkey" FOREIGN KEY ("campaign_id", "client_id") REFERENCES "research"."campaigns"("id", "client_id") ON DELETE SET NULL ("campaign_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."artifacts" DROP CONSTRAINT "artifacts_created_by_user_fkey";
--> statement-breakpoint
ALTER TABLE "research"."artifacts" ADD CONSTRAINT "artifacts_created_by_user_fkey" FOREIGN KEY ("created_by_user", "org_id") REFERENCES "research"."users"("id", "org_id") ON DELETE SET NULL ("created_by_user") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."assets" DROP CONSTRAINT "assets_campaign_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."assets" ADD CONSTRAINT "assets_campaign_id_fkey" FOREIGN KEY ("campaign_id", "client_id") REFERENCES "research"."campaigns"("id", "client_id") ON DELETE SET NULL ("campaign_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."research_runs" DROP CONSTRAINT "research_runs_campaign_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."research_runs" ADD CONSTRAINT "research_runs_campaign_id_fkey" FOREIGN KEY ("campaign_id", "client_id") REFERENCES "research"."campaigns"("id", "client_id") ON DELETE SET NULL ("campaign_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."jobs" DROP CONSTRAINT "jobs_research_run_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."jobs" ADD CONSTRAINT "jobs_research_run_id_fkey" FOREIGN KEY ("research_run_id", "org_id") REFERENCES "research"."research_runs"("id", "org_id") ON DELETE SET NULL ("research_run_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."workflow_runs" DROP CONSTRAINT "workflow_runs_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."workflow_runs" ADD CONSTRAINT "workflow_runs_client_id_fkey" FOREIGN KEY ("client_id", "org_id") REFERENCES "research"."clients"("id", "org_id") ON DELETE SET NULL ("client_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."workflow_runs" DROP CONSTRAINT "workflow_runs_campaign_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."workflow_runs" ADD CONSTRAINT "workflow_runs_campaign_id_fkey" FOREIGN KEY ("campaign_id", "org_id") REFERENCES "research"."campaigns"("id", "org_id") ON DELETE SET NULL ("campaign_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."claude_context_files" DROP CONSTRAINT "claude_context_files_client_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."claude_context_files" ADD CONSTRAINT "claude_context_files_client_id_fkey" FOREIGN KEY ("client_id", "org_id") REFERENCES "research"."clients"("id", "org_id") ON DELETE SET NULL ("client_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "research"."claude_context_files" DROP CONSTRAINT "claude_context_files_campaign_id_fkey";
--> statement-breakpoint
ALTER TABLE "research"."claude_context_files" ADD CONSTRAINT "claude_context_files_campaign_id_fkey" FOREIGN KEY ("campaign_id", "org_id") REFERENCES "research"."campaigns"("id", "org_id") ON DELETE SET NULL ("campaign_id") ON UPDATE NO ACTION;
