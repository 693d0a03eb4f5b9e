import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { artifacts } from './campaigns';
import { artifactTypeValues } from './enums';
import { jsonObject } from './validators';

export type Artifact = typeof artifacts.$inferSelect;

export const saveArtifactInput = z.object({
  orgId: z.uuid(),
  clientId: z.uuid(),
  campaignId: z.uuid().nullish(),
  type: z.enum(artifactTypeValues),
  data: jsonObject,
  createdByUser: z.uuid().nullish(),
});
export const saveArtifactErrors = [
  'INVALID_INPUT',
  'ORG_NOT_FOUND',
  'CLIENT_NOT_FOUND',
  'CAMPAIGN_NOT_FOUND',
  'USER_NOT_FOUND',
] as const;
export type SaveArtifactError = (typeof saveArtifactErrors)[number];

const fkErrors: Record<string, [SaveArtifactError, string]> = {
  artifacts_org_id_fkey: ['ORG_NOT_FOUND', 'no org with this id'],
  artifacts_client_id_fkey: ['CLIENT_NOT_FOUND', 'no client with this id'],
  artifacts_campaign_id_fkey: ['CAMPAIGN_NOT_FOUND', 'no campaign with this id'],
  artifacts_created_by_user_fkey: ['USER_NOT_FOUND', 'no user with this id'],
};

/**
 * Saves a new version of an artifact: version = highest for (client, campaign, type) + 1.
 * A transaction-scoped advisory lock on that key serialises concurrent savers, and the
 * INSERT with a max()+1 subquery runs after the lock with a fresh snapshot, so versions are 1..N without
 * gaps or duplicates; the unique (client_id, campaign_id, type, version) constraint backs it up.
 */
export async function saveArtifact(
  db: DbOrTx,
  input: z.input<typeof saveArtifactInput>,
): Promise<Result<{ artifact: Artifact }, SaveArtifactError>> {
  const parsed = parseInput(saveArtifactInput, input);
  if (!parsed.success) return parsed;
  const { orgId, clientId, type, data } = parsed.data;
  const campaignId = parsed.data.campaignId ?? null;
  const createdByUser = parsed.data.createdByUser ?? null;
  const key = `research.artifacts:${clientId}:${campaignId ?? '-'}:${type}`;
  try {
    const artifact = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
      const [row] = await tx
        .insert(artifacts)
        .values({
          orgId,
          clientId,
          campaignId,
          type,
          data,
          createdByUser,
          version: sql`(select coalesce(max(a.version), 0) + 1 from ${artifacts} a
            where a.client_id = ${clientId} and a.campaign_id is not distinct from ${campaignId}::uuid
              and a.type = ${type})`,
        })
        .returning();
      return row!;
    });
    return ok({ artifact });
  } catch (error) {
    const mapped = pgErrorCode(error) === '23503' ? fkErrors[pgConstraint(error) ?? ''] : undefined;
    if (mapped) return fail(mapped[0], mapped[1]);
    throw error;
  }
}
