// drizzle-zod schemas and row types for every table. Insert and update schemas come from the input
// kit, so they carry the bounds the column types imply (numeric(p,s), timestamps in years 0100-9999,
// lower-cased uuids, JSON, indexed text length) and the documented value lists (the columns' `enum`
// option). Tables without documented refinements get theirs from the table list (validatorsOf);
// the documented ranges (scores 0-100, rates 0-1, rating 1-5, channel order 1-3) are added below.
import { createSelectSchema } from 'drizzle-zod';
import { insertSchema, updateSchema } from '../input';
import { tablesOf } from '../tables-of';
import type { InsertSchemaOf, SelectSchemaOf, UpdateSchemaOf } from '../validator-types';
import { validatorsOf } from '../validators-of';
import * as t from './tables';

const plain = validatorsOf(tablesOf(t), { names: { adAnalyses: 'AdAnalysis' } });

// biome-ignore format: one table per line (insert, select, update)
export const {
  insertSessionSchema, selectSessionSchema, updateSessionSchema,
  insertUserProfileSchema, selectUserProfileSchema, updateUserProfileSchema,
  insertPasswordResetTokenSchema, selectPasswordResetTokenSchema, updatePasswordResetTokenSchema,
  insertEmailVerificationTokenSchema, selectEmailVerificationTokenSchema, updateEmailVerificationTokenSchema,
  insertBrowserSessionSchema, selectBrowserSessionSchema, updateBrowserSessionSchema,
  insertUserPreferenceSchema, selectUserPreferenceSchema, updateUserPreferenceSchema,
  insertAutomationWorkflowSchema, selectAutomationWorkflowSchema, updateAutomationWorkflowSchema,
  insertWorkflowExecutionSchema, selectWorkflowExecutionSchema, updateWorkflowExecutionSchema,
  insertScheduledBrowserTaskSchema, selectScheduledBrowserTaskSchema, updateScheduledBrowserTaskSchema,
  insertScheduledTaskExecutionSchema, selectScheduledTaskExecutionSchema, updateScheduledTaskExecutionSchema,
  insertCronJobRegistrySchema, selectCronJobRegistrySchema, updateCronJobRegistrySchema,
  insertAgentSessionSchema, selectAgentSessionSchema, updateAgentSessionSchema,
  insertAgentExecutionSchema, selectAgentExecutionSchema, updateAgentExecutionSchema,
  insertToolExecutionSchema, selectToolExecutionSchema, updateToolExecutionSchema,
  insertGeneratedProjectSchema, selectGeneratedProjectSchema, updateGeneratedProjectSchema,
  insertKnowledgeEntrySchema, selectKnowledgeEntrySchema, updateKnowledgeEntrySchema,
  insertActionPatternSchema, selectActionPatternSchema, updateActionPatternSchema,
  insertErrorPatternSchema, selectErrorPatternSchema, updateErrorPatternSchema,
  insertUserMemorySchema, selectUserMemorySchema, updateUserMemorySchema,
  insertExecutionCheckpointSchema, selectExecutionCheckpointSchema, updateExecutionCheckpointSchema,
  insertSubscriptionTierSchema, selectSubscriptionTierSchema, updateSubscriptionTierSchema,
  insertUserSubscriptionSchema, selectUserSubscriptionSchema, updateUserSubscriptionSchema,
  insertExecutionPackSchema, selectExecutionPackSchema, updateExecutionPackSchema,
  insertUserExecutionPackSchema, selectUserExecutionPackSchema, updateUserExecutionPackSchema,
  insertAgentAddOnSchema, selectAgentAddOnSchema, updateAgentAddOnSchema,
  insertUserAgentAddOnSchema, selectUserAgentAddOnSchema, updateUserAgentAddOnSchema,
  insertSubscriptionUsageRecordSchema, selectSubscriptionUsageRecordSchema, updateSubscriptionUsageRecordSchema,
  insertApiTokenUsageSchema, selectApiTokenUsageSchema, updateApiTokenUsageSchema,
  insertGeminiTokenUsageSchema, selectGeminiTokenUsageSchema, updateGeminiTokenUsageSchema,
  insertBrowserbaseCostSchema, selectBrowserbaseCostSchema, updateBrowserbaseCostSchema,
  insertStorageCostSchema, selectStorageCostSchema, updateStorageCostSchema,
  insertDailyCostSummarySchema, selectDailyCostSummarySchema, updateDailyCostSummarySchema,
  insertInboundMessageSchema, selectInboundMessageSchema, updateInboundMessageSchema,
  insertBotConversationSchema, selectBotConversationSchema, updateBotConversationSchema,
  insertAgencyTaskSchema, selectAgencyTaskSchema, updateAgencyTaskSchema,
  insertTaskExecutionSchema, selectTaskExecutionSchema, updateTaskExecutionSchema,
  insertOutboundMessageSchema, selectOutboundMessageSchema, updateOutboundMessageSchema,
  insertWebhookLogSchema, selectWebhookLogSchema, updateWebhookLogSchema,
  insertKeywordRankingSchema, selectKeywordRankingSchema, updateKeywordRankingSchema,
  insertHeatmapEventSchema, selectHeatmapEventSchema, updateHeatmapEventSchema,
  insertAdAnalysisSchema, selectAdAnalysisSchema, updateAdAnalysisSchema,
  insertAdRecommendationSchema, selectAdRecommendationSchema, updateAdRecommendationSchema,
  insertMetaAdAccountSchema, selectMetaAdAccountSchema, updateMetaAdAccountSchema,
  insertMetaCampaignSchema, selectMetaCampaignSchema, updateMetaCampaignSchema,
  insertMetaAdSetSchema, selectMetaAdSetSchema, updateMetaAdSetSchema,
  insertMetaAdSchema, selectMetaAdSchema, updateMetaAdSchema,
  insertUserCreditSchema, selectUserCreditSchema, updateUserCreditSchema,
  insertCreditPackageSchema, selectCreditPackageSchema, updateCreditPackageSchema,
  insertLeadListSchema, selectLeadListSchema, updateLeadListSchema,
  insertLeadSchema, selectLeadSchema, updateLeadSchema,
  insertAiCallCampaignSchema, selectAiCallCampaignSchema, updateAiCallCampaignSchema,
  insertAiCallSchema, selectAiCallSchema, updateAiCallSchema,
  insertEmailConnectionSchema, selectEmailConnectionSchema, updateEmailConnectionSchema,
  insertSyncedEmailSchema, selectSyncedEmailSchema, updateSyncedEmailSchema,
  insertEmailDraftSchema, selectEmailDraftSchema, updateEmailDraftSchema,
  insertAuditLogSchema, selectAuditLogSchema, updateAuditLogSchema,
  insertSystemConfigSchema, selectSystemConfigSchema, updateSystemConfigSchema,
  insertCredentialSchema, selectCredentialSchema, updateCredentialSchema,
  insertExecutionControlSchema, selectExecutionControlSchema, updateExecutionControlSchema,
  insertActionApprovalSchema, selectActionApprovalSchema, updateActionApprovalSchema,
  insertBrowserContextSchema, selectBrowserContextSchema, updateBrowserContextSchema,
  insertSecurityAuditLogSchema, selectSecurityAuditLogSchema, updateSecurityAuditLogSchema,
  insertSecurityEventSchema, selectSecurityEventSchema, updateSecurityEventSchema,
  insertAlertRuleSchema, selectAlertRuleSchema, updateAlertRuleSchema,
  insertAlertHistorySchema, selectAlertHistorySchema, updateAlertHistorySchema,
  insertInAppNotificationSchema, selectInAppNotificationSchema, updateInAppNotificationSchema,
  insertAlertDeliveryQueueSchema, selectAlertDeliveryQueueSchema, updateAlertDeliveryQueueSchema,
  insertDocumentationSourceSchema, selectDocumentationSourceSchema, updateDocumentationSourceSchema,
  insertDocumentationChunkSchema, selectDocumentationChunkSchema, updateDocumentationChunkSchema,
  insertPlatformKeywordSchema, selectPlatformKeywordSchema, updatePlatformKeywordSchema,
  insertSopCategorySchema, selectSopCategorySchema, updateSopCategorySchema,
  insertSopDocumentSchema, selectSopDocumentSchema, updateSopDocumentSchema,
  insertSopStepSchema, selectSopStepSchema, updateSopStepSchema,
} = plain;

