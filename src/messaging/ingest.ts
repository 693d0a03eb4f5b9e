import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { inboundEvents } from './inbound';
import { jobQueue } from './jobs';
import { tenants } from './tenants';
import type { InboundEvent, Job } from './validators';

const short = z.string().min(1).max(200);

export const ingestInboundEventInput = z.object({
  tenantId: z.uuid(),
  provider: short,
  eventType: short,
  dedupeKey: z.string().min(1).max(500),
  providerEventId: short.optional(),
  providerMsgId: short.optional(),
  channel: short.optional(),
  channelAddress: short.optional(),
  payload: z.record(z.string(), z.unknown()).default({}),
  receivedAt: z.coerce.date().optional(),
  /** The job enqueued for the event. */
  jobType: short.default('process_inbound_message'),
});

export const ingestInboundEventErrors = ['INVALID_INPUT', 'TENANT_NOT_FOUND', 'TENANT_DISABLED'] as const;
export type IngestInboundEventError = (typeof ingestInboundEventErrors)[number];

/**
 * Stores an inbound event once per (tenant_id, dedupe_key) and enqueues its processing job in
 * the same transaction. A redelivery — sequential or concurrent — returns the original event and
 * job (same ids, same trace_id) with `created: false`.
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
  if (!tenant) return fail('TENANT_NOT_FOUND', 'no tenant with this id');
  if (!tenant.isEnabled) return fail('TENANT_DISABLED', 'the tenant is disabled');

  return db.transaction(async (tx) => {
    // ON CONFLICT waits for a concurrent first delivery to commit, so the row is visible below.
    const [inserted] = await tx
      .insert(inboundEvents)
      .values(event)
      .onConflictDoNothing({ target: [inboundEvents.tenantId, inboundEvents.dedupeKey] })
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
      )[0]!;
    const [job] = await tx
      .insert(jobQueue)
      .values({
        tenantId: stored.tenantId,
        jobType,
        inboundEventId: stored.inboundEventId,
        traceId: stored.traceId,
      })
      .onConflictDoNothing({ target: [jobQueue.jobType, jobQueue.inboundEventId] })
      .returning();
    const existingJob =
      job ??
      (
        await tx
          .select()
          .from(jobQueue)
          .where(and(eq(jobQueue.jobType, jobType), eq(jobQueue.inboundEventId, stored.inboundEventId)))
      )[0]!;
    return ok({ created: inserted !== undefined, event: stored, job: existingJob });
  });
}
