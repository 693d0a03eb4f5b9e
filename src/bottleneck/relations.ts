import { relations } from 'drizzle-orm';
import {
  actionApprovals,
  auditLogs,
  browserContexts,
  credentials,
  executionControls,
  securityAuditLog,
  securityEvents,
  systemConfig,
} from './tables/admin';
import {
  adAnalyses,
  adRecommendations,
  metaAdAccounts,
  metaAdSets,
  metaAds,
  metaCampaigns,
} from './tables/ads';
import {
  agentExecutions,
  agentSessions,
  generatedProjects,
  knowledgeEntries,
  toolExecutions,
} from './tables/agents';
import { alertDeliveryQueue, alertHistory, alertRules, inAppNotifications } from './tables/alerts';
import { emailVerificationTokens, passwordResetTokens, sessions, userProfiles, users } from './tables/auth';
import {
  agentAddOns,
  executionPacks,
  subscriptionTiers,
  subscriptionUsageRecords,
  userAgentAddOns,
  userExecutionPacks,
  userSubscriptions,
} from './tables/billing';
import { browserSessions, userPreferences } from './tables/browser';
import {
  apiTokenUsage,
  browserbaseCosts,
  costBudgets,
  dailyCostSummaries,
  geminiTokenUsage,
  storageCosts,
} from './tables/costs';
import { emailConnections, emailDrafts, syncedEmails } from './tables/email';
import {
  actionPatterns,
  elementSelectors,
  errorPatterns,
  executionCheckpoints,
  taskSuccessPatterns,
  userMemory,
  workflowPatterns,
} from './tables/knowledge';
import { aiCallCampaigns, aiCalls, leadLists, leads, userCredits } from './tables/leads';
import { documentationChunks, documentationSources } from './tables/rag';
import {
  backlinks,
  heatmapEvents,
  heatmapSessions,
  keywordRankings,
  keywordResearch,
  seoReports,
} from './tables/seo';
import { sopCategories, sopDocuments, sopExecutions, sopSteps } from './tables/sop';
import { botConversations, inboundMessages, userWebhooks, webhookLogs } from './tables/webhooks';
import { agencyTasks, outboundMessages, taskExecutions } from './tables/webhooks-tasks';
import {
  automationWorkflows,
  cronJobRegistry,
  scheduledBrowserTasks,
  scheduledTaskExecutions,
  workflowExecutions,
} from './tables/workflows';

