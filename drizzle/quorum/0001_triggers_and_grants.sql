-- Keep updated_at current in the database, so raw SQL and other clients get it too.
CREATE TRIGGER set_updated_at BEFORE UPDATE ON quorum.sessions FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON quorum.user_preferences FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON quorum.llm_master FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON quorum.coupons FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON quorum.profiles FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
-- Supabase API roles. RLS policies on coupons decide which rows they see: authenticated reads
-- published coupons, anon is granted SELECT but has no policy (sees no rows), service_role has a
-- full-access policy and full privileges on the schema (as Supabase grants it).
GRANT USAGE ON SCHEMA quorum TO anon, authenticated, service_role;
--> statement-breakpoint
GRANT SELECT ON quorum.coupons TO anon, authenticated;
--> statement-breakpoint
GRANT ALL ON ALL TABLES IN SCHEMA quorum TO service_role;
