-- Owner isolation for the documented ON DELETE SET NULL references (docs/ownpilot.md, "Owner isolation").
-- Each FK goes through the owner column, so the database refuses a row that points at another
-- user's row (23503), exactly like a missing one, and an owner change of a referenced row (23503).
-- SET NULL names only the reference column (PostgreSQL 15+): deleting the parent nulls the
-- reference and keeps the child's NOT NULL user_id. drizzle-orm cannot declare such a column list,
-- so the TS tables keep the single-column FK of the same name (what `drizzle-kit push` creates)
-- and this migration replaces it; the UNIQUE (id, user_id) targets come from 0002.
-- Fails if existing rows already point across users: find them first with e.g.
--   select c.id from ownpilot.tasks c join ownpilot.tasks p on p.id = c.parent_id where p.user_id <> c.user_id;
ALTER TABLE "ownpilot"."tasks"
  DROP CONSTRAINT "tasks_parent_id_fkey",
  ADD CONSTRAINT "tasks_parent_id_fkey" FOREIGN KEY ("parent_id", "user_id")
    REFERENCES "ownpilot"."tasks" ("id", "user_id") ON DELETE SET NULL ("parent_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "ownpilot"."goals"
  DROP CONSTRAINT "goals_parent_id_fkey",
  ADD CONSTRAINT "goals_parent_id_fkey" FOREIGN KEY ("parent_id", "user_id")
    REFERENCES "ownpilot"."goals" ("id", "user_id") ON DELETE SET NULL ("parent_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "ownpilot"."plans"
  DROP CONSTRAINT "plans_goal_id_fkey",
  ADD CONSTRAINT "plans_goal_id_fkey" FOREIGN KEY ("goal_id", "user_id")
    REFERENCES "ownpilot"."goals" ("id", "user_id") ON DELETE SET NULL ("goal_id") ON UPDATE NO ACTION,
  DROP CONSTRAINT "plans_trigger_id_fkey",
  ADD CONSTRAINT "plans_trigger_id_fkey" FOREIGN KEY ("trigger_id", "user_id")
    REFERENCES "ownpilot"."triggers" ("id", "user_id") ON DELETE SET NULL ("trigger_id") ON UPDATE NO ACTION;
--> statement-breakpoint
ALTER TABLE "ownpilot"."request_logs"
  DROP CONSTRAINT "request_logs_conversation_id_fkey",
  ADD CONSTRAINT "request_logs_conversation_id_fkey" FOREIGN KEY ("conversation_id", "user_id")
    REFERENCES "ownpilot"."conversations" ("id", "user_id") ON DELETE SET NULL ("conversation_id") ON UPDATE NO ACTION;
--> statement-breakpoint
-- plan_history has no user_id: its step must belong to its own plan (hence to the plan's user).
ALTER TABLE "ownpilot"."plan_history"
  DROP CONSTRAINT "plan_history_step_id_fkey",
  ADD CONSTRAINT "plan_history_step_id_fkey" FOREIGN KEY ("step_id", "plan_id")
    REFERENCES "ownpilot"."plan_steps" ("id", "plan_id") ON DELETE SET NULL ("step_id") ON UPDATE NO ACTION;
