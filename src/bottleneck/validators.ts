// drizzle-zod schemas for every table. Documented value lists come from the columns' `enum` option;
// documented ranges (scores 0-100, rates 0-1, rating 1-5, channel order 1-3) are added here. Insert
// and update schemas come from the input kit, so they also carry the bounds the column types imply
// (numeric(p,s), timestamps in years 0001-9999, lower-cased uuids, JSON, indexed text length).
import { createSelectSchema } from 'drizzle-zod';
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
import {
  emailVerificationTokens,
  loginAttempts,
  passwordResetTokens,
  sessions,
  userProfiles,
  users,
} from './tables/auth';
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
import { aiCallCampaigns, aiCalls, creditPackages, leadLists, leads, userCredits } from './tables/leads';
import { documentationChunks, documentationSources, platformKeywords } from './tables/rag';
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

export const insertUserSchema = insertSchema(users, { email: (s) => s.email() });
export const selectUserSchema = createSelectSchema(users);
export const updateUserSchema = updateSchema(users, { email: (s) => s.email() });
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const insertSessionSchema = insertSchema(sessions);
export const selectSessionSchema = createSelectSchema(sessions);
export const updateSessionSchema = updateSchema(sessions);
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;

export const insertUserProfileSchema = insertSchema(userProfiles);
export const selectUserProfileSchema = createSelectSchema(userProfiles);
export const updateUserProfileSchema = updateSchema(userProfiles);
export type UserProfile = typeof userProfiles.$inferSelect;
export type NewUserProfile = typeof userProfiles.$inferInsert;

export const insertPasswordResetTokenSchema = insertSchema(passwordResetTokens);
export const selectPasswordResetTokenSchema = createSelectSchema(passwordResetTokens);
export const updatePasswordResetTokenSchema = updateSchema(passwordResetTokens);
export type PasswordResetToken = typeof passwordResetTokens.$inferSelect;
export type NewPasswordResetToken = typeof passwordResetTokens.$inferInsert;

export const insertEmailVerificationTokenSchema = insertSchema(emailVerificationTokens);
export const selectEmailVerificationTokenSchema = createSelectSchema(emailVerificationTokens);
export const updateEmailVerificationTokenSchema = updateSchema(emailVerificationTokens);
export type EmailVerificationToken = typeof emailVerificationTokens.$inferSelect;
export type NewEmailVerificationToken = typeof emailVerificationTokens.$inferInsert;

export const insertLoginAttemptSchema = insertSchema(loginAttempts, { email: (s) => s.min(1) });
export const selectLoginAttemptSchema = createSelectSchema(loginAttempts);
export const updateLoginAttemptSchema = updateSchema(loginAttempts, { email: (s) => s.min(1) });
export type LoginAttempt = typeof loginAttempts.$inferSelect;
export type NewLoginAttempt = typeof loginAttempts.$inferInsert;

export const insertBrowserSessionSchema = insertSchema(browserSessions);
export const selectBrowserSessionSchema = createSelectSchema(browserSessions);
export const updateBrowserSessionSchema = updateSchema(browserSessions);
export type BrowserSession = typeof browserSessions.$inferSelect;
export type NewBrowserSession = typeof browserSessions.$inferInsert;

export const insertUserPreferenceSchema = insertSchema(userPreferences);
export const selectUserPreferenceSchema = createSelectSchema(userPreferences);
export const updateUserPreferenceSchema = updateSchema(userPreferences);
export type UserPreference = typeof userPreferences.$inferSelect;
export type NewUserPreference = typeof userPreferences.$inferInsert;

export const insertAutomationWorkflowSchema = insertSchema(automationWorkflows);
export const selectAutomationWorkflowSchema = createSelectSchema(automationWorkflows);
export const updateAutomationWorkflowSchema = updateSchema(automationWorkflows);
export type AutomationWorkflow = typeof automationWorkflows.$inferSelect;
export type NewAutomationWorkflow = typeof automationWorkflows.$inferInsert;

export const insertWorkflowExecutionSchema = insertSchema(workflowExecutions);
export const selectWorkflowExecutionSchema = createSelectSchema(workflowExecutions);
export const updateWorkflowExecutionSchema = updateSchema(workflowExecutions);
export type WorkflowExecution = typeof workflowExecutions.$inferSelect;
export type NewWorkflowExecution = typeof workflowExecutions.$inferInsert;