export const usersRelations = relations(users, ({ one, many }) => ({
  sessions: many(sessions, { relationName: 'sessions_userId' }),
  profile: one(userProfiles),
  passwordResetTokens: many(passwordResetTokens, { relationName: 'password_reset_tokens_userId' }),
  emailVerificationTokens: many(emailVerificationTokens, {
    relationName: 'email_verification_tokens_userId',
  }),
  browserSessions: many(browserSessions, { relationName: 'browser_sessions_userId' }),
  preferences: one(userPreferences),
  automationWorkflows: many(automationWorkflows, { relationName: 'automation_workflows_userId' }),
  workflowExecutions: many(workflowExecutions, { relationName: 'workflow_executions_userId' }),
  scheduledBrowserTasksByUserId: many(scheduledBrowserTasks, {
    relationName: 'scheduled_browser_tasks_userId',
  }),
  scheduledBrowserTasksByCreatedBy: many(scheduledBrowserTasks, {
    relationName: 'scheduled_browser_tasks_createdBy',
  }),
  scheduledBrowserTasksByLastModifiedBy: many(scheduledBrowserTasks, {
    relationName: 'scheduled_browser_tasks_lastModifiedBy',
  }),
  agentSessions: many(agentSessions, { relationName: 'agent_sessions_userId' }),
  agentExecutions: many(agentExecutions, { relationName: 'agent_executions_userId' }),
  generatedProjects: many(generatedProjects, { relationName: 'generated_projects_userId' }),
  knowledgeEntries: many(knowledgeEntries, { relationName: 'knowledge_entries_userId' }),
  actionPatterns: many(actionPatterns, { relationName: 'action_patterns_userId' }),
  elementSelectors: many(elementSelectors, { relationName: 'element_selectors_userId' }),
  errorPatterns: many(errorPatterns, { relationName: 'error_patterns_userId' }),
  userMemory: one(userMemory),
  executionCheckpoints: many(executionCheckpoints, { relationName: 'execution_checkpoints_userId' }),
  taskSuccessPatterns: many(taskSuccessPatterns, { relationName: 'task_success_patterns_userId' }),
  workflowPatterns: many(workflowPatterns, { relationName: 'workflow_patterns_userId' }),
  subscription: one(userSubscriptions),
  userExecutionPacks: many(userExecutionPacks, { relationName: 'user_execution_packs_userId' }),
  userAgentAddOns: many(userAgentAddOns, { relationName: 'user_agent_add_ons_userId' }),
  subscriptionUsageRecords: many(subscriptionUsageRecords, {
    relationName: 'subscription_usage_records_userId',
  }),
  apiTokenUsage: many(apiTokenUsage, { relationName: 'api_token_usage_userId' }),
  geminiTokenUsage: many(geminiTokenUsage, { relationName: 'gemini_token_usage_userId' }),
  browserbaseCosts: many(browserbaseCosts, { relationName: 'browserbase_costs_userId' }),
  storageCosts: many(storageCosts, { relationName: 'storage_costs_userId' }),
  dailyCostSummaries: many(dailyCostSummaries, { relationName: 'daily_cost_summaries_userId' }),
  costBudget: one(costBudgets),
  userWebhooks: many(userWebhooks, { relationName: 'user_webhooks_userId' }),
  inboundMessages: many(inboundMessages, { relationName: 'inbound_messages_userId' }),
  botConversations: many(botConversations, { relationName: 'bot_conversations_userId' }),
  agencyTasksByUserId: many(agencyTasks, { relationName: 'agency_tasks_userId' }),
  agencyTasksByHumanReviewedBy: many(agencyTasks, { relationName: 'agency_tasks_humanReviewedBy' }),
  taskExecutions: many(taskExecutions, { relationName: 'task_executions_triggeredByUserId' }),
  outboundMessages: many(outboundMessages, { relationName: 'outbound_messages_userId' }),
  webhookLogs: many(webhookLogs, { relationName: 'webhook_logs_userId' }),
  seoReports: many(seoReports, { relationName: 'seo_reports_userId' }),
  keywordResearch: many(keywordResearch, { relationName: 'keyword_research_userId' }),
  keywordRankings: many(keywordRankings, { relationName: 'keyword_rankings_userId' }),
  backlinks: many(backlinks, { relationName: 'backlinks_userId' }),
  heatmapSessions: many(heatmapSessions, { relationName: 'heatmap_sessions_userId' }),
  adAnalyses: many(adAnalyses, { relationName: 'ad_analyses_userId' }),
  adRecommendationsByUserId: many(adRecommendations, { relationName: 'ad_recommendations_userId' }),
  adRecommendationsByAppliedBy: many(adRecommendations, { relationName: 'ad_recommendations_appliedBy' }),
  metaAdAccounts: many(metaAdAccounts, { relationName: 'meta_ad_accounts_userId' }),
  metaCampaigns: many(metaCampaigns, { relationName: 'meta_campaigns_userId' }),
  metaAdSets: many(metaAdSets, { relationName: 'meta_ad_sets_userId' }),
  metaAds: many(metaAds, { relationName: 'meta_ads_userId' }),
  userCredits: many(userCredits, { relationName: 'user_credits_userId' }),
  leadLists: many(leadLists, { relationName: 'lead_lists_userId' }),
  leads: many(leads, { relationName: 'leads_userId' }),
  aiCallCampaigns: many(aiCallCampaigns, { relationName: 'ai_call_campaigns_userId' }),
  aiCalls: many(aiCalls, { relationName: 'ai_calls_userId' }),
  emailConnections: many(emailConnections, { relationName: 'email_connections_userId' }),
  syncedEmails: many(syncedEmails, { relationName: 'synced_emails_userId' }),
  emailDrafts: many(emailDrafts, { relationName: 'email_drafts_userId' }),
  auditLogs: many(auditLogs, { relationName: 'audit_logs_userId' }),
  systemConfig: many(systemConfig, { relationName: 'system_config_updatedBy' }),
  credentials: many(credentials, { relationName: 'credentials_userId' }),
  executionControls: many(executionControls, { relationName: 'execution_controls_userId' }),
  actionApprovals: many(actionApprovals, { relationName: 'action_approvals_userId' }),
  browserContexts: many(browserContexts, { relationName: 'browser_contexts_userId' }),
  securityAuditLog: many(securityAuditLog, { relationName: 'security_audit_log_userId' }),
  securityEventsByUserId: many(securityEvents, { relationName: 'security_events_userId' }),
  securityEventsByResolvedBy: many(securityEvents, { relationName: 'security_events_resolvedBy' }),
  alertRulesByUserId: many(alertRules, { relationName: 'alert_rules_userId' }),
  alertRulesByCreatedBy: many(alertRules, { relationName: 'alert_rules_createdBy' }),
  alertRulesByLastModifiedBy: many(alertRules, { relationName: 'alert_rules_lastModifiedBy' }),
  alertHistoryByUserId: many(alertHistory, { relationName: 'alert_history_userId' }),
  alertHistoryByAcknowledgedBy: many(alertHistory, { relationName: 'alert_history_acknowledgedBy' }),
  inAppNotifications: many(inAppNotifications, { relationName: 'in_app_notifications_userId' }),
  documentationSources: many(documentationSources, { relationName: 'documentation_sources_userId' }),
  sopCategories: many(sopCategories, { relationName: 'sop_categories_userId' }),
  sopDocuments: many(sopDocuments, { relationName: 'sop_documents_userId' }),
  sopExecutions: many(sopExecutions, { relationName: 'sop_executions_userId' }),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id], relationName: 'sessions_userId' }),
}));

export const userProfilesRelations = relations(userProfiles, ({ one }) => ({
  user: one(users, { fields: [userProfiles.userId], references: [users.id] }),
}));

export const passwordResetTokensRelations = relations(passwordResetTokens, ({ one }) => ({
  user: one(users, {
    fields: [passwordResetTokens.userId],
    references: [users.id],
    relationName: 'password_reset_tokens_userId',
  }),
}));

