// drizzle-zod schemas and row types for every table, with the documented value lists (zod enums
// from the text enums), ranges and formats. Insert/update schemas are what repository functions
// parse. They come from the input kit (src/input.ts): drizzle-zod plus the bounds each column type
// implies (timestamps in years 0100–9999, JSON values checked, indexed text byte-limited, int
// ranges); this file adds what the kit does not know: `real` ranges (float4 underflow), the bytea
// embedding, calendar-valid TEXT dates and the documented value shapes. Tables with none of these
// get their validators from the table list (validatorsOf).
// Refinements spell out .optional()/.nullish() themselves: drizzle-zod applies them at run time,
// but its types only see what the refinement returns.

import type { Table } from 'drizzle-orm';
import { getTableColumns } from 'drizzle-orm';
import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { insertSchema, jsonObject, updateSchema } from '../input';
import { tablesOf } from '../tables-of';
import type { SelectSchemaOf } from '../validator-types';
import { validatorsOf } from '../validators-of';
import { byteaInput, fitsReal, realMessage } from './query';
import * as t from './tables';
import { configFieldTypeValues } from './tables/config';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
const birthday = /^(\d{4}-)?\d{2}-\d{2}$/;
const stringArray = z.array(z.string());

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
/** `YYYY-MM-DD` (or `MM-DD`) naming a real calendar day, year 0001–9999 (`2026-13-45`, `2026-02-30` are not). */
function isCalendarDay(s: string): boolean {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [m[1] === undefined ? undefined : +m[1], +m[2]!, +m[3]!];
  if (y !== undefined && y < 1) return false;
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= (mo === 2 && y !== undefined && !leap(y) ? 28 : DAYS[mo - 1]!);
}
// The format message stays the only one for text that is not a date at all.
const calendarDay = (format: RegExp) => (s: string) => !format.test(s) || isCalendarDay(s);
const calendarMessage = { error: 'must be a real calendar date' };
/** A TEXT date column: `YYYY-MM-DD`, a real calendar day. */
const isoDateText = (s: z.ZodString) =>
  s.regex(isoDate, 'must be a YYYY-MM-DD date').refine(calendarDay(isoDate), calendarMessage);
const realIn = (s: z.ZodNumber, min: number, max: number) =>
  s.min(min).max(max).refine(fitsReal, { error: realMessage });

type Refinements = Record<string, unknown>;
/** Every `real` column: a value float4 stores (the kit bounds integers, numeric, dates, JSON, keys). */
function realBounds(table: Table): Refinements {
  const out: Refinements = {};
  for (const [key, column] of Object.entries(getTableColumns(table)))
    if (column.columnType === 'PgReal')
      out[key] = (s: z.ZodNumber) => s.refine(fitsReal, { error: realMessage });
  return out;
}
// The kit's schemas plus realBounds (a refinement given per table replaces the generic one).
const createInsertSchema = ((table: Table, refine?: Refinements) =>
  insertSchema(table, { ...realBounds(table), ...refine } as never)) as typeof insertSchema;
const createUpdateSchema = ((table: Table, refine?: Refinements) =>
  updateSchema(table, { ...realBounds(table), ...refine } as never)) as typeof updateSchema;
const configFieldSchema = z.looseObject({
  name: z.string(),
  label: z.string(),
  type: z.enum(configFieldTypeValues),
  required: z.boolean().optional(),
  envVar: z.string().optional(),
  order: z.number().optional(),
});

/** Tables without refinements: their validators, named after the entity (`insertConversationSchema`). */
const plain = validatorsOf(tablesOf(t), {
  names: {
    pomodoroSettings: 'PomodoroSettings',
    triggerHistory: 'TriggerHistoryEntry',
    planHistory: 'PlanHistoryEntry',
    customData: 'CustomDataEntry',
    workspaceAudit: 'WorkspaceAuditEntry',
  },
  insert: createInsertSchema,
  update: createUpdateSchema,
});

