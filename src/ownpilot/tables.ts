// The 47 documented tables as one object (imported by validators, tests and `schema`).
import { agents } from './agents';
import {
  goalSteps,
  goals,
  memories,
  planHistory,
  planSteps,
  plans,
  triggerHistory,
  triggers,
} from './autonomy';
import { channelMessages, channels } from './channels';
import { conversations, messages } from './chat';
import { configEntries, configServices } from './config';
import { costs } from './costs';
import { customData, customDataRecords, customTableSchemas, customTools } from './custom';
import { mediaProviderSettings, oauthIntegrations } from './integrations';
import { localModels, localProviders } from './localAi';
import { requestLogs } from './logs';
import { customProviders, userModelConfigs, userProviderConfigs } from './models';
import { bookmarks, calendarEvents, captures, contacts, notes, projects, reminders, tasks } from './personal';
import { plugins } from './plugins';
import { habitLogs, habits, pomodoroDailyStats, pomodoroSessions, pomodoroSettings } from './productivity';
import { settings } from './settings';
import { codeExecutions, userContainers, userWorkspaces, workspaceAudit } from './workspaces';

/** The 47 documented tables, by TS name. */
export const ownpilotTables = {
  conversations,
  messages,
  tasks,
  bookmarks,
  notes,
  calendarEvents,
  contacts,
  projects,
  reminders,
  captures,
  pomodoroSessions,
  pomodoroSettings,
  pomodoroDailyStats,
  habits,
  habitLogs,
  memories,
  goals,
  goalSteps,
  triggers,
  triggerHistory,
  plans,
  planSteps,
  planHistory,
  customTools,
  customData,
  customTableSchemas,
  customDataRecords,
  costs,
  requestLogs,
  channels,
  channelMessages,
  settings,
  agents,
  oauthIntegrations,
  mediaProviderSettings,
  userModelConfigs,
  customProviders,
  userProviderConfigs,
  userWorkspaces,
  userContainers,
  codeExecutions,
  workspaceAudit,
  configServices,
  configEntries,
  plugins,
  localProviders,
  localModels,
};
