-- Owner isolation for the cost tables: a row's "executionId" must be a task execution of the row's
-- own user (task_executions has no userId; its owner is agency_tasks."userId" through "taskId").
-- A composite foreign key is impossible without adding an undocumented userId to task_executions,
-- so an AFTER trigger checks it. Named in lower case, it fires after the foreign-key triggers
-- ("RI_ConstraintTrigger_…"), so a missing user or execution still fails with its own *_fkey.
-- The error is a foreign_key_violation (23503) on the constraint name <table>_executionId_owner,
-- which the repository functions map to EXECUTION_NOT_FOUND exactly like a missing execution.
CREATE OR REPLACE FUNCTION bottleneck.check_cost_execution_owner() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."executionId" IS NOT NULL AND NOT EXISTS (
    SELECT 1
      FROM bottleneck.task_executions e
      JOIN bottleneck.agency_tasks t ON t."id" = e."taskId"
     WHERE e."id" = NEW."executionId" AND t."userId" = NEW."userId"
  ) THEN
    RAISE EXCEPTION 'task execution % does not belong to the row''s user', NEW."executionId"
      USING ERRCODE = 'foreign_key_violation',
            CONSTRAINT = TG_TABLE_NAME || '_executionId_owner',
            SCHEMA = TG_TABLE_SCHEMA,
            TABLE = TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER execution_owner_check AFTER INSERT OR UPDATE OF "userId", "executionId" ON bottleneck.api_token_usage FOR EACH ROW EXECUTE FUNCTION bottleneck.check_cost_execution_owner();
--> statement-breakpoint
CREATE TRIGGER execution_owner_check AFTER INSERT OR UPDATE OF "userId", "executionId" ON bottleneck.gemini_token_usage FOR EACH ROW EXECUTE FUNCTION bottleneck.check_cost_execution_owner();
--> statement-breakpoint
CREATE TRIGGER execution_owner_check AFTER INSERT OR UPDATE OF "userId", "executionId" ON bottleneck.browserbase_costs FOR EACH ROW EXECUTE FUNCTION bottleneck.check_cost_execution_owner();
--> statement-breakpoint
CREATE TRIGGER execution_owner_check AFTER INSERT OR UPDATE OF "userId", "executionId" ON bottleneck.storage_costs FOR EACH ROW EXECUTE FUNCTION bottleneck.check_cost_execution_owner();
