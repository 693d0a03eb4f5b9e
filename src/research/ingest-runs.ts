import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { truncate, uuidInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { adIngestRuns, brandChannelIdentities, brands, researchRuns } from './tables/ads';
import type { AdIngestRun } from './validators';

/** `ad_ingest_runs.error` keeps the first 2,000 UTF-16 units of the message (as `jobs.error`). */
export const AD_INGEST_ERROR_MAX_LENGTH = 2000;

export const failAdIngestRunInput = z.object({
  /** The org the scrape is for: the run's research run and identity must be its own. */
  orgId: uuidInput(),
  adIngestRunId: uuidInput(),
  error: z.string().min(1),
  /** Whether some results were obtained before the failure; omitted, the stored flag is kept. */
  isPartial: z.boolean().optional(),
  /** The provider's run id, when the failure is reported before it was stored; omitted, kept. */
  providerRunId: z.string().min(1).max(500).optional(),
});
export const failAdIngestRunErrors = ['INVALID_INPUT', 'INGEST_RUN_NOT_FOUND'] as const;
export type FailAdIngestRunError = (typeof failAdIngestRunErrors)[number];

/**
 * Records that a scrape failed: one conditional UPDATE of the org's ingest run → status `FAILED`,
 * `error` (cut to AD_INGEST_ERROR_MAX_LENGTH), `finished_at = now()`. What the run already holds is
 * kept: `items_count` and the ads of partial results ingested into it, `is_partial` unless given,
 * `provider_run_id` unless given. Allowed from any status: a RUNNING run that failed, or a run
 * whose partial results were ingested first (ingestAds keeps a FAILED run FAILED, so either order
 * ends FAILED with those results). A repeat replaces the error and finished_at.
 *
 * Owner: the run's research run and its identity's brand must both be `orgId`'s; another org's
 * run answers INGEST_RUN_NOT_FOUND, like a missing one, and is not changed.
 */
export async function failAdIngestRun(
  db: AnyDb,
  input: z.input<typeof failAdIngestRunInput>,
): Promise<Result<{ ingestRun: AdIngestRun }, FailAdIngestRunError>> {
  narrowDb(db);
  const parsed = parseInput(failAdIngestRunInput, input);
  if (!parsed.success) return parsed;
  const { orgId, adIngestRunId, error, isPartial, providerRunId } = parsed.data;
  const message = truncate(error, AD_INGEST_ERROR_MAX_LENGTH);
  const [ingestRun] = await db
    .update(adIngestRuns)
    .set({
      status: 'FAILED',
      error: message,
      isPartial: sql`coalesce(${isPartial ?? null}::boolean, ${adIngestRuns.isPartial})`,
      providerRunId: sql`coalesce(${providerRunId ?? null}::text, ${adIngestRuns.providerRunId})`,
      finishedAt: sql`now()`,
    })
    .where(
      and(
        eq(adIngestRuns.id, adIngestRunId),
        sql`exists (select 1 from ${researchRuns} r
                     where r.id = ${adIngestRuns.researchRunId} and r.org_id = ${orgId})`,
        sql`exists (select 1 from ${brandChannelIdentities} i join ${brands} b on b.id = i.brand_id
                     where i.id = ${adIngestRuns.brandChannelIdentityId} and b.org_id = ${orgId})`,
      ),
    )
    .returning();
  if (!ingestRun) return fail('INGEST_RUN_NOT_FOUND', 'no ad ingest run with this id in this org');
  return ok({ ingestRun });
}
