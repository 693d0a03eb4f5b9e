import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb, pgErrorCode } from '../db';
import { INT4, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { missingReference, notFoundMessage } from './owner';
import { artifacts } from './tables/campaigns';
import { artifactTypeValues } from './tables/enums';
import type { Artifact } from './validators';
import { jsonObject } from './validators';

export const saveArtifactInput = z.object({
  orgId: uuidInput(),
  /** A client of the org. */
  clientId: uuidInput(),
  /** A campaign of that client; absent for a client-level artifact. */
  campaignId: uuidInput().nullish(),
  type: z.enum(artifactTypeValues),
  data: jsonObject,
  /** A user of the org. */
  createdByUser: uuidInput().nullish(),
});
export const saveArtifactErrors = [
  'INVALID_INPUT',
  'ORG_NOT_FOUND',
  'CLIENT_NOT_FOUND',
  'CAMPAIGN_NOT_FOUND',
  'USER_NOT_FOUND',
  'VERSION_LIMIT_REACHED',
] as const;
export type SaveArtifactError = (typeof saveArtifactErrors)[number];

const notFound = {
  org: 'ORG_NOT_FOUND',
  client: 'CLIENT_NOT_FOUND',
  campaign: 'CAMPAIGN_NOT_FOUND',
  user: 'USER_NOT_FOUND',
} as const;

/** The FKs an insert can still violate when a parent is deleted after the check (same codes). */
const fkErrors: [string, keyof typeof notFound][] = [
  ['artifacts_org_id_fkey', 'org'],
  ['artifacts_client_id_fkey', 'client'],
  ['artifacts_campaign_id_fkey', 'campaign'],
  ['artifacts_created_by_user_fkey', 'user'],
];

/**
 * Saves a new version of an artifact: version = highest for (client, campaign, type) + 1.
 * In one transaction: the client must belong to the org, the campaign to that client and the user
 * to the org (another org's id answers like a missing one: the same code, nothing written); then a
 * transaction-scoped advisory lock on (client, campaign, type) serialises concurrent savers, and
 * the INSERT with a max()+1 subquery runs after the lock with a fresh snapshot, so versions are
 * 1..N without gaps or duplicates; the unique (client_id, campaign_id, type, version) constraint
 * and the composite foreign keys (client_id, org_id), (campaign_id, client_id),
 * (created_by_user, org_id) back it up.
 */
export async function saveArtifact(
  db: AnyDb,
  input: z.input<typeof saveArtifactInput>,
): Promise<Result<{ artifact: Artifact }, SaveArtifactError>> {
  narrowDb(db);
  const parsed = parseInput(saveArtifactInput, input);
  if (!parsed.success) return parsed;
  const { orgId, clientId, type, data } = parsed.data;
  const campaignId = parsed.data.campaignId ?? null;
  const createdByUser = parsed.data.createdByUser ?? null;
  const key = `research.artifacts:${clientId}:${campaignId ?? '-'}:${type}`;
  try {
    return await transactionResult(db, async (tx) => {
      const missing = await missingReference(tx, { orgId, clientId, campaignId, userId: createdByUser });
      if (missing && missing !== 'researchRun') return fail(notFound[missing], notFoundMessage[missing]);
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
      return ok({ artifact: row! });
    });
  } catch (error) {
    for (const [constraint, ref] of fkErrors)
      if (isConstraintViolation(error, '23503', constraint)) return fail(notFound[ref], notFoundMessage[ref]);
    // version is an int4 and max()+1 is the only computed value of the insert.
    if (pgErrorCode(error) === '22003')
      return fail('VERSION_LIMIT_REACHED', `artifact versions end at ${INT4.max} (an int4 column)`);
    throw error;
  }
}
