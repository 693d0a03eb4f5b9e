import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { uuidInput } from '../input';
import { fail, ok, parseInput, type Result, transactionResult } from '../result';
import { lockDnsLinks } from './dns-links';
import { dnsApprovalValuesRefinement, noInput } from './internal';
import { AUDIT_ONLY_TIER, dnsApprovalQueue } from './tables/dns';
import { type DnsApproval, insertDnsApprovalBaseSchema } from './validators';

export const queueApprovalInput = insertDnsApprovalBaseSchema
  .omit({ id: true, status: true, reviewedBy: true, reviewNotes: true, createdAt: true, expiresAt: true })
  .superRefine(dnsApprovalValuesRefinement);
export const queueApprovalErrors = [
  'INVALID_INPUT',
  'UNKNOWN_DOMAIN',
  'UNKNOWN_AUDIT_RUN',
  'UNKNOWN_POLICY',
  'AUDIT_ONLY_DOMAIN',
] as const;

/**
 * Queues a change for human approval (pending, expiring after 7 days). Tier-5 domains are
 * audit-only and never queued. The domain's config row is read FOR SHARE, so its tier cannot
 * change between the check and the insert; a given `auditRunId` / `policyId` must name an
 * existing run / policy (locked FOR KEY SHARE in the same transaction).
 */
export async function queueApproval(
  db: AnyDb,
  input: z.input<typeof queueApprovalInput>,
): Promise<Result<{ approval: DnsApproval }, (typeof queueApprovalErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(queueApprovalInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  return transactionResult(db, async (tx) => {
    const links = await lockDnsLinks(tx, data, { tier: true });
    if (!links.success) return links;
    if (links.tier === AUDIT_ONLY_TIER) {
      return fail(
        'AUDIT_ONLY_DOMAIN',
        `${data.domain} is tier ${AUDIT_ONLY_TIER} (audit only): changes are never queued`,
      );
    }
    const [approval] = await tx.insert(dnsApprovalQueue).values(data).returning();
    return ok({ approval: approval! });
  });
}

export const approvalDecisionValues = ['approved', 'rejected'] as const;
export const reviewApprovalInput = z.object({
  id: uuidInput(),
  decision: z.enum(approvalDecisionValues),
  reviewedBy: z.string().trim().min(1).max(200),
  notes: z.string().max(200_000).optional(),
});
export const reviewApprovalErrors = ['INVALID_INPUT', 'NOT_FOUND', 'NOT_PENDING', 'EXPIRED'] as const;

/**
 * Approves or rejects a pending, unexpired item in one conditional UPDATE: of concurrent
 * reviews exactly one wins, the others get NOT_PENDING.
 */
export async function reviewApproval(
  db: AnyDb,
  input: z.input<typeof reviewApprovalInput>,
): Promise<Result<{ approval: DnsApproval }, (typeof reviewApprovalErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(reviewApprovalInput, input);
  if (!parsed.success) return parsed;
  const { id, decision, reviewedBy, notes } = parsed.data;
  const [approval] = await db
    .update(dnsApprovalQueue)
    .set({ status: decision, reviewedBy, reviewNotes: notes ?? null })
    .where(
      and(
        eq(dnsApprovalQueue.id, id),
        eq(dnsApprovalQueue.status, 'pending'),
        gt(dnsApprovalQueue.expiresAt, sql`now()`),
      ),
    )
    .returning();
  if (approval) return ok({ approval });
  // Only explains the refusal; nothing is written after this read.
  const [row] = await db
    .select({
      status: dnsApprovalQueue.status,
      expired: sql<boolean>`${dnsApprovalQueue.expiresAt} <= now()`,
    })
    .from(dnsApprovalQueue)
    .where(eq(dnsApprovalQueue.id, id));
  if (!row) return fail('NOT_FOUND', `no approval ${id}`);
  if (row.status !== 'pending') return fail('NOT_PENDING', `approval ${id} is already ${row.status}`);
  return fail('EXPIRED', `approval ${id} expired before review`);
}

export const expireApprovalsInput = noInput();
export const expireApprovalsErrors = ['INVALID_INPUT'] as const;

/**
 * Marks every pending item past its expires_at as expired (one UPDATE, found via
 * idx_dns_approval_queue_status, rows locked in id order with SKIP LOCKED) and returns them. A row
 * another sweep or a review holds at that moment is left to that call (or to the next sweep, if
 * the review rolls back). Takes no input (nothing or `{}`).
 */
export async function expireApprovals(
  db: AnyDb,
  input: z.input<typeof expireApprovalsInput> = {},
): Promise<Result<{ expired: DnsApproval[] }, (typeof expireApprovalsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(expireApprovalsInput, input);
  if (!parsed.success) return parsed;
  const overdue = and(eq(dnsApprovalQueue.status, 'pending'), lte(dnsApprovalQueue.expiresAt, sql`now()`));
  // The rows are locked first, in id order, skipping rows another call (another sweep, a review in
  // progress) holds: concurrent sweeps share the rows out instead of queueing or deadlocking.
  const expired = await db
    .update(dnsApprovalQueue)
    .set({ status: 'expired' })
    .where(
      and(
        overdue,
        inArray(
          dnsApprovalQueue.id,
          db
            .select({ id: dnsApprovalQueue.id })
            .from(dnsApprovalQueue)
            .where(overdue)
            .orderBy(asc(dnsApprovalQueue.id))
            .for('update', { skipLocked: true }),
        ),
      ),
    )
    .returning();
  return ok({ expired });
}
