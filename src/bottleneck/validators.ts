// drizzle-zod schemas for every table. Documented value lists come from the columns' `enum` option;
// documented ranges (scores 0-100, rates 0-1, rating 1-5, channel order 1-3) are added here. Insert
// and update schemas come from the input kit, so they also carry the bounds the column types imply
// (numeric(p,s), timestamps in years 0001-9999, lower-cased uuids, JSON, indexed text length).
import { createSelectSchema } from 'drizzle-zod';
import type { z } from 'zod';
import { insertSchema, updateSchema } from '../input';
import {
  actionApprovals,
  auditLogs,
  browserContexts,
  credentials,
  executionControls,
  featureFlags,
  securityAuditLog,
  securityEvents,
  systemConfig,
} from './admin';
import { adAnalyses, adRecommendations, metaAdAccounts, metaAdSets, metaAds, metaCampaigns } from './ads';
import {
  agentExecutions,
  agentSessions,
  generatedProjects,
  knowledgeEntries,
  toolExecutions,
} from './agents';
import { alertDeliveryQueue, alertHistory, alertRules, inAppNotifications } from './alerts';
import {
  emailVerificationTokens,
  loginAttempts,
  passwordResetTokens,
  sessions,
  userProfiles,
  users,
} from './auth';
import {
  agentAddOns,
  executionPacks,
  subscriptionTiers,
  subscriptionUsageRecords,
  userAgentAddOns,
  userExecutionPacks,
  userSubscriptions,
} from './billing';
import { browserSessions, userPreferences } from './browser';
import {
  apiTokenUsage,
  browserbaseCosts,
  costBudgets,
  dailyCostSummaries,
  geminiTokenUsage,
  storageCosts,
} from './costs';
import { emailConnections, emailDrafts, syncedEmails } from './email';
import {
  actionPatterns,
  elementSelectors,
  errorPatterns,
  executionCheckpoints,
  taskSuccessPatterns,
  userMemory,
  workflowPatterns,
} from './knowledge';
import { aiCallCampaigns, aiCalls, creditPackages, leadLists, leads, userCredits } from './leads';
import { documentationChunks, documentationSources, platformKeywords } from './rag';
import {
  backlinks,
  heatmapEvents,
  heatmapSessions,
  keywordRankings,
  keywordResearch,
  seoReports,
} from './seo';
import { sopCategories, sopDocuments, sopExecutions, sopSteps } from './sop';
import { botConversations, inboundMessages, userWebhooks, webhookLogs } from './webhooks';
import { agencyTasks, outboundMessages, taskExecutions } from './webhooks-tasks';
import {
  automationWorkflows,
  cronJobRegistry,
  scheduledBrowserTasks,
  scheduledTaskExecutions,
  workflowExecutions,
} from './workflows';

export const insertUsersSchema = insertSchema(users, { email: (s) => s.email() });
export const selectUsersSchema = createSelectSchema(users);
export const updateUsersSchema = updateSchema(users, { email: (s) => s.email() });
export type UsersRow = typeof users.$inferSelect;
export type NewUsersRow = z.input<typeof insertUsersSchema>;

export const insertSessionsSchema = insertSchema(sessions);
export const selectSessionsSchema = createSelectSchema(sessions);
export const updateSessionsSchema = updateSchema(sessions);
export type SessionsRow = typeof sessions.$inferSelect;
export type NewSessionsRow = z.input<typeof insertSessionsSchema>;

export const insertUserProfilesSchema = insertSchema(userProfiles);
export const selectUserProfilesSchema = createSelectSchema(userProfiles);
export const updateUserProfilesSchema = updateSchema(userProfiles);
export type UserProfilesRow = typeof userProfiles.$inferSelect;
export type NewUserProfilesRow = z.input<typeof insertUserProfilesSchema>;

export const insertPasswordResetTokensSchema = insertSchema(passwordResetTokens);
export const selectPasswordResetTokensSchema = createSelectSchema(passwordResetTokens);
export const updatePasswordResetTokensSchema = updateSchema(passwordResetTokens);
export type PasswordResetTokensRow = typeof passwordResetTokens.$inferSelect;
export type NewPasswordResetTokensRow = z.input<typeof insertPasswordResetTokensSchema>;

export const insertEmailVerificationTokensSchema = insertSchema(emailVerificationTokens);
export const selectEmailVerificationTokensSchema = createSelectSchema(emailVerificationTokens);
export const updateEmailVerificationTokensSchema = updateSchema(emailVerificationTokens);
export type EmailVerificationTokensRow = typeof emailVerificationTokens.$inferSelect;
export type NewEmailVerificationTokensRow = z.input<typeof insertEmailVerificationTokensSchema>;

