-- Keep updated_at current in the database, so raw SQL and other clients get it too.
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.company_swipe_assets FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.company_swipe_media FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.deep_research_jobs FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.jobs FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.brands FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.brand_channel_identities FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.research_runs FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.ads FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.media_assets FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON research.claude_context_files FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
