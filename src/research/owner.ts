// Owner checks shared by the research repository functions (internal: not exported by index.ts).
// The owner of every research row is an org. A reference another org owns answers exactly like one
// that does not exist; the composite foreign keys through org_id / client_id (migrations 0003 and
// 0004) make the database refuse such rows too, so a check here only picks the documented code.
import { sql } from 'drizzle-orm';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import { researchRuns } from './tables/ads';
import { campaigns } from './tables/campaigns';
import { clients, orgs, users } from './tables/tenancy';

export interface References {
  orgId: string;
  clientId?: string | null;
  /** Must belong to the org and, when a client is given, to that client. */
  campaignId?: string | null;
  userId?: string | null;
  researchRunId?: string | null;
}

/** Which reference failed first, in this order: org, client, campaign, user, research run. */
export type MissingReference = 'org' | 'client' | 'campaign' | 'user' | 'researchRun';

/**
 * One statement: does the org exist, and does every given reference belong to it? Run it in the
 * same transaction as the write it guards; the foreign keys back it up under concurrency.
 */
export async function missingReference(db: AnyDb, refs: References): Promise<MissingReference | undefined> {
  narrowDb(db);
  const { orgId } = refs;
  const client = refs.clientId ?? null;
  const campaign = refs.campaignId ?? null;
  const user = refs.userId ?? null;
  const run = refs.researchRunId ?? null;
  const [row] = rowsOf<Record<MissingReference, boolean>>(
    await db.execute(sql`select
      exists (select 1 from ${orgs} where id = ${orgId}) as "org",
      (${client}::uuid is null or exists (
        select 1 from ${clients} where id = ${client}::uuid and org_id = ${orgId})) as "client",
      (${campaign}::uuid is null or exists (
        select 1 from ${campaigns} where id = ${campaign}::uuid and org_id = ${orgId}
          and (${client}::uuid is null or client_id = ${client}::uuid))) as "campaign",
      (${user}::uuid is null or exists (
        select 1 from ${users} where id = ${user}::uuid and org_id = ${orgId})) as "user",
      (${run}::uuid is null or exists (
        select 1 from ${researchRuns} where id = ${run}::uuid and org_id = ${orgId})) as "researchRun"`),
  );
  for (const key of ['org', 'client', 'campaign', 'user', 'researchRun'] as const)
    if (!row?.[key]) return key;
  return undefined;
}

/** The message of each not-found code: the same for a missing row and another org's row. */
export const notFoundMessage: Record<MissingReference, string> = {
  org: 'no org with this id',
  client: 'no client with this id in this org',
  campaign: 'no campaign with this id for this org and client',
  user: 'no user with this id in this org',
  researchRun: 'no research run with this id in this org',
};
