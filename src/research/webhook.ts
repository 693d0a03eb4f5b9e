import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { INDEX_ENTRY_BUDGET, keyText } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { researchJobStatusValues } from './tables/enums';
import { deepResearchJobs } from './tables/workflows';
import type { DeepResearchJob } from './validators';
import { jsonObject } from './validators';

type ResearchJobStatus = (typeof researchJobStatusValues)[number];

/** created → queued → in_progress → one terminal state; a status only ever moves right. */
export const researchJobStatusRank: Record<ResearchJobStatus, number> = {
  created: 0,
  queued: 1,
  in_progress: 2,
  completed: 3,
  failed: 3,
  cancelled: 3,
  incomplete: 3,
  errored: 3,
};
export const terminalResearchJobStatuses = researchJobStatusValues.filter(
  (s) => researchJobStatusRank[s] === 3,
);

export const applyResearchWebhookInput = z.object({
  /** The provider's response id (deep_research_jobs_response_id_key). */
  responseId: keyText(INDEX_ENTRY_BUDGET).min(1).max(500),
  webhookId: z.string().min(1).max(500),
  status: z.enum(researchJobStatusValues),
  outputText: z.string().nullish(),
  fullResponseJson: jsonObject.nullish(),
  error: z.string().max(100_000).nullish(),
  incompleteDetails: jsonObject.nullish(),
});
export const applyResearchWebhookErrors = ['INVALID_INPUT', 'JOB_NOT_FOUND'] as const;
export type ApplyResearchWebhookError = (typeof applyResearchWebhookErrors)[number];
/** applied: status advanced; stale: the job is already at or past this status (webhook recorded, nothing else); duplicate: this webhook id was the last one applied. */
export type WebhookOutcome = 'applied' | 'stale' | 'duplicate';

const rankSql = sql`case ${deepResearchJobs.status} when 'created' then 0 when 'queued' then 1 when 'in_progress' then 2 else 3 end`;

/**
 * Applies a provider webhook to the deep_research_job with this response_id. Each step is one
 * conditional UPDATE, so concurrent deliveries serialise on the row lock and re-check:
 * 1. advance the status (and store output/error) when the new status ranks higher;
 * 2. else record the webhook id only (stale: a completed job never returns to in_progress);
 * 3. else the webhook id equals last_webhook_id: a repeat, ignored.
 */
export async function applyResearchWebhook(
  db: AnyDb,
  input: z.input<typeof applyResearchWebhookInput>,
): Promise<Result<{ job: DeepResearchJob; outcome: WebhookOutcome }, ApplyResearchWebhookError>> {
  narrowDb(db);
  const parsed = parseInput(applyResearchWebhookInput, input);
  if (!parsed.success) return parsed;
  const { responseId, webhookId, status, outputText, fullResponseJson, error, incompleteDetails } =
    parsed.data;
  const fresh = and(
    eq(deepResearchJobs.responseId, responseId),
    sql`${deepResearchJobs.lastWebhookId} is distinct from ${webhookId}`,
  );

  const set: Record<string, unknown> = { status, lastWebhookId: webhookId };
  // Only fields the webhook carries: an absent field keeps what an earlier webhook stored.
  if (outputText != null) set.outputText = outputText;
  if (fullResponseJson != null) set.fullResponseJson = fullResponseJson;
  if (error != null) set.error = error;
  if (incompleteDetails != null) set.incompleteDetails = incompleteDetails;
  if (researchJobStatusRank[status] === 3) set.finishedAt = sql`now()`;
  const forward: SQL = sql`${rankSql} < ${researchJobStatusRank[status]}`;

  const [applied] = await db.update(deepResearchJobs).set(set).where(and(fresh, forward)).returning();
  if (applied) return ok({ job: applied, outcome: 'applied' });

  const [stale] = await db
    .update(deepResearchJobs)
    .set({ lastWebhookId: webhookId })
    .where(fresh)
    .returning();
  if (stale) return ok({ job: stale, outcome: 'stale' });

  const [existing] = await db
    .select()
    .from(deepResearchJobs)
    .where(eq(deepResearchJobs.responseId, responseId));
  if (!existing) return fail('JOB_NOT_FOUND', 'no deep research job with this response id');
  return ok({ job: existing, outcome: 'duplicate' });
}
