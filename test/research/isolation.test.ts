import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import * as r from '../../src/research';
import { functionsTakingReferences, rowCounts } from '../contract/contract';
import { expectPgError, useTestDb } from '../support';
import { seedWorld, sha, uniq } from './fixtures';

// Owner isolation (issue 14): the owner of every research row is an org. Every repository function
// that takes a reference is called with another org's id and must answer exactly as for a random
// id — same success, code and message — writing nothing.

type World = Awaited<ReturnType<typeof seedWorld>>;
/** The other org, with an ad ingest run of its own. */
type Other = World & { ingestRunId: string };
type Outcome = { success: boolean; error?: string; message?: string };
/** One comparison: the call with another org's id, and the same call with a random id. */
type Pair = {
  what: string;
  foreign: (db: Database) => Promise<Outcome>;
  random: (db: Database) => Promise<Outcome>;
};

const random = () => crypto.randomUUID();
const ownerKeys = ['orgId'] as const;

/** A: the caller's org; B: another org. */
const cases: Record<string, (a: World, b: Other) => Pair[]> = {
  saveArtifact: (a, b) => {
    const base = {
      orgId: a.org.id,
      clientId: a.client.id,
      campaignId: a.campaign.id,
      createdByUser: a.user.id,
      type: 'strategy_sheet' as const,
      data: { x: 1 },
    };
    return [
      ['clientId', b.client.id],
      ['campaignId', b.campaign.id],
      // createdByUser is a reference too, though not named …Id.
      ['createdByUser', b.user.id],
    ].map(([field, other]) => ({
      what: field!,
      foreign: (db) => r.saveArtifact(db, { ...base, [field!]: other }),
      random: (db) => r.saveArtifact(db, { ...base, [field!]: random() }),
    }));
  },
  registerContextFile: (a, b) => {
    const base = {
      orgId: a.org.id,
      ideaWorkspaceId: 'ws',
      clientId: a.client.id,
      campaignId: a.campaign.id,
      docKey: 'precanon:04',
      sourceKind: 'precanon_step',
      sha256: sha(uniq('doc')),
    };
    // ideaWorkspaceId, claudeFileId and driveDocId are external identifiers, not row references.
    return [
      ['clientId', b.client.id],
      ['campaignId', b.campaign.id],
    ].map(([field, other]) => ({
      what: field!,
      foreign: (db) => r.registerContextFile(db, { ...base, [field!]: other }),
      random: (db) => r.registerContextFile(db, { ...base, [field!]: random() }),
    }));
  },
  enqueueResearchJob: (a, b) => {
    const base = {
      orgId: a.org.id,
      clientId: a.client.id,
      researchRunId: a.run.id,
      jobType: 'add_creative_breakdown',
      subjectType: 'ad',
      subjectId: a.brand.id,
      input: {},
    };
    // subjectId is a logical reference to a row of any table (documented "not enforced"): exempt.
    return [
      ['clientId', b.client.id],
      ['researchRunId', b.run.id],
    ].map(([field, other]) => ({
      what: field!,
      foreign: (db) => r.enqueueResearchJob(db, { ...base, [field!]: other }),
      random: (db) => r.enqueueResearchJob(db, { ...base, [field!]: random() }),
    }));
  },
  ingestAds: (a, b) => {
    const base = {
      orgId: a.org.id,
      researchRunId: a.run.id,
      brandChannelIdentityId: a.identity.id,
      channel: 'META_ADS_LIBRARY' as const,
      items: [
        {
          externalAdId: uniq('iso-ad'),
          rawJson: {},
          media: [{ assetType: 'IMAGE' as const, sha256: sha(uniq('m')) }],
        },
      ],
    };
    // run.provider*Id and items.*.externalAdId are the provider's identifiers, not row references.
    return [
      ['researchRunId', b.run.id],
      ['brandChannelIdentityId', b.identity.id],
      ['adIngestRunId', b.ingestRunId],
    ].map(([field, other]) => ({
      what: field!,
      foreign: (db) => r.ingestAds(db, { ...base, [field!]: other }),
      random: (db) => r.ingestAds(db, { ...base, [field!]: random() }),
    }));
  },
  failAdIngestRun: (a, b) => [
    {
      what: 'adIngestRunId',
      foreign: (db) => r.failAdIngestRun(db, { orgId: a.org.id, adIngestRunId: b.ingestRunId, error: 'x' }),
      random: (db) => r.failAdIngestRun(db, { orgId: a.org.id, adIngestRunId: random(), error: 'x' }),
    },
  ],
};

/**
 * Functions that take an id but act for no org, so there is no owner to compare with:
 * - the worker side of the system-wide job queue (claimResearchJobs: workerId is a free label;
 *   completeResearchJob / failResearchJob: jobId is the row's own id, returned by a claim);
 * - applyResearchWebhook: the provider's callback, keyed by the provider's response and webhook ids.
 */