export const insertScheduledBrowserTaskSchema = insertSchema(scheduledBrowserTasks);
export const selectScheduledBrowserTaskSchema = createSelectSchema(scheduledBrowserTasks);
export const updateScheduledBrowserTaskSchema = updateSchema(scheduledBrowserTasks);
export type ScheduledBrowserTask = typeof scheduledBrowserTasks.$inferSelect;
export type NewScheduledBrowserTask = typeof scheduledBrowserTasks.$inferInsert;

export const insertScheduledTaskExecutionSchema = insertSchema(scheduledTaskExecutions);
export const selectScheduledTaskExecutionSchema = createSelectSchema(scheduledTaskExecutions);
export const updateScheduledTaskExecutionSchema = updateSchema(scheduledTaskExecutions);
export type ScheduledTaskExecution = typeof scheduledTaskExecutions.$inferSelect;
export type NewScheduledTaskExecution = typeof scheduledTaskExecutions.$inferInsert;

export const insertCronJobRegistrySchema = insertSchema(cronJobRegistry);
export const selectCronJobRegistrySchema = createSelectSchema(cronJobRegistry);
export const updateCronJobRegistrySchema = updateSchema(cronJobRegistry);
export type CronJobRegistry = typeof cronJobRegistry.$inferSelect;
export type NewCronJobRegistry = typeof cronJobRegistry.$inferInsert;

export const insertAgentSessionSchema = insertSchema(agentSessions);
export const selectAgentSessionSchema = createSelectSchema(agentSessions);
export const updateAgentSessionSchema = updateSchema(agentSessions);
export type AgentSession = typeof agentSessions.$inferSelect;
export type NewAgentSession = typeof agentSessions.$inferInsert;

export const insertAgentExecutionSchema = insertSchema(agentExecutions);
export const selectAgentExecutionSchema = createSelectSchema(agentExecutions);
export const updateAgentExecutionSchema = updateSchema(agentExecutions);
export type AgentExecution = typeof agentExecutions.$inferSelect;
export type NewAgentExecution = typeof agentExecutions.$inferInsert;

export const insertToolExecutionSchema = insertSchema(toolExecutions);
export const selectToolExecutionSchema = createSelectSchema(toolExecutions);
export const updateToolExecutionSchema = updateSchema(toolExecutions);
export type ToolExecution = typeof toolExecutions.$inferSelect;
export type NewToolExecution = typeof toolExecutions.$inferInsert;

export const insertGeneratedProjectSchema = insertSchema(generatedProjects);
export const selectGeneratedProjectSchema = createSelectSchema(generatedProjects);
export const updateGeneratedProjectSchema = updateSchema(generatedProjects);
export type GeneratedProject = typeof generatedProjects.$inferSelect;
export type NewGeneratedProject = typeof generatedProjects.$inferInsert;

export const insertKnowledgeEntrySchema = insertSchema(knowledgeEntries);
export const selectKnowledgeEntrySchema = createSelectSchema(knowledgeEntries);
export const updateKnowledgeEntrySchema = updateSchema(knowledgeEntries);
export type KnowledgeEntry = typeof knowledgeEntries.$inferSelect;
export type NewKnowledgeEntry = typeof knowledgeEntries.$inferInsert;

export const insertActionPatternSchema = insertSchema(actionPatterns);
export const selectActionPatternSchema = createSelectSchema(actionPatterns);
export const updateActionPatternSchema = updateSchema(actionPatterns);
export type ActionPattern = typeof actionPatterns.$inferSelect;
export type NewActionPattern = typeof actionPatterns.$inferInsert;

export const insertElementSelectorSchema = insertSchema(elementSelectors, {
  successRate: (s) => s.min(0).max(1),
});
export const selectElementSelectorSchema = createSelectSchema(elementSelectors);
export const updateElementSelectorSchema = updateSchema(elementSelectors, {
  successRate: (s) => s.min(0).max(1),
});
export type ElementSelector = typeof elementSelectors.$inferSelect;
export type NewElementSelector = typeof elementSelectors.$inferInsert;

