import { boolean, foreignKey, index, integer, text, unique } from 'drizzle-orm/pg-core';
import {
  checkIn,
  createdAt,
  jsonArray,
  jsonObject,
  textId,
  timestamptz,
  updatedAt,
  userIdDefault,
} from '../../columns';
import { ownpilotSchema } from '../schema';

export const taskStatusValues = ['pending', 'in_progress', 'completed', 'cancelled'] as const;
export const taskPriorityValues = ['low', 'normal', 'high', 'urgent'] as const;
export const projectStatusValues = ['active', 'completed', 'archived'] as const;
export const captureTypeValues = [
  'idea',
  'thought',
  'todo',
  'link',
  'quote',
  'snippet',
  'question',
  'other',
] as const;
export const captureProcessedAsTypeValues = ['note', 'task', 'bookmark', 'discarded'] as const;

/** §2.1 Tasks with subtask hierarchy (parent_id) and a logical project reference (project_id, no FK). */
export const tasks = ownpilotSchema.table(
  'tasks',
  {
    id: textId(),
    userId: userIdDefault(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status', { enum: taskStatusValues }).notNull().default('pending'),
    priority: text('priority', { enum: taskPriorityValues }).notNull().default('normal'),
    dueDate: text('due_date'),
    dueTime: text('due_time'),
    reminderAt: timestamptz('reminder_at'),
    category: text('category'),
    tags: jsonArray<string>('tags'),
    parentId: text('parent_id'),
    projectId: text('project_id'),
    recurrence: text('recurrence'),
    completedAt: timestamptz('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_tasks_user').on(t.userId),
    index('idx_tasks_status').on(t.status),
    index('idx_tasks_due').on(t.dueDate),
    index('idx_tasks_project').on(t.projectId),
    checkIn('tasks', 'status', taskStatusValues),
    checkIn('tasks', 'priority', taskPriorityValues),
    // Owner isolation (see docs/ownpilot.md): the target of the composite FK
    // (parent_id, user_id) → (id, user_id) that migration 0004 puts in place of this one, with
    // ON DELETE SET NULL (parent_id). drizzle-orm cannot declare a SET NULL column list.
    unique('tasks_id_user_id_key').on(t.id, t.userId),
    foreignKey({ name: 'tasks_parent_id_fkey', columns: [t.parentId], foreignColumns: [t.id] }).onDelete(
      'set null',
    ),
  ],
);

/** §2.2 Web bookmarks. */
export const bookmarks = ownpilotSchema.table(
  'bookmarks',
  {
    id: textId(),
    userId: userIdDefault(),
    url: text('url').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    favicon: text('favicon'),
    category: text('category'),
    tags: jsonArray<string>('tags'),
    isFavorite: boolean('is_favorite').notNull().default(false),
    visitCount: integer('visit_count').notNull().default(0),
    lastVisitedAt: timestamptz('last_visited_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_bookmarks_user').on(t.userId), index('idx_bookmarks_category').on(t.category)],
);

/** §2.3 Markdown notes. */
export const notes = ownpilotSchema.table(
  'notes',
  {
    id: textId(),
    userId: userIdDefault(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    contentType: text('content_type').notNull().default('markdown'),
    category: text('category'),
    tags: jsonArray<string>('tags'),
    isPinned: boolean('is_pinned').notNull().default(false),
    isArchived: boolean('is_archived').notNull().default(false),
    color: text('color'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_notes_user').on(t.userId), index('idx_notes_category').on(t.category)],
);

/** §2.4 Calendar events. */
export const calendarEvents = ownpilotSchema.table(
  'calendar_events',
  {
    id: textId(),
    userId: userIdDefault(),
    title: text('title').notNull(),
    description: text('description'),
    location: text('location'),
    startTime: timestamptz('start_time').notNull(),
    endTime: timestamptz('end_time'),
    allDay: boolean('all_day').notNull().default(false),
    timezone: text('timezone').default('UTC'),
    recurrence: text('recurrence'),
    reminderMinutes: integer('reminder_minutes'),
    category: text('category'),
    tags: jsonArray<string>('tags'),
    color: text('color'),
    externalId: text('external_id'),
    externalSource: text('external_source'),
    attendees: jsonArray<Record<string, unknown>>('attendees'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_calendar_user').on(t.userId), index('idx_calendar_start').on(t.startTime)],
);

/** §2.5 Contacts. */
export const contacts = ownpilotSchema.table(
  'contacts',
  {
    id: textId(),
    userId: userIdDefault(),
    name: text('name').notNull(),
    nickname: text('nickname'),
    email: text('email'),
    phone: text('phone'),
    company: text('company'),
    jobTitle: text('job_title'),
    avatar: text('avatar'),
    birthday: text('birthday'),
    address: text('address'),
    notes: text('notes'),
    relationship: text('relationship'),
    tags: jsonArray<string>('tags'),
    isFavorite: boolean('is_favorite').notNull().default(false),
    externalId: text('external_id'),
    externalSource: text('external_source'),
    socialLinks: jsonObject<Record<string, string>>('social_links'),
    customFields: jsonObject('custom_fields'),
    lastContactedAt: timestamptz('last_contacted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_contacts_user').on(t.userId), index('idx_contacts_name').on(t.name)],
);

/** §2.6 Lightweight project containers (tasks.project_id refers to them logically). */
export const projects = ownpilotSchema.table(
  'projects',
  {
    id: textId(),
    userId: userIdDefault(),
    name: text('name').notNull(),
    description: text('description'),
    color: text('color'),
    icon: text('icon'),
    status: text('status', { enum: projectStatusValues }).notNull().default('active'),
    dueDate: text('due_date'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_projects_user').on(t.userId), checkIn('projects', 'status', projectStatusValues)],
);

/** §2.7 Standalone reminders, optionally pointing at another entity (related_type/related_id, no FK). */
export const reminders = ownpilotSchema.table(
  'reminders',
  {
    id: textId(),
    userId: userIdDefault(),
    title: text('title').notNull(),
    description: text('description'),
    remindAt: timestamptz('remind_at').notNull(),
    recurrence: text('recurrence'),
    isCompleted: boolean('is_completed').notNull().default(false),
    relatedType: text('related_type'),
    relatedId: text('related_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('idx_reminders_user').on(t.userId), index('idx_reminders_time').on(t.remindAt)],
);

/** §2.8 Quick-capture inbox. */
export const captures = ownpilotSchema.table(
  'captures',
  {
    id: textId(),
    userId: userIdDefault(),
    content: text('content').notNull(),
    type: text('type', { enum: captureTypeValues }).notNull().default('thought'),
    tags: jsonArray<string>('tags'),
    source: text('source'),
    url: text('url'),
    processed: boolean('processed').notNull().default(false),
    processedAsType: text('processed_as_type', { enum: captureProcessedAsTypeValues }),
    processedAsId: text('processed_as_id'),
    createdAt: createdAt(),
    processedAt: timestamptz('processed_at'),
  },
  (t) => [
    index('idx_captures_user').on(t.userId),
    index('idx_captures_processed').on(t.processed),
    index('idx_captures_type').on(t.type),
    index('idx_captures_created').on(t.createdAt.desc().nullsFirst()),
    checkIn('captures', 'type', captureTypeValues),
    checkIn('captures', 'processed_as_type', captureProcessedAsTypeValues, true),
  ],
);
