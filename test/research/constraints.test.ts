import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import * as r from '../../src/research';
import { expectPgError, useTestDb } from '../support';
import { seedWorld, sha, uniq } from './fixtures';

describe('research constraints', () => {
  const t = useTestDb();
  const db = () => t().db;

  it('orgs.external_id is unique; several orgs without one are fine', async () => {
    const ext = uniq('ext');
    await db().insert(r.orgs).values({ name: 'a', externalId: ext });
    await expectPgError(
      db().insert(r.orgs).values({ name: 'b', externalId: ext }),
      '23505',
      'orgs_external_id_key',
    );
    await db()
      .insert(r.orgs)
      .values([{ name: 'c' }, { name: 'd' }]);
  });

  it('uq_users_org_email is case-insensitive (citext) and per org', async () => {
    const w = await seedWorld(db());
    const other = await seedWorld(db());
    await db()
      .insert(r.users)
      .values({ orgId: w.org.id, clerkUserId: 'a', email: 'Dup@Example.com', role: 'ops' });
    await expectPgError(
      db()
        .insert(r.users)
        .values({ orgId: w.org.id, clerkUserId: 'b', email: 'dup@example.COM', role: 'ops' }),
      '23505',
      'uq_users_org_email',
    );
    await db()
      .insert(r.users)
      .values({ orgId: other.org.id, clerkUserId: 'c', email: 'dup@example.com', role: 'ops' });
  });

  it('rejects values outside an enum and a currency longer than char(3)', async () => {
    const w = await seedWorld(db());
    await expectPgError(
      db().execute(
        sql`insert into research.users (org_id, clerk_user_id, email, role) values (${w.org.id}, 'x', 'e@x.io', 'boss')`,
      ),
      '22P02',
    );
    const [offer] = await db()
      .insert(r.productOffers)
      .values({ orgId: w.org.id, clientId: w.client.id, name: 'o', businessModel: 'b' })
      .returning();
    await expectPgError(
      db()
        .insert(r.productOfferPricePoints)
        .values({ offerId: offer!.id, label: 'l', amountCents: 1, currency: 'EURO' }),
      '22001',
    );
  });

  it('uq_company_swipe_brand_org_ext, uq_run_brand and uq_ad_media_link reject duplicates', async () => {
    const w = await seedWorld(db());
    await db().insert(r.companySwipeBrands).values({ orgId: w.org.id, externalBrandId: 'e1', name: 'n' });
    await expectPgError(
      db().insert(r.companySwipeBrands).values({ orgId: w.org.id, externalBrandId: 'e1', name: 'n2' }),
      '23505',
      'uq_company_swipe_brand_org_ext',
    );
    await db()
      .insert(r.researchRunBrands)
      .values({ researchRunId: w.run.id, brandId: w.brand.id, role: 'client' });
    await expectPgError(
      db().insert(r.researchRunBrands).values({ researchRunId: w.run.id, brandId: w.brand.id, role: 'peer' }),
      '23505',
      'uq_run_brand',
    );
    const [ad] = await db()
      .insert(r.ads)
      .values({
        brandId: w.brand.id,
        brandChannelIdentityId: w.identity.id,
        channel: 'META_ADS_LIBRARY',
        externalAdId: uniq('a'),
        rawJson: {},
      })
      .returning();
    const [m] = await db()
      .insert(r.mediaAssets)
      .values({ channel: 'META_ADS_LIBRARY', assetType: 'IMAGE', sha256: sha(uniq('m')) })
      .returning();
    await db().insert(r.adAssetLinks).values({ adId: ad!.id, mediaAssetId: m!.id });
    await expectPgError(
      db().insert(r.adAssetLinks).values({ adId: ad!.id, mediaAssetId: m!.id }),
      '23505',
      'uq_ad_media_link',
    );
  });

  it('ads are unique on (channel, external_ad_id) per brand, not across channels or brands', async () => {
    const w = await seedWorld(db());
    const other = await seedWorld(db());
    const base = {
      brandId: w.brand.id,
      brandChannelIdentityId: w.identity.id,
      externalAdId: 'same',
      rawJson: {},
    };
    await db()
      .insert(r.ads)
      .values({ ...base, channel: 'META_ADS_LIBRARY' });
    await db()
      .insert(r.ads)
      .values({ ...base, channel: 'TIKTOK_CREATIVE_CENTER' });
    await expectPgError(
      db()
        .insert(r.ads)
        .values({ ...base, channel: 'META_ADS_LIBRARY' }),
      '23505',
      'ads_channel_external_ad_id_brand_id_key',
    );
    // Another org's brand keeps its own copy of the same ad.
    await db()
      .insert(r.ads)
      .values({
        ...base,
        brandId: other.brand.id,
        brandChannelIdentityId: other.identity.id,
        channel: 'META_ADS_LIBRARY',
      });
  });

  it('brands: uq_brands_org_domain when a domain is set, uq_brands_org_normalized_name only when it is null', async () => {
    const w = await seedWorld(db());
    const b = { orgId: w.org.id, canonicalName: 'Nike' };
    await db()
      .insert(r.brands)
      .values({ ...b, normalizedName: 'nike', primaryDomain: 'nike.com' });
    await expectPgError(
      db()
        .insert(r.brands)
        .values({ ...b, normalizedName: 'nike inc', primaryDomain: 'NIKE.com' }),
      '23505',
      'uq_brands_org_domain',
    );
    // Same name with another domain, and once without a domain: allowed (the predicate excludes them).
    await db()
      .insert(r.brands)
      .values({ ...b, normalizedName: 'nike', primaryDomain: 'nike.de' });
    await db()
      .insert(r.brands)
      .values({ ...b, normalizedName: 'nike' });
    await expectPgError(
      db()
        .insert(r.brands)
        .values({ ...b, normalizedName: 'NIKE' }),
      '23505',
      'uq_brands_org_normalized_name',
    );
    const other = await seedWorld(db());
    await db()
      .insert(r.brands)
      .values({ ...b, orgId: other.org.id, normalizedName: 'nike', primaryDomain: 'nike.com' });
  });

  it('media_assets: sha256 unique when set, (channel, source_url) unique when source_url is set', async () => {
    const h = sha(uniq('h'));
    await db().insert(r.mediaAssets).values({ channel: 'META_ADS_LIBRARY', assetType: 'IMAGE', sha256: h });
    await expectPgError(
      db().insert(r.mediaAssets).values({ channel: 'TIKTOK_CREATIVE_CENTER', assetType: 'IMAGE', sha256: h }),
      '23505',
      'media_assets_sha256_key',
    );
    const url = `https://cdn.example/${uniq('u')}.jpg`;
    await db()
      .insert(r.mediaAssets)
      .values({ channel: 'META_ADS_LIBRARY', assetType: 'IMAGE', sourceUrl: url });
    await db()
      .insert(r.mediaAssets)
      .values({ channel: 'TIKTOK_CREATIVE_CENTER', assetType: 'IMAGE', sourceUrl: url });
    await expectPgError(
      db().insert(r.mediaAssets).values({ channel: 'META_ADS_LIBRARY', assetType: 'IMAGE', sourceUrl: url }),
      '23505',
      'media_assets_channel_source_url_key',
    );
    // Neither key: no dedupe at all.
    await db()
      .insert(r.mediaAssets)
      .values([
        { channel: 'META_ADS_LIBRARY', assetType: 'TEXT' },
        { channel: 'META_ADS_LIBRARY', assetType: 'TEXT' },
      ]);
  });

  it('deep_research_jobs.response_id and uq_jobs_dedupe_key are unique only when not null', async () => {
    const w = await seedWorld(db());
    const drj = { orgId: w.org.id, clientId: w.client.id, model: 'm', prompt: 'p' };
    await db()
      .insert(r.deepResearchJobs)
      .values([drj, drj, { ...drj, responseId: 'resp_1' }]);
    await expectPgError(
      db()
        .insert(r.deepResearchJobs)
        .values({ ...drj, responseId: 'resp_1' }),
      '23505',
      'deep_research_jobs_response_id_key',
    );
    const job = {
      orgId: w.org.id,
      jobType: 'j',
      subjectType: 'ad',
      subjectId: w.org.id,
      status: 'queued' as const,
    };
    await db()
      .insert(r.jobs)
      .values([job, job, { ...job, dedupeKey: 'k1' }]);
    await expectPgError(
      db()
        .insert(r.jobs)
        .values({ ...job, dedupeKey: 'k1' }),
      '23505',
      'uq_jobs_dedupe_key',
    );
  });

  it('claude_context_files are unique on (org, workspace, doc_key, sha256)', async () => {
    const w = await seedWorld(db());
    const f = {
      orgId: w.org.id,
      ideaWorkspaceId: 'ws',
      docKey: 'strategy_sheet:none',
      sourceKind: 'strategy_sheet',
      sha256: sha('1'),
    };
    await db().insert(r.claudeContextFiles).values(f);
    await db()
      .insert(r.claudeContextFiles)
      .values({ ...f, sha256: sha('2') });
    await expectPgError(
      db().insert(r.claudeContextFiles).values(f),
      '23505',
      'claude_context_files_org_workspace_doc_sha256_key',
    );
  });

  it('artifacts cannot repeat a version for (client, campaign, type), campaign-less included', async () => {
    const w = await seedWorld(db());
    const a = { orgId: w.org.id, clientId: w.client.id, type: 'client_canon' as const, data: {}, version: 1 };
    await db().insert(r.artifacts).values(a);
    await expectPgError(
      db().insert(r.artifacts).values(a),
      '23505',
      'artifacts_client_id_campaign_id_type_version_key',
    );
    await db()
      .insert(r.artifacts)
      .values({ ...a, campaignId: w.campaign.id });
  });

  it('rejects rows pointing at missing parents', async () => {
    await expectPgError(
      db().insert(r.clients).values({ orgId: crypto.randomUUID(), name: 'x' }),
      '23503',
      'clients_org_id_fkey',
    );
  });

  it('ON DELETE: set null where documented, cascade elsewhere', async () => {
    const w = await seedWorld(db());
    const [art] = await db()
      .insert(r.artifacts)
      .values({
        orgId: w.org.id,
        clientId: w.client.id,
        campaignId: w.campaign.id,
        type: 'asset_brief',
        data: {},
        createdByUser: w.user.id,
      })
      .returning();
    const [wf] = await db()
      .insert(r.workflowRuns)
      .values({
        orgId: w.org.id,
        clientId: w.client.id,
        campaignId: w.campaign.id,
        temporalWorkflowId: 'a',
        temporalRunId: 'b',
        kind: 'campaign_planning',
      })
      .returning();
    const [log] = await db()
      .insert(r.activityLogs)
      .values({ workflowRunId: wf!.id, step: 's', status: 'ok' })
      .returning();
    const [job] = await db()
      .insert(r.jobs)
      .values({
        orgId: w.org.id,
        researchRunId: w.run.id,
        jobType: 'j',
        subjectType: 'ad',
        subjectId: w.org.id,
        status: 'queued',
      })
      .returning();
    await db().delete(r.users).where(eq(r.users.id, w.user.id));
    await db().delete(r.campaigns).where(eq(r.campaigns.id, w.campaign.id));
    const [artAfter] = await db().select().from(r.artifacts).where(eq(r.artifacts.id, art!.id));
    expect(artAfter).toMatchObject({ campaignId: null, createdByUser: null });
    const [runAfter] = await db().select().from(r.researchRuns).where(eq(r.researchRuns.id, w.run.id));
    expect(runAfter!.campaignId).toBeNull();
    await db().delete(r.researchRuns).where(eq(r.researchRuns.id, w.run.id));
    const [jobAfter] = await db().select().from(r.jobs).where(eq(r.jobs.id, job!.id));
    expect(jobAfter!.researchRunId).toBeNull();
    // Deleting the org cascades through everything it owns.
    await db().delete(r.orgs).where(eq(r.orgs.id, w.org.id));
    expect(await db().select().from(r.activityLogs).where(eq(r.activityLogs.id, log!.id))).toEqual([]);
    expect(
      await db()
        .select()
        .from(r.brandChannelIdentities)
        .where(eq(r.brandChannelIdentities.id, w.identity.id)),
    ).toEqual([]);
    expect(await db().select().from(r.jobs).where(eq(r.jobs.id, job!.id))).toEqual([]);
  });

  it('documents every FK action as the reference says', async () => {
    const fks = rowsOf<{ conname: string; action: string }>(
      await db().execute(sql`
        select c.conname, c.confdeltype::text as action from pg_constraint c
        join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'research' and c.contype = 'f' order by 1`),
    );
    const setNull = fks.filter((f) => f.action === 'n').map((f) => f.conname);
    expect(setNull.sort()).toEqual(
      [
        'artifacts_campaign_id_fkey',
        'artifacts_created_by_user_fkey',
        'assets_asset_brief_artifact_id_fkey',
        'assets_campaign_id_fkey',
        'assets_experiment_id_fkey',
        'asset_performance_snapshots_experiment_id_fkey',
        'claude_context_files_campaign_id_fkey',
        'claude_context_files_client_id_fkey',
        'client_swipe_assets_company_swipe_id_fkey',
        'company_swipe_assets_brand_id_fkey',
        'deep_research_jobs_onboarding_payload_id_fkey',
        'deep_research_jobs_workflow_run_id_fkey',
        'jobs_research_run_id_fkey',
        'research_runs_campaign_id_fkey',
        'workflow_runs_campaign_id_fkey',
        'workflow_runs_client_id_fkey',
      ].sort(),
    );
    expect(fks.filter((f) => f.action !== 'n' && f.action !== 'c')).toEqual([]);
    // Every "FK →" row of the attribute tables.
    expect(fks).toHaveLength(59);
  });
});
