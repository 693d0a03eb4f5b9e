import { sql } from 'drizzle-orm';
import { bigint, check, date, foreignKey, integer, jsonb, text } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz } from '../../columns';
import { portalSchema } from '../schema';

export const taskCategoryValues = [
  'Technical',
  'Marketing',
  'Legal',
  'Operations',
  'Administrative',
  'Content',
] as const;
export const companyNameValues = [
  'Om Apex Holdings',
  'Om Luxe Properties',
  'Om AI Solutions',
  'Om Supply Chain',
] as const;
export const priorityValues = ['High', 'Medium', 'Low'] as const;
export const taskStatusValues = ['pending', 'in_progress', 'completed'] as const;
export const taskTypeValues = ['issue', 'dev', 'manual'] as const;
export const confidenceValues = ['High', 'Medium', 'Low'] as const;
export const bankAccountTypeValues = ['Checking', 'Savings'] as const;
export const companyStatusValues = ['active', 'inactive'] as const;
export const handoffInterfaceValues = ['code', 'code-app', 'chat', 'cowork'] as const;

// The id sequences: declared here so that `drizzle-kit push` creates them (and leaves them alone on a
// second push); the functions that format them come from the custom migration 0002 (`org-schema
// push-setup` creates them before push, because `tasks.id`'s default calls one).
export const tasksIdSeq = portalSchema.sequence('tasks_id_seq');
export const decisionsTechIdSeq = portalSchema.sequence('decisions_tech_id_seq');
export const decisionsBizIdSeq = portalSchema.sequence('decisions_biz_id_seq');

/**
 * Central task tracker. `id` (TASK-001…) comes from the sequence `portal.tasks_id_seq` through
 * `portal.next_task_id()`: the column default for raw SQL, `$defaultFn` for drizzle.
 */
export const tasks = portalSchema.table('tasks', {
  id: text('id')
    .primaryKey()
    .default(sql`portal.next_task_id()`)
    .$defaultFn(() => sql`portal.next_task_id()`),
  description: text('description').notNull(),
  category: text('category', { enum: taskCategoryValues }),
  company: text('company', { enum: companyNameValues }),
  priority: text('priority', { enum: priorityValues }),
  status: text('status', { enum: taskStatusValues }).notNull().default('pending'),
  owner: text('owner'),
  notes: text('notes'),
  projectCode: text('project_code'),
  durationDays: integer('duration_days'),
  due: date('due', { mode: 'string' }),
  ...timestamps(),
  completedAt: timestamptz('completed_at'),
  completionNotes: text('completion_notes'),
  taskType: text('task_type', { enum: taskTypeValues }).notNull().default('manual'),
  commitRefs: text('commit_refs').array(),
  issueRef: text('issue_ref'),
});

/** Decisions: `TECH-001…` / `BIZ-001…`, one sequence per prefix (`portal.next_decision_id(kind)`). */
export const decisions = portalSchema.table('decisions', {
  id: text('id').primaryKey(),
  area: text('area'),
  decision: text('decision').notNull(),
  rationale: text('rationale'),
  company: text('company'),
  confidence: text('confidence', { enum: confidenceValues }),
  alternativesConsidered: text('alternatives_considered'),
  dateDecided: date('date_decided', { mode: 'string' }),
  ...timestamps(),
});

/** Company registry; ids are slugs such as `om-apex-holdings`. */
export const companies = portalSchema.table(
  'companies',
  {
    id: text('id').primaryKey(),
    legalName: text('legal_name').notNull(),
    ein: text('ein'),
    stateControlNumber: text('state_control_number'),
    stateOfFormation: text('state_of_formation'),
    bankName: text('bank_name'),
    bankAccountType: text('bank_account_type', { enum: bankAccountTypeValues }),
    domain: text('domain'),
    status: text('status', { enum: companyStatusValues }).notNull().default('active'),
    parentCompanyId: text('parent_company_id'),
    ...timestamps(),
  },
  (t) => [
    foreignKey({
      name: 'companies_parent_company_id_fkey',
      columns: [t.parentCompanyId],
      foreignColumns: [t.id],
    }),
  ],
);

export const documentTemplates = portalSchema.table('document_templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  filename: text('filename'),
  content: text('content'),
  contentPlain: text('content_plain'),
  contentBodyHtml: text('content_body_html'),
  contentSnapshotHtml: text('content_snapshot_html'),
  description: text('description'),
  variables: jsonb('variables').$type<unknown>(),
  documentVariables: jsonb('document_variables').$type<unknown>(),
  documentVariableDefaults: jsonb('document_variable_defaults').$type<unknown>(),
  companies: text('companies').array(),
  pageSize: text('page_size'),
  ...timestamps(),
});

/** Single-row table (id is always 1): the current cross-laptop handoff. */
export const sessionHandoff = portalSchema.table(
  'session_handoff',
  {
    id: integer('id').primaryKey().default(1),
    content: text('content').notNull(),
    createdBy: text('created_by'),
    interface: text('interface', { enum: handoffInterfaceValues }),
    ...timestamps(),
  },
  () => [check('session_handoff_id_check', sql`id = 1`)],
);

/** Previous handoffs, archived by saveHandoff. */
export const sessionHandoffHistory = portalSchema.table('session_handoff_history', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  content: text('content').notNull(),
  createdBy: text('created_by'),
  interface: text('interface', { enum: handoffInterfaceValues }),
  sessionDate: date('session_date', { mode: 'string' }),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});
