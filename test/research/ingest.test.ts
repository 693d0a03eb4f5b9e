import { count, eq } from 'drizzle-orm';
import type { Logger } from 'drizzle-orm/logger';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import * as r from '../../src/research';
import { backend, useTestDb } from '../support';
import { seedWorld, sha } from './fixtures';

const item = (n: number, extra: Partial<r.IngestAdItem> = {}, shared = 'brand-intro'): r.IngestAdItem => ({
  externalAdId: `ad-${n}`,
  adStatus: 'active',
  bodyText: `body ${n}`,
  headline: `headline ${n}`,
  landingUrl: `https://www.shop.example/p/${n}`,
  rawJson: { n },
  media: [
    {
      assetType: 'IMAGE',
      sha256: sha(`img-${n}`),
      sourceUrl: `https://cdn.example/img-${n}.jpg`,
      role: 'primary',
    },
    // Shared by every ad: must become one media asset.
    { assetType: 'VIDEO', sourceUrl: `https://cdn.example/${shared}.mp4` },
  ],
  ...extra,
});

async function counts(db: Database) {
  const n = async (table: PgTable) => (await db.select({ n: count() }).from(table))[0]!.n;
  return { ads: await n(r.ads), media: await n(r.mediaAssets), links: await n(r.adAssetLinks) };
}

/** A second drizzle handle on the same database whose logger counts statements. */
async function countingDb(t: ReturnType<ReturnType<typeof useTestDb>>) {
  const log: string[] = [];
  const logger: Logger = { logQuery: (q) => void log.push(q) };
  if (t.backend === 'pglite') {
    const { drizzle } = await import('drizzle-orm/pglite');
    return { db: drizzle(t.pglite!, { logger }) as unknown as Database, log, close: async () => {} };
  }
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(t.url!, { max: 1, onnotice: () => {} });
  return { db: drizzle(client, { logger }) as unknown as Database, log, close: () => client.end() };
}

