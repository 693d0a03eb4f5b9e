import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, inTransaction } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { auditRunTypeValues, auditTriggeredByValues, dnsAuditLog, dnsChangeLog, dnsSnapshots } from './dns';
import {
  auditRunIdSchema,
  type DnsAuditRun,
  type DnsChange,
  type DnsSnapshot,
  dnsAuditFindingsSchema,
  dnsAuditSummarySchema,
  dnsChangeLogBaseInsertSchema,
  dnsChangeValuesRefinement,
  domainNameSchema,
} from './validators';

export const startAuditRunInput = z.object({
  runType: z.enum(auditRunTypeValues),
  triggeredBy: z.enum(auditTriggeredByValues),
});
export const startAuditRunErrors = ['INVALID_INPUT'] as const;

const MAX_RUN_ID_ATTEMPTS = 20;

/**
 * Opens an audit run with id AUDIT-YYYYMMDD-HHMMSS (UTC, from the run's started_at). Runs started
 * in the same second get -2, -3, …: each attempt takes the first free suffix and inserts with
 * ON CONFLICT DO NOTHING on the unique run_id, so a concurrent winner just means one more attempt.
 */
export async function startAuditRun(
  db: DbOrTx,
  input: z.input<typeof startAuditRunInput>,
): Promise<Result<{ run: DnsAuditRun }, (typeof startAuditRunErrors)[number]>> {
  const parsed = parseInput(startAuditRunInput, input);
  if (!parsed.success) return parsed;
  const { runType, triggeredBy } = parsed.data;
  // One transaction: now() (the run's second) stays the same across attempts.
  return inTransaction(db, async (tx) => {
    const base = sql`'AUDIT-' || to_char(now() at time zone 'UTC', 'YYYYMMDD-HH24MISS')`;
    const candidate = sql`(
      select ${base} || case when n = 1 then '' else '-' || n end
      from generate_series(1, 1000) as n
      where not exists (
        select 1 from ${dnsAuditLog} l
        where l.run_id = ${base} || case when n = 1 then '' else '-' || n end
      )
      order by n limit 1)`;
    for (let attempt = 0; attempt < MAX_RUN_ID_ATTEMPTS; attempt++) {
      const [run] = await tx
        .insert(dnsAuditLog)
        .values({ runId: candidate, runType, triggeredBy, startedAt: sql`now()` })
        .onConflictDoNothing({ target: dnsAuditLog.runId })
        .returning();
      if (run) return ok({ run });
    }
    throw new Error(`startAuditRun: no free run id after ${MAX_RUN_ID_ATTEMPTS} attempts`);
  });
}

export const finishAuditRunInput = z.object({
  runId: auditRunIdSchema,
  domainsScanned: z.number().int().min(0),
  totalRecordsChecked: z.number().int().min(0),
  findings: dnsAuditFindingsSchema,
  summary: dnsAuditSummarySchema,
});
export const finishAuditRunErrors = ['INVALID_INPUT', 'NOT_FOUND', 'ALREADY_FINISHED'] as const;

/** Closes a run with its counts, findings and summary; a run is finished once (conditional UPDATE). */
export async function finishAuditRun(
  db: DbOrTx,
  input: z.input<typeof finishAuditRunInput>,
): Promise<Result<{ run: DnsAuditRun }, (typeof finishAuditRunErrors)[number]>> {
  const parsed = parseInput(finishAuditRunInput, input);
  if (!parsed.success) return parsed;
  const { runId, ...result } = parsed.data;
  const [run] = await db
    .update(dnsAuditLog)
    .set({ ...result, completedAt: sql`now()` })
    .where(and(eq(dnsAuditLog.runId, runId), isNull(dnsAuditLog.completedAt)))
    .returning();
  if (run) return ok({ run });
  const [existing] = await db
    .select({ id: dnsAuditLog.id })
    .from(dnsAuditLog)
    .where(eq(dnsAuditLog.runId, runId));
  return existing
    ? fail('ALREADY_FINISHED', `audit run ${runId} is already finished`)
    : fail('NOT_FOUND', `no audit run ${runId}`);
}

export const recordDnsChangeInput = dnsChangeLogBaseInsertSchema
  .omit({ id: true, createdAt: true })
  .superRefine(dnsChangeValuesRefinement);
export const recordDnsChangeErrors = ['INVALID_INPUT'] as const;

/** Appends to the DNS change log (before_value null for create, after_value null for delete). */
export async function recordDnsChange(
  db: DbOrTx,
  input: z.input<typeof recordDnsChangeInput>,
): Promise<Result<{ change: DnsChange }, (typeof recordDnsChangeErrors)[number]>> {
  const parsed = parseInput(recordDnsChangeInput, input);
  if (!parsed.success) return parsed;
  const [change] = await db.insert(dnsChangeLog).values(parsed.data).returning();
  return ok({ change: change! });
}

export const recordSnapshotInput = z.object({
  domain: domainNameSchema,
  records: z.array(z.record(z.string(), z.unknown())),
});
export const recordSnapshotErrors = ['INVALID_INPUT'] as const;

/** Stores a raw Cloudflare snapshot of one domain; record_count is the number of records. */
export async function recordSnapshot(
  db: DbOrTx,
  input: z.input<typeof recordSnapshotInput>,
): Promise<Result<{ snapshot: DnsSnapshot }, (typeof recordSnapshotErrors)[number]>> {
  const parsed = parseInput(recordSnapshotInput, input);
  if (!parsed.success) return parsed;
  const { domain, records } = parsed.data;
  const [snapshot] = await db
    .insert(dnsSnapshots)
    .values({ domain, records, recordCount: records.length })
    .returning();
  return ok({ snapshot: snapshot! });
}

/**
 * The newest snapshot of every domain: DISTINCT ON (domain) ordered by (domain, taken_at DESC),
 * which is exactly idx_dns_snapshots_domain_taken, so Postgres reads it in index order.
 */
export async function latestSnapshots(db: DbOrTx): Promise<{ success: true; snapshots: DnsSnapshot[] }> {
  const snapshots = await db
    .selectDistinctOn([dnsSnapshots.domain])
    .from(dnsSnapshots)
    .orderBy(asc(dnsSnapshots.domain), sql`${dnsSnapshots.takenAt} desc`);
  return ok({ snapshots });
}