// biome-ignore format: one table per line (insert, select, update)
export const {
  insertConversationSchema, selectConversationSchema, updateConversationSchema,
  insertMessageSchema, selectMessageSchema, updateMessageSchema,
  insertProjectSchema, selectProjectSchema, updateProjectSchema,
  insertReminderSchema, selectReminderSchema, updateReminderSchema,
  insertPomodoroSessionSchema, selectPomodoroSessionSchema, updatePomodoroSessionSchema,
  insertPomodoroSettingsSchema, selectPomodoroSettingsSchema, updatePomodoroSettingsSchema,
  insertTriggerHistoryEntrySchema, selectTriggerHistoryEntrySchema, updateTriggerHistoryEntrySchema,
  insertPlanHistoryEntrySchema, selectPlanHistoryEntrySchema, updatePlanHistoryEntrySchema,
  insertCustomDataEntrySchema, selectCustomDataEntrySchema, updateCustomDataEntrySchema,
  insertCustomTableSchemaSchema, selectCustomTableSchemaSchema, updateCustomTableSchemaSchema,
  insertCustomDataRecordSchema, selectCustomDataRecordSchema, updateCustomDataRecordSchema,
  insertCostSchema, selectCostSchema, updateCostSchema,
  insertRequestLogSchema, selectRequestLogSchema, updateRequestLogSchema,
  insertChannelSchema, selectChannelSchema, updateChannelSchema,
  insertChannelMessageSchema, selectChannelMessageSchema, updateChannelMessageSchema,
  insertSettingSchema, selectSettingSchema, updateSettingSchema,
  insertAgentSchema, selectAgentSchema, updateAgentSchema,
  insertMediaProviderSettingSchema, selectMediaProviderSettingSchema, updateMediaProviderSettingSchema,
  insertCustomProviderSchema, selectCustomProviderSchema, updateCustomProviderSchema,
  insertUserProviderConfigSchema, selectUserProviderConfigSchema, updateUserProviderConfigSchema,
  insertUserWorkspaceSchema, selectUserWorkspaceSchema, updateUserWorkspaceSchema,
  insertUserContainerSchema, selectUserContainerSchema, updateUserContainerSchema,
  insertCodeExecutionSchema, selectCodeExecutionSchema, updateCodeExecutionSchema,
  insertWorkspaceAuditEntrySchema, selectWorkspaceAuditEntrySchema, updateWorkspaceAuditEntrySchema,
  insertConfigEntrySchema, selectConfigEntrySchema, updateConfigEntrySchema,
  insertLocalProviderSchema, selectLocalProviderSchema, updateLocalProviderSchema,
} = plain;

export const insertTaskSchema = createInsertSchema(t.tasks, {
  tags: () => stringArray.nullish(),
  dueDate: (s: z.ZodString) => isoDateText(s).nullish(),
  dueTime: (s: z.ZodString) => s.regex(hhmm, 'must be an HH:MM time').nullish(),
});
export const selectTaskSchema: SelectSchemaOf<typeof t.tasks> = createSelectSchema(t.tasks);
export const updateTaskSchema = createUpdateSchema(t.tasks, {
  tags: () => stringArray.nullish(),
  dueDate: (s: z.ZodString) => isoDateText(s).nullish(),
  dueTime: (s: z.ZodString) => s.regex(hhmm, 'must be an HH:MM time').nullish(),
});

export const insertBookmarkSchema = createInsertSchema(t.bookmarks, { tags: () => stringArray.nullish() });
export const selectBookmarkSchema: SelectSchemaOf<typeof t.bookmarks> = createSelectSchema(t.bookmarks);
export const updateBookmarkSchema = createUpdateSchema(t.bookmarks, { tags: () => stringArray.nullish() });

export const insertNoteSchema = createInsertSchema(t.notes, { tags: () => stringArray.nullish() });
export const selectNoteSchema: SelectSchemaOf<typeof t.notes> = createSelectSchema(t.notes);
export const updateNoteSchema = createUpdateSchema(t.notes, { tags: () => stringArray.nullish() });

