import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { serialId } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { agencyTaskStates } from './queues';
import { agencyTasks } from './tables/webhooks-tasks';
import type { AgencyTask } from './validators';

// ---- agency_tasks.requiresHumanReview: the approval a person records before the bot may run it
//
// The document's columns for it are humanReviewedBy (FK users, ON DELETE SET NULL) and
// humanReviewedAt. An approval is humanReviewedAt set (with humanReviewedBy = the approving user);
// claimAgencyTasks takes a task that requires review only then. humanReviewedAt, not
// humanReviewedBy, is the mark: the reviewer's user row may be deleted (SET NULL) without undoing
// the approval. The document has no teams or roles beyond users.role's default 'user', so the
// person who approves a task is its owner.

export const approveAgencyTaskInput = z.object({
  /** The task's owner, who approves it: another user's task is TASK_NOT_FOUND, like a missing one. */
  userId: serialId(),
  taskId: serialId(),
});

export const approveAgencyTaskErrors = [
  'INVALID_INPUT',
  'TASK_NOT_FOUND',
  'REVIEW_NOT_REQUIRED',
  'ALREADY_APPROVED',
  'TASK_NOT_PENDING',
] as const;
export type ApproveAgencyTaskError = (typeof approveAgencyTaskErrors)[number];

/**
 * Records a person's approval of a pending task that requires human review (humanReviewedAt = now(),
 * humanReviewedBy = userId) in one conditional UPDATE, so of concurrent approvals exactly one is
 * recorded and the first reviewer and time stay. Then the bot may claim the task (claimAgencyTasks).
 * A task that does not require review is REVIEW_NOT_REQUIRED; one already approved is
 * ALREADY_APPROVED; one no longer waiting in 'pending' is TASK_NOT_PENDING. A refusal writes nothing.
 */
export async function approveAgencyTask(
  db: AnyDb,
  input: z.input<typeof approveAgencyTaskInput>,
): Promise<Result<{ task: AgencyTask }, ApproveAgencyTaskError>> {
  narrowDb(db);
  const parsed = parseInput(approveAgencyTaskInput, input);
  if (!parsed.success) return parsed;
  const { userId, taskId } = parsed.data;
  const mine = and(eq(agencyTasks.id, taskId), eq(agencyTasks.userId, userId));
  const [task] = await db
    .update(agencyTasks)
    .set({ humanReviewedAt: sql`now()`, humanReviewedBy: userId })
    .where(
      and(
        mine,
        eq(agencyTasks.requiresHumanReview, true),
        isNull(agencyTasks.humanReviewedAt),
        eq(agencyTasks.status, agencyTaskStates.ready),
      ),
    )
    .returning();
  if (task) return ok({ task });
  const [row] = await db
    .select({
      requiresHumanReview: agencyTasks.requiresHumanReview,
      approved: sql<boolean>`${agencyTasks.humanReviewedAt} is not null`,
      status: agencyTasks.status,
    })
    .from(agencyTasks)
    .where(mine);
  if (!row) return fail('TASK_NOT_FOUND', `no task ${taskId}`);
  if (!row.requiresHumanReview)
    return fail('REVIEW_NOT_REQUIRED', 'the task does not require a human review');
  if (row.approved) return fail('ALREADY_APPROVED', 'the task is already approved');
  return fail('TASK_NOT_PENDING', `the task is ${row.status}, not pending`);
}