export const insertErrorPatternSchema = insertSchema(errorPatterns);
export const selectErrorPatternSchema = createSelectSchema(errorPatterns);
export const updateErrorPatternSchema = updateSchema(errorPatterns);
export type ErrorPattern = typeof errorPatterns.$inferSelect;
export type NewErrorPattern = typeof errorPatterns.$inferInsert;

export const insertUserMemorySchema = insertSchema(userMemory);
export const selectUserMemorySchema = createSelectSchema(userMemory);
export const updateUserMemorySchema = updateSchema(userMemory);
export type UserMemory = typeof userMemory.$inferSelect;
export type NewUserMemory = typeof userMemory.$inferInsert;

export const insertExecutionCheckpointSchema = insertSchema(executionCheckpoints);
export const selectExecutionCheckpointSchema = createSelectSchema(executionCheckpoints);
export const updateExecutionCheckpointSchema = updateSchema(executionCheckpoints);
export type ExecutionCheckpoint = typeof executionCheckpoints.$inferSelect;
export type NewExecutionCheckpoint = typeof executionCheckpoints.$inferInsert;

export const insertTaskSuccessPatternSchema = insertSchema(taskSuccessPatterns, {
  successRate: (s) => s.min(0).max(1),
  confidence: (s) => s.min(0).max(1),
});
export const selectTaskSuccessPatternSchema = createSelectSchema(taskSuccessPatterns);
export const updateTaskSuccessPatternSchema = updateSchema(taskSuccessPatterns, {
  successRate: (s) => s.min(0).max(1),
  confidence: (s) => s.min(0).max(1),
});
export type TaskSuccessPattern = typeof taskSuccessPatterns.$inferSelect;
export type NewTaskSuccessPattern = typeof taskSuccessPatterns.$inferInsert;

export const insertWorkflowPatternSchema = insertSchema(workflowPatterns, {
  successRate: (s) => s.min(0).max(1),
});
export const selectWorkflowPatternSchema = createSelectSchema(workflowPatterns);
export const updateWorkflowPatternSchema = updateSchema(workflowPatterns, {
  successRate: (s) => s.min(0).max(1),
});
export type WorkflowPattern = typeof workflowPatterns.$inferSelect;
export type NewWorkflowPattern = typeof workflowPatterns.$inferInsert;

export const insertSubscriptionTierSchema = insertSchema(subscriptionTiers);
export const selectSubscriptionTierSchema = createSelectSchema(subscriptionTiers);
export const updateSubscriptionTierSchema = updateSchema(subscriptionTiers);
export type SubscriptionTier = typeof subscriptionTiers.$inferSelect;
export type NewSubscriptionTier = typeof subscriptionTiers.$inferInsert;

export const insertUserSubscriptionSchema = insertSchema(userSubscriptions);
export const selectUserSubscriptionSchema = createSelectSchema(userSubscriptions);
export const updateUserSubscriptionSchema = updateSchema(userSubscriptions);
export type UserSubscription = typeof userSubscriptions.$inferSelect;
export type NewUserSubscription = typeof userSubscriptions.$inferInsert;

export const insertExecutionPackSchema = insertSchema(executionPacks);
export const selectExecutionPackSchema = createSelectSchema(executionPacks);
export const updateExecutionPackSchema = updateSchema(executionPacks);
export type ExecutionPack = typeof executionPacks.$inferSelect;
export type NewExecutionPack = typeof executionPacks.$inferInsert;

export const insertUserExecutionPackSchema = insertSchema(userExecutionPacks);
export const selectUserExecutionPackSchema = createSelectSchema(userExecutionPacks);
export const updateUserExecutionPackSchema = updateSchema(userExecutionPacks);
export type UserExecutionPack = typeof userExecutionPacks.$inferSelect;
export type NewUserExecutionPack = typeof userExecutionPacks.$inferInsert;

export const insertAgentAddOnSchema = insertSchema(agentAddOns);
export const selectAgentAddOnSchema = createSelectSchema(agentAddOns);
export const updateAgentAddOnSchema = updateSchema(agentAddOns);
export type AgentAddOn = typeof agentAddOns.$inferSelect;
export type NewAgentAddOn = typeof agentAddOns.$inferInsert;

export const insertUserAgentAddOnSchema = insertSchema(userAgentAddOns);
export const selectUserAgentAddOnSchema = createSelectSchema(userAgentAddOns);
export const updateUserAgentAddOnSchema = updateSchema(userAgentAddOns);
export type UserAgentAddOn = typeof userAgentAddOns.$inferSelect;
export type NewUserAgentAddOn = typeof userAgentAddOns.$inferInsert;