export const insertUserSchema: InsertSchemaOf<typeof t.users> = insertSchema(t.users, {
  email: (s) => s.email(),
});
export const selectUserSchema: SelectSchemaOf<typeof t.users> = createSelectSchema(t.users);
export const updateUserSchema: UpdateSchemaOf<typeof t.users> = updateSchema(t.users, {
  email: (s) => s.email(),
});

export const insertLoginAttemptSchema: InsertSchemaOf<typeof t.loginAttempts> = insertSchema(
  t.loginAttempts,
  { email: (s) => s.min(1) },
);
export const selectLoginAttemptSchema: SelectSchemaOf<typeof t.loginAttempts> = createSelectSchema(
  t.loginAttempts,
);
export const updateLoginAttemptSchema: UpdateSchemaOf<typeof t.loginAttempts> = updateSchema(
  t.loginAttempts,
  { email: (s) => s.min(1) },
);

export const insertElementSelectorSchema = insertSchema(t.elementSelectors, {
  successRate: (s) => s.min(0).max(1),
});
export const selectElementSelectorSchema: SelectSchemaOf<typeof t.elementSelectors> = createSelectSchema(
  t.elementSelectors,
);
export const updateElementSelectorSchema: UpdateSchemaOf<typeof t.elementSelectors> = updateSchema(
  t.elementSelectors,
  {
    successRate: (s) => s.min(0).max(1),
  },
);

