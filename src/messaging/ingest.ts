import { and, eq, is, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type AnyDb, narrowDb, pgErrorCode } from '../db';
import { jsonObject, timestampInput, uuidInput } from '../input';
import { type Bind, preparedRunner } from '../queue/prepared';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { insertIf } from './insert-if';
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
 * Stores an inbound event once per (tenant_id, dedupe_key) and enqueues its processing job,
 * atomically. A redelivery — sequential or concurrent — returns the original event and job (same
 * ids, same trace_id) with `created: false`. Every read is scoped by the tenant (the same dedupe key
 * of another tenant is another event).
 *
 * One round trip on the common paths (first delivery, redelivery): {@link ingestStatement}. The
 * rare rest — a first delivery that a concurrent one committed while the statement ran (its
 * snapshot cannot see that row), a redelivery whose job is gone and taken concurrently, an insert a
 * trigger skipped — runs {@link ingestInTransaction}, the transactional path.
 */
export async function ingestInboundEvent(
  db: AnyDb,
  input: z.input<typeof ingestInboundEventInput>,
): Promise<Result<{ created: boolean; event: InboundEvent; job: Job }, IngestInboundEventError>> {
  narrowDb(db);
  const parsed = parseInput(ingestInboundEventInput, input);
  if (!parsed.success) return parsed;
  const { jobType, ...event } = parsed.data;
  // Inside the caller's transaction a failing statement would abort it: a savepoint keeps the
  // failure local, as the transactional path always did.
  // When the statement cannot answer there, the savepoint is rolled back before the other path runs.
  const answer = is(db, PgTransaction)
    ? await transactionResult(db, async (tx) => (await ingestOnce(tx, event, jobType)) ?? OTHER_PATH)
    : await ingestOnce(db, event, jobType);
  return answer === undefined || answer === OTHER_PATH
    ? ingestInTransaction(db, event, jobType)
    : (answer as IngestResult);
}

/** Carries "run the transactional path" out of the savepoint (a failure-shaped value rolls it back). */
const OTHER_PATH = { success: false } as const;

type ParsedEvent = Omit<z.output<typeof ingestInboundEventInput>, 'jobType'>;
type IngestResult = Result<{ created: boolean; event: InboundEvent; job: Job }, IngestInboundEventError>;

const runStatement = preparedRunner();

/**
 * The single statement: the tenant (enabled?), the event inserted unless its dedupe key is taken
 * (ON CONFLICT DO UPDATE … WHERE false locks the existing row and changes nothing), else the
 * existing event as of the statement's snapshot; the job inserted for whichever event (a new event
 * cannot conflict; an existing one keeps its job, locked), else its existing job. When the event
 * is new and its job was not inserted (a trigger skipped it), `1 / 0` fails the statement, so the
 * event is not left without its job.
 */