export const insertSubscriptionUsageRecordSchema = insertSchema(subscriptionUsageRecords);
export const selectSubscriptionUsageRecordSchema = createSelectSchema(subscriptionUsageRecords);
export const updateSubscriptionUsageRecordSchema = updateSchema(subscriptionUsageRecords);
export type SubscriptionUsageRecord = typeof subscriptionUsageRecords.$inferSelect;
export type NewSubscriptionUsageRecord = typeof subscriptionUsageRecords.$inferInsert;

export const insertApiTokenUsageSchema = insertSchema(apiTokenUsage);
export const selectApiTokenUsageSchema = createSelectSchema(apiTokenUsage);
export const updateApiTokenUsageSchema = updateSchema(apiTokenUsage);
export type ApiTokenUsage = typeof apiTokenUsage.$inferSelect;
export type NewApiTokenUsage = typeof apiTokenUsage.$inferInsert;

export const insertGeminiTokenUsageSchema = insertSchema(geminiTokenUsage);
export const selectGeminiTokenUsageSchema = createSelectSchema(geminiTokenUsage);
export const updateGeminiTokenUsageSchema = updateSchema(geminiTokenUsage);
export type GeminiTokenUsage = typeof geminiTokenUsage.$inferSelect;
export type NewGeminiTokenUsage = typeof geminiTokenUsage.$inferInsert;

export const insertBrowserbaseCostSchema = insertSchema(browserbaseCosts);
export const selectBrowserbaseCostSchema = createSelectSchema(browserbaseCosts);
export const updateBrowserbaseCostSchema = updateSchema(browserbaseCosts);
export type BrowserbaseCost = typeof browserbaseCosts.$inferSelect;
export type NewBrowserbaseCost = typeof browserbaseCosts.$inferInsert;

export const insertStorageCostSchema = insertSchema(storageCosts);
export const selectStorageCostSchema = createSelectSchema(storageCosts);
export const updateStorageCostSchema = updateSchema(storageCosts);
export type StorageCost = typeof storageCosts.$inferSelect;
export type NewStorageCost = typeof storageCosts.$inferInsert;

export const insertDailyCostSummarySchema = insertSchema(dailyCostSummaries);
export const selectDailyCostSummarySchema = createSelectSchema(dailyCostSummaries);
export const updateDailyCostSummarySchema = updateSchema(dailyCostSummaries);
export type DailyCostSummary = typeof dailyCostSummaries.$inferSelect;
export type NewDailyCostSummary = typeof dailyCostSummaries.$inferInsert;

export const insertCostBudgetSchema = insertSchema(costBudgets, {
  alertThreshold: (s) => s.min(0).max(100),
});
export const selectCostBudgetSchema = createSelectSchema(costBudgets);
export const updateCostBudgetSchema = updateSchema(costBudgets, {
  alertThreshold: (s) => s.min(0).max(100),
});
export type CostBudget = typeof costBudgets.$inferSelect;
export type NewCostBudget = typeof costBudgets.$inferInsert;

export const insertUserWebhookSchema = insertSchema(userWebhooks, {
  channelOrder: (s) => s.min(1).max(3),
});
export const selectUserWebhookSchema = createSelectSchema(userWebhooks);
export const updateUserWebhookSchema = updateSchema(userWebhooks, {
  channelOrder: (s) => s.min(1).max(3),
});
export type UserWebhook = typeof userWebhooks.$inferSelect;
export type NewUserWebhook = typeof userWebhooks.$inferInsert;

export const insertInboundMessageSchema = insertSchema(inboundMessages);
export const selectInboundMessageSchema = createSelectSchema(inboundMessages);
export const updateInboundMessageSchema = updateSchema(inboundMessages);
export type InboundMessage = typeof inboundMessages.$inferSelect;
export type NewInboundMessage = typeof inboundMessages.$inferInsert;

export const insertBotConversationSchema = insertSchema(botConversations);
export const selectBotConversationSchema = createSelectSchema(botConversations);
export const updateBotConversationSchema = updateSchema(botConversations);
export type BotConversation = typeof botConversations.$inferSelect;
export type NewBotConversation = typeof botConversations.$inferInsert;

