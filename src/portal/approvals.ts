import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, inTransaction } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { AUDIT_ONLY_TIER, dnsApprovalQueue, dnsDomainConfig } from './dns';
import { type DnsApproval, dnsApprovalBaseInsertSchema, dnsApprovalValuesRefinement } from './validators';

export const queueApprovalInput = dnsApprovalBaseInsertSchema
  .omit({ id: true, status: true, reviewedBy: true, reviewNotes: true, createdAt: true, expiresAt: true })
  .superRefine(dnsApprovalValuesRefinement);
export const queueApprovalErrors = ['INVALID_INPUT', 'UNKNOWN_DOMAIN', 'AUDIT_ONLY_DOMAIN'] as const;

/**
 * Queues a change for human approval (pending, expiring after 7 days). Tier-5 domains are
 * audit-only and never queued. The domain's config row is read FOR SHARE, so its tier cannot
 * change between the check and the insert.
 */
export async function queueApproval(
  db: DbOrTx,
  input: z.input<typeof queueApprovalInput>,
): Promise<Result<{ approval: DnsApproval }, (typeof queueApprovalErrors)[number]>> {
  const parsed = parseInput(queueApprovalInput, input);
  if (!parsed.success) return parsed;
  const data = parsed.data;
  return inTransaction(db, async (tx) => {
    const [config] = await tx
      .select({ tier: dnsDomainConfig.tier })
      .from(dnsDomainConfig)
      .where(eq(dnsDomainConfig.domain, data.domain))
      .for('share');
    if (!config) return fail('UNKNOWN_DOMAIN', `${data.domain} is not in dns_domain_config`);
    if (config.tier === AUDIT_ONLY_TIER) {
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
  id: z.uuid(),
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
  db: DbOrTx,
  input: z.input<typeof reviewApprovalInput>,
): Promise<Result<{ approval: DnsApproval }, (typeof reviewApprovalErrors)[number]>> {
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

/** Marks every pending item past its expires_at as expired (one UPDATE, via idx_dns_approval_queue_status) and returns them. */
export async function expireApprovals(db: DbOrTx): Promise<{ success: true; expired: DnsApproval[] }> {
  const expired = await db
    .update(dnsApprovalQueue)
    .set({ status: 'expired' })
    .where(and(eq(dnsApprovalQueue.status, 'pending'), lte(dnsApprovalQueue.expiresAt, sql`now()`)))
    .returning();
  return ok({ expired });
}
