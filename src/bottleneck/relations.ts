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
  sessions: many(sessions),
  profile: one(userProfiles),
  passwordResetTokens: many(passwordResetTokens),
  emailVerificationTokens: many(emailVerificationTokens),
  browserSessions: many(browserSessions),
  preferences: one(userPreferences),
  automationWorkflows: many(automationWorkflows),
  workflowExecutions: many(workflowExecutions),
  scheduledBrowserTasksByUserId: many(scheduledBrowserTasks, {
    relationName: 'scheduled_browser_tasks_userId',
  }),
  scheduledBrowserTasksByCreatedBy: many(scheduledBrowserTasks, {
    relationName: 'scheduled_browser_tasks_createdBy',
  }),
  scheduledBrowserTasksByLastModifiedBy: many(scheduledBrowserTasks, {
    relationName: 'scheduled_browser_tasks_lastModifiedBy',
  }),
  agentSessions: many(agentSessions),
  agentExecutions: many(agentExecutions),
  generatedProjects: many(generatedProjects),
  knowledgeEntries: many(knowledgeEntries),
  actionPatterns: many(actionPatterns),
  elementSelectors: many(elementSelectors),
  errorPatterns: many(errorPatterns),
  userMemory: one(userMemory),
  executionCheckpoints: many(executionCheckpoints),
  taskSuccessPatterns: many(taskSuccessPatterns),
  workflowPatterns: many(workflowPatterns),
  subscription: one(userSubscriptions),
  userExecutionPacks: many(userExecutionPacks),
  userAgentAddOns: many(userAgentAddOns),
  subscriptionUsageRecords: many(subscriptionUsageRecords),
  apiTokenUsage: many(apiTokenUsage),
  geminiTokenUsage: many(geminiTokenUsage),
  browserbaseCosts: many(browserbaseCosts),
  storageCosts: many(storageCosts),
  dailyCostSummaries: many(dailyCostSummaries),
  costBudget: one(costBudgets),
  userWebhooks: many(userWebhooks),
  inboundMessages: many(inboundMessages),
  botConversations: many(botConversations),
  agencyTasksByUserId: many(agencyTasks, { relationName: 'agency_tasks_userId' }),
  agencyTasksByHumanReviewedBy: many(agencyTasks, { relationName: 'agency_tasks_humanReviewedBy' }),
  taskExecutions: many(taskExecutions),
  outboundMessages: many(outboundMessages),
  webhookLogs: many(webhookLogs),
  seoReports: many(seoReports),
  keywordResearch: many(keywordResearch),
  keywordRankings: many(keywordRankings),
  backlinks: many(backlinks),
  heatmapSessions: many(heatmapSessions),
  adAnalyses: many(adAnalyses),
  adRecommendationsByUserId: many(adRecommendations, { relationName: 'ad_recommendations_userId' }),
  adRecommendationsByAppliedBy: many(adRecommendations, { relationName: 'ad_recommendations_appliedBy' }),
  metaAdAccounts: many(metaAdAccounts),
  metaCampaigns: many(metaCampaigns),
  metaAdSets: many(metaAdSets),
  metaAds: many(metaAds),
  userCredits: many(userCredits),
  leadLists: many(leadLists),
  leads: many(leads),
  aiCallCampaigns: many(aiCallCampaigns),
  aiCalls: many(aiCalls),
  emailConnections: many(emailConnections),
  syncedEmails: many(syncedEmails),
  emailDrafts: many(emailDrafts),
  auditLogs: many(auditLogs),
  systemConfig: many(systemConfig),
  credentials: many(credentials),
  executionControls: many(executionControls),
  actionApprovals: many(actionApprovals),
  browserContexts: many(browserContexts),
  securityAuditLog: many(securityAuditLog),
  securityEventsByUserId: many(securityEvents, { relationName: 'security_events_userId' }),
  securityEventsByResolvedBy: many(securityEvents, { relationName: 'security_events_resolvedBy' }),
  alertRulesByUserId: many(alertRules, { relationName: 'alert_rules_userId' }),
  alertRulesByCreatedBy: many(alertRules, { relationName: 'alert_rules_createdBy' }),
  alertRulesByLastModifiedBy: many(alertRules, { relationName: 'alert_rules_lastModifiedBy' }),
  alertHistoryByUserId: many(alertHistory, { relationName: 'alert_history_userId' }),
  alertHistoryByAcknowledgedBy: many(alertHistory, { relationName: 'alert_history_acknowledgedBy' }),
  inAppNotifications: many(inAppNotifications),
  documentationSources: many(documentationSources),
  sopCategories: many(sopCategories),
  sopDocuments: many(sopDocuments),
  sopExecutions: many(sopExecutions),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const userProfilesRelations = relations(userProfiles, ({ one }) => ({
  user: one(users, { fields: [userProfiles.userId], references: [users.id] }),
}));