export const insertCalendarEventSchema = createInsertSchema(t.calendarEvents, {
  tags: () => stringArray.nullish(),
  attendees: () => z.array(jsonObject()).nullish(),
});
export const selectCalendarEventSchema: SelectSchemaOf<typeof t.calendarEvents> = createSelectSchema(
  t.calendarEvents,
);
export const updateCalendarEventSchema = createUpdateSchema(t.calendarEvents, {
  tags: () => stringArray.nullish(),
  attendees: () => z.array(jsonObject()).nullish(),
});

export const insertContactSchema = createInsertSchema(t.contacts, {
  tags: () => stringArray.nullish(),
  birthday: (s: z.ZodString) =>
    s.regex(birthday, 'must be YYYY-MM-DD or MM-DD').refine(calendarDay(birthday), calendarMessage).nullish(),
  socialLinks: () => z.record(z.string(), z.string()).nullish(),
});
export const selectContactSchema: SelectSchemaOf<typeof t.contacts> = createSelectSchema(t.contacts);
export const updateContactSchema = createUpdateSchema(t.contacts, {
  tags: () => stringArray.nullish(),
  birthday: (s: z.ZodString) =>
    s.regex(birthday, 'must be YYYY-MM-DD or MM-DD').refine(calendarDay(birthday), calendarMessage).nullish(),
  socialLinks: () => z.record(z.string(), z.string()).nullish(),
});

export const insertCaptureSchema = createInsertSchema(t.captures, { tags: () => stringArray.nullish() });
export const selectCaptureSchema: SelectSchemaOf<typeof t.captures> = createSelectSchema(t.captures);
export const updateCaptureSchema = createUpdateSchema(t.captures, { tags: () => stringArray.nullish() });

export const insertPomodoroDailyStatSchema = createInsertSchema(t.pomodoroDailyStats, {
  date: (s: z.ZodString) => isoDateText(s),
});
export const selectPomodoroDailyStatSchema: SelectSchemaOf<typeof t.pomodoroDailyStats> = createSelectSchema(
  t.pomodoroDailyStats,
);
export const updatePomodoroDailyStatSchema = createUpdateSchema(t.pomodoroDailyStats, {
  date: (s: z.ZodString) => isoDateText(s).optional(),
});

export const insertHabitSchema = createInsertSchema(t.habits, {
  targetDays: () => z.array(z.number().int().min(0).max(6)).nullish(),
  reminderTime: (s: z.ZodString) => s.regex(hhmm, 'must be an HH:MM time').nullish(),
});
export const selectHabitSchema: SelectSchemaOf<typeof t.habits> = createSelectSchema(t.habits);
export const updateHabitSchema = createUpdateSchema(t.habits, {
  targetDays: () => z.array(z.number().int().min(0).max(6)).nullish(),
  reminderTime: (s: z.ZodString) => s.regex(hhmm, 'must be an HH:MM time').nullish(),
});

export const insertHabitLogSchema = createInsertSchema(t.habitLogs, {
  date: (s: z.ZodString) => isoDateText(s),
});
export const selectHabitLogSchema: SelectSchemaOf<typeof t.habitLogs> = createSelectSchema(t.habitLogs);
export const updateHabitLogSchema = createUpdateSchema(t.habitLogs, {
  date: (s: z.ZodString) => isoDateText(s).optional(),
});

export const insertMemorySchema = createInsertSchema(t.memories, {
  tags: () => stringArray.nullish(),
  importance: (s: z.ZodNumber) => realIn(s, 0, 1).optional(),
  embedding: () => byteaInput().nullish(),
});
export const selectMemorySchema: SelectSchemaOf<typeof t.memories> = createSelectSchema(t.memories);
export const updateMemorySchema = createUpdateSchema(t.memories, {
  tags: () => stringArray.nullish(),
  importance: (s: z.ZodNumber) => realIn(s, 0, 1).optional(),
  embedding: () => byteaInput().nullish(),
});

