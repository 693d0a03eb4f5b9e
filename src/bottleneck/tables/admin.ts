import { boolean, foreignKey, integer, jsonb, serial, text, unique, varchar } from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** Tracks admin actions for compliance. */
export const auditLogs = bottleneckSchema.table(
  'audit_logs',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    action: varchar('action', { length: 100 }).notNull(),
    entityType: varchar('entityType', { length: 100 }).notNull(),
    entityId: varchar('entityId', { length: 100 }),
    oldValues: jsonb('oldValues'),
    newValues: jsonb('newValues'),
    ipAddress: varchar('ipAddress', { length: 45 }),
    userAgent: text('userAgent'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [foreignKey({ name: 'audit_logs_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

/** Feature toggle system. */
export const featureFlags = bottleneckSchema.table(
  'feature_flags',
  {
    id: serial('id').primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    description: text('description'),
    enabled: boolean('enabled').notNull().default(false),
    rolloutPercentage: integer('rolloutPercentage').notNull().default(0),
    userWhitelist: jsonb('userWhitelist'),
    metadata: jsonb('metadata'),
    ...camelTimestamps(),
  },
  (t) => [unique('feature_flags_name_key').on(t.name)],
);

/** Runtime configuration values. */
export const systemConfig = bottleneckSchema.table(
  'system_config',
  {
    id: serial('id').primaryKey(),
    key: varchar('key', { length: 100 }).notNull(),
    value: jsonb('value').notNull(),
    description: text('description'),
    updatedBy: integer('updatedBy'),
    updatedAt: timestampPlain('updatedAt').notNull().defaultNow(),
  },
  (t) => [
    unique('system_config_key_key').on(t.key),
    foreignKey({ name: 'system_config_updatedBy_fkey', columns: [t.updatedBy], foreignColumns: [users.id] }),
  ],
);

/** Encrypted credential vault. */
export const credentials = bottleneckSchema.table(
  'credentials',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    name: text('name').notNull(),
    service: varchar('service', { length: 100 }).notNull(),
    type: varchar('type', { length: 50 }).notNull(),
    encryptedData: text('encryptedData').notNull(),
    iv: text('iv').notNull(),
    authTag: text('authTag').notNull(),
    metadata: jsonb('metadata'),
    lastUsedAt: timestampPlain('lastUsedAt'),
    useCount: integer('useCount').notNull().default(0),
    isActive: boolean('isActive').notNull().default(true),
    deletedAt: timestampPlain('deletedAt'),
    ...camelTimestamps(),
  },
  (t) => [foreignKey({ name: 'credentials_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

export const executionControlsControlStateValues = [
  'running',
  'paused',
  'cancelled',
  'awaiting_approval',
] as const;

/** Pause/resume/cancel state for executions. */
export const executionControls = bottleneckSchema.table(
  'execution_controls',
  {
    id: serial('id').primaryKey(),
    executionId: integer('executionId').notNull(),
    userId: integer('userId').notNull(),
    controlState: varchar('controlState', {
      length: 20,
      enum: executionControlsControlStateValues,
    }).notNull(),
    stateReason: text('stateReason'),
    injectedInstruction: text('injectedInstruction'),
    injectedAt: timestampPlain('injectedAt'),
    checkpointData: jsonb('checkpointData'),
    lastStateChange: timestampPlain('lastStateChange').notNull().defaultNow(),
    ...camelTimestamps(),
  },
  (t) => [
    unique('execution_controls_executionId_key').on(t.executionId),
    foreignKey({ name: 'execution_controls_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

export const actionApprovalsRiskLevelValues = ['low', 'medium', 'high', 'critical'] as const;

/** High-risk action approval queue. */
export const actionApprovals = bottleneckSchema.table(
  'action_approvals',
  {
    id: serial('id').primaryKey(),
    executionId: integer('executionId').notNull(),
    userId: integer('userId').notNull(),
    actionType: varchar('actionType', { length: 100 }).notNull(),
    actionDescription: text('actionDescription').notNull(),
    actionParams: jsonb('actionParams').notNull(),
    riskLevel: varchar('riskLevel', { length: 20, enum: actionApprovalsRiskLevelValues }).notNull(),
    riskFactors: jsonb('riskFactors'),
    screenshotUrl: text('screenshotUrl'),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    approvedAt: timestampPlain('approvedAt'),
    rejectedAt: timestampPlain('rejectedAt'),
    rejectionReason: text('rejectionReason'),
    expiresAt: timestampPlain('expiresAt').notNull(),
    timeoutAction: varchar('timeoutAction', { length: 20 }).notNull().default('reject'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({ name: 'action_approvals_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Multi-tenant browser context isolation. */
export const browserContexts = bottleneckSchema.table(
  'browser_contexts',
  {
    id: serial('id').primaryKey(),
    clientId: integer('clientId').notNull(),
    userId: integer('userId').notNull(),
    contextId: varchar('contextId', { length: 128 }).notNull(),
    isolationLevel: varchar('isolationLevel', { length: 20 }).notNull().default('strict'),
    encryptedStorage: text('encryptedStorage'),
    storageIv: text('storageIv'),
    storageAuthTag: text('storageAuthTag'),
    metadata: jsonb('metadata'),
    activeSessionCount: integer('activeSessionCount').notNull().default(0),
    lastUsedAt: timestampPlain('lastUsedAt'),
    isActive: boolean('isActive').notNull().default(true),
    expiresAt: timestampPlain('expiresAt'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('browser_contexts_contextId_key').on(t.contextId),
    foreignKey({ name: 'browser_contexts_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Audit log for sensitive operations. */
export const securityAuditLog = bottleneckSchema.table(
  'security_audit_log',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    action: varchar('action', { length: 100 }).notNull(),
    resourceType: varchar('resourceType', { length: 50 }).notNull(),
    resourceId: integer('resourceId'),
    details: jsonb('details'),
    ipAddress: varchar('ipAddress', { length: 45 }),
    userAgent: text('userAgent'),
    success: boolean('success').notNull(),
    errorMessage: text('errorMessage'),
    timestamp: timestampPlain('timestamp').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'security_audit_log_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Security monitoring and threat detection. */
export const securityEvents = bottleneckSchema.table(
  'security_events',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId'),
    eventType: varchar('eventType', { length: 50 }).notNull(),
    severity: varchar('severity', { length: 20 }).notNull().default('low'),
    description: text('description').notNull(),
    metadata: jsonb('metadata'),
    ipAddress: varchar('ipAddress', { length: 45 }),
    userAgent: text('userAgent'),
    geoLocation: jsonb('geoLocation'),
    resolved: boolean('resolved').notNull().default(false),
    resolvedBy: integer('resolvedBy'),
    resolvedAt: timestampPlain('resolvedAt'),
    notes: text('notes'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'security_events_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
    foreignKey({
      name: 'security_events_resolvedBy_fkey',
      columns: [t.resolvedBy],
      foreignColumns: [users.id],
    }),
  ],
);