export const insertTaskSuccessPatternSchema = insertSchema(t.taskSuccessPatterns, {
  successRate: (s) => s.min(0).max(1),
  confidence: (s) => s.min(0).max(1),
});
export const selectTaskSuccessPatternSchema: SelectSchemaOf<typeof t.taskSuccessPatterns> =
  createSelectSchema(t.taskSuccessPatterns);
export const updateTaskSuccessPatternSchema: UpdateSchemaOf<typeof t.taskSuccessPatterns> = updateSchema(
  t.taskSuccessPatterns,
  {
    successRate: (s) => s.min(0).max(1),
    confidence: (s) => s.min(0).max(1),
  },
);

export const insertWorkflowPatternSchema = insertSchema(t.workflowPatterns, {
  successRate: (s) => s.min(0).max(1),
});
export const selectWorkflowPatternSchema: SelectSchemaOf<typeof t.workflowPatterns> = createSelectSchema(
  t.workflowPatterns,
);
export const updateWorkflowPatternSchema: UpdateSchemaOf<typeof t.workflowPatterns> = updateSchema(
  t.workflowPatterns,
  {
    successRate: (s) => s.min(0).max(1),
  },
);

export const insertCostBudgetSchema = insertSchema(t.costBudgets, {
  alertThreshold: (s) => s.min(0).max(100),
});
export const selectCostBudgetSchema: SelectSchemaOf<typeof t.costBudgets> = createSelectSchema(t.costBudgets);
export const updateCostBudgetSchema: UpdateSchemaOf<typeof t.costBudgets> = updateSchema(t.costBudgets, {
  alertThreshold: (s) => s.min(0).max(100),
});

export const insertUserWebhookSchema = insertSchema(t.userWebhooks, {
  channelOrder: (s) => s.min(1).max(3),
});
export const selectUserWebhookSchema: SelectSchemaOf<typeof t.userWebhooks> = createSelectSchema(
  t.userWebhooks,
);
export const updateUserWebhookSchema: UpdateSchemaOf<typeof t.userWebhooks> = updateSchema(t.userWebhooks, {
  channelOrder: (s) => s.min(1).max(3),
});

export const insertSeoReportSchema: InsertSchemaOf<typeof t.seoReports> = insertSchema(t.seoReports, {
  score: (s) => s.min(0).max(100),
});
export const selectSeoReportSchema: SelectSchemaOf<typeof t.seoReports> = createSelectSchema(t.seoReports);
export const updateSeoReportSchema: UpdateSchemaOf<typeof t.seoReports> = updateSchema(t.seoReports, {
  score: (s) => s.min(0).max(100),
});