export const passwordResetTokensRelations = relations(passwordResetTokens, ({ one }) => ({
  user: one(users, {
    fields: [passwordResetTokens.userId],
    references: [users.id],
  }),
}));

export const emailVerificationTokensRelations = relations(emailVerificationTokens, ({ one }) => ({
  user: one(users, {
    fields: [emailVerificationTokens.userId],
    references: [users.id],
  }),
}));

export const browserSessionsRelations = relations(browserSessions, ({ one, many }) => ({
  user: one(users, {
    fields: [browserSessions.userId],
    references: [users.id],
  }),
  workflowExecutions: many(workflowExecutions),
}));

export const userPreferencesRelations = relations(userPreferences, ({ one }) => ({
  user: one(users, { fields: [userPreferences.userId], references: [users.id] }),
}));

export const automationWorkflowsRelations = relations(automationWorkflows, ({ one, many }) => ({
  user: one(users, {
    fields: [automationWorkflows.userId],
    references: [users.id],
  }),
  workflowExecutions: many(workflowExecutions),
}));

export const workflowExecutionsRelations = relations(workflowExecutions, ({ one }) => ({
  workflow: one(automationWorkflows, {
    fields: [workflowExecutions.workflowId],
    references: [automationWorkflows.id],
  }),
  session: one(browserSessions, {
    fields: [workflowExecutions.sessionId],
    references: [browserSessions.id],
  }),
  user: one(users, {
    fields: [workflowExecutions.userId],
    references: [users.id],
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
  scheduledTaskExecutions: many(scheduledTaskExecutions),
  cronJob: one(cronJobRegistry),
}));

export const scheduledTaskExecutionsRelations = relations(scheduledTaskExecutions, ({ one }) => ({
  task: one(scheduledBrowserTasks, {
    fields: [scheduledTaskExecutions.taskId],
    references: [scheduledBrowserTasks.id],
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
  }),
  agentExecutions: many(agentExecutions),
}));

export const agentExecutionsRelations = relations(agentExecutions, ({ one, many }) => ({
  session: one(agentSessions, {
    fields: [agentExecutions.sessionId],
    references: [agentSessions.id],
  }),
  user: one(users, {
    fields: [agentExecutions.userId],
    references: [users.id],
  }),
  toolExecutions: many(toolExecutions),
  generatedProjects: many(generatedProjects),
}));

export const toolExecutionsRelations = relations(toolExecutions, ({ one }) => ({
  execution: one(agentExecutions, {
    fields: [toolExecutions.executionId],
    references: [agentExecutions.id],
  }),
}));

export const generatedProjectsRelations = relations(generatedProjects, ({ one }) => ({
  user: one(users, {
    fields: [generatedProjects.userId],
    references: [users.id],
  }),
  execution: one(agentExecutions, {
    fields: [generatedProjects.executionId],
    references: [agentExecutions.id],
  }),
}));

export const knowledgeEntriesRelations = relations(knowledgeEntries, ({ one }) => ({
  user: one(users, {
    fields: [knowledgeEntries.userId],
    references: [users.id],
  }),
}));

export const actionPatternsRelations = relations(actionPatterns, ({ one }) => ({
  user: one(users, {
    fields: [actionPatterns.userId],
    references: [users.id],
  }),
}));

export const elementSelectorsRelations = relations(elementSelectors, ({ one }) => ({
  user: one(users, {
    fields: [elementSelectors.userId],
    references: [users.id],
  }),
}));

export const errorPatternsRelations = relations(errorPatterns, ({ one }) => ({
  user: one(users, {
    fields: [errorPatterns.userId],
    references: [users.id],
  }),
}));

export const userMemoryRelations = relations(userMemory, ({ one }) => ({
  user: one(users, { fields: [userMemory.userId], references: [users.id] }),
}));

export const executionCheckpointsRelations = relations(executionCheckpoints, ({ one }) => ({
  user: one(users, {
    fields: [executionCheckpoints.userId],
    references: [users.id],
  }),
}));

export const taskSuccessPatternsRelations = relations(taskSuccessPatterns, ({ one }) => ({
  user: one(users, {
    fields: [taskSuccessPatterns.userId],
    references: [users.id],
  }),
}));

export const workflowPatternsRelations = relations(workflowPatterns, ({ one }) => ({
  user: one(users, {
    fields: [workflowPatterns.userId],
    references: [users.id],
  }),
}));

export const subscriptionTiersRelations = relations(subscriptionTiers, ({ many }) => ({
  userSubscriptions: many(userSubscriptions),
  executionPacks: many(executionPacks),
  agentAddOns: many(agentAddOns),
  subscriptionUsageRecords: many(subscriptionUsageRecords),
}));

export const userSubscriptionsRelations = relations(userSubscriptions, ({ one }) => ({
  user: one(users, { fields: [userSubscriptions.userId], references: [users.id] }),
  tier: one(subscriptionTiers, {
    fields: [userSubscriptions.tierId],
    references: [subscriptionTiers.id],
  }),
}));

export const executionPacksRelations = relations(executionPacks, ({ one, many }) => ({
  minTier: one(subscriptionTiers, {
    fields: [executionPacks.minTierId],
    references: [subscriptionTiers.id],
  }),
  userExecutionPacks: many(userExecutionPacks),
}));

export const userExecutionPacksRelations = relations(userExecutionPacks, ({ one }) => ({
  user: one(users, {
    fields: [userExecutionPacks.userId],
    references: [users.id],
  }),
  pack: one(executionPacks, {
    fields: [userExecutionPacks.packId],
    references: [executionPacks.id],
  }),
}));

export const agentAddOnsRelations = relations(agentAddOns, ({ one, many }) => ({
  minTier: one(subscriptionTiers, {
    fields: [agentAddOns.minTierId],
    references: [subscriptionTiers.id],
  }),
  userAgentAddOns: many(userAgentAddOns),
}));

export const userAgentAddOnsRelations = relations(userAgentAddOns, ({ one }) => ({
  user: one(users, {
    fields: [userAgentAddOns.userId],
    references: [users.id],
  }),
  addOn: one(agentAddOns, {
    fields: [userAgentAddOns.addOnId],
    references: [agentAddOns.id],
  }),
}));

export const subscriptionUsageRecordsRelations = relations(subscriptionUsageRecords, ({ one }) => ({
  user: one(users, {
    fields: [subscriptionUsageRecords.userId],
    references: [users.id],
  }),
  tier: one(subscriptionTiers, {
    fields: [subscriptionUsageRecords.tierId],
    references: [subscriptionTiers.id],
  }),
}));

export const apiTokenUsageRelations = relations(apiTokenUsage, ({ one }) => ({
  user: one(users, {
    fields: [apiTokenUsage.userId],
    references: [users.id],
  }),
  execution: one(taskExecutions, {
    fields: [apiTokenUsage.executionId],
    references: [taskExecutions.id],
  }),
}));

export const geminiTokenUsageRelations = relations(geminiTokenUsage, ({ one }) => ({
  user: one(users, {
    fields: [geminiTokenUsage.userId],
    references: [users.id],
  }),
  execution: one(taskExecutions, {
    fields: [geminiTokenUsage.executionId],
    references: [taskExecutions.id],
  }),
}));

export const browserbaseCostsRelations = relations(browserbaseCosts, ({ one }) => ({
  user: one(users, {
    fields: [browserbaseCosts.userId],
    references: [users.id],
  }),
  execution: one(taskExecutions, {
    fields: [browserbaseCosts.executionId],
    references: [taskExecutions.id],
  }),
}));

export const storageCostsRelations = relations(storageCosts, ({ one }) => ({
  user: one(users, {
    fields: [storageCosts.userId],
    references: [users.id],
  }),
  execution: one(taskExecutions, {
    fields: [storageCosts.executionId],
    references: [taskExecutions.id],
  }),
}));

export const dailyCostSummariesRelations = relations(dailyCostSummaries, ({ one }) => ({
  user: one(users, {
    fields: [dailyCostSummaries.userId],
    references: [users.id],
  }),
}));

export const costBudgetsRelations = relations(costBudgets, ({ one }) => ({
  user: one(users, { fields: [costBudgets.userId], references: [users.id] }),
}));

export const userWebhooksRelations = relations(userWebhooks, ({ one, many }) => ({
  user: one(users, {
    fields: [userWebhooks.userId],
    references: [users.id],
  }),
  inboundMessages: many(inboundMessages),
  botConversations: many(botConversations),
  agencyTasks: many(agencyTasks),
  outboundMessages: many(outboundMessages),
}));

export const inboundMessagesRelations = relations(inboundMessages, ({ one, many }) => ({
  webhook: one(userWebhooks, {
    fields: [inboundMessages.webhookId],
    references: [userWebhooks.id],
  }),
  user: one(users, {
    fields: [inboundMessages.userId],
    references: [users.id],
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
  }),
  replies: many(inboundMessages, { relationName: 'inbound_messages_parentMessageId' }),
  agencyTasks: many(agencyTasks),
  outboundMessages: many(outboundMessages),
}));

export const botConversationsRelations = relations(botConversations, ({ one, many }) => ({
  user: one(users, {
    fields: [botConversations.userId],
    references: [users.id],
  }),
  webhook: one(userWebhooks, {
    fields: [botConversations.webhookId],
    references: [userWebhooks.id],
  }),
  agencyTasks: many(agencyTasks),
  outboundMessages: many(outboundMessages),
  inboundMessages: many(inboundMessages),
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
  }),
  sourceMessage: one(inboundMessages, {
    fields: [agencyTasks.sourceMessageId],
    references: [inboundMessages.id],
  }),
  conversation: one(botConversations, {
    fields: [agencyTasks.conversationId],
    references: [botConversations.id],
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
  taskExecutions: many(taskExecutions),
  outboundMessages: many(outboundMessages),
}));

export const taskExecutionsRelations = relations(taskExecutions, ({ one, many }) => ({
  task: one(agencyTasks, {
    fields: [taskExecutions.taskId],
    references: [agencyTasks.id],
  }),
  triggeredByUser: one(users, {
    fields: [taskExecutions.triggeredByUserId],
    references: [users.id],
  }),
  apiTokenUsage: many(apiTokenUsage),
  geminiTokenUsage: many(geminiTokenUsage),
  browserbaseCosts: many(browserbaseCosts),
  storageCosts: many(storageCosts),
}));

export const outboundMessagesRelations = relations(outboundMessages, ({ one }) => ({
  webhook: one(userWebhooks, {
    fields: [outboundMessages.webhookId],
    references: [userWebhooks.id],
  }),
  user: one(users, {
    fields: [outboundMessages.userId],
    references: [users.id],
  }),
  inboundMessage: one(inboundMessages, {
    fields: [outboundMessages.inboundMessageId],
    references: [inboundMessages.id],
  }),
  task: one(agencyTasks, {
    fields: [outboundMessages.taskId],
    references: [agencyTasks.id],
  }),
  conversation: one(botConversations, {
    fields: [outboundMessages.conversationId],
    references: [botConversations.id],
  }),
}));

export const webhookLogsRelations = relations(webhookLogs, ({ one }) => ({
  user: one(users, {
    fields: [webhookLogs.userId],
    references: [users.id],
  }),
}));

export const seoReportsRelations = relations(seoReports, ({ one }) => ({
  user: one(users, {
    fields: [seoReports.userId],
    references: [users.id],
  }),
}));

export const keywordResearchRelations = relations(keywordResearch, ({ one }) => ({
  user: one(users, {
    fields: [keywordResearch.userId],
    references: [users.id],
  }),
}));

export const keywordRankingsRelations = relations(keywordRankings, ({ one }) => ({
  user: one(users, {
    fields: [keywordRankings.userId],
    references: [users.id],
  }),
}));

export const backlinksRelations = relations(backlinks, ({ one }) => ({
  user: one(users, { fields: [backlinks.userId], references: [users.id] }),
}));

export const heatmapSessionsRelations = relations(heatmapSessions, ({ one, many }) => ({
  user: one(users, {
    fields: [heatmapSessions.userId],
    references: [users.id],
  }),
  heatmapEvents: many(heatmapEvents),
}));

export const heatmapEventsRelations = relations(heatmapEvents, ({ one }) => ({
  session: one(heatmapSessions, {
    fields: [heatmapEvents.sessionId],
    references: [heatmapSessions.id],
  }),
}));

export const adAnalysesRelations = relations(adAnalyses, ({ one, many }) => ({
  user: one(users, {
    fields: [adAnalyses.userId],
    references: [users.id],
  }),
  adRecommendations: many(adRecommendations),
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
  }),
  metaCampaigns: many(metaCampaigns),
}));

