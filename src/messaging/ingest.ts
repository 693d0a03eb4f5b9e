import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { jsonObject, timestampInput, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { inboundEvents } from './tables/inbound';
import { jobQueue } from './tables/jobs';
import { tenants } from './tables/tenants';
import type { InboundEvent, Job } from './validators';

// At most 200 characters (800 bytes): job_type is indexed (unique (job_type, inbound_event_id)).
const short = () => z.string().min(1).max(200);

export const ingestInboundEventInput = z.object({
  tenantId: uuidInput(),
  provider: short(),
  eventType: short(),
  /** At most 500 characters (2,000 bytes): inside the budget of the unique (tenant_id, dedupe_key) index. */
  dedupeKey: z.string().min(1).max(500),
  providerEventId: short().optional(),
  providerMsgId: short().optional(),
  channel: short().optional(),
  channelAddress: short().optional(),
  payload: jsonObject().default({}),
  receivedAt: timestampInput().optional(),
  /** The job enqueued for the event. */
  jobType: short().default('process_inbound_message'),
});

export const ingestInboundEventErrors = ['INVALID_INPUT', 'TENANT_NOT_FOUND', 'TENANT_DISABLED'] as const;
export type IngestInboundEventError = (typeof ingestInboundEventErrors)[number];

const tenantNotFound = () => fail('TENANT_NOT_FOUND', 'no tenant with this id');

/**
 * Stores an inbound event once per (tenant_id, dedupe_key) and enqueues its processing job in
 * the same transaction. A redelivery — sequential or concurrent — returns the original event and
 * job (same ids, same trace_id) with `created: false`. Both inserts lock the row they conflict with
 * (ON CONFLICT DO UPDATE … WHERE false changes nothing), so the reads that follow always find it;
 * every read is scoped by the tenant (the same dedupe key of another tenant is another event).
 */
export async function ingestInboundEvent(
  db: DbOrTx,
  input: z.input<typeof ingestInboundEventInput>,
): Promise<Result<{ created: boolean; event: InboundEvent; job: Job }, IngestInboundEventError>> {
  const parsed = parseInput(ingestInboundEventInput, input);
  if (!parsed.success) return parsed;
  const { jobType, ...event } = parsed.data;

  const [tenant] = await db
    .select({ isEnabled: tenants.isEnabled })
    .from(tenants)
    .where(eq(tenants.tenantId, event.tenantId));
  if (!tenant) return tenantNotFound();
  if (!tenant.isEnabled) return fail('TENANT_DISABLED', 'the tenant is disabled');

  try {
    return await transactionResult(db, async (tx) => {
      // ON CONFLICT waits for a concurrent first delivery to commit, so the row is visible below.
      const [inserted] = await tx
        .insert(inboundEvents)
        .values(event)
        .onConflictDoUpdate({
          target: [inboundEvents.tenantId, inboundEvents.dedupeKey],
          set: { dedupeKey: sql`excluded.dedupe_key` },
          setWhere: sql`false`,
        })
        .returning();
      const stored =
        inserted ??
        (
          await tx
            .select()
            .from(inboundEvents)
            .where(
              and(eq(inboundEvents.tenantId, event.tenantId), eq(inboundEvents.dedupeKey, event.dedupeKey)),
            )
        )[0];
      if (!stored) return tenantNotFound(); // unreachable: the conflicting row is locked by us
      const [job] = await tx
        .insert(jobQueue)
        .values({
          tenantId: stored.tenantId,
          jobType,
          inboundEventId: stored.inboundEventId,
          traceId: stored.traceId,
        })
        .onConflictDoUpdate({
          target: [jobQueue.jobType, jobQueue.inboundEventId],
          set: { jobType: sql`excluded.job_type` },
          setWhere: sql`false`,
        })
        .returning();
      const existingJob =
        job ??
        (
          await tx
            .select()
            .from(jobQueue)
            .where(
              and(
                eq(jobQueue.jobType, jobType),
                eq(jobQueue.inboundEventId, stored.inboundEventId),
                eq(jobQueue.tenantId, stored.tenantId),
              ),
            )
        )[0];
      if (!existingJob) return tenantNotFound(); // unreachable: the conflicting row is locked by us
      return ok({ created: inserted !== undefined, event: stored, job: existingJob });
    });
  } catch (error) {
    // The tenant was deleted after the check.
    if (
      isConstraintViolation(error, '23503', 'inbound_events_tenant_id_fkey') ||
      isConstraintViolation(error, '23503', 'job_queue_tenant_id_fkey')
    )
      return tenantNotFound();
    throw error;
  }
}