export const insertGoalSchema = createInsertSchema(t.goals, {
  priority: (s: z.ZodNumber) => s.min(1).max(10).optional(),
  progress: (s: z.ZodNumber) => realIn(s, 0, 100).optional(),
});
export const selectGoalSchema: SelectSchemaOf<typeof t.goals> = createSelectSchema(t.goals);
export const updateGoalSchema = createUpdateSchema(t.goals, {
  priority: (s: z.ZodNumber) => s.min(1).max(10).optional(),
  progress: (s: z.ZodNumber) => realIn(s, 0, 100).optional(),
});

export const insertGoalStepSchema = createInsertSchema(t.goalSteps, {
  dependencies: () => stringArray.nullish(),
});
export const selectGoalStepSchema: SelectSchemaOf<typeof t.goalSteps> = createSelectSchema(t.goalSteps);
export const updateGoalStepSchema = createUpdateSchema(t.goalSteps, {
  dependencies: () => stringArray.nullish(),
});

export const insertTriggerSchema = createInsertSchema(t.triggers, {
  priority: (s: z.ZodNumber) => s.min(1).max(10).optional(),
});
export const selectTriggerSchema: SelectSchemaOf<typeof t.triggers> = createSelectSchema(t.triggers);
export const updateTriggerSchema = createUpdateSchema(t.triggers, {
  priority: (s: z.ZodNumber) => s.min(1).max(10).optional(),
});

export const insertPlanSchema = createInsertSchema(t.plans, {
  priority: (s: z.ZodNumber) => s.min(1).max(10).optional(),
  progress: (s: z.ZodNumber) => realIn(s, 0, 100).optional(),
  autonomyLevel: (s: z.ZodNumber) => s.min(0).max(4).optional(),
});
export const selectPlanSchema: SelectSchemaOf<typeof t.plans> = createSelectSchema(t.plans);
export const updatePlanSchema = createUpdateSchema(t.plans, {
  priority: (s: z.ZodNumber) => s.min(1).max(10).optional(),
  progress: (s: z.ZodNumber) => realIn(s, 0, 100).optional(),
  autonomyLevel: (s: z.ZodNumber) => s.min(0).max(4).optional(),
});

export const insertPlanStepSchema = createInsertSchema(t.planSteps, {
  dependencies: () => stringArray.nullish(),
});
export const selectPlanStepSchema: SelectSchemaOf<typeof t.planSteps> = createSelectSchema(t.planSteps);
export const updatePlanStepSchema = createUpdateSchema(t.planSteps, {
  dependencies: () => stringArray.nullish(),
});

export const insertCustomToolSchema = createInsertSchema(t.customTools, {
  permissions: () => stringArray.optional(),
});
export const selectCustomToolSchema: SelectSchemaOf<typeof t.customTools> = createSelectSchema(t.customTools);
export const updateCustomToolSchema = createUpdateSchema(t.customTools, {
  permissions: () => stringArray.optional(),
});

export const insertOauthIntegrationSchema = createInsertSchema(t.oauthIntegrations, {
  scopes: () => stringArray.optional(),
});
export const selectOauthIntegrationSchema: SelectSchemaOf<typeof t.oauthIntegrations> = createSelectSchema(
  t.oauthIntegrations,
);
export const updateOauthIntegrationSchema = createUpdateSchema(t.oauthIntegrations, {
  scopes: () => stringArray.optional(),
});

export const insertUserModelConfigSchema = createInsertSchema(t.userModelConfigs, {
  capabilities: () => stringArray.optional(),
});
export const selectUserModelConfigSchema: SelectSchemaOf<typeof t.userModelConfigs> = createSelectSchema(
  t.userModelConfigs,
);
export const updateUserModelConfigSchema = createUpdateSchema(t.userModelConfigs, {
  capabilities: () => stringArray.optional(),
});