export const insertAgencyTaskSchema = insertSchema(agencyTasks);
export const selectAgencyTaskSchema = createSelectSchema(agencyTasks);
export const updateAgencyTaskSchema = updateSchema(agencyTasks);
export type AgencyTask = typeof agencyTasks.$inferSelect;
export type NewAgencyTask = typeof agencyTasks.$inferInsert;

export const insertTaskExecutionSchema = insertSchema(taskExecutions);
export const selectTaskExecutionSchema = createSelectSchema(taskExecutions);
export const updateTaskExecutionSchema = updateSchema(taskExecutions);
export type TaskExecution = typeof taskExecutions.$inferSelect;
export type NewTaskExecution = typeof taskExecutions.$inferInsert;

export const insertOutboundMessageSchema = insertSchema(outboundMessages);
export const selectOutboundMessageSchema = createSelectSchema(outboundMessages);
export const updateOutboundMessageSchema = updateSchema(outboundMessages);
export type OutboundMessage = typeof outboundMessages.$inferSelect;
export type NewOutboundMessage = typeof outboundMessages.$inferInsert;

export const insertWebhookLogSchema = insertSchema(webhookLogs);
export const selectWebhookLogSchema = createSelectSchema(webhookLogs);
export const updateWebhookLogSchema = updateSchema(webhookLogs);
export type WebhookLog = typeof webhookLogs.$inferSelect;
export type NewWebhookLog = typeof webhookLogs.$inferInsert;

export const insertSeoReportSchema = insertSchema(seoReports, { score: (s) => s.min(0).max(100) });
export const selectSeoReportSchema = createSelectSchema(seoReports);
export const updateSeoReportSchema = updateSchema(seoReports, { score: (s) => s.min(0).max(100) });
export type SeoReport = typeof seoReports.$inferSelect;
export type NewSeoReport = typeof seoReports.$inferInsert;

export const insertKeywordResearchSchema = insertSchema(keywordResearch, {
  difficulty: (s) => s.min(0).max(100),
});
export const selectKeywordResearchSchema = createSelectSchema(keywordResearch);
export const updateKeywordResearchSchema = updateSchema(keywordResearch, {
  difficulty: (s) => s.min(0).max(100),
});
export type KeywordResearch = typeof keywordResearch.$inferSelect;
export type NewKeywordResearch = typeof keywordResearch.$inferInsert;

export const insertKeywordRankingSchema = insertSchema(keywordRankings);
export const selectKeywordRankingSchema = createSelectSchema(keywordRankings);
export const updateKeywordRankingSchema = updateSchema(keywordRankings);
export type KeywordRanking = typeof keywordRankings.$inferSelect;
export type NewKeywordRanking = typeof keywordRankings.$inferInsert;

export const insertBacklinkSchema = insertSchema(backlinks, {
  domainRating: (s) => s.min(0).max(100),
  domainAuthority: (s) => s.min(0).max(100),
  pageAuthority: (s) => s.min(0).max(100),
});
export const selectBacklinkSchema = createSelectSchema(backlinks);
export const updateBacklinkSchema = updateSchema(backlinks, {
  domainRating: (s) => s.min(0).max(100),
  domainAuthority: (s) => s.min(0).max(100),
  pageAuthority: (s) => s.min(0).max(100),
});
export type Backlink = typeof backlinks.$inferSelect;
export type NewBacklink = typeof backlinks.$inferInsert;

export const insertHeatmapSessionSchema = insertSchema(heatmapSessions, {
  averageScrollDepth: (s) => s.min(0).max(100),
  bounceRate: (s) => s.min(0).max(100),
});
export const selectHeatmapSessionSchema = createSelectSchema(heatmapSessions);
export const updateHeatmapSessionSchema = updateSchema(heatmapSessions, {
  averageScrollDepth: (s) => s.min(0).max(100),
  bounceRate: (s) => s.min(0).max(100),
});
export type HeatmapSession = typeof heatmapSessions.$inferSelect;
export type NewHeatmapSession = typeof heatmapSessions.$inferInsert;