export const insertKeywordResearchSchema = insertSchema(t.keywordResearch, {
  difficulty: (s) => s.min(0).max(100),
});
export const selectKeywordResearchSchema: SelectSchemaOf<typeof t.keywordResearch> = createSelectSchema(
  t.keywordResearch,
);
export const updateKeywordResearchSchema: UpdateSchemaOf<typeof t.keywordResearch> = updateSchema(
  t.keywordResearch,
  {
    difficulty: (s) => s.min(0).max(100),
  },
);

export const insertBacklinkSchema = insertSchema(t.backlinks, {
  domainRating: (s) => s.min(0).max(100),
  domainAuthority: (s) => s.min(0).max(100),
  pageAuthority: (s) => s.min(0).max(100),
});
export const selectBacklinkSchema: SelectSchemaOf<typeof t.backlinks> = createSelectSchema(t.backlinks);
export const updateBacklinkSchema: UpdateSchemaOf<typeof t.backlinks> = updateSchema(t.backlinks, {
  domainRating: (s) => s.min(0).max(100),
  domainAuthority: (s) => s.min(0).max(100),
  pageAuthority: (s) => s.min(0).max(100),
});

export const insertHeatmapSessionSchema = insertSchema(t.heatmapSessions, {
  averageScrollDepth: (s) => s.min(0).max(100),
  bounceRate: (s) => s.min(0).max(100),
});
export const selectHeatmapSessionSchema: SelectSchemaOf<typeof t.heatmapSessions> = createSelectSchema(
  t.heatmapSessions,
);
export const updateHeatmapSessionSchema: UpdateSchemaOf<typeof t.heatmapSessions> = updateSchema(
  t.heatmapSessions,
  {
    averageScrollDepth: (s) => s.min(0).max(100),
    bounceRate: (s) => s.min(0).max(100),
  },
);

export const insertFeatureFlagSchema = insertSchema(t.featureFlags, {
  rolloutPercentage: (s) => s.min(0).max(100),
});
export const selectFeatureFlagSchema: SelectSchemaOf<typeof t.featureFlags> = createSelectSchema(
  t.featureFlags,
);
export const updateFeatureFlagSchema: UpdateSchemaOf<typeof t.featureFlags> = updateSchema(t.featureFlags, {
  rolloutPercentage: (s) => s.min(0).max(100),
});

export const insertSopExecutionSchema = insertSchema(t.sopExecutions, {
  rating: (s) => s.min(1).max(5),
});
export const selectSopExecutionSchema: SelectSchemaOf<typeof t.sopExecutions> = createSelectSchema(
  t.sopExecutions,
);
export const updateSopExecutionSchema: UpdateSchemaOf<typeof t.sopExecutions> = updateSchema(
  t.sopExecutions,
  {
    rating: (s) => s.min(1).max(5),
  },
);