export const insertConfigServiceSchema = createInsertSchema(t.configServices, {
  configSchema: () => z.array(configFieldSchema).optional(),
  requiredBy: () => stringArray.nullish(),
});
export const selectConfigServiceSchema: SelectSchemaOf<typeof t.configServices> = createSelectSchema(
  t.configServices,
);
export const updateConfigServiceSchema = createUpdateSchema(t.configServices, {
  configSchema: () => z.array(configFieldSchema).optional(),
  requiredBy: () => stringArray.nullish(),
});

export const insertPluginSchema = createInsertSchema(t.plugins, {
  grantedPermissions: () => stringArray.optional(),
});
export const selectPluginSchema: SelectSchemaOf<typeof t.plugins> = createSelectSchema(t.plugins);
export const updatePluginSchema = createUpdateSchema(t.plugins, {
  grantedPermissions: () => stringArray.optional(),
});

export const insertLocalModelSchema = createInsertSchema(t.localModels, {
  capabilities: () => stringArray.optional(),
});
export const selectLocalModelSchema: SelectSchemaOf<typeof t.localModels> = createSelectSchema(t.localModels);
export const updateLocalModelSchema = createUpdateSchema(t.localModels, {
  capabilities: () => stringArray.optional(),
});

// Row types: <Entity> is a selected row, New<Entity> an insertable one.
export type Conversation = typeof t.conversations.$inferSelect;
export type NewConversation = typeof t.conversations.$inferInsert;
export type Message = typeof t.messages.$inferSelect;
export type NewMessage = typeof t.messages.$inferInsert;
export type Task = typeof t.tasks.$inferSelect;
export type NewTask = typeof t.tasks.$inferInsert;
export type Bookmark = typeof t.bookmarks.$inferSelect;
export type NewBookmark = typeof t.bookmarks.$inferInsert;
export type Note = typeof t.notes.$inferSelect;
export type NewNote = typeof t.notes.$inferInsert;
export type CalendarEvent = typeof t.calendarEvents.$inferSelect;
export type NewCalendarEvent = typeof t.calendarEvents.$inferInsert;
export type Contact = typeof t.contacts.$inferSelect;
export type NewContact = typeof t.contacts.$inferInsert;
export type Project = typeof t.projects.$inferSelect;
export type NewProject = typeof t.projects.$inferInsert;
export type Reminder = typeof t.reminders.$inferSelect;
export type NewReminder = typeof t.reminders.$inferInsert;
export type Capture = typeof t.captures.$inferSelect;
export type NewCapture = typeof t.captures.$inferInsert;
export type PomodoroSession = typeof t.pomodoroSessions.$inferSelect;
export type NewPomodoroSession = typeof t.pomodoroSessions.$inferInsert;
export type PomodoroSettings = typeof t.pomodoroSettings.$inferSelect;
export type NewPomodoroSettings = typeof t.pomodoroSettings.$inferInsert;
export type PomodoroDailyStat = typeof t.pomodoroDailyStats.$inferSelect;
export type NewPomodoroDailyStat = typeof t.pomodoroDailyStats.$inferInsert;
export type Habit = typeof t.habits.$inferSelect;
export type NewHabit = typeof t.habits.$inferInsert;
export type HabitLog = typeof t.habitLogs.$inferSelect;
export type NewHabitLog = typeof t.habitLogs.$inferInsert;
export type Memory = typeof t.memories.$inferSelect;
export type NewMemory = typeof t.memories.$inferInsert;
export type Goal = typeof t.goals.$inferSelect;
export type NewGoal = typeof t.goals.$inferInsert;
export type GoalStep = typeof t.goalSteps.$inferSelect;
export type NewGoalStep = typeof t.goalSteps.$inferInsert;
export type Trigger = typeof t.triggers.$inferSelect;
export type NewTrigger = typeof t.triggers.$inferInsert;
export type TriggerHistoryEntry = typeof t.triggerHistory.$inferSelect;
export type NewTriggerHistoryEntry = typeof t.triggerHistory.$inferInsert;
export type Plan = typeof t.plans.$inferSelect;
export type NewPlan = typeof t.plans.$inferInsert;
export type PlanStep = typeof t.planSteps.$inferSelect;
export type NewPlanStep = typeof t.planSteps.$inferInsert;
export type PlanHistoryEntry = typeof t.planHistory.$inferSelect;
export type NewPlanHistoryEntry = typeof t.planHistory.$inferInsert;
export type CustomTool = typeof t.customTools.$inferSelect;
export type NewCustomTool = typeof t.customTools.$inferInsert;
export type CustomDataEntry = typeof t.customData.$inferSelect;
export type NewCustomDataEntry = typeof t.customData.$inferInsert;
export type CustomTableSchema = typeof t.customTableSchemas.$inferSelect;
export type NewCustomTableSchema = typeof t.customTableSchemas.$inferInsert;
export type CustomDataRecord = typeof t.customDataRecords.$inferSelect;
export type NewCustomDataRecord = typeof t.customDataRecords.$inferInsert;
export type Cost = typeof t.costs.$inferSelect;
export type NewCost = typeof t.costs.$inferInsert;
export type RequestLog = typeof t.requestLogs.$inferSelect;
export type NewRequestLog = typeof t.requestLogs.$inferInsert;
export type Channel = typeof t.channels.$inferSelect;
export type NewChannel = typeof t.channels.$inferInsert;
export type ChannelMessage = typeof t.channelMessages.$inferSelect;
export type NewChannelMessage = typeof t.channelMessages.$inferInsert;
export type Setting = typeof t.settings.$inferSelect;
export type NewSetting = typeof t.settings.$inferInsert;
export type Agent = typeof t.agents.$inferSelect;
export type NewAgent = typeof t.agents.$inferInsert;
export type OauthIntegration = typeof t.oauthIntegrations.$inferSelect;
export type NewOauthIntegration = typeof t.oauthIntegrations.$inferInsert;
export type MediaProviderSetting = typeof t.mediaProviderSettings.$inferSelect;
export type NewMediaProviderSetting = typeof t.mediaProviderSettings.$inferInsert;
export type UserModelConfig = typeof t.userModelConfigs.$inferSelect;
export type NewUserModelConfig = typeof t.userModelConfigs.$inferInsert;
export type CustomProvider = typeof t.customProviders.$inferSelect;
export type NewCustomProvider = typeof t.customProviders.$inferInsert;
export type UserProviderConfig = typeof t.userProviderConfigs.$inferSelect;
export type NewUserProviderConfig = typeof t.userProviderConfigs.$inferInsert;
export type UserWorkspace = typeof t.userWorkspaces.$inferSelect;
export type NewUserWorkspace = typeof t.userWorkspaces.$inferInsert;
export type UserContainer = typeof t.userContainers.$inferSelect;
export type NewUserContainer = typeof t.userContainers.$inferInsert;
export type CodeExecution = typeof t.codeExecutions.$inferSelect;
export type NewCodeExecution = typeof t.codeExecutions.$inferInsert;
export type WorkspaceAuditEntry = typeof t.workspaceAudit.$inferSelect;
export type NewWorkspaceAuditEntry = typeof t.workspaceAudit.$inferInsert;
export type ConfigService = typeof t.configServices.$inferSelect;
export type NewConfigService = typeof t.configServices.$inferInsert;
export type ConfigEntry = typeof t.configEntries.$inferSelect;
export type NewConfigEntry = typeof t.configEntries.$inferInsert;
export type Plugin = typeof t.plugins.$inferSelect;
export type NewPlugin = typeof t.plugins.$inferInsert;
export type LocalProvider = typeof t.localProviders.$inferSelect;
export type NewLocalProvider = typeof t.localProviders.$inferInsert;
export type LocalModel = typeof t.localModels.$inferSelect;
export type NewLocalModel = typeof t.localModels.$inferInsert;