export const emailVerificationTokensRelations = relations(emailVerificationTokens, ({ one }) => ({
  user: one(users, {
    fields: [emailVerificationTokens.userId],
    references: [users.id],
    relationName: 'email_verification_tokens_userId',
  }),
}));

export const browserSessionsRelations = relations(browserSessions, ({ one, many }) => ({
  user: one(users, {
    fields: [browserSessions.userId],
    references: [users.id],
    relationName: 'browser_sessions_userId',
  }),
  workflowExecutions: many(workflowExecutions, { relationName: 'workflow_executions_sessionId' }),
}));

export const userPreferencesRelations = relations(userPreferences, ({ one }) => ({
  user: one(users, { fields: [userPreferences.userId], references: [users.id] }),
}));

export const automationWorkflowsRelations = relations(automationWorkflows, ({ one, many }) => ({
  user: one(users, {
    fields: [automationWorkflows.userId],
    references: [users.id],
    relationName: 'automation_workflows_userId',
  }),
  workflowExecutions: many(workflowExecutions, { relationName: 'workflow_executions_workflowId' }),
}));

export const workflowExecutionsRelations = relations(workflowExecutions, ({ one }) => ({
  workflow: one(automationWorkflows, {
    fields: [workflowExecutions.workflowId],
    references: [automationWorkflows.id],
    relationName: 'workflow_executions_workflowId',
  }),
  session: one(browserSessions, {
    fields: [workflowExecutions.sessionId],
    references: [browserSessions.id],
    relationName: 'workflow_executions_sessionId',
  }),
  user: one(users, {
    fields: [workflowExecutions.userId],
    references: [users.id],
    relationName: 'workflow_executions_userId',
  }),
}));

export const scheduledBrowserTasksRelations = relations(scheduledBrowserTasks, ({ one, many }) => ({
  user: one(users, {
    fields: [scheduledBrowserTasks.userId],
    references: [users.id],
    relationName: 'scheduled_browser_tasks_userId',
  }),
  createdByUser: one(users, {
    fields: [scheduledBrowserTasks.createdBy],
    references: [users.id],
    relationName: 'scheduled_browser_tasks_createdBy',
  }),
  lastModifiedByUser: one(users, {
    fields: [scheduledBrowserTasks.lastModifiedBy],
    references: [users.id],
    relationName: 'scheduled_browser_tasks_lastModifiedBy',
  }),
  scheduledTaskExecutions: many(scheduledTaskExecutions, {
    relationName: 'scheduled_task_executions_taskId',
  }),
  cronJob: one(cronJobRegistry),
}));

export const scheduledTaskExecutionsRelations = relations(scheduledTaskExecutions, ({ one }) => ({
  task: one(scheduledBrowserTasks, {
    fields: [scheduledTaskExecutions.taskId],
    references: [scheduledBrowserTasks.id],
    relationName: 'scheduled_task_executions_taskId',
  }),
}));

export const cronJobRegistryRelations = relations(cronJobRegistry, ({ one }) => ({
  task: one(scheduledBrowserTasks, {
    fields: [cronJobRegistry.taskId],
    references: [scheduledBrowserTasks.id],
  }),
}));

export const agentSessionsRelations = relations(agentSessions, ({ one, many }) => ({
  user: one(users, {
    fields: [agentSessions.userId],
    references: [users.id],
    relationName: 'agent_sessions_userId',
  }),
  agentExecutions: many(agentExecutions, { relationName: 'agent_executions_sessionId' }),
}));

export const agentExecutionsRelations = relations(agentExecutions, ({ one, many }) => ({
  session: one(agentSessions, {
    fields: [agentExecutions.sessionId],
    references: [agentSessions.id],
    relationName: 'agent_executions_sessionId',
  }),
  user: one(users, {
    fields: [agentExecutions.userId],
    references: [users.id],
    relationName: 'agent_executions_userId',
  }),
  toolExecutions: many(toolExecutions, { relationName: 'tool_executions_executionId' }),
  generatedProjects: many(generatedProjects, { relationName: 'generated_projects_executionId' }),
}));

export const toolExecutionsRelations = relations(toolExecutions, ({ one }) => ({
  execution: one(agentExecutions, {
    fields: [toolExecutions.executionId],
    references: [agentExecutions.id],
    relationName: 'tool_executions_executionId',
  }),
}));

export const generatedProjectsRelations = relations(generatedProjects, ({ one }) => ({
  user: one(users, {
    fields: [generatedProjects.userId],
    references: [users.id],
    relationName: 'generated_projects_userId',
  }),
  execution: one(agentExecutions, {
    fields: [generatedProjects.executionId],
    references: [agentExecutions.id],
    relationName: 'generated_projects_executionId',
  }),
}));

export const knowledgeEntriesRelations = relations(knowledgeEntries, ({ one }) => ({
  user: one(users, {
    fields: [knowledgeEntries.userId],
    references: [users.id],
    relationName: 'knowledge_entries_userId',
  }),
}));

export const actionPatternsRelations = relations(actionPatterns, ({ one }) => ({
  user: one(users, {
    fields: [actionPatterns.userId],
    references: [users.id],
    relationName: 'action_patterns_userId',
  }),
}));

export const elementSelectorsRelations = relations(elementSelectors, ({ one }) => ({
  user: one(users, {
    fields: [elementSelectors.userId],
    references: [users.id],
    relationName: 'element_selectors_userId',
  }),
}));