export const insertLoginAttemptsSchema = insertSchema(loginAttempts, { email: (s) => s.min(1) });
export const selectLoginAttemptsSchema = createSelectSchema(loginAttempts);
export const updateLoginAttemptsSchema = updateSchema(loginAttempts, { email: (s) => s.min(1) });
export type LoginAttemptsRow = typeof loginAttempts.$inferSelect;
export type NewLoginAttemptsRow = z.input<typeof insertLoginAttemptsSchema>;

export const insertBrowserSessionsSchema = insertSchema(browserSessions);
export const selectBrowserSessionsSchema = createSelectSchema(browserSessions);
export const updateBrowserSessionsSchema = updateSchema(browserSessions);
export type BrowserSessionsRow = typeof browserSessions.$inferSelect;
export type NewBrowserSessionsRow = z.input<typeof insertBrowserSessionsSchema>;

export const insertUserPreferencesSchema = insertSchema(userPreferences);
export const selectUserPreferencesSchema = createSelectSchema(userPreferences);
export const updateUserPreferencesSchema = updateSchema(userPreferences);
export type UserPreferencesRow = typeof userPreferences.$inferSelect;
export type NewUserPreferencesRow = z.input<typeof insertUserPreferencesSchema>;

export const insertAutomationWorkflowsSchema = insertSchema(automationWorkflows);
export const selectAutomationWorkflowsSchema = createSelectSchema(automationWorkflows);
export const updateAutomationWorkflowsSchema = updateSchema(automationWorkflows);
export type AutomationWorkflowsRow = typeof automationWorkflows.$inferSelect;
export type NewAutomationWorkflowsRow = z.input<typeof insertAutomationWorkflowsSchema>;

export const insertWorkflowExecutionsSchema = insertSchema(workflowExecutions);
export const selectWorkflowExecutionsSchema = createSelectSchema(workflowExecutions);
export const updateWorkflowExecutionsSchema = updateSchema(workflowExecutions);
export type WorkflowExecutionsRow = typeof workflowExecutions.$inferSelect;
export type NewWorkflowExecutionsRow = z.input<typeof insertWorkflowExecutionsSchema>;

export const insertScheduledBrowserTasksSchema = insertSchema(scheduledBrowserTasks);
export const selectScheduledBrowserTasksSchema = createSelectSchema(scheduledBrowserTasks);
export const updateScheduledBrowserTasksSchema = updateSchema(scheduledBrowserTasks);
export type ScheduledBrowserTasksRow = typeof scheduledBrowserTasks.$inferSelect;
export type NewScheduledBrowserTasksRow = z.input<typeof insertScheduledBrowserTasksSchema>;

export const insertScheduledTaskExecutionsSchema = insertSchema(scheduledTaskExecutions);
export const selectScheduledTaskExecutionsSchema = createSelectSchema(scheduledTaskExecutions);
export const updateScheduledTaskExecutionsSchema = updateSchema(scheduledTaskExecutions);
export type ScheduledTaskExecutionsRow = typeof scheduledTaskExecutions.$inferSelect;
export type NewScheduledTaskExecutionsRow = z.input<typeof insertScheduledTaskExecutionsSchema>;

export const insertCronJobRegistrySchema = insertSchema(cronJobRegistry);
export const selectCronJobRegistrySchema = createSelectSchema(cronJobRegistry);
export const updateCronJobRegistrySchema = updateSchema(cronJobRegistry);
export type CronJobRegistryRow = typeof cronJobRegistry.$inferSelect;
export type NewCronJobRegistryRow = z.input<typeof insertCronJobRegistrySchema>;

export const insertAgentSessionsSchema = insertSchema(agentSessions);
export const selectAgentSessionsSchema = createSelectSchema(agentSessions);
export const updateAgentSessionsSchema = updateSchema(agentSessions);
export type AgentSessionsRow = typeof agentSessions.$inferSelect;
export type NewAgentSessionsRow = z.input<typeof insertAgentSessionsSchema>;

export const insertAgentExecutionsSchema = insertSchema(agentExecutions);
export const selectAgentExecutionsSchema = createSelectSchema(agentExecutions);
export const updateAgentExecutionsSchema = updateSchema(agentExecutions);
export type AgentExecutionsRow = typeof agentExecutions.$inferSelect;
export type NewAgentExecutionsRow = z.input<typeof insertAgentExecutionsSchema>;

export const insertToolExecutionsSchema = insertSchema(toolExecutions);
export const selectToolExecutionsSchema = createSelectSchema(toolExecutions);
export const updateToolExecutionsSchema = updateSchema(toolExecutions);
export type ToolExecutionsRow = typeof toolExecutions.$inferSelect;
export type NewToolExecutionsRow = z.input<typeof insertToolExecutionsSchema>;

export const insertGeneratedProjectsSchema = insertSchema(generatedProjects);
export const selectGeneratedProjectsSchema = createSelectSchema(generatedProjects);
export const updateGeneratedProjectsSchema = updateSchema(generatedProjects);
export type GeneratedProjectsRow = typeof generatedProjects.$inferSelect;
export type NewGeneratedProjectsRow = z.input<typeof insertGeneratedProjectsSchema>;

