import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { fail, ok, parseInput } from '../result';
import { actionApprovals, actionApprovalsRiskLevelValues } from './admin';
import { executionCheckpoints, executionCheckpointsCheckpointReasonValues } from './knowledge';

const json = z.unknown();
const saveInput = z.object({
  checkpointId: z.string().min(1).max(255).optional(),
  executionId: z.number().int(),
  userId: z.number().int().positive(),
  phaseId: z.number().int().optional(),
  phaseName: z.string().optional(),
  stepIndex: z.number().int().nonnegative().default(0),
  completedSteps: z.array(json).default([]),
  completedPhases: z.array(json).default([]),
  partialResults: z.record(z.string(), json).default({}),
  extractedData: z.record(z.string(), json).default({}),
  sessionState: json.optional(),
  browserContext: json.optional(),
  errorInfo: json.optional(),
  checkpointReason: z.enum(executionCheckpointsCheckpointReasonValues).optional(),
  canResume: z.boolean().default(true),
  /** Minutes until the checkpoint expires; none = never. */
  ttlMinutes: z.number().int().positive().optional(),
});

export const saveCheckpointErrors = ['INVALID_INPUT', 'DUPLICATE_CHECKPOINT', 'USER_NOT_FOUND'] as const;

/** Stores a checkpoint (checkpointId generated when absent). */
export async function saveCheckpoint(db: DbOrTx, input: z.input<typeof saveInput>) {
  const parsed = parseInput(saveInput, input);
  if (!parsed.success) return parsed;
  const { ttlMinutes, checkpointId, ...values } = parsed.data;
  try {
    const [checkpoint] = await db
      .insert(executionCheckpoints)
      .values({
        ...values,
        checkpointId: checkpointId ?? randomUUID(),
        expiresAt: ttlMinutes ? sql`now() + make_interval(mins => ${ttlMinutes})` : null,
      })
      .returning();
    return ok({ checkpoint: checkpoint! });
  } catch (e) {
    if (pgErrorCode(e) === '23505')
      return fail('DUPLICATE_CHECKPOINT', `checkpoint ${checkpointId} already exists`);
    if (pgErrorCode(e) === '23503' && pgConstraint(e)?.endsWith('_userId_fkey')) {
      return fail('USER_NOT_FOUND', `user ${values.userId} does not exist`);
    }
    throw e;
  }
}

const resumable = and(
  eq(executionCheckpoints.canResume, true),
  sql`(${executionCheckpoints.expiresAt} is null or ${executionCheckpoints.expiresAt} > now())`,
);

export const latestResumableCheckpointErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** The newest checkpoint of the execution that can be resumed and has not expired. */
export async function latestResumableCheckpoint(db: DbOrTx, input: { executionId: number }) {
  const parsed = parseInput(z.object({ executionId: z.number().int() }), input);
  if (!parsed.success) return parsed;
  const [checkpoint] = await db
    .select()
    .from(executionCheckpoints)
    .where(and(eq(executionCheckpoints.executionId, parsed.data.executionId), resumable))
    .orderBy(desc(executionCheckpoints.createdAt), desc(executionCheckpoints.id))
    .limit(1);
  return checkpoint
    ? ok({ checkpoint })
    : fail('NOT_FOUND', `execution ${parsed.data.executionId} has no resumable checkpoint`);
}

export const resumeFromCheckpointErrors = ['INVALID_INPUT', 'NOT_FOUND', 'NOT_RESUMABLE'] as const;

/** Counts a resume (resumeCount + 1) in one conditional UPDATE; expired or non-resumable → NOT_RESUMABLE. */
export async function resumeFromCheckpoint(db: DbOrTx, input: { checkpointId: string }) {
  const parsed = parseInput(z.object({ checkpointId: z.string().min(1).max(255) }), input);
  if (!parsed.success) return parsed;
  const [checkpoint] = await db
    .update(executionCheckpoints)
    .set({ resumeCount: sql`${executionCheckpoints.resumeCount} + 1` })
    .where(and(eq(executionCheckpoints.checkpointId, parsed.data.checkpointId), resumable))
    .returning();
  if (checkpoint) return ok({ checkpoint });
  const [exists] = await db
    .select({ id: executionCheckpoints.id })
    .from(executionCheckpoints)
    .where(eq(executionCheckpoints.checkpointId, parsed.data.checkpointId));
  return exists
    ? fail('NOT_RESUMABLE', 'the checkpoint has expired or cannot be resumed')
    : fail('NOT_FOUND', `no checkpoint ${parsed.data.checkpointId}`);
}

