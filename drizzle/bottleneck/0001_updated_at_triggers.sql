-- Keep "updatedAt" current in the database, so raw SQL and other clients get it too.
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.action_approvals FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.action_patterns FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.ad_recommendations FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.agency_tasks FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.agent_add_ons FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.agent_sessions FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.ai_call_campaigns FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.alert_rules FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.automation_workflows FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.backlinks FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.bot_conversations FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.browser_contexts FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.browser_sessions FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.cost_budgets FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.credentials FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.credit_packages FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.cron_job_registry FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.daily_cost_summaries FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.documentation_sources FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.element_selectors FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.email_connections FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.email_drafts FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.error_patterns FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.execution_controls FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.execution_packs FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.feature_flags FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.heatmap_sessions FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.in_app_notifications FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.leads FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.meta_ad_accounts FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.meta_ad_sets FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.meta_ads FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.meta_campaigns FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.scheduled_browser_tasks FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.seo_reports FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.sop_categories FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.sop_documents FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.sop_steps FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.subscription_tiers FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.synced_emails FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.system_config FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.task_success_patterns FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.user_credits FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.user_memory FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.user_preferences FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.user_profiles FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.user_subscriptions FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.user_webhooks FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.users FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.workflow_executions FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
--> statement-breakpoint
CREATE TRIGGER set_updated_at BEFORE UPDATE ON bottleneck.workflow_patterns FOR EACH ROW EXECUTE FUNCTION org_schema.set_updated_at('updatedAt');