export const metaCampaignsRelations = relations(metaCampaigns, ({ one, many }) => ({
  user: one(users, {
    fields: [metaCampaigns.userId],
    references: [users.id],
  }),
  account: one(metaAdAccounts, {
    fields: [metaCampaigns.accountId],
    references: [metaAdAccounts.id],
  }),
  metaAdSets: many(metaAdSets),
}));

export const metaAdSetsRelations = relations(metaAdSets, ({ one, many }) => ({
  user: one(users, {
    fields: [metaAdSets.userId],
    references: [users.id],
  }),
  campaign: one(metaCampaigns, {
    fields: [metaAdSets.campaignId],
    references: [metaCampaigns.id],
  }),
  metaAds: many(metaAds),
}));

export const metaAdsRelations = relations(metaAds, ({ one }) => ({
  user: one(users, { fields: [metaAds.userId], references: [users.id] }),
  adSet: one(metaAdSets, {
    fields: [metaAds.adSetId],
    references: [metaAdSets.id],
  }),
}));

export const userCreditsRelations = relations(userCredits, ({ one }) => ({
  user: one(users, {
    fields: [userCredits.userId],
    references: [users.id],
  }),
}));

export const leadListsRelations = relations(leadLists, ({ one, many }) => ({
  user: one(users, { fields: [leadLists.userId], references: [users.id] }),
  leads: many(leads),
  aiCallCampaigns: many(aiCallCampaigns),
}));