export const errorPatternsRelations = relations(errorPatterns, ({ one }) => ({
  user: one(users, {
    fields: [errorPatterns.userId],
    references: [users.id],
    relationName: 'error_patterns_userId',
  }),
}));

export const userMemoryRelations = relations(userMemory, ({ one }) => ({
  user: one(users, { fields: [userMemory.userId], references: [users.id] }),
}));

export const executionCheckpointsRelations = relations(executionCheckpoints, ({ one }) => ({
  user: one(users, {
    fields: [executionCheckpoints.userId],
    references: [users.id],
    relationName: 'execution_checkpoints_userId',
  }),
}));

export const taskSuccessPatternsRelations = relations(taskSuccessPatterns, ({ one }) => ({
  user: one(users, {
    fields: [taskSuccessPatterns.userId],
    references: [users.id],
    relationName: 'task_success_patterns_userId',
  }),
}));

export const workflowPatternsRelations = relations(workflowPatterns, ({ one }) => ({
  user: one(users, {
    fields: [workflowPatterns.userId],
    references: [users.id],
    relationName: 'workflow_patterns_userId',
  }),
}));

export const subscriptionTiersRelations = relations(subscriptionTiers, ({ many }) => ({
  userSubscriptions: many(userSubscriptions, { relationName: 'user_subscriptions_tierId' }),
  executionPacks: many(executionPacks, { relationName: 'execution_packs_minTierId' }),
  agentAddOns: many(agentAddOns, { relationName: 'agent_add_ons_minTierId' }),
  subscriptionUsageRecords: many(subscriptionUsageRecords, {
    relationName: 'subscription_usage_records_tierId',
  }),
}));

export const userSubscriptionsRelations = relations(userSubscriptions, ({ one }) => ({
  user: one(users, { fields: [userSubscriptions.userId], references: [users.id] }),
  tier: one(subscriptionTiers, {
    fields: [userSubscriptions.tierId],
    references: [subscriptionTiers.id],
    relationName: 'user_subscriptions_tierId',
  }),
}));

export const executionPacksRelations = relations(executionPacks, ({ one, many }) => ({
  minTier: one(subscriptionTiers, {
    fields: [executionPacks.minTierId],
    references: [subscriptionTiers.id],
    relationName: 'execution_packs_minTierId',
  }),
  userExecutionPacks: many(userExecutionPacks, { relationName: 'user_execution_packs_packId' }),
}));

export const userExecutionPacksRelations = relations(userExecutionPacks, ({ one }) => ({
  user: one(users, {
    fields: [userExecutionPacks.userId],
    references: [users.id],
    relationName: 'user_execution_packs_userId',
  }),
  pack: one(executionPacks, {
    fields: [userExecutionPacks.packId],
    references: [executionPacks.id],
    relationName: 'user_execution_packs_packId',
  }),
}));

export const agentAddOnsRelations = relations(agentAddOns, ({ one, many }) => ({
  minTier: one(subscriptionTiers, {
    fields: [agentAddOns.minTierId],
    references: [subscriptionTiers.id],
    relationName: 'agent_add_ons_minTierId',
  }),
  userAgentAddOns: many(userAgentAddOns, { relationName: 'user_agent_add_ons_addOnId' }),
}));

export const userAgentAddOnsRelations = relations(userAgentAddOns, ({ one }) => ({
  user: one(users, {
    fields: [userAgentAddOns.userId],
    references: [users.id],
    relationName: 'user_agent_add_ons_userId',
  }),
  addOn: one(agentAddOns, {
    fields: [userAgentAddOns.addOnId],
    references: [agentAddOns.id],
    relationName: 'user_agent_add_ons_addOnId',
  }),
}));

export const subscriptionUsageRecordsRelations = relations(subscriptionUsageRecords, ({ one }) => ({
  user: one(users, {
    fields: [subscriptionUsageRecords.userId],
    references: [users.id],
    relationName: 'subscription_usage_records_userId',
  }),
  tier: one(subscriptionTiers, {
    fields: [subscriptionUsageRecords.tierId],
    references: [subscriptionTiers.id],
    relationName: 'subscription_usage_records_tierId',
  }),
}));

export const apiTokenUsageRelations = relations(apiTokenUsage, ({ one }) => ({
  user: one(users, {
    fields: [apiTokenUsage.userId],
    references: [users.id],
    relationName: 'api_token_usage_userId',
  }),
  execution: one(taskExecutions, {
    fields: [apiTokenUsage.executionId],
    references: [taskExecutions.id],
    relationName: 'api_token_usage_executionId',
  }),
}));

export const geminiTokenUsageRelations = relations(geminiTokenUsage, ({ one }) => ({
  user: one(users, {
    fields: [geminiTokenUsage.userId],
    references: [users.id],
    relationName: 'gemini_token_usage_userId',
  }),
  execution: one(taskExecutions, {
    fields: [geminiTokenUsage.executionId],
    references: [taskExecutions.id],
    relationName: 'gemini_token_usage_executionId',
  }),
}));