describe('ingestAds', () => {
  const t = useTestDb();

  it('upserts ads, dedupes media, links them, and records the run', async () => {
    const w = await seedWorld(t().db);
    const base = {
      orgId: w.org.id,
      researchRunId: w.run.id,
      brandChannelIdentityId: w.identity.id,
      channel: 'META_ADS_LIBRARY' as const,
    };
    const seen1 = new Date('2026-03-01T00:00:00Z');
    const first = await r.ingestAds(t().db, {
      ...base,
      seenAt: seen1,
      items: [item(1), item(2), item(2)],
      run: { providerRunId: 'apify-1' },
    });
    expect(first).toMatchObject({
      success: true,
      ingestRun: { status: 'SUCCEEDED', itemsCount: 2, providerRunId: 'apify-1', provider: 'APIFY' },
      stats: { items: 2, adsCreated: 2, adsUpdated: 0, mediaCreated: 3, linksCreated: 4 },
    });
    const [ad1] = await t().db.select().from(r.ads).where(eq(r.ads.externalAdId, 'ad-1'));
    expect(ad1).toMatchObject({
      brandId: w.brand.id,
      destinationDomain: 'shop.example',
      firstSeenAt: seen1,
      lastSeenAt: seen1,
    });

    const seen2 = new Date('2026-03-05T00:00:00Z');
    const second = await r.ingestAds(t().db, {
      ...base,
      seenAt: seen2,
      items: [item(1, { headline: 'new headline', adStatus: 'inactive' }), item(3)],
    });
    expect(second).toMatchObject({
      success: true,
      stats: { adsCreated: 1, adsUpdated: 1, mediaCreated: 1, linksCreated: 2 },
    });
    const [again] = await t().db.select().from(r.ads).where(eq(r.ads.externalAdId, 'ad-1'));
    expect(again).toMatchObject({
      headline: 'new headline',
      adStatus: 'inactive',
      firstSeenAt: seen1,
      lastSeenAt: seen2,
    });

    // An older scrape never moves last_seen_at back.
    await r.ingestAds(t().db, { ...base, seenAt: seen1, items: [item(1)] });
    const [old] = await t().db.select().from(r.ads).where(eq(r.ads.externalAdId, 'ad-1'));
    expect(old!.lastSeenAt).toEqual(seen2);
  });

  // Issue 18 §1: a later scrape that lacks a field must not erase it (COALESCE(excluded.x, ads.x)).
  it('a re-ingest keeps what the new scrape lacks and updates what it has', async () => {
    const w = await seedWorld(t().db);
    const base = {
      orgId: w.org.id,
      researchRunId: w.run.id,
      brandChannelIdentityId: w.identity.id,
      channel: 'META_ADS_LIBRARY' as const,
    };
    const full = {
      externalAdId: 'keep-1',
      adStatus: 'active' as const,
      startedRunningAt: new Date('2026-01-01T00:00:00Z'),
      endedRunningAt: new Date('2026-02-01T00:00:00Z'),
      bodyText: 'body v1',
      headline: 'headline v1',
      ctaType: 'SHOP_NOW',
      ctaText: 'Shop now',
      landingUrl: 'https://www.shop.example/v1',
      destinationDomain: 'dest-v1.example',
      rawJson: { v: 1 },
    };
    const stored = async () =>
      (await t().db.select().from(r.ads).where(eq(r.ads.externalAdId, 'keep-1')))[0]!;
    expect(await r.ingestAds(t().db, { ...base, items: [full] })).toMatchObject({
      success: true,
      stats: { adsCreated: 1 },
    });
    const v1 = {
      adStatus: 'active',
      startedRunningAt: full.startedRunningAt,
      endedRunningAt: full.endedRunningAt,
      bodyText: 'body v1',
      headline: 'headline v1',
      ctaType: 'SHOP_NOW',
      ctaText: 'Shop now',
      landingUrl: 'https://www.shop.example/v1',
      destinationDomain: 'dest-v1.example',
    };
    expect(await stored()).toMatchObject({ ...v1, rawJson: { v: 1 } });

    // Omitted fields, and fields sent as null, keep their stored values; 'unknown' keeps a known
    // status; raw_json is the latest payload.
    for (const sparse of [
      { externalAdId: 'keep-1', rawJson: { v: 2 } },
      {
        externalAdId: 'keep-1',
        adStatus: 'unknown' as const,
        startedRunningAt: null,
        endedRunningAt: null,
        bodyText: null,
        headline: null,
        ctaType: null,
        ctaText: null,
        landingUrl: null,
        destinationDomain: null,
        rawJson: { v: 2 },
      },
    ]) {
      expect(await r.ingestAds(t().db, { ...base, items: [sparse] })).toMatchObject({
        success: true,
        stats: { adsCreated: 0, adsUpdated: 1 },
      });
      expect(await stored()).toMatchObject({ ...v1, rawJson: { v: 2 } });
    }

    // New values replace the old ones; a new landing URL without a destination domain brings its own.
    const v3 = {
      adStatus: 'inactive' as const,
      startedRunningAt: new Date('2026-01-02T00:00:00Z'),
      endedRunningAt: new Date('2026-03-01T00:00:00Z'),
      bodyText: 'body v3',
      headline: 'headline v3',
      ctaType: 'LEARN_MORE',
      ctaText: 'Learn more',
      landingUrl: 'https://www.other.example/v3',
    };
    await r.ingestAds(t().db, { ...base, items: [{ externalAdId: 'keep-1', rawJson: { v: 3 }, ...v3 }] });
    expect(await stored()).toMatchObject({ ...v3, destinationDomain: 'other.example', rawJson: { v: 3 } });
  });

  it('updates a started ingest run and fails with the documented codes', async () => {
    const w = await seedWorld(t().db);
    const [started] = await t()
      .db.insert(r.adIngestRuns)
      .values({ researchRunId: w.run.id, brandChannelIdentityId: w.identity.id, channel: 'META_ADS_LIBRARY' })
      .returning();
    const base = {
      orgId: w.org.id,
      researchRunId: w.run.id,
      brandChannelIdentityId: w.identity.id,
      channel: 'META_ADS_LIBRARY' as const,
    };
    const res = await r.ingestAds(t().db, {
      ...base,
      adIngestRunId: started!.id,
      items: [item(100)],
      run: { isPartial: true },
    });
    expect(res).toMatchObject({
      success: true,
      ingestRun: { id: started!.id, status: 'SUCCEEDED', itemsCount: 1, isPartial: true },
    });
    if (res.success) expect(res.ingestRun.finishedAt).toBeInstanceOf(Date);

    expect(
      await r.ingestAds(t().db, { ...base, adIngestRunId: crypto.randomUUID(), items: [item(101)] }),
    ).toMatchObject({
      error: 'INGEST_RUN_NOT_FOUND',
    });
    expect(
      await r.ingestAds(t().db, { ...base, channel: 'TIKTOK_CREATIVE_CENTER', items: [] }),
    ).toMatchObject({
      error: 'CHANNEL_MISMATCH',
    });
    expect(
      await r.ingestAds(t().db, { ...base, brandChannelIdentityId: crypto.randomUUID(), items: [] }),
    ).toMatchObject({
      error: 'IDENTITY_NOT_FOUND',
    });
    expect(
      await r.ingestAds(t().db, { ...base, researchRunId: crypto.randomUUID(), items: [item(102)] }),
    ).toMatchObject({
      error: 'RESEARCH_RUN_NOT_FOUND',
    });
    // Nothing of the failed calls was written.
    expect(await t().db.select().from(r.ads).where(eq(r.ads.externalAdId, 'ad-101'))).toEqual([]);
    expect(await t().db.select().from(r.ads).where(eq(r.ads.externalAdId, 'ad-102'))).toEqual([]);
    const noKey = { ...item(103), media: [{ assetType: 'IMAGE' as const }] };
    expect(await r.ingestAds(t().db, { ...base, items: [noKey] })).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('ingests 1,000 items in a handful of statements; a re-ingest changes no counts', async () => {
    const w = await seedWorld(t().db);
    const { db, log, close } = await countingDb(t());
    try {
      const items = Array.from({ length: 1000 }, (_, i) => item(10_000 + i, {}, 'bulk-intro'));
      const input = {
        orgId: w.org.id,
        researchRunId: w.run.id,
        brandChannelIdentityId: w.identity.id,
        channel: 'META_ADS_LIBRARY' as const,
        items,
      };
      const before = await counts(db);
      log.length = 0;
      const t0 = performance.now();
      const res = await r.ingestAds(db, input);
      const ms = Math.round(performance.now() - t0);
      const statements = log.length;
      expect(res).toMatchObject({
        success: true,
        stats: { adsCreated: 1000, mediaCreated: 1001, linksCreated: 2000 },
      });
      expect(statements).toBeLessThanOrEqual(6);
      const after = await counts(db);
      expect(after).toEqual({
        ads: before.ads + 1000,
        media: before.media + 1001,
        links: before.links + 2000,
      });

      log.length = 0;
      const t1 = performance.now();
      const again = await r.ingestAds(db, input);
      const ms2 = Math.round(performance.now() - t1);
      const statements2 = log.length;
      expect(statements2).toBeLessThanOrEqual(6);
      expect(again).toMatchObject({
        success: true,
        stats: { adsCreated: 0, adsUpdated: 1000, mediaCreated: 0, linksCreated: 0 },
      });
      expect(await counts(db)).toEqual(after);
      console.log(
        `[research] ingestAds 1,000 items on ${backend}: ${statements} statements (+ BEGIN/COMMIT), ${ms} ms; re-ingest ${statements2} statements, ${ms2} ms`,
      );
    } finally {
      await close();
    }
  });
});