// ---- action approvals: pending → approved | rejected (by a decision or by the row's timeoutAction)

export const approvalTimeoutActions = ['approve', 'reject'] as const;

const requestInput = z.object({
  executionId: z.number().int(),
  userId: z.number().int().positive(),
  actionType: z.string().min(1).max(100),
  actionDescription: z.string().min(1),
  actionParams: z.record(z.string(), json),
  riskLevel: z.enum(actionApprovalsRiskLevelValues),
  riskFactors: json.optional(),
  screenshotUrl: z.string().optional(),
  timeoutMinutes: z.number().int().positive(),
  timeoutAction: z.enum(approvalTimeoutActions).default('reject'),
});

export const requestApprovalErrors = ['INVALID_INPUT', 'USER_NOT_FOUND'] as const;

/** Queues a high-risk action for approval; it expires after timeoutMinutes. */
export async function requestApproval(db: DbOrTx, input: z.input<typeof requestInput>) {
  const parsed = parseInput(requestInput, input);
  if (!parsed.success) return parsed;
  const { timeoutMinutes, ...values } = parsed.data;
  try {
    const [approval] = await db
      .insert(actionApprovals)
      .values({ ...values, expiresAt: sql`now() + make_interval(mins => ${timeoutMinutes})` })
      .returning();
    return ok({ approval: approval! });
  } catch (e) {
    if (pgErrorCode(e) === '23503') return fail('USER_NOT_FOUND', `user ${values.userId} does not exist`);
    throw e;
  }
}

const decideInput = z.object({
  id: z.number().int().positive(),
  decision: z.enum(['approve', 'reject']),
  reason: z.string().optional(),
});

export const decideApprovalErrors = ['INVALID_INPUT', 'NOT_FOUND', 'ALREADY_DECIDED', 'EXPIRED'] as const;

/** Approves or rejects a pending, unexpired approval in one conditional UPDATE (first decision wins). */
export async function decideApproval(db: DbOrTx, input: z.input<typeof decideInput>) {
  const parsed = parseInput(decideInput, input);
  if (!parsed.success) return parsed;
  const { id, decision, reason } = parsed.data;
  const set =
    decision === 'approve'
      ? { status: 'approved', approvedAt: sql`now()` }
      : { status: 'rejected', rejectedAt: sql`now()`, rejectionReason: reason ?? null };
  const [approval] = await db
    .update(actionApprovals)
    .set(set)
    .where(
      and(
        eq(actionApprovals.id, id),
        eq(actionApprovals.status, 'pending'),
        sql`${actionApprovals.expiresAt} > now()`,
      ),
    )
    .returning();
  if (approval) return ok({ approval });
  const [row] = await db
    .select({ status: actionApprovals.status })
    .from(actionApprovals)
    .where(eq(actionApprovals.id, id));
  if (!row) return fail('NOT_FOUND', `no approval ${id}`);
  if (row.status !== 'pending') return fail('ALREADY_DECIDED', `the approval is already ${row.status}`);
  return fail('EXPIRED', 'the approval has timed out');
}

/** Applies each expired pending approval's timeoutAction ('approve' → approved, else rejected) in one UPDATE. */
export async function expireApprovals(db: DbOrTx) {
  const approve = sql`${actionApprovals.timeoutAction} = 'approve'`;
  const rows = await db
    .update(actionApprovals)
    .set({
      status: sql`case when ${approve} then 'approved' else 'rejected' end`,
      approvedAt: sql`case when ${approve} then now() else null end`,
      rejectedAt: sql`case when ${approve} then null else now() end`,
      rejectionReason: sql`case when ${approve} then null else 'timed out' end`,
    })
    .where(and(eq(actionApprovals.status, 'pending'), sql`${actionApprovals.expiresAt} <= now()`))
    .returning({ id: actionApprovals.id, status: actionApprovals.status });
  return ok({
    approved: rows.filter((r) => r.status === 'approved').map((r) => r.id),
    rejected: rows.filter((r) => r.status === 'rejected').map((r) => r.id),
  });
}