export const browserbaseCostsRelations = relations(browserbaseCosts, ({ one }) => ({
  user: one(users, {
    fields: [browserbaseCosts.userId],
    references: [users.id],
    relationName: 'browserbase_costs_userId',
  }),
  execution: one(taskExecutions, {
    fields: [browserbaseCosts.executionId],
    references: [taskExecutions.id],
    relationName: 'browserbase_costs_executionId',
  }),
}));

export const storageCostsRelations = relations(storageCosts, ({ one }) => ({
  user: one(users, {
    fields: [storageCosts.userId],
    references: [users.id],
    relationName: 'storage_costs_userId',
  }),
  execution: one(taskExecutions, {
    fields: [storageCosts.executionId],
    references: [taskExecutions.id],
    relationName: 'storage_costs_executionId',
  }),
}));

export const dailyCostSummariesRelations = relations(dailyCostSummaries, ({ one }) => ({
  user: one(users, {
    fields: [dailyCostSummaries.userId],
    references: [users.id],
    relationName: 'daily_cost_summaries_userId',
  }),
}));

export const costBudgetsRelations = relations(costBudgets, ({ one }) => ({
  user: one(users, { fields: [costBudgets.userId], references: [users.id] }),
}));

export const userWebhooksRelations = relations(userWebhooks, ({ one, many }) => ({
  user: one(users, {
    fields: [userWebhooks.userId],
    references: [users.id],
    relationName: 'user_webhooks_userId',
  }),
  inboundMessages: many(inboundMessages, { relationName: 'inbound_messages_webhookId' }),
  botConversations: many(botConversations, { relationName: 'bot_conversations_webhookId' }),
  agencyTasks: many(agencyTasks, { relationName: 'agency_tasks_sourceWebhookId' }),
  outboundMessages: many(outboundMessages, { relationName: 'outbound_messages_webhookId' }),
}));

export const inboundMessagesRelations = relations(inboundMessages, ({ one, many }) => ({
  webhook: one(userWebhooks, {
    fields: [inboundMessages.webhookId],
    references: [userWebhooks.id],
    relationName: 'inbound_messages_webhookId',
  }),
  user: one(users, {
    fields: [inboundMessages.userId],
    references: [users.id],
    relationName: 'inbound_messages_userId',
  }),
  parentMessage: one(inboundMessages, {
    fields: [inboundMessages.parentMessageId],
    references: [inboundMessages.id],
    relationName: 'inbound_messages_parentMessageId',
  }),
  // documented many-to-one; the column has no FK in the document
  conversation: one(botConversations, {
    fields: [inboundMessages.conversationId],
    references: [botConversations.id],
    relationName: 'inbound_messages_conversationId',
  }),
  replies: many(inboundMessages, { relationName: 'inbound_messages_parentMessageId' }),
  agencyTasks: many(agencyTasks, { relationName: 'agency_tasks_sourceMessageId' }),
  outboundMessages: many(outboundMessages, { relationName: 'outbound_messages_inboundMessageId' }),
}));

export const botConversationsRelations = relations(botConversations, ({ one, many }) => ({
  user: one(users, {
    fields: [botConversations.userId],
    references: [users.id],
    relationName: 'bot_conversations_userId',
  }),
  webhook: one(userWebhooks, {
    fields: [botConversations.webhookId],
    references: [userWebhooks.id],
    relationName: 'bot_conversations_webhookId',
  }),
  agencyTasks: many(agencyTasks, { relationName: 'agency_tasks_conversationId' }),
  outboundMessages: many(outboundMessages, { relationName: 'outbound_messages_conversationId' }),
  inboundMessages: many(inboundMessages, { relationName: 'inbound_messages_conversationId' }),
}));

export const agencyTasksRelations = relations(agencyTasks, ({ one, many }) => ({
  user: one(users, {
    fields: [agencyTasks.userId],
    references: [users.id],
    relationName: 'agency_tasks_userId',
  }),
  sourceWebhook: one(userWebhooks, {
    fields: [agencyTasks.sourceWebhookId],
    references: [userWebhooks.id],
    relationName: 'agency_tasks_sourceWebhookId',
  }),
  sourceMessage: one(inboundMessages, {
    fields: [agencyTasks.sourceMessageId],
    references: [inboundMessages.id],
    relationName: 'agency_tasks_sourceMessageId',
  }),
  conversation: one(botConversations, {
    fields: [agencyTasks.conversationId],
    references: [botConversations.id],
    relationName: 'agency_tasks_conversationId',
  }),
  humanReviewedByUser: one(users, {
    fields: [agencyTasks.humanReviewedBy],
    references: [users.id],
    relationName: 'agency_tasks_humanReviewedBy',
  }),
  blockingTask: one(agencyTasks, {
    fields: [agencyTasks.blockedBy],
    references: [agencyTasks.id],
    relationName: 'agency_tasks_blockedBy',
  }),
  blockedTasks: many(agencyTasks, { relationName: 'agency_tasks_blockedBy' }),
  taskExecutions: many(taskExecutions, { relationName: 'task_executions_taskId' }),
  outboundMessages: many(outboundMessages, { relationName: 'outbound_messages_taskId' }),
}));