const exempt = ['applyResearchWebhook', 'claimResearchJobs', 'completeResearchJob', 'failResearchJob'];

describe('research: owner isolation', () => {
  const t = useTestDb();

  async function twoOrgs() {
    const a = await seedWorld(t().db);
    const b = await seedWorld(t().db);
    const [run] = await t()
      .db.insert(r.adIngestRuns)
      .values({ researchRunId: b.run.id, brandChannelIdentityId: b.identity.id, channel: 'META_ADS_LIBRARY' })
      .returning();
    return { a, b: { ...b, ingestRunId: run!.id } };
  }

  it('covers every repository function that takes a reference', async () => {
    const refs = await functionsTakingReferences('research', ownerKeys);
    expect(Object.keys(refs).sort()).toEqual([...Object.keys(cases), ...exempt].sort());
  });

  it("another org's id answers exactly like a random id and writes nothing", async () => {
    const { a, b } = await twoOrgs();
    const db = t().db;
    const seen: string[] = [];
    for (const [fn, make] of Object.entries(cases)) {
      for (const pair of make(a, b)) {
        const before = await rowCounts(db, ['research']);
        const foreign = await pair.foreign(db);
        const afterForeign = await rowCounts(db, ['research']);
        const rnd = await pair.random(db);
        const afterRandom = await rowCounts(db, ['research']);
        const label = `${fn}.${pair.what}`;
        expect(foreign.success, label).toBe(false);
        expect({ label, ...pick(foreign) }).toEqual({ label, ...pick(rnd) });
        expect(afterForeign, label).toEqual(before);
        expect(afterRandom, label).toEqual(before);
        seen.push(label);
      }
    }
    expect(seen).toHaveLength(11);
  });

  it('saveArtifact and registerContextFile refuse a campaign of another client of the same org', async () => {
    const { a } = await twoOrgs();
    const [other] = await t().db.insert(r.clients).values({ orgId: a.org.id, name: 'Other' }).returning();
    const [otherCampaign] = await t()
      .db.insert(r.campaigns)
      .values({ orgId: a.org.id, clientId: other!.id, name: 'Other launch' })
      .returning();
    const before = await rowCounts(t().db, ['research']);
    expect(
      await r.saveArtifact(t().db, {
        orgId: a.org.id,
        clientId: a.client.id,
        campaignId: otherCampaign!.id,
        type: 'playbook',
        data: {},
      }),
    ).toMatchObject({ success: false, error: 'CAMPAIGN_NOT_FOUND' });
    expect(
      await r.registerContextFile(t().db, {
        orgId: a.org.id,
        ideaWorkspaceId: 'ws',
        clientId: a.client.id,
        campaignId: otherCampaign!.id,
        docKey: 'k',
        sourceKind: 's',
        sha256: sha(uniq('x')),
      }),
    ).toMatchObject({ success: false, error: 'CAMPAIGN_NOT_FOUND' });
    expect(await rowCounts(t().db, ['research'])).toEqual(before);
  });

  it('a repeat registerContextFile still checks its references', async () => {
    const { a, b } = await twoOrgs();
    const f = {
      orgId: a.org.id,
      ideaWorkspaceId: 'ws',
      docKey: 'k',
      sourceKind: 's',
      sha256: sha(uniq('x')),
    };
    expect(await r.registerContextFile(t().db, { ...f, clientId: a.client.id })).toMatchObject({
      success: true,
      created: true,
    });
    const foreign = await r.registerContextFile(t().db, { ...f, clientId: b.client.id });
    const rnd = await r.registerContextFile(t().db, { ...f, clientId: random() });
    expect(pick(foreign)).toEqual(pick(rnd));
    expect(foreign).toMatchObject({ success: false, error: 'CLIENT_NOT_FOUND' });
  });

  it("a dedupe key of another org's job is DEDUPE_KEY_TAKEN and never returns that job", async () => {
    const { a, b } = await twoOrgs();
    const dedupeKey = uniq('dedupe');
    const job = { jobType: 'j', subjectType: 'ad', subjectId: a.brand.id, dedupeKey, input: { secret: 'b' } };
    const mine = await r.enqueueResearchJob(t().db, { ...job, orgId: b.org.id });
    expect(mine).toMatchObject({ success: true, created: true });
    const before = await rowCounts(t().db, ['research']);
    const theirs = await r.enqueueResearchJob(t().db, { ...job, orgId: a.org.id, input: {} });
    expect(theirs).toEqual({
      success: false,
      error: 'DEDUPE_KEY_TAKEN',
      message: 'the dedupe key is used by a job of another org',
    });
    expect(await rowCounts(t().db, ['research'])).toEqual(before);
    // The owner's repeat still returns its job.
    expect(await r.enqueueResearchJob(t().db, { ...job, orgId: b.org.id })).toMatchObject({
      success: true,
      created: false,
    });
  });

  // Issue 18 §3: ads were unique on (channel, external_ad_id) across orgs, so the second org's scrape
  // of an ad got nothing (before: it overwrote the first org's row). Each brand now has its own copy.
  it("ingestAds gives each org's brand its own copy of a shared ad; neither scrape changes the other's", async () => {
    const { a, b } = await twoOrgs();
    const externalAdId = uniq('shared-ad');
    const creative = sha(uniq('creative'));
    const ingest = (w: World, fields: Partial<r.IngestAdItem>, seenAt: string) =>
      r.ingestAds(t().db, {
        orgId: w.org.id,
        researchRunId: w.run.id,
        brandChannelIdentityId: w.identity.id,
        channel: 'META_ADS_LIBRARY',
        seenAt,
        items: [{ externalAdId, rawJson: {}, media: [{ assetType: 'IMAGE', sha256: creative }], ...fields }],
      });
    const adOf = async (w: World) =>
      (
        await t()
          .db.select()
          .from(r.ads)
          .where(and(eq(r.ads.externalAdId, externalAdId), eq(r.ads.brandId, w.brand.id)))
      )[0]!;
    const linksOf = async (adId: string) =>
      t().db.select().from(r.adAssetLinks).where(eq(r.adAssetLinks.adId, adId));

    expect(
      await ingest(b, { bodyText: 'from b', headline: 'b', rawJson: { by: 'b' } }, '2026-04-01T00:00:00Z'),
    ).toMatchObject({ success: true, stats: { adsCreated: 1, mediaCreated: 1, linksCreated: 1 } });
    const bBefore = await adOf(b);
    const bLinks = await linksOf(bBefore.id);

    // A's scrape of the same ad: a new row under A's brand, linked to the shared creative.
    expect(
      await ingest(
        a,
        { bodyText: 'from a', adStatus: 'inactive', rawJson: { by: 'a' } },
        '2026-04-09T00:00:00Z',
      ),
    ).toEqual({
      success: true,
      ingestRun: expect.anything(),
      stats: { items: 1, adsCreated: 1, adsUpdated: 0, mediaCreated: 0, linksCreated: 1 },
    });
    const ofA = await adOf(a);
    expect(ofA).toMatchObject({
      brandId: a.brand.id,
      brandChannelIdentityId: a.identity.id,
      bodyText: 'from a',
      headline: null,
      adStatus: 'inactive',
      rawJson: { by: 'a' },
      firstSeenAt: new Date('2026-04-09T00:00:00Z'),
    });
    expect(ofA.id).not.toBe(bBefore.id);
    expect((await linksOf(ofA.id)).map((l) => l.mediaAssetId)).toEqual(bLinks.map((l) => l.mediaAssetId));
    // B's row and links exactly as before, updated_at included.
    expect(await adOf(b)).toEqual(bBefore);
    expect(await linksOf(bBefore.id)).toEqual(bLinks);

    // A re-scrape by A (fields missing) changes only A's copy; B's stays as it was.
    expect(await ingest(a, { headline: 'a2' }, '2026-04-10T00:00:00Z')).toMatchObject({
      stats: { adsCreated: 0, adsUpdated: 1 },
    });
    expect(await adOf(a)).toMatchObject({ bodyText: 'from a', headline: 'a2', rawJson: {} });
    expect(await adOf(b)).toEqual(bBefore);

    // Deleting A's brand takes A's copy only.
    await t().db.delete(r.brands).where(eq(r.brands.id, a.brand.id));
    expect(await t().db.select().from(r.ads).where(eq(r.ads.externalAdId, externalAdId))).toEqual([bBefore]);
    expect(await linksOf(bBefore.id)).toEqual(bLinks);
  });

  it('upsertBrand never matches a brand of another org', async () => {
    const { a, b } = await twoOrgs();
    const url = `https://www.${uniq('shared')}.example/`;
    const ofB = await r.upsertBrand(t().db, {
      orgId: b.org.id,
      canonicalName: 'Shared',
      primaryWebsiteUrl: url,
    });
    const ofA = await r.upsertBrand(t().db, {
      orgId: a.org.id,
      canonicalName: 'Shared',
      primaryWebsiteUrl: url,
    });
    expect(ofB).toMatchObject({ success: true, created: true });
    expect(ofA).toMatchObject({ success: true, created: true, brand: { orgId: a.org.id } });
  });
});