export const insertHeatmapEventSchema = insertSchema(heatmapEvents);
export const selectHeatmapEventSchema = createSelectSchema(heatmapEvents);
export const updateHeatmapEventSchema = updateSchema(heatmapEvents);
export type HeatmapEvent = typeof heatmapEvents.$inferSelect;
export type NewHeatmapEvent = typeof heatmapEvents.$inferInsert;

export const insertAdAnalysisSchema = insertSchema(adAnalyses);
export const selectAdAnalysisSchema = createSelectSchema(adAnalyses);
export const updateAdAnalysisSchema = updateSchema(adAnalyses);
export type AdAnalysis = typeof adAnalyses.$inferSelect;
export type NewAdAnalysis = typeof adAnalyses.$inferInsert;

export const insertAdRecommendationSchema = insertSchema(adRecommendations);
export const selectAdRecommendationSchema = createSelectSchema(adRecommendations);
export const updateAdRecommendationSchema = updateSchema(adRecommendations);
export type AdRecommendation = typeof adRecommendations.$inferSelect;
export type NewAdRecommendation = typeof adRecommendations.$inferInsert;

export const insertMetaAdAccountSchema = insertSchema(metaAdAccounts);
export const selectMetaAdAccountSchema = createSelectSchema(metaAdAccounts);
export const updateMetaAdAccountSchema = updateSchema(metaAdAccounts);
export type MetaAdAccount = typeof metaAdAccounts.$inferSelect;
export type NewMetaAdAccount = typeof metaAdAccounts.$inferInsert;

export const insertMetaCampaignSchema = insertSchema(metaCampaigns);
export const selectMetaCampaignSchema = createSelectSchema(metaCampaigns);
export const updateMetaCampaignSchema = updateSchema(metaCampaigns);
export type MetaCampaign = typeof metaCampaigns.$inferSelect;
export type NewMetaCampaign = typeof metaCampaigns.$inferInsert;

export const insertMetaAdSetSchema = insertSchema(metaAdSets);
export const selectMetaAdSetSchema = createSelectSchema(metaAdSets);
export const updateMetaAdSetSchema = updateSchema(metaAdSets);
export type MetaAdSet = typeof metaAdSets.$inferSelect;
export type NewMetaAdSet = typeof metaAdSets.$inferInsert;

export const insertMetaAdSchema = insertSchema(metaAds);
export const selectMetaAdSchema = createSelectSchema(metaAds);
export const updateMetaAdSchema = updateSchema(metaAds);
export type MetaAd = typeof metaAds.$inferSelect;
export type NewMetaAd = typeof metaAds.$inferInsert;

export const insertUserCreditSchema = insertSchema(userCredits);
export const selectUserCreditSchema = createSelectSchema(userCredits);
export const updateUserCreditSchema = updateSchema(userCredits);
export type UserCredit = typeof userCredits.$inferSelect;
export type NewUserCredit = typeof userCredits.$inferInsert;

export const insertCreditPackageSchema = insertSchema(creditPackages);
export const selectCreditPackageSchema = createSelectSchema(creditPackages);
export const updateCreditPackageSchema = updateSchema(creditPackages);
export type CreditPackage = typeof creditPackages.$inferSelect;
export type NewCreditPackage = typeof creditPackages.$inferInsert;

export const insertLeadListSchema = insertSchema(leadLists);
export const selectLeadListSchema = createSelectSchema(leadLists);
export const updateLeadListSchema = updateSchema(leadLists);
export type LeadList = typeof leadLists.$inferSelect;
export type NewLeadList = typeof leadLists.$inferInsert;

export const insertLeadSchema = insertSchema(leads);
export const selectLeadSchema = createSelectSchema(leads);
export const updateLeadSchema = updateSchema(leads);
export type Lead = typeof leads.$inferSelect;
export type NewLead = typeof leads.$inferInsert;

export const insertAiCallCampaignSchema = insertSchema(aiCallCampaigns);
export const selectAiCallCampaignSchema = createSelectSchema(aiCallCampaigns);
export const updateAiCallCampaignSchema = updateSchema(aiCallCampaigns);
export type AiCallCampaign = typeof aiCallCampaigns.$inferSelect;
export type NewAiCallCampaign = typeof aiCallCampaigns.$inferInsert;

export const insertAiCallSchema = insertSchema(aiCalls);
export const selectAiCallSchema = createSelectSchema(aiCalls);
export const updateAiCallSchema = updateSchema(aiCalls);
export type AiCall = typeof aiCalls.$inferSelect;
export type NewAiCall = typeof aiCalls.$inferInsert;

