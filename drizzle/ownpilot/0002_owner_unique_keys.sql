ALTER TABLE "ownpilot"."goals" ADD CONSTRAINT "goals_id_user_id_key" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "ownpilot"."plan_steps" ADD CONSTRAINT "plan_steps_id_plan_id_key" UNIQUE("id","plan_id");--> statement-breakpoint
ALTER TABLE "ownpilot"."triggers" ADD CONSTRAINT "triggers_id_user_id_key" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "ownpilot"."conversations" ADD CONSTRAINT "conversations_id_user_id_key" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "ownpilot"."local_providers" ADD CONSTRAINT "local_providers_id_user_id_key" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "ownpilot"."tasks" ADD CONSTRAINT "tasks_id_user_id_key" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "ownpilot"."habits" ADD CONSTRAINT "habits_id_user_id_key" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "ownpilot"."user_workspaces" ADD CONSTRAINT "user_workspaces_id_user_id_key" UNIQUE("id","user_id");