export const taskExecutionsRelations = relations(taskExecutions, ({ one, many }) => ({
  task: one(agencyTasks, {
    fields: [taskExecutions.taskId],
    references: [agencyTasks.id],
    relationName: 'task_executions_taskId',
  }),
  triggeredByUser: one(users, {
    fields: [taskExecutions.triggeredByUserId],
    references: [users.id],
    relationName: 'task_executions_triggeredByUserId',
  }),
  apiTokenUsage: many(apiTokenUsage, { relationName: 'api_token_usage_executionId' }),
  geminiTokenUsage: many(geminiTokenUsage, { relationName: 'gemini_token_usage_executionId' }),
  browserbaseCosts: many(browserbaseCosts, { relationName: 'browserbase_costs_executionId' }),
  storageCosts: many(storageCosts, { relationName: 'storage_costs_executionId' }),
}));

export const outboundMessagesRelations = relations(outboundMessages, ({ one }) => ({
  webhook: one(userWebhooks, {
    fields: [outboundMessages.webhookId],
    references: [userWebhooks.id],
    relationName: 'outbound_messages_webhookId',
  }),
  user: one(users, {
    fields: [outboundMessages.userId],
    references: [users.id],
    relationName: 'outbound_messages_userId',
  }),
  inboundMessage: one(inboundMessages, {
    fields: [outboundMessages.inboundMessageId],
    references: [inboundMessages.id],
    relationName: 'outbound_messages_inboundMessageId',
  }),
  task: one(agencyTasks, {
    fields: [outboundMessages.taskId],
    references: [agencyTasks.id],
    relationName: 'outbound_messages_taskId',
  }),
  conversation: one(botConversations, {
    fields: [outboundMessages.conversationId],
    references: [botConversations.id],
    relationName: 'outbound_messages_conversationId',
  }),
}));

export const webhookLogsRelations = relations(webhookLogs, ({ one }) => ({
  user: one(users, {
    fields: [webhookLogs.userId],
    references: [users.id],
    relationName: 'webhook_logs_userId',
  }),
}));

export const seoReportsRelations = relations(seoReports, ({ one }) => ({
  user: one(users, {
    fields: [seoReports.userId],
    references: [users.id],
    relationName: 'seo_reports_userId',
  }),
}));

export const keywordResearchRelations = relations(keywordResearch, ({ one }) => ({
  user: one(users, {
    fields: [keywordResearch.userId],
    references: [users.id],
    relationName: 'keyword_research_userId',
  }),
}));

export const keywordRankingsRelations = relations(keywordRankings, ({ one }) => ({
  user: one(users, {
    fields: [keywordRankings.userId],
    references: [users.id],
    relationName: 'keyword_rankings_userId',
  }),
}));

export const backlinksRelations = relations(backlinks, ({ one }) => ({
  user: one(users, { fields: [backlinks.userId], references: [users.id], relationName: 'backlinks_userId' }),
}));

export const heatmapSessionsRelations = relations(heatmapSessions, ({ one, many }) => ({
  user: one(users, {
    fields: [heatmapSessions.userId],
    references: [users.id],
    relationName: 'heatmap_sessions_userId',
  }),
  heatmapEvents: many(heatmapEvents, { relationName: 'heatmap_events_sessionId' }),
}));

export const heatmapEventsRelations = relations(heatmapEvents, ({ one }) => ({
  session: one(heatmapSessions, {
    fields: [heatmapEvents.sessionId],
    references: [heatmapSessions.id],
    relationName: 'heatmap_events_sessionId',
  }),
}));

export const adAnalysesRelations = relations(adAnalyses, ({ one, many }) => ({
  user: one(users, {
    fields: [adAnalyses.userId],
    references: [users.id],
    relationName: 'ad_analyses_userId',
  }),
  adRecommendations: many(adRecommendations, { relationName: 'ad_recommendations_analysisId' }),
}));

export const adRecommendationsRelations = relations(adRecommendations, ({ one }) => ({
  user: one(users, {
    fields: [adRecommendations.userId],
    references: [users.id],
    relationName: 'ad_recommendations_userId',
  }),
  analysis: one(adAnalyses, {
    fields: [adRecommendations.analysisId],
    references: [adAnalyses.id],
    relationName: 'ad_recommendations_analysisId',
  }),
  appliedByUser: one(users, {
    fields: [adRecommendations.appliedBy],
    references: [users.id],
    relationName: 'ad_recommendations_appliedBy',
  }),
}));

export const metaAdAccountsRelations = relations(metaAdAccounts, ({ one, many }) => ({
  user: one(users, {
    fields: [metaAdAccounts.userId],
    references: [users.id],
    relationName: 'meta_ad_accounts_userId',
  }),
  metaCampaigns: many(metaCampaigns, { relationName: 'meta_campaigns_accountId' }),
}));

export const metaCampaignsRelations = relations(metaCampaigns, ({ one, many }) => ({
  user: one(users, {
    fields: [metaCampaigns.userId],
    references: [users.id],
    relationName: 'meta_campaigns_userId',
  }),
  account: one(metaAdAccounts, {
    fields: [metaCampaigns.accountId],
    references: [metaAdAccounts.id],
    relationName: 'meta_campaigns_accountId',
  }),
  metaAdSets: many(metaAdSets, { relationName: 'meta_ad_sets_campaignId' }),
}));