function ingestStatement(db: AnyDb, bind: Bind) {
  narrowDb(db);
  const tenantId = sql`${bind('tenantId', undefined)}::uuid`;
  const dedupeKey = sql`${bind('dedupeKey', undefined)}::text`;
  const jobType = sql`${bind('jobType', undefined)}::text`;
  const text = (name: string) => sql`${bind(name, undefined)}::text`;
  const inserted = db.$with('inserted').as(
    insertIf(
      db,
      inboundEvents,
      {
        tenantId,
        provider: text('provider'),
        eventType: text('eventType'),
        providerEventId: text('providerEventId'),
        providerMsgId: text('providerMsgId'),
        channel: text('channel'),
        channelAddress: text('channelAddress'),
        receivedAt: sql`coalesce(${bind('receivedAt', undefined)}::timestamptz, now())`,
        dedupeKey,
        payload: sql`${sql.param(bind('payload', undefined), inboundEvents.payload)}::jsonb`,
      },
      sql`exists (select 1 from tenant where is_enabled)`,
    )
      .onConflictDoUpdate({
        target: [inboundEvents.tenantId, inboundEvents.dedupeKey],
        set: { dedupeKey: sql`excluded.dedupe_key` },
        setWhere: sql`false`,
      })
      .returning(),
  );
  // The statement's snapshot: a row a concurrent first delivery commits meanwhile is not here.
  const existing = db.$with('existing').as(
    db
      .select()
      .from(inboundEvents)
      .where(
        and(
          eq(inboundEvents.tenantId, tenantId),
          eq(inboundEvents.dedupeKey, dedupeKey),
          sql`not exists (select 1 from inserted)`,
        ),
      ),
  );
  const stored = db.$with('stored').as(
    db
      .select({ ...inserted._.selectedFields, created: sql<boolean>`true`.as('created') })
      .from(inserted)
      .unionAll(
        db
          .select({ ...existing._.selectedFields, created: sql<boolean>`false`.as('created') })
          .from(existing),
      ),
  );
  const enqueued = db.$with('enqueued').as(
    insertIf(
      db,
      jobQueue,
      {
        tenantId: sql`stored.tenant_id`,
        jobType,
        inboundEventId: sql`stored.inbound_event_id`,
        traceId: sql`stored.trace_id`,
      },
      sql`true`,
      sql`stored`,
    )
      .onConflictDoUpdate({
        target: [jobQueue.jobType, jobQueue.inboundEventId],
        set: { jobType: sql`excluded.job_type` },
        setWhere: sql`false`,
      })
      .returning(),
  );
  const existingJob = db.$with('existing_job').as(
    db
      .select()
      .from(jobQueue)
      .where(
        and(
          eq(jobQueue.jobType, jobType),
          eq(jobQueue.tenantId, tenantId),
          sql`${jobQueue.inboundEventId} = (select inbound_event_id from existing)`,
          sql`not exists (select 1 from enqueued)`,
        ),
      ),
  );
  const job = db.$with('job').as(db.select().from(enqueued).unionAll(db.select().from(existingJob)));
  const tenant = db
    .$with('tenant')
    .as(db.select({ isEnabled: tenants.isEnabled }).from(tenants).where(eq(tenants.tenantId, tenantId)));
  return db
    .with(tenant, inserted, existing, stored, enqueued, existingJob, job)
    .select({
      isEnabled: tenant.isEnabled,
      created: stored.created,
      event: eventFields(stored._.selectedFields),
      job: { ...job._.selectedFields },
      guard: sql<number>`1 / (case when ${stored.created} and ${job.jobId} is null then 0 else 1 end)`,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(tenant, sql`true`)
    .leftJoin(stored, sql`true`)
    .leftJoin(job, sql`true`);
}

/** The event's columns of `stored` (without its `created` flag). */
function eventFields<F extends { created: unknown }>(fields: F): Omit<F, 'created'> {
  const { created: _created, ...event } = fields;
  return event;
}

/** One statement; undefined when the answer needs the transactional path. */
async function ingestOnce(db: AnyDb, event: ParsedEvent, jobType: string): Promise<IngestResult | undefined> {
  narrowDb(db);
  let row: StatementRow | undefined;
  try {
    [row] = await runStatement<StatementRow[]>(db, 'ingest', (bind) => ingestStatement(db, bind), {
      tenantId: event.tenantId,
      dedupeKey: event.dedupeKey,
      jobType,
      provider: event.provider,
      eventType: event.eventType,
      providerEventId: event.providerEventId ?? null,
      providerMsgId: event.providerMsgId ?? null,
      channel: event.channel ?? null,
      channelAddress: event.channelAddress ?? null,
      receivedAt: event.receivedAt?.toISOString() ?? null,
      payload: event.payload,
    });
  } catch (error) {
    if (isTenantGone(error)) return tenantNotFound();
    // The guard: a new event whose job was not inserted. Rolled back; the transactional path answers.
    if (pgErrorCode(error) === '22012') return undefined;
    throw error;
  }
  if (!row || row.isEnabled === null) return tenantNotFound();
  if (!row.isEnabled) return fail('TENANT_DISABLED', 'the tenant is disabled');
  if (row.event && row.job) return ok({ created: row.created === true, event: row.event, job: row.job });
  return undefined;
}

type StatementRow = {
  isEnabled: boolean | null;
  created: boolean | null;
  event: InboundEvent | null;
  job: Job | null;
};

/** The tenant was deleted after it was read. */
const isTenantGone = (error: unknown) =>
  isConstraintViolation(error, '23503', 'inbound_events_tenant_id_fkey') ||
  isConstraintViolation(error, '23503', 'job_queue_tenant_id_fkey');

/**
 * The transactional path: the tenant read, then in one transaction the event insert (ON CONFLICT
 * waits for a concurrent first delivery to commit and locks its row, so the read that follows
 * finds it), the job insert likewise.
 */
async function ingestInTransaction(db: AnyDb, event: ParsedEvent, jobType: string): Promise<IngestResult> {
  narrowDb(db);
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
    if (isTenantGone(error)) return tenantNotFound();
    throw error;
  }
}
