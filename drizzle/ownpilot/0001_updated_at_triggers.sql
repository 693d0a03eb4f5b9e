-- Keep updated_at current in the database, so raw SQL and other clients get it too.
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.agents FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.bookmarks FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.calendar_events FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.config_entries FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.config_services FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.contacts FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.conversations FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.custom_data FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.custom_data_records FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.custom_providers FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.custom_table_schemas FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.custom_tools FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.goals FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.habits FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.local_models FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.local_providers FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.media_provider_settings FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.memories FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.notes FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.oauth_integrations FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.plans FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.plugins FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.pomodoro_settings FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.projects FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.reminders FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.settings FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.tasks FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.triggers FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.user_model_configs FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.user_provider_configs FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON ownpilot.user_workspaces FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updated_at');