export const insertEmailConnectionSchema = insertSchema(emailConnections);
export const selectEmailConnectionSchema = createSelectSchema(emailConnections);
export const updateEmailConnectionSchema = updateSchema(emailConnections);
export type EmailConnection = typeof emailConnections.$inferSelect;
export type NewEmailConnection = typeof emailConnections.$inferInsert;

export const insertSyncedEmailSchema = insertSchema(syncedEmails);
export const selectSyncedEmailSchema = createSelectSchema(syncedEmails);
export const updateSyncedEmailSchema = updateSchema(syncedEmails);
export type SyncedEmail = typeof syncedEmails.$inferSelect;
export type NewSyncedEmail = typeof syncedEmails.$inferInsert;

export const insertEmailDraftSchema = insertSchema(emailDrafts);
export const selectEmailDraftSchema = createSelectSchema(emailDrafts);
export const updateEmailDraftSchema = updateSchema(emailDrafts);
export type EmailDraft = typeof emailDrafts.$inferSelect;
export type NewEmailDraft = typeof emailDrafts.$inferInsert;

export const insertAuditLogSchema = insertSchema(auditLogs);
export const selectAuditLogSchema = createSelectSchema(auditLogs);
export const updateAuditLogSchema = updateSchema(auditLogs);
export type AuditLog = typeof auditLogs.$inferSelect;
export type NewAuditLog = typeof auditLogs.$inferInsert;

export const insertFeatureFlagSchema = insertSchema(featureFlags, {
  rolloutPercentage: (s) => s.min(0).max(100),
});
export const selectFeatureFlagSchema = createSelectSchema(featureFlags);
export const updateFeatureFlagSchema = updateSchema(featureFlags, {
  rolloutPercentage: (s) => s.min(0).max(100),
});
export type FeatureFlag = typeof featureFlags.$inferSelect;
export type NewFeatureFlag = typeof featureFlags.$inferInsert;

export const insertSystemConfigSchema = insertSchema(systemConfig);
export const selectSystemConfigSchema = createSelectSchema(systemConfig);
export const updateSystemConfigSchema = updateSchema(systemConfig);
export type SystemConfig = typeof systemConfig.$inferSelect;
export type NewSystemConfig = typeof systemConfig.$inferInsert;

export const insertCredentialSchema = insertSchema(credentials);
export const selectCredentialSchema = createSelectSchema(credentials);
export const updateCredentialSchema = updateSchema(credentials);
export type Credential = typeof credentials.$inferSelect;
export type NewCredential = typeof credentials.$inferInsert;

export const insertExecutionControlSchema = insertSchema(executionControls);
export const selectExecutionControlSchema = createSelectSchema(executionControls);
export const updateExecutionControlSchema = updateSchema(executionControls);
export type ExecutionControl = typeof executionControls.$inferSelect;
export type NewExecutionControl = typeof executionControls.$inferInsert;

export const insertActionApprovalSchema = insertSchema(actionApprovals);
export const selectActionApprovalSchema = createSelectSchema(actionApprovals);
export const updateActionApprovalSchema = updateSchema(actionApprovals);
export type ActionApproval = typeof actionApprovals.$inferSelect;
export type NewActionApproval = typeof actionApprovals.$inferInsert;

export const insertBrowserContextSchema = insertSchema(browserContexts);
export const selectBrowserContextSchema = createSelectSchema(browserContexts);
export const updateBrowserContextSchema = updateSchema(browserContexts);
export type BrowserContext = typeof browserContexts.$inferSelect;
export type NewBrowserContext = typeof browserContexts.$inferInsert;

export const insertSecurityAuditLogSchema = insertSchema(securityAuditLog);
export const selectSecurityAuditLogSchema = createSelectSchema(securityAuditLog);
export const updateSecurityAuditLogSchema = updateSchema(securityAuditLog);
export type SecurityAuditLog = typeof securityAuditLog.$inferSelect;
export type NewSecurityAuditLog = typeof securityAuditLog.$inferInsert;

export const insertSecurityEventSchema = insertSchema(securityEvents);
export const selectSecurityEventSchema = createSelectSchema(securityEvents);
export const updateSecurityEventSchema = updateSchema(securityEvents);
export type SecurityEvent = typeof securityEvents.$inferSelect;
export type NewSecurityEvent = typeof securityEvents.$inferInsert;

