ALTER TABLE "research"."research_runs" ADD CONSTRAINT "research_runs_id_org_id_key" UNIQUE("id","org_id");--> statement-breakpoint
ALTER TABLE "research"."campaigns" ADD CONSTRAINT "campaigns_id_org_id_key" UNIQUE("id","org_id");--> statement-breakpoint
ALTER TABLE "research"."campaigns" ADD CONSTRAINT "campaigns_id_client_id_key" UNIQUE("id","client_id");--> statement-breakpoint
ALTER TABLE "research"."clients" ADD CONSTRAINT "clients_id_org_id_key" UNIQUE("id","org_id");--> statement-breakpoint
ALTER TABLE "research"."users" ADD CONSTRAINT "users_id_org_id_key" UNIQUE("id","org_id");