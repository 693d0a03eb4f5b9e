-- Keep updated_at current in the database, so raw SQL and other clients get it too.
CREATE TRIGGER set_updated_at BEFORE UPDATE ON cortex.cortex_sessions FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON cortex.cortex_conversations FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON cortex.cortex_memory FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON cortex.cortex_oauth_tokens FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON cortex.cortex_channel_configs FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
