import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import * as r from '../../src/research';
import { missingValidators, roundTrip, strayValidators, tableEntries } from '../fixtures/round-trip';
import { useTestDb } from '../support';
import { seedWorld, sha } from './fixtures';
import { type Ctx, cases, research, t0, t1 } from './roundtrip-cases';

describe('research tables', () => {
  const t = useTestDb();

  it('has the 28 documented tables (each with its validators) and 16 enums, all in the research schema', async () => {
    expect(Object.keys(r.tables)).toHaveLength(28);
    expect(missingValidators(research)).toEqual([]);
    expect(strayValidators(research)).toEqual([]);
    expect(cases.map((c) => c.name).sort()).toEqual(
      rowsOf<{ table_name: string }>(
        await t().db.execute(
          sql`select table_name from information_schema.tables where table_schema = 'research' order by 1`,
        ),
      ).map((x) => x.table_name),
    );
    const enums = rowsOf<{ typname: string; labels: string }>(
      await t().db.execute(sql`
        select t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder) as labels
        from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = 'research' group by t.typname order by 1`),
    );
    expect(enums).toHaveLength(16);
    expect(enums.find((e) => e.typname === 'research_job_status')?.labels).toBe(
      r.researchJobStatusValues.join(','),
    );
    expect(enums.find((e) => e.typname === 'user_role')?.labels).toBe(r.userRoleValues.join(','));
  });

  it('round-trips a row of every table through its validators', async () => {
    const entries = tableEntries(research);
    const ctx: Ctx = {};
    for (const c of cases) {
      const { inserted } = await roundTrip(t().db, entries[c.name]!, c.row(ctx));
      ctx[c.name] = inserted as { id: string };
    }
  });

  it('applies the documented defaults', async () => {
    const w = await seedWorld(t().db);
    expect(w.client.status).toBe('active');
    expect(w.client.primaryMarkets).toEqual([]);
    expect(w.campaign.status).toBe('draft');
    expect(w.identity.verificationStatus).toBe('unverified');
    expect(w.identity.metadataJson).toEqual({});
    expect(w.run.status).toBe('pending');
    const [drj] = await t()
      .db.insert(r.deepResearchJobs)
      .values({ orgId: w.org.id, clientId: w.client.id, model: 'm', prompt: 'p' })
      .returning();
    expect(drj).toMatchObject({ stepKey: '04', useWebSearch: false, status: 'created', finishedAt: null });
    const [ing] = await t()
      .db.insert(r.adIngestRuns)
      .values({ researchRunId: w.run.id, brandChannelIdentityId: w.identity.id, channel: 'META_ADS_LIBRARY' })
      .returning();
    expect(ing).toMatchObject({ provider: 'APIFY', status: 'RUNNING', isPartial: false, itemsCount: 0 });
    const [ad] = await t()
      .db.insert(r.ads)
      .values({
        brandId: w.brand.id,
        brandChannelIdentityId: w.identity.id,
        channel: 'META_ADS_LIBRARY',
        externalAdId: 'x',
        rawJson: {},
      })
      .returning();
    expect(ad!.adStatus).toBe('unknown');
    const [wf] = await t()
      .db.insert(r.workflowRuns)
      .values({ orgId: w.org.id, temporalWorkflowId: 'a', temporalRunId: 'b', kind: 'test_campaign' })
      .returning();
    expect(wf!.status).toBe('running');
    const [cf] = await t()
      .db.insert(r.claudeContextFiles)
      .values({ orgId: w.org.id, ideaWorkspaceId: 'w', docKey: 'k', sourceKind: 's', sha256: sha('x') })
      .returning();
    expect(cf!.status).toBe('ready');
    const [job] = await t()
      .db.insert(r.jobs)
      .values({ orgId: w.org.id, jobType: 'j', subjectType: 'ad', subjectId: ad!.id, status: 'queued' })
      .returning();
    expect(job).toMatchObject({ input: {}, output: {}, attempts: 0 });
    const [exp] = await t()
      .db.insert(r.artifacts)
      .values({ orgId: w.org.id, clientId: w.client.id, type: 'playbook', data: {} })
      .returning();
    expect(exp!.version).toBe(1);
  });

  it('relations resolve through the exported schema', async () => {
    const w = await seedWorld(t().db);
    const db =
      t().backend === 'pglite'
        ? (await import('drizzle-orm/pglite')).drizzle(t().pglite!, { schema: r.schema })
        : (await import('drizzle-orm/postgres-js')).drizzle(t().url!, { schema: r.schema });
    try {
      const org = await db.query.orgs.findFirst({
        where: (o, { eq: e }) => e(o.id, w.org.id),
        with: {
          clients: { with: { campaigns: true } },
          users: true,
          brands: { with: { channelIdentities: true } },
        },
      });
      expect(org).toMatchObject({
        id: w.org.id,
        clients: [{ id: w.client.id, campaigns: [{ id: w.campaign.id }] }],
        users: [{ id: w.user.id }],
        brands: [{ id: w.brand.id, channelIdentities: [{ id: w.identity.id }] }],
      });
      const run = await db.query.researchRuns.findFirst({
        where: (x, { eq: e }) => e(x.id, w.run.id),
        with: { campaign: true, client: true },
      });
      expect(run).toMatchObject({ campaign: { id: w.campaign.id }, client: { id: w.client.id } });
    } finally {
      if (t().backend === 'postgres')
        await (db as unknown as { $client: { end(): Promise<void> } }).$client.end();
    }
  });

  it('keeps updated_at current through the trigger', async () => {
    const w = await seedWorld(t().db);
    const before = w.brand.updatedAt;
    await new Promise((res) => setTimeout(res, 5));
    const [after] = await t()
      .db.update(r.brands)
      .set({ canonicalName: 'Renamed' })
      .where(eq(r.brands.id, w.brand.id))
      .returning();
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before.getTime());
  });

  it('validators reject bad values', () => {
    expect(
      r.insertProductOfferPricePointSchema.safeParse({
        offerId: crypto.randomUUID(),
        label: 'x',
        amountCents: 1,
        currency: 'usd',
      }).success,
    ).toBe(false);
    expect(
      r.insertUserSchema.safeParse({
        orgId: crypto.randomUUID(),
        clerkUserId: 'c',
        email: 'nope',
        role: 'admin',
      }).success,
    ).toBe(false);
    expect(
      r.insertUserSchema.safeParse({
        orgId: crypto.randomUUID(),
        clerkUserId: 'c',
        email: 'a@b.co',
        role: 'boss',
      }).success,
    ).toBe(false);
    expect(
      r.insertJobSchema.safeParse({
        orgId: crypto.randomUUID(),
        jobType: 'j',
        subjectType: 's',
        subjectId: crypto.randomUUID(),
        status: 'done',
      }).success,
    ).toBe(false);
    expect(
      r.insertMediaAssetSchema.safeParse({ channel: 'META_ADS_LIBRARY', assetType: 'IMAGE', sha256: 'abc' })
        .success,
    ).toBe(false);
    expect(
      r.insertAssetPerformanceSnapshotSchema.safeParse({
        assetId: crypto.randomUUID(),
        timeFrom: t1,
        timeTo: t0,
        metrics: {},
        segments: {},
      }).success,
    ).toBe(false);
  });
});
