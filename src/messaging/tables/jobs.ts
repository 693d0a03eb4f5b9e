import { foreignKey, index, integer, text, unique, uuid } from 'drizzle-orm/pg-core';
import { timestamps, timestamptz, uuidPk } from '../../columns';
import { bot } from '../schema';
import { inboundEvents } from './inbound';
import { tenants } from './tenants';

export const jobStatusValues = ['queued', 'processing', 'done', 'failed'] as const;

/** Durable job queue; picked with FOR UPDATE SKIP LOCKED through the (status, run_after, created_at) index. */
export const jobQueue = bot.table(
  'job_queue',
  {
    jobId: uuidPk('job_id'),
    tenantId: uuid('tenant_id').notNull(),
    jobType: text('job_type').notNull(),
    inboundEventId: uuid('inbound_event_id'),
    status: text('status', { enum: jobStatusValues }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    runAfter: timestamptz('run_after').notNull().defaultNow(),
    lockedAt: timestamptz('locked_at'),
    lockedBy: text('locked_by'),
    lastError: text('last_error'),
    ...timestamps(),
    traceId: uuid('trace_id'),
  },
  (t) => [
    unique('job_queue_job_type_inbound_event_id_key').on(t.jobType, t.inboundEventId),
    index('job_queue_status_run_after_created_at_idx').on(t.status, t.runAfter, t.createdAt),
    index('job_queue_tenant_id_idx').on(t.tenantId),
    index('job_queue_trace_id_idx').on(t.traceId),
    foreignKey({
      name: 'job_queue_tenant_id_fkey',
      columns: [t.tenantId],
      foreignColumns: [tenants.tenantId],
    }),
    foreignKey({
      name: 'job_queue_inbound_event_id_fkey',
      columns: [t.inboundEventId],
      foreignColumns: [inboundEvents.inboundEventId],
    }),
    // Owner isolation: the event (when there is one) belongs to the job's tenant.
    foreignKey({
      name: 'job_queue_tenant_id_inbound_event_id_fkey',
      columns: [t.tenantId, t.inboundEventId],
      foreignColumns: [inboundEvents.tenantId, inboundEvents.inboundEventId],
    }),
  ],
);