describe('research: the database refuses cross-org references', () => {
  const t = useTestDb();

  it('composite foreign keys through org_id / client_id (same names as the documented ones)', async () => {
    const a = await seedWorld(t().db);
    const b = await seedWorld(t().db);
    const db = t().db;
    const art = { orgId: a.org.id, clientId: a.client.id, type: 'playbook' as const, data: {} };
    await expectPgError(
      db.insert(r.artifacts).values({ ...art, clientId: b.client.id }),
      '23503',
      'artifacts_client_id_fkey',
    );
    await expectPgError(
      db.insert(r.artifacts).values({ ...art, campaignId: b.campaign.id }),
      '23503',
      'artifacts_campaign_id_fkey',
    );
    await expectPgError(
      db.insert(r.artifacts).values({ ...art, createdByUser: b.user.id }),
      '23503',
      'artifacts_created_by_user_fkey',
    );
    await expectPgError(
      db.insert(r.campaigns).values({ orgId: a.org.id, clientId: b.client.id, name: 'x' }),
      '23503',
      'campaigns_client_id_fkey',
    );
    await expectPgError(
      db.insert(r.researchRuns).values({ orgId: a.org.id, clientId: a.client.id, campaignId: b.campaign.id }),
      '23503',
      'research_runs_campaign_id_fkey',
    );
    const job = {
      orgId: a.org.id,
      jobType: 'j',
      subjectType: 's',
      subjectId: a.org.id,
      status: 'queued' as const,
    };
    await expectPgError(
      db.insert(r.jobs).values({ ...job, clientId: b.client.id }),
      '23503',
      'jobs_client_id_fkey',
    );
    await expectPgError(
      db.insert(r.jobs).values({ ...job, researchRunId: b.run.id }),
      '23503',
      'jobs_research_run_id_fkey',
    );
    const wf = {
      orgId: a.org.id,
      temporalWorkflowId: 'w',
      temporalRunId: 'r',
      kind: 'campaign_planning' as const,
    };
    await expectPgError(
      db.insert(r.workflowRuns).values({ ...wf, clientId: b.client.id }),
      '23503',
      'workflow_runs_client_id_fkey',
    );
    await expectPgError(
      db.insert(r.workflowRuns).values({ ...wf, campaignId: b.campaign.id }),
      '23503',
      'workflow_runs_campaign_id_fkey',
    );
    const file = { orgId: a.org.id, ideaWorkspaceId: 'ws', docKey: 'k', sourceKind: 's', sha256: sha('f') };
    await expectPgError(
      db.insert(r.claudeContextFiles).values({ ...file, campaignId: b.campaign.id }),
      '23503',
      'claude_context_files_campaign_id_fkey',
    );
    // A client cannot move to another org under its rows.
    await expectPgError(
      db.update(r.clients).set({ orgId: b.org.id }).where(eq(r.clients.id, a.client.id)),
      '23503',
    );
  });

  it('ON DELETE SET NULL still nulls only the reference', async () => {
    const a = await seedWorld(t().db);
    const db = t().db;
    const [wf] = await db
      .insert(r.workflowRuns)
      .values({
        orgId: a.org.id,
        clientId: a.client.id,
        campaignId: a.campaign.id,
        temporalWorkflowId: 'w',
        temporalRunId: 'r',
        kind: 'campaign_planning',
      })
      .returning();
    const [file] = await db
      .insert(r.claudeContextFiles)
      .values({
        orgId: a.org.id,
        ideaWorkspaceId: 'ws',
        clientId: a.client.id,
        campaignId: a.campaign.id,
        docKey: 'k',
        sourceKind: 's',
        sha256: sha(uniq('f')),
      })
      .returning();
    const [asset] = await db
      .insert(r.assets)
      .values({
        orgId: a.org.id,
        clientId: a.client.id,
        campaignId: a.campaign.id,
        sourceType: 'generated',
        channelId: 'meta',
        format: 'image',
        content: {},
      })
      .returning();
    await db.delete(r.campaigns).where(eq(r.campaigns.id, a.campaign.id));
    const [assetAfter] = await db.select().from(r.assets).where(eq(r.assets.id, asset!.id));
    expect(assetAfter).toMatchObject({ clientId: a.client.id, campaignId: null });
    await db.delete(r.clients).where(eq(r.clients.id, a.client.id));
    const [wfAfter] = await db.select().from(r.workflowRuns).where(eq(r.workflowRuns.id, wf!.id));
    expect(wfAfter).toMatchObject({ orgId: a.org.id, clientId: null, campaignId: null });
    const [fileAfter] = await db
      .select()
      .from(r.claudeContextFiles)
      .where(eq(r.claudeContextFiles.id, file!.id));
    expect(fileAfter).toMatchObject({ orgId: a.org.id, clientId: null, campaignId: null });
  });
});

const pick = (o: Outcome) => ({ success: o.success, error: o.error, message: o.message });
