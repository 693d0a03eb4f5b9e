import { boolean, foreignKey, index, integer, text, unique } from 'drizzle-orm/pg-core';
import { checkIn, createdAt, jsonArray, textId, timestamptz, updatedAt, userIdDefault } from '../../columns';
import { ownpilotSchema } from '../schema';

export const pomodoroTypeValues = ['work', 'short_break', 'long_break'] as const;
export const pomodoroStatusValues = ['running', 'completed', 'interrupted'] as const;
export const habitFrequencyValues = ['daily', 'weekly', 'weekdays', 'custom'] as const;

/** §3.1 Pomodoro timer sessions. */
export const pomodoroSessions = ownpilotSchema.table(
  'pomodoro_sessions',
  {
    id: textId(),
    userId: userIdDefault(),
    type: text('type', { enum: pomodoroTypeValues }).notNull(),
    status: text('status', { enum: pomodoroStatusValues }).notNull().default('running'),
    taskDescription: text('task_description'),
    durationMinutes: integer('duration_minutes').notNull(),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    completedAt: timestamptz('completed_at'),
    interruptedAt: timestamptz('interrupted_at'),
    interruptionReason: text('interruption_reason'),
  },
  (t) => [
    index('idx_pomodoro_sessions_user').on(t.userId),
    index('idx_pomodoro_sessions_status').on(t.status),
    index('idx_pomodoro_sessions_started').on(t.startedAt.desc().nullsFirst()),
    checkIn('pomodoro_sessions', 'type', pomodoroTypeValues),
    checkIn('pomodoro_sessions', 'status', pomodoroStatusValues),
  ],
);

/** §3.2 Per-user Pomodoro settings (the document gives no nullability: every column has a default, so NOT NULL). */
export const pomodoroSettings = ownpilotSchema.table('pomodoro_settings', {
  userId: text('user_id').primaryKey().default('default'),
  workDuration: integer('work_duration').notNull().default(25),
  shortBreakDuration: integer('short_break_duration').notNull().default(5),
  longBreakDuration: integer('long_break_duration').notNull().default(15),
  sessionsBeforeLongBreak: integer('sessions_before_long_break').notNull().default(4),
  autoStartBreaks: boolean('auto_start_breaks').notNull().default(false),
  autoStartWork: boolean('auto_start_work').notNull().default(false),
  updatedAt: updatedAt(),
});

/** §3.3 Daily Pomodoro aggregates, one row per (user_id, date). */
export const pomodoroDailyStats = ownpilotSchema.table(
  'pomodoro_daily_stats',
  {
    id: textId(),
    userId: userIdDefault(),
    date: text('date').notNull(),
    completedSessions: integer('completed_sessions').notNull().default(0),
    totalWorkMinutes: integer('total_work_minutes').notNull().default(0),
    totalBreakMinutes: integer('total_break_minutes').notNull().default(0),
    interruptions: integer('interruptions').notNull().default(0),
  },
  (t) => [
    unique('pomodoro_daily_stats_user_id_date_key').on(t.userId, t.date),
    index('idx_pomodoro_daily_user_date').on(t.userId, t.date),
  ],
);

/** §3.4 Habits. */
export const habits = ownpilotSchema.table(
  'habits',
  {
    id: textId(),
    userId: userIdDefault(),
    name: text('name').notNull(),
    description: text('description'),
    frequency: text('frequency', { enum: habitFrequencyValues }).notNull().default('daily'),
    targetDays: jsonArray<number>('target_days'),
    targetCount: integer('target_count').notNull().default(1),
    unit: text('unit'),
    category: text('category'),
    color: text('color'),
    icon: text('icon'),
    reminderTime: text('reminder_time'),
    isArchived: boolean('is_archived').notNull().default(false),
    streakCurrent: integer('streak_current').notNull().default(0),
    streakLongest: integer('streak_longest').notNull().default(0),
    totalCompletions: integer('total_completions').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_habits_user').on(t.userId),
    index('idx_habits_archived').on(t.isArchived),
    index('idx_habits_category').on(t.category),
    checkIn('habits', 'frequency', habitFrequencyValues),
    // Owner isolation: target of the composite FK habit_logs.(habit_id, user_id).
    unique('habits_id_user_id_key').on(t.id, t.userId),
  ],
);

/** §3.5 Daily completion records, one row per (habit_id, date). */
export const habitLogs = ownpilotSchema.table(
  'habit_logs',
  {
    id: textId(),
    habitId: text('habit_id').notNull(),
    userId: userIdDefault(),
    date: text('date').notNull(),
    count: integer('count').notNull().default(1),
    notes: text('notes'),
    loggedAt: timestamptz('logged_at').notNull().defaultNow(),
  },
  (t) => [
    unique('habit_logs_habit_id_date_key').on(t.habitId, t.date),
    index('idx_habit_logs_habit').on(t.habitId),
    index('idx_habit_logs_date').on(t.date),
    index('idx_habit_logs_user_date').on(t.userId, t.date),
    // Owner isolation: through user_id, so a log can only belong to a habit of the same user.
    foreignKey({
      name: 'habit_logs_habit_id_fkey',
      columns: [t.habitId, t.userId],
      foreignColumns: [habits.id, habits.userId],
    }).onDelete('cascade'),
  ],
);