// Row types: <Entity> is a selected row, New<Entity> an insertable one.
export type User = typeof t.users.$inferSelect;
export type NewUser = typeof t.users.$inferInsert;
export type Session = typeof t.sessions.$inferSelect;
export type NewSession = typeof t.sessions.$inferInsert;
export type UserProfile = typeof t.userProfiles.$inferSelect;
export type NewUserProfile = typeof t.userProfiles.$inferInsert;
export type PasswordResetToken = typeof t.passwordResetTokens.$inferSelect;
export type NewPasswordResetToken = typeof t.passwordResetTokens.$inferInsert;
export type EmailVerificationToken = typeof t.emailVerificationTokens.$inferSelect;
export type NewEmailVerificationToken = typeof t.emailVerificationTokens.$inferInsert;
export type LoginAttempt = typeof t.loginAttempts.$inferSelect;
export type NewLoginAttempt = typeof t.loginAttempts.$inferInsert;
export type BrowserSession = typeof t.browserSessions.$inferSelect;
export type NewBrowserSession = typeof t.browserSessions.$inferInsert;
export type UserPreference = typeof t.userPreferences.$inferSelect;
export type NewUserPreference = typeof t.userPreferences.$inferInsert;
export type AutomationWorkflow = typeof t.automationWorkflows.$inferSelect;
export type NewAutomationWorkflow = typeof t.automationWorkflows.$inferInsert;
export type WorkflowExecution = typeof t.workflowExecutions.$inferSelect;
export type NewWorkflowExecution = typeof t.workflowExecutions.$inferInsert;
export type ScheduledBrowserTask = typeof t.scheduledBrowserTasks.$inferSelect;
export type NewScheduledBrowserTask = typeof t.scheduledBrowserTasks.$inferInsert;
export type ScheduledTaskExecution = typeof t.scheduledTaskExecutions.$inferSelect;
export type NewScheduledTaskExecution = typeof t.scheduledTaskExecutions.$inferInsert;
export type CronJobRegistry = typeof t.cronJobRegistry.$inferSelect;
export type NewCronJobRegistry = typeof t.cronJobRegistry.$inferInsert;
export type AgentSession = typeof t.agentSessions.$inferSelect;
export type NewAgentSession = typeof t.agentSessions.$inferInsert;
export type AgentExecution = typeof t.agentExecutions.$inferSelect;
export type NewAgentExecution = typeof t.agentExecutions.$inferInsert;
export type ToolExecution = typeof t.toolExecutions.$inferSelect;
export type NewToolExecution = typeof t.toolExecutions.$inferInsert;
export type GeneratedProject = typeof t.generatedProjects.$inferSelect;
export type NewGeneratedProject = typeof t.generatedProjects.$inferInsert;
export type KnowledgeEntry = typeof t.knowledgeEntries.$inferSelect;
export type NewKnowledgeEntry = typeof t.knowledgeEntries.$inferInsert;
export type ActionPattern = typeof t.actionPatterns.$inferSelect;
export type NewActionPattern = typeof t.actionPatterns.$inferInsert;
export type ElementSelector = typeof t.elementSelectors.$inferSelect;
export type NewElementSelector = typeof t.elementSelectors.$inferInsert;
export type ErrorPattern = typeof t.errorPatterns.$inferSelect;
export type NewErrorPattern = typeof t.errorPatterns.$inferInsert;
export type UserMemory = typeof t.userMemory.$inferSelect;
export type NewUserMemory = typeof t.userMemory.$inferInsert;
export type ExecutionCheckpoint = typeof t.executionCheckpoints.$inferSelect;
export type NewExecutionCheckpoint = typeof t.executionCheckpoints.$inferInsert;
export type TaskSuccessPattern = typeof t.taskSuccessPatterns.$inferSelect;
export type NewTaskSuccessPattern = typeof t.taskSuccessPatterns.$inferInsert;
export type WorkflowPattern = typeof t.workflowPatterns.$inferSelect;
export type NewWorkflowPattern = typeof t.workflowPatterns.$inferInsert;
export type SubscriptionTier = typeof t.subscriptionTiers.$inferSelect;
export type NewSubscriptionTier = typeof t.subscriptionTiers.$inferInsert;
export type UserSubscription = typeof t.userSubscriptions.$inferSelect;
export type NewUserSubscription = typeof t.userSubscriptions.$inferInsert;
export type ExecutionPack = typeof t.executionPacks.$inferSelect;
export type NewExecutionPack = typeof t.executionPacks.$inferInsert;
export type UserExecutionPack = typeof t.userExecutionPacks.$inferSelect;
export type NewUserExecutionPack = typeof t.userExecutionPacks.$inferInsert;
export type AgentAddOn = typeof t.agentAddOns.$inferSelect;
export type NewAgentAddOn = typeof t.agentAddOns.$inferInsert;
export type UserAgentAddOn = typeof t.userAgentAddOns.$inferSelect;
export type NewUserAgentAddOn = typeof t.userAgentAddOns.$inferInsert;
export type SubscriptionUsageRecord = typeof t.subscriptionUsageRecords.$inferSelect;
export type NewSubscriptionUsageRecord = typeof t.subscriptionUsageRecords.$inferInsert;
export type ApiTokenUsage = typeof t.apiTokenUsage.$inferSelect;
export type NewApiTokenUsage = typeof t.apiTokenUsage.$inferInsert;
export type GeminiTokenUsage = typeof t.geminiTokenUsage.$inferSelect;
export type NewGeminiTokenUsage = typeof t.geminiTokenUsage.$inferInsert;
export type BrowserbaseCost = typeof t.browserbaseCosts.$inferSelect;
export type NewBrowserbaseCost = typeof t.browserbaseCosts.$inferInsert;
export type StorageCost = typeof t.storageCosts.$inferSelect;
export type NewStorageCost = typeof t.storageCosts.$inferInsert;
export type DailyCostSummary = typeof t.dailyCostSummaries.$inferSelect;
export type NewDailyCostSummary = typeof t.dailyCostSummaries.$inferInsert;
export type CostBudget = typeof t.costBudgets.$inferSelect;
export type NewCostBudget = typeof t.costBudgets.$inferInsert;
export type UserWebhook = typeof t.userWebhooks.$inferSelect;
export type NewUserWebhook = typeof t.userWebhooks.$inferInsert;
export type InboundMessage = typeof t.inboundMessages.$inferSelect;
export type NewInboundMessage = typeof t.inboundMessages.$inferInsert;
export type BotConversation = typeof t.botConversations.$inferSelect;
export type NewBotConversation = typeof t.botConversations.$inferInsert;
export type AgencyTask = typeof t.agencyTasks.$inferSelect;
export type NewAgencyTask = typeof t.agencyTasks.$inferInsert;
export type TaskExecution = typeof t.taskExecutions.$inferSelect;
export type NewTaskExecution = typeof t.taskExecutions.$inferInsert;
export type OutboundMessage = typeof t.outboundMessages.$inferSelect;
export type NewOutboundMessage = typeof t.outboundMessages.$inferInsert;
export type WebhookLog = typeof t.webhookLogs.$inferSelect;
export type NewWebhookLog = typeof t.webhookLogs.$inferInsert;
export type SeoReport = typeof t.seoReports.$inferSelect;
export type NewSeoReport = typeof t.seoReports.$inferInsert;
export type KeywordResearch = typeof t.keywordResearch.$inferSelect;
export type NewKeywordResearch = typeof t.keywordResearch.$inferInsert;
export type KeywordRanking = typeof t.keywordRankings.$inferSelect;
export type NewKeywordRanking = typeof t.keywordRankings.$inferInsert;
export type Backlink = typeof t.backlinks.$inferSelect;
export type NewBacklink = typeof t.backlinks.$inferInsert;
export type HeatmapSession = typeof t.heatmapSessions.$inferSelect;
export type NewHeatmapSession = typeof t.heatmapSessions.$inferInsert;
export type HeatmapEvent = typeof t.heatmapEvents.$inferSelect;
export type NewHeatmapEvent = typeof t.heatmapEvents.$inferInsert;
export type AdAnalysis = typeof t.adAnalyses.$inferSelect;
export type NewAdAnalysis = typeof t.adAnalyses.$inferInsert;
export type AdRecommendation = typeof t.adRecommendations.$inferSelect;
export type NewAdRecommendation = typeof t.adRecommendations.$inferInsert;
export type MetaAdAccount = typeof t.metaAdAccounts.$inferSelect;
export type NewMetaAdAccount = typeof t.metaAdAccounts.$inferInsert;
export type MetaCampaign = typeof t.metaCampaigns.$inferSelect;
export type NewMetaCampaign = typeof t.metaCampaigns.$inferInsert;
export type MetaAdSet = typeof t.metaAdSets.$inferSelect;
export type NewMetaAdSet = typeof t.metaAdSets.$inferInsert;
export type MetaAd = typeof t.metaAds.$inferSelect;
export type NewMetaAd = typeof t.metaAds.$inferInsert;
export type UserCredit = typeof t.userCredits.$inferSelect;
export type NewUserCredit = typeof t.userCredits.$inferInsert;
export type CreditPackage = typeof t.creditPackages.$inferSelect;
export type NewCreditPackage = typeof t.creditPackages.$inferInsert;
export type LeadList = typeof t.leadLists.$inferSelect;
export type NewLeadList = typeof t.leadLists.$inferInsert;
export type Lead = typeof t.leads.$inferSelect;
export type NewLead = typeof t.leads.$inferInsert;
export type AiCallCampaign = typeof t.aiCallCampaigns.$inferSelect;
export type NewAiCallCampaign = typeof t.aiCallCampaigns.$inferInsert;
export type AiCall = typeof t.aiCalls.$inferSelect;
export type NewAiCall = typeof t.aiCalls.$inferInsert;
export type EmailConnection = typeof t.emailConnections.$inferSelect;
export type NewEmailConnection = typeof t.emailConnections.$inferInsert;
export type SyncedEmail = typeof t.syncedEmails.$inferSelect;
export type NewSyncedEmail = typeof t.syncedEmails.$inferInsert;
export type EmailDraft = typeof t.emailDrafts.$inferSelect;
export type NewEmailDraft = typeof t.emailDrafts.$inferInsert;
export type AuditLog = typeof t.auditLogs.$inferSelect;
export type NewAuditLog = typeof t.auditLogs.$inferInsert;
export type FeatureFlag = typeof t.featureFlags.$inferSelect;
export type NewFeatureFlag = typeof t.featureFlags.$inferInsert;
export type SystemConfig = typeof t.systemConfig.$inferSelect;
export type NewSystemConfig = typeof t.systemConfig.$inferInsert;
export type Credential = typeof t.credentials.$inferSelect;
export type NewCredential = typeof t.credentials.$inferInsert;
export type ExecutionControl = typeof t.executionControls.$inferSelect;
export type NewExecutionControl = typeof t.executionControls.$inferInsert;
export type ActionApproval = typeof t.actionApprovals.$inferSelect;
export type NewActionApproval = typeof t.actionApprovals.$inferInsert;
export type BrowserContext = typeof t.browserContexts.$inferSelect;
export type NewBrowserContext = typeof t.browserContexts.$inferInsert;
export type SecurityAuditLog = typeof t.securityAuditLog.$inferSelect;
export type NewSecurityAuditLog = typeof t.securityAuditLog.$inferInsert;
export type SecurityEvent = typeof t.securityEvents.$inferSelect;
export type NewSecurityEvent = typeof t.securityEvents.$inferInsert;
export type AlertRule = typeof t.alertRules.$inferSelect;
export type NewAlertRule = typeof t.alertRules.$inferInsert;
export type AlertHistory = typeof t.alertHistory.$inferSelect;
export type NewAlertHistory = typeof t.alertHistory.$inferInsert;
export type InAppNotification = typeof t.inAppNotifications.$inferSelect;
export type NewInAppNotification = typeof t.inAppNotifications.$inferInsert;
export type AlertDeliveryQueue = typeof t.alertDeliveryQueue.$inferSelect;
export type NewAlertDeliveryQueue = typeof t.alertDeliveryQueue.$inferInsert;
export type DocumentationSource = typeof t.documentationSources.$inferSelect;
export type NewDocumentationSource = typeof t.documentationSources.$inferInsert;
export type DocumentationChunk = typeof t.documentationChunks.$inferSelect;
export type NewDocumentationChunk = typeof t.documentationChunks.$inferInsert;
export type PlatformKeyword = typeof t.platformKeywords.$inferSelect;
export type NewPlatformKeyword = typeof t.platformKeywords.$inferInsert;
export type SopCategory = typeof t.sopCategories.$inferSelect;
export type NewSopCategory = typeof t.sopCategories.$inferInsert;
export type SopDocument = typeof t.sopDocuments.$inferSelect;
export type NewSopDocument = typeof t.sopDocuments.$inferInsert;
export type SopStep = typeof t.sopSteps.$inferSelect;
export type NewSopStep = typeof t.sopSteps.$inferInsert;
export type SopExecution = typeof t.sopExecutions.$inferSelect;
export type NewSopExecution = typeof t.sopExecutions.$inferInsert;