export const leadsRelations = relations(leads, ({ one, many }) => ({
  list: one(leadLists, { fields: [leads.listId], references: [leadLists.id] }),
  user: one(users, { fields: [leads.userId], references: [users.id] }),
  aiCalls: many(aiCalls),
}));

export const aiCallCampaignsRelations = relations(aiCallCampaigns, ({ one, many }) => ({
  user: one(users, {
    fields: [aiCallCampaigns.userId],
    references: [users.id],
  }),
  list: one(leadLists, {
    fields: [aiCallCampaigns.listId],
    references: [leadLists.id],
  }),
  aiCalls: many(aiCalls),
}));

export const aiCallsRelations = relations(aiCalls, ({ one }) => ({
  campaign: one(aiCallCampaigns, {
    fields: [aiCalls.campaignId],
    references: [aiCallCampaigns.id],
  }),
  user: one(users, { fields: [aiCalls.userId], references: [users.id] }),
  lead: one(leads, { fields: [aiCalls.leadId], references: [leads.id] }),
}));

export const emailConnectionsRelations = relations(emailConnections, ({ one, many }) => ({
  user: one(users, {
    fields: [emailConnections.userId],
    references: [users.id],
  }),
  syncedEmails: many(syncedEmails),
  emailDrafts: many(emailDrafts),
}));

