import { relations } from 'drizzle-orm';
import { agents } from './tables/agents';
import { goalSteps, goals, planHistory, planSteps, plans, triggerHistory, triggers } from './tables/autonomy';
import { channelMessages, channels } from './tables/channels';
import { conversations, messages } from './tables/chat';
import { configEntries, configServices } from './tables/config';
import { costs } from './tables/costs';
import { customDataRecords, customTableSchemas } from './tables/custom';
import { localModels, localProviders } from './tables/local-ai';
import { requestLogs } from './tables/logs';
import { projects, tasks } from './tables/personal';
import { habitLogs, habits } from './tables/productivity';
import { codeExecutions, userContainers, userWorkspaces, workspaceAudit } from './tables/workspaces';

export const agentsRelations = relations(agents, ({ many }) => ({ conversations: many(conversations) }));

export const conversationsRelations = relations(conversations, ({ one, many }) => ({
  agent: one(agents, { fields: [conversations.agentId], references: [agents.id] }),
  messages: many(messages),
  costs: many(costs),
  requestLogs: many(requestLogs),
}));

export const messagesRelations = relations(messages, ({ one }) => ({
  conversation: one(conversations, { fields: [messages.conversationId], references: [conversations.id] }),
}));

export const tasksRelations = relations(tasks, ({ one, many }) => ({
  parent: one(tasks, { fields: [tasks.parentId], references: [tasks.id], relationName: 'task_subtasks' }),
  subtasks: many(tasks, { relationName: 'task_subtasks' }),
  // Logical reference (no FK in the document).
  project: one(projects, { fields: [tasks.projectId], references: [projects.id] }),
}));

export const projectsRelations = relations(projects, ({ many }) => ({ tasks: many(tasks) }));

export const habitsRelations = relations(habits, ({ many }) => ({ logs: many(habitLogs) }));

export const habitLogsRelations = relations(habitLogs, ({ one }) => ({
  habit: one(habits, { fields: [habitLogs.habitId], references: [habits.id] }),
}));

export const goalsRelations = relations(goals, ({ one, many }) => ({
  parent: one(goals, { fields: [goals.parentId], references: [goals.id], relationName: 'goal_subgoals' }),
  subGoals: many(goals, { relationName: 'goal_subgoals' }),
  steps: many(goalSteps),
  plans: many(plans),
}));

export const goalStepsRelations = relations(goalSteps, ({ one }) => ({
  goal: one(goals, { fields: [goalSteps.goalId], references: [goals.id] }),
}));

export const triggersRelations = relations(triggers, ({ many }) => ({
  history: many(triggerHistory),
  plans: many(plans),
}));

export const triggerHistoryRelations = relations(triggerHistory, ({ one }) => ({
  trigger: one(triggers, { fields: [triggerHistory.triggerId], references: [triggers.id] }),
}));

export const plansRelations = relations(plans, ({ one, many }) => ({
  trigger: one(triggers, { fields: [plans.triggerId], references: [triggers.id] }),
  goalRef: one(goals, { fields: [plans.goalId], references: [goals.id] }),
  steps: many(planSteps),
  history: many(planHistory),
}));

export const planStepsRelations = relations(planSteps, ({ one, many }) => ({
  plan: one(plans, { fields: [planSteps.planId], references: [plans.id] }),
  history: many(planHistory),
}));

export const planHistoryRelations = relations(planHistory, ({ one }) => ({
  plan: one(plans, { fields: [planHistory.planId], references: [plans.id] }),
  step: one(planSteps, { fields: [planHistory.stepId], references: [planSteps.id] }),
}));

export const customTableSchemasRelations = relations(customTableSchemas, ({ many }) => ({
  records: many(customDataRecords),
}));

export const customDataRecordsRelations = relations(customDataRecords, ({ one }) => ({
  table: one(customTableSchemas, {
    fields: [customDataRecords.tableId],
    references: [customTableSchemas.id],
  }),
}));

export const costsRelations = relations(costs, ({ one }) => ({
  conversation: one(conversations, { fields: [costs.conversationId], references: [conversations.id] }),
}));

export const requestLogsRelations = relations(requestLogs, ({ one }) => ({
  conversation: one(conversations, { fields: [requestLogs.conversationId], references: [conversations.id] }),
}));

export const channelsRelations = relations(channels, ({ many }) => ({ messages: many(channelMessages) }));

export const channelMessagesRelations = relations(channelMessages, ({ one }) => ({
  channel: one(channels, { fields: [channelMessages.channelId], references: [channels.id] }),
}));

export const userWorkspacesRelations = relations(userWorkspaces, ({ many }) => ({
  containers: many(userContainers),
  executions: many(codeExecutions),
  audit: many(workspaceAudit),
}));

export const userContainersRelations = relations(userContainers, ({ one }) => ({
  workspace: one(userWorkspaces, { fields: [userContainers.workspaceId], references: [userWorkspaces.id] }),
}));

export const codeExecutionsRelations = relations(codeExecutions, ({ one }) => ({
  workspace: one(userWorkspaces, { fields: [codeExecutions.workspaceId], references: [userWorkspaces.id] }),
}));

export const workspaceAuditRelations = relations(workspaceAudit, ({ one }) => ({
  workspace: one(userWorkspaces, { fields: [workspaceAudit.workspaceId], references: [userWorkspaces.id] }),
}));

export const configServicesRelations = relations(configServices, ({ many }) => ({
  entries: many(configEntries),
}));

export const configEntriesRelations = relations(configEntries, ({ one }) => ({
  service: one(configServices, { fields: [configEntries.serviceName], references: [configServices.name] }),
}));

export const localProvidersRelations = relations(localProviders, ({ many }) => ({
  models: many(localModels),
}));

export const localModelsRelations = relations(localModels, ({ one }) => ({
  provider: one(localProviders, { fields: [localModels.localProviderId], references: [localProviders.id] }),
}));
