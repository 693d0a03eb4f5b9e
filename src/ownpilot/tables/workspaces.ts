import { boolean, foreignKey, index, integer, real, text, unique } from 'drizzle-orm/pg-core';
import { checkIn, createdAt, jsonObject, textId, timestamptz, updatedAt } from '../../columns';
import { ownpilotSchema } from '../schema';

export const workspaceStatusValues = ['active', 'suspended', 'deleted'] as const;
export const containerStatusValues = ['stopped', 'starting', 'running', 'stopping', 'error'] as const;
export const codeLanguageValues = ['python', 'javascript', 'shell'] as const;
export const codeExecutionStatusValues = [
  'pending',
  'running',
  'completed',
  'failed',
  'timeout',
  'cancelled',
] as const;
export const workspaceAuditActionValues = [
  'create',
  'read',
  'write',
  'delete',
  'execute',
  'start',
  'stop',
] as const;
export const workspaceAuditResourceTypeValues = ['workspace', 'file', 'container', 'execution'] as const;

/** §14.1 Isolated workspaces (user_id documented without default). */
export const userWorkspaces = ownpilotSchema.table(
  'user_workspaces',
  {
    id: textId(),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    status: text('status', { enum: workspaceStatusValues }).notNull().default('active'),
    storagePath: text('storage_path').notNull(),
    containerConfig: jsonObject('container_config').notNull(),
    containerId: text('container_id'),
    containerStatus: text('container_status', { enum: containerStatusValues }).notNull().default('stopped'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastActivityAt: timestamptz('last_activity_at'),
  },
  (t) => [
    index('idx_user_workspaces_user').on(t.userId),
    index('idx_user_workspaces_status').on(t.status),
    checkIn('user_workspaces', 'status', workspaceStatusValues),
    checkIn('user_workspaces', 'container_status', containerStatusValues),
    // Owner isolation: target of the composite FKs of user_containers and code_executions.
    unique('user_workspaces_id_user_id_key').on(t.id, t.userId),
  ],
);

/** §14.2 Docker containers of a workspace. */
export const userContainers = ownpilotSchema.table(
  'user_containers',
  {
    id: textId(),
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    containerId: text('container_id').notNull(),
    image: text('image').notNull(),
    status: text('status', { enum: containerStatusValues }).notNull().default('starting'),
    memoryMb: integer('memory_mb').notNull().default(512),
    cpuCores: real('cpu_cores').notNull().default(0.5),
    networkPolicy: text('network_policy').notNull().default('none'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    lastActivityAt: timestamptz('last_activity_at'),
    stoppedAt: timestamptz('stopped_at'),
    memoryPeakMb: integer('memory_peak_mb').default(0),
    cpuTimeMs: integer('cpu_time_ms').default(0),
    networkBytesIn: integer('network_bytes_in').default(0),
    networkBytesOut: integer('network_bytes_out').default(0),
  },
  (t) => [
    unique('user_containers_container_id_key').on(t.containerId),
    index('idx_user_containers_workspace').on(t.workspaceId),
    index('idx_user_containers_user').on(t.userId),
    index('idx_user_containers_status').on(t.status),
    checkIn('user_containers', 'status', containerStatusValues),
    // Owner isolation: through user_id (a row of one user cannot point at another user's workspace).
    foreignKey({
      name: 'user_containers_workspace_id_fkey',
      columns: [t.workspaceId, t.userId],
      foreignColumns: [userWorkspaces.id, userWorkspaces.userId],
    }).onDelete('cascade'),
  ],
);

/** §14.3 Code execution history. */
export const codeExecutions = ownpilotSchema.table(
  'code_executions',
  {
    id: textId(),
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    containerId: text('container_id'),
    language: text('language', { enum: codeLanguageValues }).notNull(),
    codeHash: text('code_hash'),
    status: text('status', { enum: codeExecutionStatusValues }).notNull().default('pending'),
    stdout: text('stdout'),
    stderr: text('stderr'),
    exitCode: integer('exit_code'),
    error: text('error'),
    executionTimeMs: integer('execution_time_ms'),
    memoryUsedMb: integer('memory_used_mb'),
    createdAt: createdAt(),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    index('idx_code_executions_workspace').on(t.workspaceId),
    index('idx_code_executions_user').on(t.userId),
    index('idx_code_executions_status').on(t.status),
    checkIn('code_executions', 'language', codeLanguageValues),
    checkIn('code_executions', 'status', codeExecutionStatusValues),
    // Owner isolation: through user_id (a row of one user cannot point at another user's workspace).
    foreignKey({
      name: 'code_executions_workspace_id_fkey',
      columns: [t.workspaceId, t.userId],
      foreignColumns: [userWorkspaces.id, userWorkspaces.userId],
    }).onDelete('cascade'),
  ],
);

/** §14.4 Security audit trail; workspace_id is not a FK so the trail outlives the workspace. */
export const workspaceAudit = ownpilotSchema.table(
  'workspace_audit',
  {
    id: textId(),
    userId: text('user_id').notNull(),
    workspaceId: text('workspace_id'),
    action: text('action', { enum: workspaceAuditActionValues }).notNull(),
    resourceType: text('resource_type', { enum: workspaceAuditResourceTypeValues }).notNull(),
    resource: text('resource'),
    success: boolean('success').notNull().default(true),
    error: text('error'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_workspace_audit_user').on(t.userId),
    index('idx_workspace_audit_workspace').on(t.workspaceId),
    index('idx_workspace_audit_created').on(t.createdAt.desc().nullsFirst()),
    checkIn('workspace_audit', 'action', workspaceAuditActionValues),
    checkIn('workspace_audit', 'resource_type', workspaceAuditResourceTypeValues),
  ],
);
