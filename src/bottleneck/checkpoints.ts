import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { INT4, int4, jsonArray, jsonObject, jsonValue, serialId } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { actionApprovals, actionApprovalsRiskLevelValues } from './tables/admin';
import { executionCheckpoints, executionCheckpointsCheckpointReasonValues } from './tables/knowledge';
import type { ActionApproval, ExecutionCheckpoint } from './validators';

/**
 * The owner a call acts for. Optional on the functions an execution engine also calls for the
 * system (resume, approve); when given, rows of another user are NOT_FOUND, exactly like missing ones.
 */
const actingUser = serialId().optional();
const checkpointOf = (userId: number | undefined) =>
  userId === undefined ? undefined : eq(executionCheckpoints.userId, userId);

export const saveCheckpointInput = z.object({
  checkpointId: z.string().min(1).max(255).optional(),
  /** The execution in the caller's engine: no foreign key (as documented), any integer. */
  executionId: int4(),
  userId: serialId(),
  phaseId: int4().optional(),
  phaseName: z.string().optional(),
  stepIndex: int4({ min: 0 }).default(0),
  completedSteps: jsonArray().default([]),
  completedPhases: jsonArray().default([]),
  partialResults: jsonObject().default({}),
  extractedData: jsonObject().default({}),
  sessionState: jsonValue().optional(),
  browserContext: jsonValue().optional(),
  errorInfo: jsonValue().optional(),
  checkpointReason: z.enum(executionCheckpointsCheckpointReasonValues).optional(),
  canResume: z.boolean().default(true),
  /** Minutes until the checkpoint expires; none = never. int4 minutes end before year 9999. */
  ttlMinutes: int4({ min: 1 }).optional(),
});

export const saveCheckpointErrors = ['INVALID_INPUT', 'DUPLICATE_CHECKPOINT', 'USER_NOT_FOUND'] as const;

/** Stores a checkpoint (checkpointId generated when absent). */
export async function saveCheckpoint(
  db: AnyDb,
  input: z.input<typeof saveCheckpointInput>,
): Promise<Result<{ checkpoint: ExecutionCheckpoint }, (typeof saveCheckpointErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(saveCheckpointInput, input);
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
    if (isConstraintViolation(e, '23505', 'execution_checkpoints_checkpointId_key'))
      return fail('DUPLICATE_CHECKPOINT', `checkpoint ${checkpointId} already exists`);
    if (isConstraintViolation(e, '23503', 'execution_checkpoints_userId_fkey')) {
      return fail('USER_NOT_FOUND', `user ${values.userId} does not exist`);
    }
    throw e;
  }
}

const resumable = and(
  eq(executionCheckpoints.canResume, true),
  sql`(${executionCheckpoints.expiresAt} is null or ${executionCheckpoints.expiresAt} > now())`,
);

export const latestResumableCheckpointInput = z.object({ executionId: int4(), userId: actingUser });
export const latestResumableCheckpointErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** The newest checkpoint of the execution (of `userId`, when given) that can be resumed and has not expired. */
export async function latestResumableCheckpoint(
  db: AnyDb,
  input: z.input<typeof latestResumableCheckpointInput>,
): Promise<Result<{ checkpoint: ExecutionCheckpoint }, (typeof latestResumableCheckpointErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(latestResumableCheckpointInput, input);
  if (!parsed.success) return parsed;
  const { executionId, userId } = parsed.data;
  const [checkpoint] = await db
    .select()
    .from(executionCheckpoints)
    .where(and(eq(executionCheckpoints.executionId, executionId), checkpointOf(userId), resumable))
    .orderBy(desc(executionCheckpoints.createdAt), desc(executionCheckpoints.id))
    .limit(1);
  return checkpoint
    ? ok({ checkpoint })
    : fail('NOT_FOUND', `execution ${executionId} has no resumable checkpoint`);
}

export const resumeFromCheckpointInput = z.object({
  checkpointId: z.string().min(1).max(255),
  userId: actingUser,
});
export const resumeFromCheckpointErrors = ['INVALID_INPUT', 'NOT_FOUND', 'NOT_RESUMABLE'] as const;

/**
 * Counts a resume (resumeCount + 1) in one conditional UPDATE; expired or non-resumable →
 * NOT_RESUMABLE. With `userId`, another user's checkpoint is NOT_FOUND.
 */
export async function resumeFromCheckpoint(
  db: AnyDb,
  input: z.input<typeof resumeFromCheckpointInput>,
): Promise<Result<{ checkpoint: ExecutionCheckpoint }, (typeof resumeFromCheckpointErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(resumeFromCheckpointInput, input);
  if (!parsed.success) return parsed;
  const { checkpointId, userId } = parsed.data;
  const mine = and(eq(executionCheckpoints.checkpointId, checkpointId), checkpointOf(userId));
  const [checkpoint] = await db
    .update(executionCheckpoints)
    // A counter: it saturates at the int4 range instead of failing the resume.
    .set({ resumeCount: sql`least(${executionCheckpoints.resumeCount}::bigint + 1, ${INT4.max})::int` })
    .where(and(mine, resumable))
    .returning();
  if (checkpoint) return ok({ checkpoint });
  const [exists] = await db.select({ id: executionCheckpoints.id }).from(executionCheckpoints).where(mine);
  return exists
    ? fail('NOT_RESUMABLE', 'the checkpoint has expired or cannot be resumed')
    : fail('NOT_FOUND', `no checkpoint ${checkpointId}`);
}