export const insertKnowledgeEntriesSchema = insertSchema(knowledgeEntries);
export const selectKnowledgeEntriesSchema = createSelectSchema(knowledgeEntries);
export const updateKnowledgeEntriesSchema = updateSchema(knowledgeEntries);
export type KnowledgeEntriesRow = typeof knowledgeEntries.$inferSelect;
export type NewKnowledgeEntriesRow = z.input<typeof insertKnowledgeEntriesSchema>;

export const insertActionPatternsSchema = insertSchema(actionPatterns);
export const selectActionPatternsSchema = createSelectSchema(actionPatterns);
export const updateActionPatternsSchema = updateSchema(actionPatterns);
export type ActionPatternsRow = typeof actionPatterns.$inferSelect;
export type NewActionPatternsRow = z.input<typeof insertActionPatternsSchema>;

export const insertElementSelectorsSchema = insertSchema(elementSelectors, {
  successRate: (s) => s.min(0).max(1),
});
export const selectElementSelectorsSchema = createSelectSchema(elementSelectors);
export const updateElementSelectorsSchema = updateSchema(elementSelectors, {
  successRate: (s) => s.min(0).max(1),
});
export type ElementSelectorsRow = typeof elementSelectors.$inferSelect;
export type NewElementSelectorsRow = z.input<typeof insertElementSelectorsSchema>;

export const insertErrorPatternsSchema = insertSchema(errorPatterns);
export const selectErrorPatternsSchema = createSelectSchema(errorPatterns);
export const updateErrorPatternsSchema = updateSchema(errorPatterns);
export type ErrorPatternsRow = typeof errorPatterns.$inferSelect;
export type NewErrorPatternsRow = z.input<typeof insertErrorPatternsSchema>;

export const insertUserMemorySchema = insertSchema(userMemory);
export const selectUserMemorySchema = createSelectSchema(userMemory);
export const updateUserMemorySchema = updateSchema(userMemory);
export type UserMemoryRow = typeof userMemory.$inferSelect;
export type NewUserMemoryRow = z.input<typeof insertUserMemorySchema>;

export const insertExecutionCheckpointsSchema = insertSchema(executionCheckpoints);
export const selectExecutionCheckpointsSchema = createSelectSchema(executionCheckpoints);
export const updateExecutionCheckpointsSchema = updateSchema(executionCheckpoints);
export type ExecutionCheckpointsRow = typeof executionCheckpoints.$inferSelect;
export type NewExecutionCheckpointsRow = z.input<typeof insertExecutionCheckpointsSchema>;

export const insertTaskSuccessPatternsSchema = insertSchema(taskSuccessPatterns, {
  successRate: (s) => s.min(0).max(1),
  confidence: (s) => s.min(0).max(1),
});
export const selectTaskSuccessPatternsSchema = createSelectSchema(taskSuccessPatterns);
export const updateTaskSuccessPatternsSchema = updateSchema(taskSuccessPatterns, {
  successRate: (s) => s.min(0).max(1),
  confidence: (s) => s.min(0).max(1),
});
export type TaskSuccessPatternsRow = typeof taskSuccessPatterns.$inferSelect;
export type NewTaskSuccessPatternsRow = z.input<typeof insertTaskSuccessPatternsSchema>;

export const insertWorkflowPatternsSchema = insertSchema(workflowPatterns, {
  successRate: (s) => s.min(0).max(1),
});
export const selectWorkflowPatternsSchema = createSelectSchema(workflowPatterns);
export const updateWorkflowPatternsSchema = updateSchema(workflowPatterns, {
  successRate: (s) => s.min(0).max(1),
});
export type WorkflowPatternsRow = typeof workflowPatterns.$inferSelect;
export type NewWorkflowPatternsRow = z.input<typeof insertWorkflowPatternsSchema>;

export const insertSubscriptionTiersSchema = insertSchema(subscriptionTiers);
export const selectSubscriptionTiersSchema = createSelectSchema(subscriptionTiers);
export const updateSubscriptionTiersSchema = updateSchema(subscriptionTiers);
export type SubscriptionTiersRow = typeof subscriptionTiers.$inferSelect;
export type NewSubscriptionTiersRow = z.input<typeof insertSubscriptionTiersSchema>;

export const insertUserSubscriptionsSchema = insertSchema(userSubscriptions);
export const selectUserSubscriptionsSchema = createSelectSchema(userSubscriptions);
export const updateUserSubscriptionsSchema = updateSchema(userSubscriptions);
export type UserSubscriptionsRow = typeof userSubscriptions.$inferSelect;
export type NewUserSubscriptionsRow = z.input<typeof insertUserSubscriptionsSchema>;