export const metaAdSetsRelations = relations(metaAdSets, ({ one, many }) => ({
  user: one(users, {
    fields: [metaAdSets.userId],
    references: [users.id],
    relationName: 'meta_ad_sets_userId',
  }),
  campaign: one(metaCampaigns, {
    fields: [metaAdSets.campaignId],
    references: [metaCampaigns.id],
    relationName: 'meta_ad_sets_campaignId',
  }),
  metaAds: many(metaAds, { relationName: 'meta_ads_adSetId' }),
}));

export const metaAdsRelations = relations(metaAds, ({ one }) => ({
  user: one(users, { fields: [metaAds.userId], references: [users.id], relationName: 'meta_ads_userId' }),
  adSet: one(metaAdSets, {
    fields: [metaAds.adSetId],
    references: [metaAdSets.id],
    relationName: 'meta_ads_adSetId',
  }),
}));

export const userCreditsRelations = relations(userCredits, ({ one }) => ({
  user: one(users, {
    fields: [userCredits.userId],
    references: [users.id],
    relationName: 'user_credits_userId',
  }),
}));

export const leadListsRelations = relations(leadLists, ({ one, many }) => ({
  user: one(users, { fields: [leadLists.userId], references: [users.id], relationName: 'lead_lists_userId' }),
  leads: many(leads, { relationName: 'leads_listId' }),
  aiCallCampaigns: many(aiCallCampaigns, { relationName: 'ai_call_campaigns_listId' }),
}));

export const leadsRelations = relations(leads, ({ one, many }) => ({
  list: one(leadLists, { fields: [leads.listId], references: [leadLists.id], relationName: 'leads_listId' }),
  user: one(users, { fields: [leads.userId], references: [users.id], relationName: 'leads_userId' }),
  aiCalls: many(aiCalls, { relationName: 'ai_calls_leadId' }),
}));

export const aiCallCampaignsRelations = relations(aiCallCampaigns, ({ one, many }) => ({
  user: one(users, {
    fields: [aiCallCampaigns.userId],
    references: [users.id],
    relationName: 'ai_call_campaigns_userId',
  }),
  list: one(leadLists, {
    fields: [aiCallCampaigns.listId],
    references: [leadLists.id],
    relationName: 'ai_call_campaigns_listId',
  }),
  aiCalls: many(aiCalls, { relationName: 'ai_calls_campaignId' }),
}));

export const aiCallsRelations = relations(aiCalls, ({ one }) => ({
  campaign: one(aiCallCampaigns, {
    fields: [aiCalls.campaignId],
    references: [aiCallCampaigns.id],
    relationName: 'ai_calls_campaignId',
  }),
  user: one(users, { fields: [aiCalls.userId], references: [users.id], relationName: 'ai_calls_userId' }),
  lead: one(leads, { fields: [aiCalls.leadId], references: [leads.id], relationName: 'ai_calls_leadId' }),
}));

export const emailConnectionsRelations = relations(emailConnections, ({ one, many }) => ({
  user: one(users, {
    fields: [emailConnections.userId],
    references: [users.id],
    relationName: 'email_connections_userId',
  }),
  syncedEmails: many(syncedEmails, { relationName: 'synced_emails_connectionId' }),
  emailDrafts: many(emailDrafts, { relationName: 'email_drafts_connectionId' }),
}));

export const syncedEmailsRelations = relations(syncedEmails, ({ one, many }) => ({
  user: one(users, {
    fields: [syncedEmails.userId],
    references: [users.id],
    relationName: 'synced_emails_userId',
  }),
  connection: one(emailConnections, {
    fields: [syncedEmails.connectionId],
    references: [emailConnections.id],
    relationName: 'synced_emails_connectionId',
  }),
  emailDrafts: many(emailDrafts, { relationName: 'email_drafts_emailId' }),
}));

export const emailDraftsRelations = relations(emailDrafts, ({ one }) => ({
  user: one(users, {
    fields: [emailDrafts.userId],
    references: [users.id],
    relationName: 'email_drafts_userId',
  }),
  email: one(syncedEmails, {
    fields: [emailDrafts.emailId],
    references: [syncedEmails.id],
    relationName: 'email_drafts_emailId',
  }),
  connection: one(emailConnections, {
    fields: [emailDrafts.connectionId],
    references: [emailConnections.id],
    relationName: 'email_drafts_connectionId',
  }),
}));

export const auditLogsRelations = relations(auditLogs, ({ one }) => ({
  user: one(users, { fields: [auditLogs.userId], references: [users.id], relationName: 'audit_logs_userId' }),
}));

export const systemConfigRelations = relations(systemConfig, ({ one }) => ({
  updatedByUser: one(users, {
    fields: [systemConfig.updatedBy],
    references: [users.id],
    relationName: 'system_config_updatedBy',
  }),
}));

export const credentialsRelations = relations(credentials, ({ one }) => ({
  user: one(users, {
    fields: [credentials.userId],
    references: [users.id],
    relationName: 'credentials_userId',
  }),
}));

export const executionControlsRelations = relations(executionControls, ({ one }) => ({
  user: one(users, {
    fields: [executionControls.userId],
    references: [users.id],
    relationName: 'execution_controls_userId',
  }),
}));

export const actionApprovalsRelations = relations(actionApprovals, ({ one }) => ({
  user: one(users, {
    fields: [actionApprovals.userId],
    references: [users.id],
    relationName: 'action_approvals_userId',
  }),
}));