export const insertAlertRuleSchema = insertSchema(alertRules);
export const selectAlertRuleSchema = createSelectSchema(alertRules);
export const updateAlertRuleSchema = updateSchema(alertRules);
export type AlertRule = typeof alertRules.$inferSelect;
export type NewAlertRule = typeof alertRules.$inferInsert;

export const insertAlertHistorySchema = insertSchema(alertHistory);
export const selectAlertHistorySchema = createSelectSchema(alertHistory);
export const updateAlertHistorySchema = updateSchema(alertHistory);
export type AlertHistory = typeof alertHistory.$inferSelect;
export type NewAlertHistory = typeof alertHistory.$inferInsert;

export const insertInAppNotificationSchema = insertSchema(inAppNotifications);
export const selectInAppNotificationSchema = createSelectSchema(inAppNotifications);
export const updateInAppNotificationSchema = updateSchema(inAppNotifications);
export type InAppNotification = typeof inAppNotifications.$inferSelect;
export type NewInAppNotification = typeof inAppNotifications.$inferInsert;

export const insertAlertDeliveryQueueSchema = insertSchema(alertDeliveryQueue);
export const selectAlertDeliveryQueueSchema = createSelectSchema(alertDeliveryQueue);
export const updateAlertDeliveryQueueSchema = updateSchema(alertDeliveryQueue);
export type AlertDeliveryQueue = typeof alertDeliveryQueue.$inferSelect;
export type NewAlertDeliveryQueue = typeof alertDeliveryQueue.$inferInsert;

export const insertDocumentationSourceSchema = insertSchema(documentationSources);
export const selectDocumentationSourceSchema = createSelectSchema(documentationSources);
export const updateDocumentationSourceSchema = updateSchema(documentationSources);
export type DocumentationSource = typeof documentationSources.$inferSelect;
export type NewDocumentationSource = typeof documentationSources.$inferInsert;

export const insertDocumentationChunkSchema = insertSchema(documentationChunks);
export const selectDocumentationChunkSchema = createSelectSchema(documentationChunks);
export const updateDocumentationChunkSchema = updateSchema(documentationChunks);
export type DocumentationChunk = typeof documentationChunks.$inferSelect;
export type NewDocumentationChunk = typeof documentationChunks.$inferInsert;

export const insertPlatformKeywordSchema = insertSchema(platformKeywords);
export const selectPlatformKeywordSchema = createSelectSchema(platformKeywords);
export const updatePlatformKeywordSchema = updateSchema(platformKeywords);
export type PlatformKeyword = typeof platformKeywords.$inferSelect;
export type NewPlatformKeyword = typeof platformKeywords.$inferInsert;

export const insertSopCategorySchema = insertSchema(sopCategories);
export const selectSopCategorySchema = createSelectSchema(sopCategories);
export const updateSopCategorySchema = updateSchema(sopCategories);
export type SopCategory = typeof sopCategories.$inferSelect;
export type NewSopCategory = typeof sopCategories.$inferInsert;

export const insertSopDocumentSchema = insertSchema(sopDocuments);
export const selectSopDocumentSchema = createSelectSchema(sopDocuments);
export const updateSopDocumentSchema = updateSchema(sopDocuments);
export type SopDocument = typeof sopDocuments.$inferSelect;
export type NewSopDocument = typeof sopDocuments.$inferInsert;

export const insertSopStepSchema = insertSchema(sopSteps);
export const selectSopStepSchema = createSelectSchema(sopSteps);
export const updateSopStepSchema = updateSchema(sopSteps);
export type SopStep = typeof sopSteps.$inferSelect;
export type NewSopStep = typeof sopSteps.$inferInsert;

export const insertSopExecutionSchema = insertSchema(sopExecutions, {
  rating: (s) => s.min(1).max(5),
});
export const selectSopExecutionSchema = createSelectSchema(sopExecutions);
export const updateSopExecutionSchema = updateSchema(sopExecutions, {
  rating: (s) => s.min(1).max(5),
});
export type SopExecution = typeof sopExecutions.$inferSelect;
export type NewSopExecution = typeof sopExecutions.$inferInsert;