export const insertExecutionPacksSchema = insertSchema(executionPacks);
export const selectExecutionPacksSchema = createSelectSchema(executionPacks);
export const updateExecutionPacksSchema = updateSchema(executionPacks);
export type ExecutionPacksRow = typeof executionPacks.$inferSelect;
export type NewExecutionPacksRow = z.input<typeof insertExecutionPacksSchema>;

export const insertUserExecutionPacksSchema = insertSchema(userExecutionPacks);
export const selectUserExecutionPacksSchema = createSelectSchema(userExecutionPacks);
export const updateUserExecutionPacksSchema = updateSchema(userExecutionPacks);
export type UserExecutionPacksRow = typeof userExecutionPacks.$inferSelect;
export type NewUserExecutionPacksRow = z.input<typeof insertUserExecutionPacksSchema>;

export const insertAgentAddOnsSchema = insertSchema(agentAddOns);
export const selectAgentAddOnsSchema = createSelectSchema(agentAddOns);
export const updateAgentAddOnsSchema = updateSchema(agentAddOns);
export type AgentAddOnsRow = typeof agentAddOns.$inferSelect;
export type NewAgentAddOnsRow = z.input<typeof insertAgentAddOnsSchema>;

export const insertUserAgentAddOnsSchema = insertSchema(userAgentAddOns);
export const selectUserAgentAddOnsSchema = createSelectSchema(userAgentAddOns);
export const updateUserAgentAddOnsSchema = updateSchema(userAgentAddOns);
export type UserAgentAddOnsRow = typeof userAgentAddOns.$inferSelect;
export type NewUserAgentAddOnsRow = z.input<typeof insertUserAgentAddOnsSchema>;

export const insertSubscriptionUsageRecordsSchema = insertSchema(subscriptionUsageRecords);
export const selectSubscriptionUsageRecordsSchema = createSelectSchema(subscriptionUsageRecords);
export const updateSubscriptionUsageRecordsSchema = updateSchema(subscriptionUsageRecords);
export type SubscriptionUsageRecordsRow = typeof subscriptionUsageRecords.$inferSelect;
export type NewSubscriptionUsageRecordsRow = z.input<typeof insertSubscriptionUsageRecordsSchema>;

export const insertApiTokenUsageSchema = insertSchema(apiTokenUsage);
export const selectApiTokenUsageSchema = createSelectSchema(apiTokenUsage);
export const updateApiTokenUsageSchema = updateSchema(apiTokenUsage);
export type ApiTokenUsageRow = typeof apiTokenUsage.$inferSelect;
export type NewApiTokenUsageRow = z.input<typeof insertApiTokenUsageSchema>;

export const insertGeminiTokenUsageSchema = insertSchema(geminiTokenUsage);
export const selectGeminiTokenUsageSchema = createSelectSchema(geminiTokenUsage);
export const updateGeminiTokenUsageSchema = updateSchema(geminiTokenUsage);
export type GeminiTokenUsageRow = typeof geminiTokenUsage.$inferSelect;
export type NewGeminiTokenUsageRow = z.input<typeof insertGeminiTokenUsageSchema>;

export const insertBrowserbaseCostsSchema = insertSchema(browserbaseCosts);
export const selectBrowserbaseCostsSchema = createSelectSchema(browserbaseCosts);
export const updateBrowserbaseCostsSchema = updateSchema(browserbaseCosts);
export type BrowserbaseCostsRow = typeof browserbaseCosts.$inferSelect;
export type NewBrowserbaseCostsRow = z.input<typeof insertBrowserbaseCostsSchema>;

export const insertStorageCostsSchema = insertSchema(storageCosts);
export const selectStorageCostsSchema = createSelectSchema(storageCosts);
export const updateStorageCostsSchema = updateSchema(storageCosts);
export type StorageCostsRow = typeof storageCosts.$inferSelect;
export type NewStorageCostsRow = z.input<typeof insertStorageCostsSchema>;

export const insertDailyCostSummariesSchema = insertSchema(dailyCostSummaries);
export const selectDailyCostSummariesSchema = createSelectSchema(dailyCostSummaries);
export const updateDailyCostSummariesSchema = updateSchema(dailyCostSummaries);
export type DailyCostSummariesRow = typeof dailyCostSummaries.$inferSelect;
export type NewDailyCostSummariesRow = z.input<typeof insertDailyCostSummariesSchema>;

export const insertCostBudgetsSchema = insertSchema(costBudgets, {
  alertThreshold: (s) => s.min(0).max(100),
});
export const selectCostBudgetsSchema = createSelectSchema(costBudgets);
export const updateCostBudgetsSchema = updateSchema(costBudgets, {
  alertThreshold: (s) => s.min(0).max(100),
});
export type CostBudgetsRow = typeof costBudgets.$inferSelect;
export type NewCostBudgetsRow = z.input<typeof insertCostBudgetsSchema>;

