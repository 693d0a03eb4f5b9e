ALTER TABLE "ownpilot"."local_models" DROP CONSTRAINT "local_models_local_provider_id_fkey";
--> statement-breakpoint
ALTER TABLE "ownpilot"."habit_logs" DROP CONSTRAINT "habit_logs_habit_id_fkey";
--> statement-breakpoint
ALTER TABLE "ownpilot"."code_executions" DROP CONSTRAINT "code_executions_workspace_id_fkey";
--> statement-breakpoint
ALTER TABLE "ownpilot"."user_containers" DROP CONSTRAINT "user_containers_workspace_id_fkey";
--> statement-breakpoint
ALTER TABLE "ownpilot"."local_models" ADD CONSTRAINT "local_models_local_provider_id_fkey" FOREIGN KEY ("local_provider_id","user_id") REFERENCES "ownpilot"."local_providers"("id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."habit_logs" ADD CONSTRAINT "habit_logs_habit_id_fkey" FOREIGN KEY ("habit_id","user_id") REFERENCES "ownpilot"."habits"("id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."code_executions" ADD CONSTRAINT "code_executions_workspace_id_fkey" FOREIGN KEY ("workspace_id","user_id") REFERENCES "ownpilot"."user_workspaces"("id","user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ownpilot"."user_containers" ADD CONSTRAINT "user_containers_workspace_id_fkey" FOREIGN KEY ("workspace_id","user_id") REFERENCES "ownpilot"."user_workspaces"("id","user_id") ON DELETE cascade ON UPDATE no action;