export const syncedEmailsRelations = relations(syncedEmails, ({ one, many }) => ({
  user: one(users, {
    fields: [syncedEmails.userId],
    references: [users.id],
  }),
  connection: one(emailConnections, {
    fields: [syncedEmails.connectionId],
    references: [emailConnections.id],
  }),
  emailDrafts: many(emailDrafts),
}));

export const emailDraftsRelations = relations(emailDrafts, ({ one }) => ({
  user: one(users, {
    fields: [emailDrafts.userId],
    references: [users.id],
  }),
  email: one(syncedEmails, {
    fields: [emailDrafts.emailId],
    references: [syncedEmails.id],
  }),
  connection: one(emailConnections, {
    fields: [emailDrafts.connectionId],
    references: [emailConnections.id],
  }),
}));

export const auditLogsRelations = relations(auditLogs, ({ one }) => ({
  user: one(users, { fields: [auditLogs.userId], references: [users.id] }),
}));

export const systemConfigRelations = relations(systemConfig, ({ one }) => ({
  updatedByUser: one(users, {
    fields: [systemConfig.updatedBy],
    references: [users.id],
  }),
}));

export const credentialsRelations = relations(credentials, ({ one }) => ({
  user: one(users, {
    fields: [credentials.userId],
    references: [users.id],
  }),
}));