export const insertUserWebhooksSchema = insertSchema(userWebhooks, {
  channelOrder: (s) => s.min(1).max(3),
});
export const selectUserWebhooksSchema = createSelectSchema(userWebhooks);
export const updateUserWebhooksSchema = updateSchema(userWebhooks, {
  channelOrder: (s) => s.min(1).max(3),
});
export type UserWebhooksRow = typeof userWebhooks.$inferSelect;
export type NewUserWebhooksRow = z.input<typeof insertUserWebhooksSchema>;

export const insertInboundMessagesSchema = insertSchema(inboundMessages);
export const selectInboundMessagesSchema = createSelectSchema(inboundMessages);
export const updateInboundMessagesSchema = updateSchema(inboundMessages);
export type InboundMessagesRow = typeof inboundMessages.$inferSelect;
export type NewInboundMessagesRow = z.input<typeof insertInboundMessagesSchema>;

export const insertBotConversationsSchema = insertSchema(botConversations);
export const selectBotConversationsSchema = createSelectSchema(botConversations);
export const updateBotConversationsSchema = updateSchema(botConversations);
export type BotConversationsRow = typeof botConversations.$inferSelect;
export type NewBotConversationsRow = z.input<typeof insertBotConversationsSchema>;

export const insertAgencyTasksSchema = insertSchema(agencyTasks);
export const selectAgencyTasksSchema = createSelectSchema(agencyTasks);
export const updateAgencyTasksSchema = updateSchema(agencyTasks);
export type AgencyTasksRow = typeof agencyTasks.$inferSelect;
export type NewAgencyTasksRow = z.input<typeof insertAgencyTasksSchema>;

export const insertTaskExecutionsSchema = insertSchema(taskExecutions);
export const selectTaskExecutionsSchema = createSelectSchema(taskExecutions);
export const updateTaskExecutionsSchema = updateSchema(taskExecutions);
export type TaskExecutionsRow = typeof taskExecutions.$inferSelect;
export type NewTaskExecutionsRow = z.input<typeof insertTaskExecutionsSchema>;

export const insertOutboundMessagesSchema = insertSchema(outboundMessages);
export const selectOutboundMessagesSchema = createSelectSchema(outboundMessages);
export const updateOutboundMessagesSchema = updateSchema(outboundMessages);
export type OutboundMessagesRow = typeof outboundMessages.$inferSelect;
export type NewOutboundMessagesRow = z.input<typeof insertOutboundMessagesSchema>;

export const insertWebhookLogsSchema = insertSchema(webhookLogs);
export const selectWebhookLogsSchema = createSelectSchema(webhookLogs);
export const updateWebhookLogsSchema = updateSchema(webhookLogs);
export type WebhookLogsRow = typeof webhookLogs.$inferSelect;
export type NewWebhookLogsRow = z.input<typeof insertWebhookLogsSchema>;

export const insertSeoReportsSchema = insertSchema(seoReports, { score: (s) => s.min(0).max(100) });
export const selectSeoReportsSchema = createSelectSchema(seoReports);
export const updateSeoReportsSchema = updateSchema(seoReports, { score: (s) => s.min(0).max(100) });
export type SeoReportsRow = typeof seoReports.$inferSelect;
export type NewSeoReportsRow = z.input<typeof insertSeoReportsSchema>;

export const insertKeywordResearchSchema = insertSchema(keywordResearch, {
  difficulty: (s) => s.min(0).max(100),
});
export const selectKeywordResearchSchema = createSelectSchema(keywordResearch);
export const updateKeywordResearchSchema = updateSchema(keywordResearch, {
  difficulty: (s) => s.min(0).max(100),
});
export type KeywordResearchRow = typeof keywordResearch.$inferSelect;
export type NewKeywordResearchRow = z.input<typeof insertKeywordResearchSchema>;

export const insertKeywordRankingsSchema = insertSchema(keywordRankings);
export const selectKeywordRankingsSchema = createSelectSchema(keywordRankings);
export const updateKeywordRankingsSchema = updateSchema(keywordRankings);
export type KeywordRankingsRow = typeof keywordRankings.$inferSelect;
export type NewKeywordRankingsRow = z.input<typeof insertKeywordRankingsSchema>;

export const insertBacklinksSchema = insertSchema(backlinks, {
  domainRating: (s) => s.min(0).max(100),
  domainAuthority: (s) => s.min(0).max(100),
  pageAuthority: (s) => s.min(0).max(100),
});
export const selectBacklinksSchema = createSelectSchema(backlinks);
export const updateBacklinksSchema = updateSchema(backlinks, {
  domainRating: (s) => s.min(0).max(100),
  domainAuthority: (s) => s.min(0).max(100),
  pageAuthority: (s) => s.min(0).max(100),
});
export type BacklinksRow = typeof backlinks.$inferSelect;
export type NewBacklinksRow = z.input<typeof insertBacklinksSchema>;

