-- Keep updated_at current in the database, so raw SQL and other clients get it too.
CREATE TRIGGER set_updated_at BEFORE UPDATE ON core.tenants FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON core.tenant_credentials FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bot.job_queue FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bot.contacts FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bot.conversations FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
