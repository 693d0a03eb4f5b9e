-- The id sequences, now declared in the Drizzle schema (so `drizzle-kit push` keeps them): migration 0002
-- created them already, hence IF NOT EXISTS (edited by hand; same parameters as 0002's).
CREATE SEQUENCE IF NOT EXISTS "portal"."decisions_biz_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS "portal"."decisions_tech_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE IF NOT EXISTS "portal"."tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "portal"."tasks" ALTER COLUMN "id" SET DEFAULT portal.next_task_id();