// ---- action approvals: pending → approved | rejected (by a decision or by the row's timeoutAction)

export const approvalTimeoutActions = ['approve', 'reject'] as const;

export const requestApprovalInput = z.object({
  /** The execution in the caller's engine: no foreign key (as documented), any integer. */
  executionId: int4(),
  userId: serialId(),
  actionType: z.string().min(1).max(100),
  actionDescription: z.string().min(1),
  actionParams: jsonObject(),
  riskLevel: z.enum(actionApprovalsRiskLevelValues),
  riskFactors: jsonValue().optional(),
  screenshotUrl: z.string().optional(),
  /** int4 minutes (about 4,000 years) end before year 9999. */
  timeoutMinutes: int4({ min: 1 }),
  timeoutAction: z.enum(approvalTimeoutActions).default('reject'),
});

export const requestApprovalErrors = ['INVALID_INPUT', 'USER_NOT_FOUND'] as const;

/** Queues a high-risk action for approval; it expires after timeoutMinutes. */
export async function requestApproval(
  db: AnyDb,
  input: z.input<typeof requestApprovalInput>,
): Promise<Result<{ approval: ActionApproval }, (typeof requestApprovalErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(requestApprovalInput, input);
  if (!parsed.success) return parsed;
  const { timeoutMinutes, ...values } = parsed.data;
  try {
    const [approval] = await db
      .insert(actionApprovals)
      .values({ ...values, expiresAt: sql`now() + make_interval(mins => ${timeoutMinutes})` })
      .returning();
    return ok({ approval: approval! });
  } catch (e) {
    if (isConstraintViolation(e, '23503', 'action_approvals_userId_fkey'))
      return fail('USER_NOT_FOUND', `user ${values.userId} does not exist`);
    throw e;
  }
}

export const decideApprovalInput = z.object({
  id: serialId(),
  /** The user deciding: with it, another user's approval is NOT_FOUND. */
  userId: actingUser,
  decision: z.enum(['approve', 'reject']),
  reason: z.string().optional(),
});

export const decideApprovalErrors = ['INVALID_INPUT', 'NOT_FOUND', 'ALREADY_DECIDED', 'EXPIRED'] as const;

/** Approves or rejects a pending, unexpired approval in one conditional UPDATE (first decision wins). */
export async function decideApproval(
  db: AnyDb,
  input: z.input<typeof decideApprovalInput>,
): Promise<Result<{ approval: ActionApproval }, (typeof decideApprovalErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(decideApprovalInput, input);
  if (!parsed.success) return parsed;
  const { id, userId, decision, reason } = parsed.data;
  const set =
    decision === 'approve'
      ? { status: 'approved', approvedAt: sql`now()` }
      : { status: 'rejected', rejectedAt: sql`now()`, rejectionReason: reason ?? null };
  const mine = and(
    eq(actionApprovals.id, id),
    userId === undefined ? undefined : eq(actionApprovals.userId, userId),
  );
  const [approval] = await db
    .update(actionApprovals)
    .set(set)
    .where(and(mine, eq(actionApprovals.status, 'pending'), sql`${actionApprovals.expiresAt} > now()`))
    .returning();
  if (approval) return ok({ approval });
  const [row] = await db.select({ status: actionApprovals.status }).from(actionApprovals).where(mine);
  if (!row) return fail('NOT_FOUND', `no approval ${id}`);
  if (row.status !== 'pending') return fail('ALREADY_DECIDED', `the approval is already ${row.status}`);
  return fail('EXPIRED', 'the approval has timed out');
}

export const expireApprovalsInput = z.object({}).optional();
export const expireApprovalsErrors = ['INVALID_INPUT'] as const;

/**
 * Applies each expired pending approval's timeoutAction ('approve' → approved, else rejected) in
 * one UPDATE. The rows are locked in id order first, so concurrent runs cannot deadlock.
 */
export async function expireApprovals(
  db: AnyDb,
  input?: z.input<typeof expireApprovalsInput>,
): Promise<Result<{ approved: number[]; rejected: number[] }, (typeof expireApprovalsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(expireApprovalsInput, input);
  if (!parsed.success) return parsed;
  const approve = sql`${actionApprovals.timeoutAction} = 'approve'`;
  const due = and(eq(actionApprovals.status, 'pending'), sql`${actionApprovals.expiresAt} <= now()`);
  const locked = db
    .select({ id: actionApprovals.id })
    .from(actionApprovals)
    .where(due)
    .orderBy(actionApprovals.id)
    .for('update');
  const rows = await db
    .update(actionApprovals)
    .set({
      status: sql`case when ${approve} then 'approved' else 'rejected' end`,
      approvedAt: sql`case when ${approve} then now() else null end`,
      rejectedAt: sql`case when ${approve} then null else now() end`,
      rejectionReason: sql`case when ${approve} then null else 'timed out' end`,
    })
    .where(and(inArray(actionApprovals.id, locked), due))
    .returning({ id: actionApprovals.id, status: actionApprovals.status });
  return ok({
    approved: rows
      .filter((r) => r.status === 'approved')
      .map((r) => r.id)
      .sort((a, b) => a - b),
    rejected: rows
      .filter((r) => r.status === 'rejected')
      .map((r) => r.id)
      .sort((a, b) => a - b),
  });
}
