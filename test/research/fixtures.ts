import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../../src/db';
import {
  brandChannelIdentities,
  brands,
  campaigns,
  clients,
  orgs,
  researchRuns,
  users,
} from '../../src/research';

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');
export const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** An org with a client, a campaign, a user, a brand with a META identity and a research run. */
export async function seedWorld(db: Database) {
  const [org] = await db
    .insert(orgs)
    .values({ name: uniq('org') })
    .returning();
  const [client] = await db.insert(clients).values({ orgId: org!.id, name: 'Acme' }).returning();
  const [campaign] = await db
    .insert(campaigns)
    .values({ orgId: org!.id, clientId: client!.id, name: 'Launch' })
    .returning();
  const [user] = await db
    .insert(users)
    .values({
      orgId: org!.id,
      clerkUserId: uniq('clerk'),
      email: `${uniq('u')}@example.com`,
      role: 'strategy',
    })
    .returning();
  const [brand] = await db
    .insert(brands)
    .values({
      orgId: org!.id,
      canonicalName: 'Rival',
      normalizedName: uniq('rival'),
      primaryDomain: `${uniq('r')}.com`,
    })
    .returning();
  const [identity] = await db
    .insert(brandChannelIdentities)
    .values({ brandId: brand!.id, channel: 'META_ADS_LIBRARY', externalId: uniq('page') })
    .returning();
  const [run] = await db
    .insert(researchRuns)
    .values({ orgId: org!.id, clientId: client!.id, campaignId: campaign!.id })
    .returning();
  return {
    org: org!,
    client: client!,
    campaign: campaign!,
    user: user!,
    brand: brand!,
    identity: identity!,
    run: run!,
  };
}