export const insertHeatmapSessionsSchema = insertSchema(heatmapSessions, {
  averageScrollDepth: (s) => s.min(0).max(100),
  bounceRate: (s) => s.min(0).max(100),
});
export const selectHeatmapSessionsSchema = createSelectSchema(heatmapSessions);
export const updateHeatmapSessionsSchema = updateSchema(heatmapSessions, {
  averageScrollDepth: (s) => s.min(0).max(100),
  bounceRate: (s) => s.min(0).max(100),
});
export type HeatmapSessionsRow = typeof heatmapSessions.$inferSelect;
export type NewHeatmapSessionsRow = z.input<typeof insertHeatmapSessionsSchema>;

export const insertHeatmapEventsSchema = insertSchema(heatmapEvents);
export const selectHeatmapEventsSchema = createSelectSchema(heatmapEvents);
export const updateHeatmapEventsSchema = updateSchema(heatmapEvents);
export type HeatmapEventsRow = typeof heatmapEvents.$inferSelect;
export type NewHeatmapEventsRow = z.input<typeof insertHeatmapEventsSchema>;

export const insertAdAnalysesSchema = insertSchema(adAnalyses);
export const selectAdAnalysesSchema = createSelectSchema(adAnalyses);
export const updateAdAnalysesSchema = updateSchema(adAnalyses);
export type AdAnalysesRow = typeof adAnalyses.$inferSelect;
export type NewAdAnalysesRow = z.input<typeof insertAdAnalysesSchema>;

export const insertAdRecommendationsSchema = insertSchema(adRecommendations);
export const selectAdRecommendationsSchema = createSelectSchema(adRecommendations);
export const updateAdRecommendationsSchema = updateSchema(adRecommendations);
export type AdRecommendationsRow = typeof adRecommendations.$inferSelect;
export type NewAdRecommendationsRow = z.input<typeof insertAdRecommendationsSchema>;

export const insertMetaAdAccountsSchema = insertSchema(metaAdAccounts);
export const selectMetaAdAccountsSchema = createSelectSchema(metaAdAccounts);
export const updateMetaAdAccountsSchema = updateSchema(metaAdAccounts);
export type MetaAdAccountsRow = typeof metaAdAccounts.$inferSelect;
export type NewMetaAdAccountsRow = z.input<typeof insertMetaAdAccountsSchema>;

export const insertMetaCampaignsSchema = insertSchema(metaCampaigns);
export const selectMetaCampaignsSchema = createSelectSchema(metaCampaigns);
export const updateMetaCampaignsSchema = updateSchema(metaCampaigns);
export type MetaCampaignsRow = typeof metaCampaigns.$inferSelect;
export type NewMetaCampaignsRow = z.input<typeof insertMetaCampaignsSchema>;

export const insertMetaAdSetsSchema = insertSchema(metaAdSets);
export const selectMetaAdSetsSchema = createSelectSchema(metaAdSets);
export const updateMetaAdSetsSchema = updateSchema(metaAdSets);
export type MetaAdSetsRow = typeof metaAdSets.$inferSelect;
export type NewMetaAdSetsRow = z.input<typeof insertMetaAdSetsSchema>;

export const insertMetaAdsSchema = insertSchema(metaAds);
export const selectMetaAdsSchema = createSelectSchema(metaAds);
export const updateMetaAdsSchema = updateSchema(metaAds);
export type MetaAdsRow = typeof metaAds.$inferSelect;
export type NewMetaAdsRow = z.input<typeof insertMetaAdsSchema>;

export const insertUserCreditsSchema = insertSchema(userCredits);
export const selectUserCreditsSchema = createSelectSchema(userCredits);
export const updateUserCreditsSchema = updateSchema(userCredits);
export type UserCreditsRow = typeof userCredits.$inferSelect;
export type NewUserCreditsRow = z.input<typeof insertUserCreditsSchema>;

export const insertCreditPackagesSchema = insertSchema(creditPackages);
export const selectCreditPackagesSchema = createSelectSchema(creditPackages);
export const updateCreditPackagesSchema = updateSchema(creditPackages);
export type CreditPackagesRow = typeof creditPackages.$inferSelect;
export type NewCreditPackagesRow = z.input<typeof insertCreditPackagesSchema>;

export const insertLeadListsSchema = insertSchema(leadLists);
export const selectLeadListsSchema = createSelectSchema(leadLists);
export const updateLeadListsSchema = updateSchema(leadLists);
export type LeadListsRow = typeof leadLists.$inferSelect;
export type NewLeadListsRow = z.input<typeof insertLeadListsSchema>;

export const insertLeadsSchema = insertSchema(leads);
export const selectLeadsSchema = createSelectSchema(leads);
export const updateLeadsSchema = updateSchema(leads);
export type LeadsRow = typeof leads.$inferSelect;
export type NewLeadsRow = z.input<typeof insertLeadsSchema>;