export const browserContextsRelations = relations(browserContexts, ({ one }) => ({
  user: one(users, {
    fields: [browserContexts.userId],
    references: [users.id],
    relationName: 'browser_contexts_userId',
  }),
}));

export const securityAuditLogRelations = relations(securityAuditLog, ({ one }) => ({
  user: one(users, {
    fields: [securityAuditLog.userId],
    references: [users.id],
    relationName: 'security_audit_log_userId',
  }),
}));

export const securityEventsRelations = relations(securityEvents, ({ one }) => ({
  user: one(users, {
    fields: [securityEvents.userId],
    references: [users.id],
    relationName: 'security_events_userId',
  }),
  resolvedByUser: one(users, {
    fields: [securityEvents.resolvedBy],
    references: [users.id],
    relationName: 'security_events_resolvedBy',
  }),
}));

export const alertRulesRelations = relations(alertRules, ({ one, many }) => ({
  user: one(users, {
    fields: [alertRules.userId],
    references: [users.id],
    relationName: 'alert_rules_userId',
  }),
  createdByUser: one(users, {
    fields: [alertRules.createdBy],
    references: [users.id],
    relationName: 'alert_rules_createdBy',
  }),
  lastModifiedByUser: one(users, {
    fields: [alertRules.lastModifiedBy],
    references: [users.id],
    relationName: 'alert_rules_lastModifiedBy',
  }),
  alertHistory: many(alertHistory, { relationName: 'alert_history_ruleId' }),
}));

export const alertHistoryRelations = relations(alertHistory, ({ one, many }) => ({
  rule: one(alertRules, {
    fields: [alertHistory.ruleId],
    references: [alertRules.id],
    relationName: 'alert_history_ruleId',
  }),
  user: one(users, {
    fields: [alertHistory.userId],
    references: [users.id],
    relationName: 'alert_history_userId',
  }),
  acknowledgedByUser: one(users, {
    fields: [alertHistory.acknowledgedBy],
    references: [users.id],
    relationName: 'alert_history_acknowledgedBy',
  }),
  inAppNotifications: many(inAppNotifications, { relationName: 'in_app_notifications_alertHistoryId' }),
  alertDeliveryQueue: many(alertDeliveryQueue, { relationName: 'alert_delivery_queue_alertHistoryId' }),
}));

export const inAppNotificationsRelations = relations(inAppNotifications, ({ one }) => ({
  user: one(users, {
    fields: [inAppNotifications.userId],
    references: [users.id],
    relationName: 'in_app_notifications_userId',
  }),
  alertHistory: one(alertHistory, {
    fields: [inAppNotifications.alertHistoryId],
    references: [alertHistory.id],
    relationName: 'in_app_notifications_alertHistoryId',
  }),
}));

export const alertDeliveryQueueRelations = relations(alertDeliveryQueue, ({ one }) => ({
  alertHistory: one(alertHistory, {
    fields: [alertDeliveryQueue.alertHistoryId],
    references: [alertHistory.id],
    relationName: 'alert_delivery_queue_alertHistoryId',
  }),
}));

export const documentationSourcesRelations = relations(documentationSources, ({ one, many }) => ({
  user: one(users, {
    fields: [documentationSources.userId],
    references: [users.id],
    relationName: 'documentation_sources_userId',
  }),
  documentationChunks: many(documentationChunks, { relationName: 'documentation_chunks_sourceId' }),
}));

export const documentationChunksRelations = relations(documentationChunks, ({ one }) => ({
  source: one(documentationSources, {
    fields: [documentationChunks.sourceId],
    references: [documentationSources.id],
    relationName: 'documentation_chunks_sourceId',
  }),
}));

export const sopCategoriesRelations = relations(sopCategories, ({ one, many }) => ({
  user: one(users, {
    fields: [sopCategories.userId],
    references: [users.id],
    relationName: 'sop_categories_userId',
  }),
  sopDocuments: many(sopDocuments, { relationName: 'sop_documents_categoryId' }),
}));

export const sopDocumentsRelations = relations(sopDocuments, ({ one, many }) => ({
  user: one(users, {
    fields: [sopDocuments.userId],
    references: [users.id],
    relationName: 'sop_documents_userId',
  }),
  category: one(sopCategories, {
    fields: [sopDocuments.categoryId],
    references: [sopCategories.id],
    relationName: 'sop_documents_categoryId',
  }),
  sopSteps: many(sopSteps, { relationName: 'sop_steps_sopId' }),
  sopExecutions: many(sopExecutions, { relationName: 'sop_executions_sopId' }),
}));

export const sopStepsRelations = relations(sopSteps, ({ one }) => ({
  sop: one(sopDocuments, {
    fields: [sopSteps.sopId],
    references: [sopDocuments.id],
    relationName: 'sop_steps_sopId',
  }),
}));

export const sopExecutionsRelations = relations(sopExecutions, ({ one }) => ({
  sop: one(sopDocuments, {
    fields: [sopExecutions.sopId],
    references: [sopDocuments.id],
    relationName: 'sop_executions_sopId',
  }),
  user: one(users, {
    fields: [sopExecutions.userId],
    references: [users.id],
    relationName: 'sop_executions_userId',
  }),
}));