export const executionControlsRelations = relations(executionControls, ({ one }) => ({
  user: one(users, {
    fields: [executionControls.userId],
    references: [users.id],
  }),
}));

export const actionApprovalsRelations = relations(actionApprovals, ({ one }) => ({
  user: one(users, {
    fields: [actionApprovals.userId],
    references: [users.id],
  }),
}));

export const browserContextsRelations = relations(browserContexts, ({ one }) => ({
  user: one(users, {
    fields: [browserContexts.userId],
    references: [users.id],
  }),
}));

export const securityAuditLogRelations = relations(securityAuditLog, ({ one }) => ({
  user: one(users, {
    fields: [securityAuditLog.userId],
    references: [users.id],
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
  alertHistory: many(alertHistory),
}));

export const alertHistoryRelations = relations(alertHistory, ({ one, many }) => ({
  rule: one(alertRules, {
    fields: [alertHistory.ruleId],
    references: [alertRules.id],
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
  inAppNotifications: many(inAppNotifications),
  alertDeliveryQueue: many(alertDeliveryQueue),
}));

export const inAppNotificationsRelations = relations(inAppNotifications, ({ one }) => ({
  user: one(users, {
    fields: [inAppNotifications.userId],
    references: [users.id],
  }),
  alertHistory: one(alertHistory, {
    fields: [inAppNotifications.alertHistoryId],
    references: [alertHistory.id],
  }),
}));

export const alertDeliveryQueueRelations = relations(alertDeliveryQueue, ({ one }) => ({
  alertHistory: one(alertHistory, {
    fields: [alertDeliveryQueue.alertHistoryId],
    references: [alertHistory.id],
  }),
}));

export const documentationSourcesRelations = relations(documentationSources, ({ one, many }) => ({
  user: one(users, {
    fields: [documentationSources.userId],
    references: [users.id],
  }),
  documentationChunks: many(documentationChunks),
}));

export const documentationChunksRelations = relations(documentationChunks, ({ one }) => ({
  source: one(documentationSources, {
    fields: [documentationChunks.sourceId],
    references: [documentationSources.id],
  }),
}));

export const sopCategoriesRelations = relations(sopCategories, ({ one, many }) => ({
  user: one(users, {
    fields: [sopCategories.userId],
    references: [users.id],
  }),
  sopDocuments: many(sopDocuments),
}));

export const sopDocumentsRelations = relations(sopDocuments, ({ one, many }) => ({
  user: one(users, {
    fields: [sopDocuments.userId],
    references: [users.id],
  }),
  category: one(sopCategories, {
    fields: [sopDocuments.categoryId],
    references: [sopCategories.id],
  }),
  sopSteps: many(sopSteps),
  sopExecutions: many(sopExecutions),
}));

export const sopStepsRelations = relations(sopSteps, ({ one }) => ({
  sop: one(sopDocuments, {
    fields: [sopSteps.sopId],
    references: [sopDocuments.id],
  }),
}));

export const sopExecutionsRelations = relations(sopExecutions, ({ one }) => ({
  sop: one(sopDocuments, {
    fields: [sopExecutions.sopId],
    references: [sopDocuments.id],
  }),
  user: one(users, {
    fields: [sopExecutions.userId],
    references: [users.id],
  }),
}));