export const insertAiCallCampaignsSchema = insertSchema(aiCallCampaigns);
export const selectAiCallCampaignsSchema = createSelectSchema(aiCallCampaigns);
export const updateAiCallCampaignsSchema = updateSchema(aiCallCampaigns);
export type AiCallCampaignsRow = typeof aiCallCampaigns.$inferSelect;
export type NewAiCallCampaignsRow = z.input<typeof insertAiCallCampaignsSchema>;

export const insertAiCallsSchema = insertSchema(aiCalls);
export const selectAiCallsSchema = createSelectSchema(aiCalls);
export const updateAiCallsSchema = updateSchema(aiCalls);
export type AiCallsRow = typeof aiCalls.$inferSelect;
export type NewAiCallsRow = z.input<typeof insertAiCallsSchema>;

export const insertEmailConnectionsSchema = insertSchema(emailConnections);
export const selectEmailConnectionsSchema = createSelectSchema(emailConnections);
export const updateEmailConnectionsSchema = updateSchema(emailConnections);
export type EmailConnectionsRow = typeof emailConnections.$inferSelect;
export type NewEmailConnectionsRow = z.input<typeof insertEmailConnectionsSchema>;

export const insertSyncedEmailsSchema = insertSchema(syncedEmails);
export const selectSyncedEmailsSchema = createSelectSchema(syncedEmails);
export const updateSyncedEmailsSchema = updateSchema(syncedEmails);
export type SyncedEmailsRow = typeof syncedEmails.$inferSelect;
export type NewSyncedEmailsRow = z.input<typeof insertSyncedEmailsSchema>;

export const insertEmailDraftsSchema = insertSchema(emailDrafts);
export const selectEmailDraftsSchema = createSelectSchema(emailDrafts);
export const updateEmailDraftsSchema = updateSchema(emailDrafts);
export type EmailDraftsRow = typeof emailDrafts.$inferSelect;
export type NewEmailDraftsRow = z.input<typeof insertEmailDraftsSchema>;

export const insertAuditLogsSchema = insertSchema(auditLogs);
export const selectAuditLogsSchema = createSelectSchema(auditLogs);
export const updateAuditLogsSchema = updateSchema(auditLogs);
export type AuditLogsRow = typeof auditLogs.$inferSelect;
export type NewAuditLogsRow = z.input<typeof insertAuditLogsSchema>;

export const insertFeatureFlagsSchema = insertSchema(featureFlags, {
  rolloutPercentage: (s) => s.min(0).max(100),
});
export const selectFeatureFlagsSchema = createSelectSchema(featureFlags);
export const updateFeatureFlagsSchema = updateSchema(featureFlags, {
  rolloutPercentage: (s) => s.min(0).max(100),
});
export type FeatureFlagsRow = typeof featureFlags.$inferSelect;
export type NewFeatureFlagsRow = z.input<typeof insertFeatureFlagsSchema>;

export const insertSystemConfigSchema = insertSchema(systemConfig);
export const selectSystemConfigSchema = createSelectSchema(systemConfig);
export const updateSystemConfigSchema = updateSchema(systemConfig);
export type SystemConfigRow = typeof systemConfig.$inferSelect;
export type NewSystemConfigRow = z.input<typeof insertSystemConfigSchema>;

export const insertCredentialsSchema = insertSchema(credentials);
export const selectCredentialsSchema = createSelectSchema(credentials);
export const updateCredentialsSchema = updateSchema(credentials);
export type CredentialsRow = typeof credentials.$inferSelect;
export type NewCredentialsRow = z.input<typeof insertCredentialsSchema>;

export const insertExecutionControlsSchema = insertSchema(executionControls);
export const selectExecutionControlsSchema = createSelectSchema(executionControls);
export const updateExecutionControlsSchema = updateSchema(executionControls);
export type ExecutionControlsRow = typeof executionControls.$inferSelect;
export type NewExecutionControlsRow = z.input<typeof insertExecutionControlsSchema>;

export const insertActionApprovalsSchema = insertSchema(actionApprovals);
export const selectActionApprovalsSchema = createSelectSchema(actionApprovals);
export const updateActionApprovalsSchema = updateSchema(actionApprovals);
export type ActionApprovalsRow = typeof actionApprovals.$inferSelect;
export type NewActionApprovalsRow = z.input<typeof insertActionApprovalsSchema>;

export const insertBrowserContextsSchema = insertSchema(browserContexts);
export const selectBrowserContextsSchema = createSelectSchema(browserContexts);
export const updateBrowserContextsSchema = updateSchema(browserContexts);
export type BrowserContextsRow = typeof browserContexts.$inferSelect;
export type NewBrowserContextsRow = z.input<typeof insertBrowserContextsSchema>;

export const insertSecurityAuditLogSchema = insertSchema(securityAuditLog);
export const selectSecurityAuditLogSchema = createSelectSchema(securityAuditLog);
export const updateSecurityAuditLogSchema = updateSchema(securityAuditLog);
export type SecurityAuditLogRow = typeof securityAuditLog.$inferSelect;
export type NewSecurityAuditLogRow = z.input<typeof insertSecurityAuditLogSchema>;

