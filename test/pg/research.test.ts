import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import * as r from '../../src/research';
import { seedWorld, sha, uniq } from '../research/fixtures';
import { useTestDb } from '../support';

// Real-Postgres only: many connections racing on the same keys (PGlite has one connection).
describe('research under concurrency', () => {
  const t = useTestDb({ max: 40 });
  const N = 24;
  const race = <T>(fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: N }, (_, i) => fn(i)));

  it('concurrent upsertBrand of one brand gives one row', async () => {
    const w = await seedWorld(t().db);
    const withDomain = await race((i) =>
      r.upsertBrand(t().db, {
        orgId: w.org.id,
        canonicalName: i % 2 ? 'Allbirds' : 'ALLBIRDS',
        primaryWebsiteUrl: `https://www.allbirds.com/${i}`,
      }),
    );
    const nameOnly = await race(() =>
      r.upsertBrand(t().db, { orgId: w.org.id, canonicalName: 'Local  Bakery' }),
    );
    for (const results of [withDomain, nameOnly]) {
      const ids = new Set(results.map((x) => (x.success ? x.brand.id : x.error)));
      expect(ids.size).toBe(1);
      expect(results.filter((x) => x.success && x.created)).toHaveLength(1);
    }
    const rows = await t().db.select().from(r.brands).where(eq(r.brands.orgId, w.org.id));
    // seedWorld's brand + one per race.
    expect(rows).toHaveLength(3);
  });

  it('concurrent saveArtifact for one key numbers versions 1..N without duplicates', async () => {
    const w = await seedWorld(t().db);
    const results = await race((i) =>
      r.saveArtifact(t().db, {
        orgId: w.org.id,
        clientId: w.client.id,
        campaignId: w.campaign.id,
        type: 'asset_brief',
        data: { i },
      }),
    );
    expect(results.every((x) => x.success)).toBe(true);
    const versions = results.map((x) => (x.success ? x.artifact.version : 0)).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    // And client-level artifacts (campaign_id null) race on their own key.
    const clientLevel = await race(() =>
      r.saveArtifact(t().db, { orgId: w.org.id, clientId: w.client.id, type: 'asset_brief', data: {} }),
    );
    expect(clientLevel.map((x) => (x.success ? x.artifact.version : 0)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: N }, (_, i) => i + 1),
    );
  });

  it('concurrent enqueue with one dedupe key creates one job', async () => {
    const w = await seedWorld(t().db);
    const dedupeKey = uniq('breakdown');
    const results = await race(() =>
      r.enqueueResearchJob(t().db, {
        orgId: w.org.id,
        jobType: 'add_creative_breakdown',
        subjectType: 'ad',
        subjectId: w.brand.id,
        dedupeKey,
        input: {},
      }),
    );
    expect(new Set(results.map((x) => (x.success ? x.job.id : x.error))).size).toBe(1);
    expect(results.filter((x) => x.success && x.created)).toHaveLength(1);
    const [{ n }] = (await t()
      .db.select({ n: count() })
      .from(r.jobs)
      .where(eq(r.jobs.dedupeKey, dedupeKey))) as [{ n: number }];
    expect(n).toBe(1);
  });

  it('racing workers claim every job exactly once', async () => {
    const w = await seedWorld(t().db);
    const jobType = uniq('race');
    const total = 120;
    await t()
      .db.insert(r.jobs)
      .values(
        Array.from({ length: total }, () => ({
          orgId: w.org.id,
          jobType,
          subjectType: 'ad',
          subjectId: w.brand.id,
          status: 'queued' as const,
        })),
      );
    const claimedBy = new Map<string, number>();
    await Promise.all(
      Array.from({ length: 12 }, async (_, worker) => {
        for (;;) {
          const res = await r.claimResearchJobs(t().db, {
            workerId: `w${worker}`,
            limit: 4,
            jobTypes: [jobType],
          });
          if (!res.success) throw new Error(res.message);
          if (res.jobs.length === 0) return;
          for (const j of res.jobs) claimedBy.set(j.id, (claimedBy.get(j.id) ?? 0) + 1);
          await Promise.all(
            res.jobs.map((j) => r.completeResearchJob(t().db, { jobId: j.id, output: { worker } })),
          );
        }
      }),
    );
    expect(claimedBy.size).toBe(total);
    expect([...claimedBy.values()].every((c) => c === 1)).toBe(true);
    const rows = await t().db.select().from(r.jobs).where(eq(r.jobs.jobType, jobType));
    expect(rows.every((j) => j.status === 'succeeded' && j.attempts === 1)).toBe(true);
  });

  it('concurrent webhooks never move a job backwards', async () => {
    const w = await seedWorld(t().db);
    const responseId = uniq('resp');
    await t()
      .db.insert(r.deepResearchJobs)
      .values({ orgId: w.org.id, clientId: w.client.id, model: 'm', prompt: 'p', responseId });
    const statuses = ['queued', 'in_progress', 'completed'] as const;
    const results = await race((i) =>
      r.applyResearchWebhook(t().db, {
        responseId,
        webhookId: `wh-${i}`,
        status: statuses[i % 3]!,
        outputText: i % 3 === 2 ? 'done' : null,
      }),
    );
    expect(results.every((x) => x.success)).toBe(true);
    const [job] = await t()
      .db.select()
      .from(r.deepResearchJobs)
      .where(eq(r.deepResearchJobs.responseId, responseId));
    expect(job).toMatchObject({ status: 'completed', outputText: 'done' });
    expect(
      results.filter((x) => x.success && x.outcome === 'applied' && x.job.status === 'completed'),
    ).toHaveLength(1);
  });

  it('concurrent ingests of one batch give one row per ad, media asset and link', async () => {
    const w = await seedWorld(t().db);
    const items = Array.from({ length: 200 }, (_, i) => ({
      externalAdId: `race-${w.org.id}-${i}`,
      rawJson: { i },
      media: [
        { assetType: 'IMAGE' as const, sha256: sha(`race-${w.org.id}-${i}`) },
        { assetType: 'VIDEO' as const, sourceUrl: `https://cdn.example/${w.org.id}/shared.mp4` },
      ],
    }));
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        r.ingestAds(t().db, {
          orgId: w.org.id,
          researchRunId: w.run.id,
          brandChannelIdentityId: w.identity.id,
          channel: 'META_ADS_LIBRARY',
          items,
        }),
      ),
    );
    expect(results.every((x) => x.success)).toBe(true);
    const sum = (k: keyof r.IngestAdsStats) => results.reduce((s, x) => s + (x.success ? x.stats[k] : 0), 0);
    expect([sum('adsCreated'), sum('mediaCreated'), sum('linksCreated')]).toEqual([200, 201, 400]);
    const [{ n }] = (await t()
      .db.select({ n: count() })
      .from(r.ads)
      .where(and(eq(r.ads.brandId, w.brand.id), eq(r.ads.channel, 'META_ADS_LIBRARY')))) as [{ n: number }];
    expect(n).toBe(200);
  });

  // Issue 18 §3: two orgs scrape the same ads at the same time. Each org's brand gets its own copy
  // with its own content and links; the creatives are shared. Before, the ads were unique across
  // orgs: whichever org came second got no ads at all.
  it('two orgs ingesting the same ads concurrently each get their own copies', async () => {
    const [a, b] = [await seedWorld(t().db), await seedWorld(t().db)];
    const tag = uniq('x-org');
    const items = (by: string) =>
      Array.from({ length: 200 }, (_, i) => ({
        externalAdId: `${tag}-${String(i).padStart(3, '0')}`,
        bodyText: `${by} ${i}`,
        rawJson: { by, i },
        media: [
          { assetType: 'IMAGE' as const, sha256: sha(`${tag}-${i}`) },
          { assetType: 'VIDEO' as const, sourceUrl: `https://cdn.example/${tag}/shared.mp4` },
        ],
      }));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, k) => {
        const w = k % 2 ? a : b;
        const batch = items(w === a ? 'a' : 'b');
        return r.ingestAds(t().db, {
          orgId: w.org.id,
          researchRunId: w.run.id,
          brandChannelIdentityId: w.identity.id,
          channel: 'META_ADS_LIBRARY',
          items: k % 4 < 2 ? batch : [...batch].reverse(),
        });
      }),
    );
    expect(results.map((x) => x.success)).toEqual(Array(8).fill(true));
    const sum = (k: keyof r.IngestAdsStats) => results.reduce((s, x) => s + (x.success ? x.stats[k] : 0), 0);
    expect([sum('adsCreated'), sum('mediaCreated'), sum('linksCreated')]).toEqual([400, 201, 800]);
    for (const [w, by] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const rows = await t().db.select().from(r.ads).where(eq(r.ads.brandId, w.brand.id));
      expect(rows).toHaveLength(200);
      expect(rows.every((ad) => ad.bodyText?.startsWith(`${by} `) && ad.rawJson.by === by)).toBe(true);
      const [{ n }] = rowsOf<{ n: number }>(
        await t().db.execute(
          sql`select count(*)::int as n from ${r.adAssetLinks} l join ${r.ads} ad on ad.id = l.ad_id
              where ad.brand_id = ${w.brand.id}`,
        ),
      ) as [{ n: number }];
      expect(Number(n)).toBe(400);
    }
  });

  // Issue 14: scrapers deliver overlapping batches in different orders. Before the batch
  // statements took their rows in one canonical order, 6 such ingests made 1–4 calls throw 40P01
  // on every run. ingestAds also retries a deadlock, which would hide one from the results, so
  // the server's own deadlock counter for this database must not move either.
  it('overlapping, reversed concurrent ingests never deadlock (6 callers × 20 rounds)', async () => {
    const w = await seedWorld(t().db);
    const callers = await Promise.all(Array.from({ length: 6 }, () => t().connect({ max: 1 })));
    const pids = await Promise.all(
      callers.map(
        async (c) => rowsOf<{ pid: number }>(await c.db.execute(sql`select pg_backend_pid() as pid`))[0]!.pid,
      ),
    );
    const deadlocks = async (db: Database) =>
      Number(
        rowsOf<{ n: number }>(
          await db.execute(
            sql`select deadlocks::int as n from pg_stat_database where datname = current_database()`,
          ),
        )[0]!.n,
      );
    const before = await deadlocks(t().db);
    const failures: string[] = [];
    try {
      for (let round = 0; round < 20; round++) {
        const items = Array.from({ length: 200 }, (_, i) => ({
          externalAdId: `dl-${round}-${String(i).padStart(3, '0')}`,
          rawJson: { round, i },
          media: [
            { assetType: 'IMAGE' as const, sha256: sha(`dl-${w.org.id}-${round}-${i}`) },
            { assetType: 'VIDEO' as const, sourceUrl: `https://cdn.example/${w.org.id}/${round}/shared.mp4` },
          ],
        }));
        // Callers 0/1 the whole batch, 2/3 its first 150 ads, 4/5 its last 150; odd callers reversed.
        const batches = [
          items,
          items,
          items.slice(0, 150),
          items.slice(0, 150),
          items.slice(50),
          items.slice(50),
        ].map((b, k) => (k % 2 ? [...b].reverse() : b));
        const results = await Promise.all(
          callers.map((c, k) =>
            r
              .ingestAds(c.db, {
                orgId: w.org.id,
                researchRunId: w.run.id,
                brandChannelIdentityId: w.identity.id,
                channel: 'META_ADS_LIBRARY',
                items: batches[k]!,
              })
              .catch((e: unknown) => ({ success: false as const, error: String((e as Error).message) })),
          ),
        );
        for (const x of results) if (!x.success) failures.push(`round ${round}: ${x.error}`);
        const sum = (k: keyof r.IngestAdsStats) =>
          results.reduce((s, x) => s + (x.success ? x.stats[k] : 0), 0);
        // Together exactly what a single ingest of the 200 ads creates.
        expect([sum('adsCreated'), sum('mediaCreated'), sum('linksCreated')]).toEqual([200, 201, 400]);
        const [{ n }] = (await t()
          .db.select({ n: count() })
          .from(r.ads)
          .where(sql`${r.ads.externalAdId} like ${`dl-${round}-%`}`)) as [{ n: number }];
        expect(n).toBe(200);
      }
    } finally {
      await Promise.all(callers.map((c) => c.close()));
    }
    expect(failures).toEqual([]);
    // A backend publishes its statistics when it exits: wait for the callers' backends to go.
    for (let i = 0; i < 100; i++) {
      const [{ n }] = rowsOf<{ n: number }>(
        await t().db.execute(sql`select count(*)::int as n from pg_stat_activity where pid in ${pids}`),
      ) as [{ n: number }];
      if (Number(n) === 0) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(await deadlocks(t().db)).toBe(before);
  }, 120_000);
});