export const insertSecurityEventsSchema = insertSchema(securityEvents);
export const selectSecurityEventsSchema = createSelectSchema(securityEvents);
export const updateSecurityEventsSchema = updateSchema(securityEvents);
export type SecurityEventsRow = typeof securityEvents.$inferSelect;
export type NewSecurityEventsRow = z.input<typeof insertSecurityEventsSchema>;

export const insertAlertRulesSchema = insertSchema(alertRules);
export const selectAlertRulesSchema = createSelectSchema(alertRules);
export const updateAlertRulesSchema = updateSchema(alertRules);
export type AlertRulesRow = typeof alertRules.$inferSelect;
export type NewAlertRulesRow = z.input<typeof insertAlertRulesSchema>;

export const insertAlertHistorySchema = insertSchema(alertHistory);
export const selectAlertHistorySchema = createSelectSchema(alertHistory);
export const updateAlertHistorySchema = updateSchema(alertHistory);
export type AlertHistoryRow = typeof alertHistory.$inferSelect;
export type NewAlertHistoryRow = z.input<typeof insertAlertHistorySchema>;

export const insertInAppNotificationsSchema = insertSchema(inAppNotifications);
export const selectInAppNotificationsSchema = createSelectSchema(inAppNotifications);
export const updateInAppNotificationsSchema = updateSchema(inAppNotifications);
export type InAppNotificationsRow = typeof inAppNotifications.$inferSelect;
export type NewInAppNotificationsRow = z.input<typeof insertInAppNotificationsSchema>;

export const insertAlertDeliveryQueueSchema = insertSchema(alertDeliveryQueue);
export const selectAlertDeliveryQueueSchema = createSelectSchema(alertDeliveryQueue);
export const updateAlertDeliveryQueueSchema = updateSchema(alertDeliveryQueue);
export type AlertDeliveryQueueRow = typeof alertDeliveryQueue.$inferSelect;
export type NewAlertDeliveryQueueRow = z.input<typeof insertAlertDeliveryQueueSchema>;

export const insertDocumentationSourcesSchema = insertSchema(documentationSources);
export const selectDocumentationSourcesSchema = createSelectSchema(documentationSources);
export const updateDocumentationSourcesSchema = updateSchema(documentationSources);
export type DocumentationSourcesRow = typeof documentationSources.$inferSelect;
export type NewDocumentationSourcesRow = z.input<typeof insertDocumentationSourcesSchema>;

export const insertDocumentationChunksSchema = insertSchema(documentationChunks);
export const selectDocumentationChunksSchema = createSelectSchema(documentationChunks);
export const updateDocumentationChunksSchema = updateSchema(documentationChunks);
export type DocumentationChunksRow = typeof documentationChunks.$inferSelect;
export type NewDocumentationChunksRow = z.input<typeof insertDocumentationChunksSchema>;

export const insertPlatformKeywordsSchema = insertSchema(platformKeywords);
export const selectPlatformKeywordsSchema = createSelectSchema(platformKeywords);
export const updatePlatformKeywordsSchema = updateSchema(platformKeywords);
export type PlatformKeywordsRow = typeof platformKeywords.$inferSelect;
export type NewPlatformKeywordsRow = z.input<typeof insertPlatformKeywordsSchema>;

export const insertSopCategoriesSchema = insertSchema(sopCategories);
export const selectSopCategoriesSchema = createSelectSchema(sopCategories);
export const updateSopCategoriesSchema = updateSchema(sopCategories);
export type SopCategoriesRow = typeof sopCategories.$inferSelect;
export type NewSopCategoriesRow = z.input<typeof insertSopCategoriesSchema>;

export const insertSopDocumentsSchema = insertSchema(sopDocuments);
export const selectSopDocumentsSchema = createSelectSchema(sopDocuments);
export const updateSopDocumentsSchema = updateSchema(sopDocuments);
export type SopDocumentsRow = typeof sopDocuments.$inferSelect;
export type NewSopDocumentsRow = z.input<typeof insertSopDocumentsSchema>;

export const insertSopStepsSchema = insertSchema(sopSteps);
export const selectSopStepsSchema = createSelectSchema(sopSteps);
export const updateSopStepsSchema = updateSchema(sopSteps);
export type SopStepsRow = typeof sopSteps.$inferSelect;
export type NewSopStepsRow = z.input<typeof insertSopStepsSchema>;

export const insertSopExecutionsSchema = insertSchema(sopExecutions, {
  rating: (s) => s.min(1).max(5),
});
export const selectSopExecutionsSchema = createSelectSchema(sopExecutions);
export const updateSopExecutionsSchema = updateSchema(sopExecutions, {
  rating: (s) => s.min(1).max(5),
});
export type SopExecutionsRow = typeof sopExecutions.$inferSelect;
export type NewSopExecutionsRow = z.input<typeof insertSopExecutionsSchema>;
