import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import * as r from '../../src/research';
import { useTestDb } from '../support';
import { seedWorld } from './fixtures';

// Issue 18 §2: a scrape that fails is recorded on its ad_ingest_runs row (status FAILED, error),
// keeping what partial results it delivered.
type World = Awaited<ReturnType<typeof seedWorld>>;

async function startRun(db: Database, w: World) {
  const [run] = await db
    .insert(r.adIngestRuns)
    .values({
      researchRunId: w.run.id,
      brandChannelIdentityId: w.identity.id,
      channel: 'META_ADS_LIBRARY',
      providerRunId: 'apify-started',
    })
    .returning();
  return run!;
}

const readRun = async (db: Database, id: string) =>
  (await db.select().from(r.adIngestRuns).where(eq(r.adIngestRuns.id, id)))[0]!;

describe('failAdIngestRun', () => {
  const t = useTestDb();

  it('records a failed RUNNING scrape: FAILED, error, finished_at; the rest kept', async () => {
    const w = await seedWorld(t().db);
    const run = await startRun(t().db, w);
    expect(run).toMatchObject({ status: 'RUNNING', error: null, finishedAt: null });
    const res = await r.failAdIngestRun(t().db, {
      orgId: w.org.id,
      adIngestRunId: run.id,
      error: 'apify: actor timed out',
    });
    expect(res).toMatchObject({
      success: true,
      ingestRun: {
        id: run.id,
        status: 'FAILED',
        error: 'apify: actor timed out',
        isPartial: false,
        itemsCount: 0,
        providerRunId: 'apify-started',
      },
    });
    if (res.success) expect(res.ingestRun.finishedAt).toBeInstanceOf(Date);
    expect(await readRun(t().db, run.id)).toEqual(res.success ? res.ingestRun : undefined);

    // Given values replace the stored flag and provider run id; a repeat replaces the error.
    expect(
      await r.failAdIngestRun(t().db, {
        orgId: w.org.id,
        adIngestRunId: run.id,
        error: 'second report',
        isPartial: true,
        providerRunId: 'apify-2',
      }),
    ).toMatchObject({
      success: true,
      ingestRun: { status: 'FAILED', error: 'second report', isPartial: true, providerRunId: 'apify-2' },
    });
  });

  it('keeps partial results, whichever of ingestAds and failAdIngestRun comes first', async () => {
    const w = await seedWorld(t().db);
    const ingest = (adIngestRunId: string, ids: string[]) =>
      r.ingestAds(t().db, {
        orgId: w.org.id,
        researchRunId: w.run.id,
        brandChannelIdentityId: w.identity.id,
        channel: 'META_ADS_LIBRARY',
        adIngestRunId,
        run: { isPartial: true },
        items: ids.map((externalAdId) => ({ externalAdId, rawJson: {} })),
      });

    // Partial results first, then the failure: FAILED, with is_partial and items_count kept.
    const first = await startRun(t().db, w);
    expect(await ingest(first.id, ['p-1', 'p-2'])).toMatchObject({
      success: true,
      ingestRun: { status: 'SUCCEEDED', isPartial: true, itemsCount: 2 },
    });
    expect(
      await r.failAdIngestRun(t().db, { orgId: w.org.id, adIngestRunId: first.id, error: 'page 3 failed' }),
    ).toMatchObject({
      success: true,
      ingestRun: { status: 'FAILED', error: 'page 3 failed', isPartial: true, itemsCount: 2 },
    });

    // The failure first, then the partial results: ingestAds keeps it FAILED and keeps the error.
    const second = await startRun(t().db, w);
    await r.failAdIngestRun(t().db, { orgId: w.org.id, adIngestRunId: second.id, error: 'quota' });
    expect(await ingest(second.id, ['p-3'])).toMatchObject({
      success: true,
      ingestRun: { status: 'FAILED', error: 'quota', isPartial: true, itemsCount: 1 },
    });

    const ads = await t().db.select().from(r.ads).where(eq(r.ads.brandId, w.brand.id));
    expect(ads.map((a) => a.externalAdId).sort()).toEqual(['p-1', 'p-2', 'p-3']);
  });

  it('cuts the error to 2,000 UTF-16 units, never inside a surrogate pair', async () => {
    const w = await seedWorld(t().db);
    const run = await startRun(t().db, w);
    const fail = (error: string) =>
      r.failAdIngestRun(t().db, { orgId: w.org.id, adIngestRunId: run.id, error });
    const long = await fail('x'.repeat(5000));
    expect(long.success && long.ingestRun.error).toBe('x'.repeat(r.AD_INGEST_ERROR_MAX_LENGTH));
    // U+1F600 is two units: at 1,999 + 2 units the pair would be cut, so it is dropped whole.
    const pair = await fail(`${'y'.repeat(1999)}\u{1F600}tail`);
    expect(pair.success && pair.ingestRun.error).toBe('y'.repeat(1999));
  });

  it("another org's run and a missing run are INGEST_RUN_NOT_FOUND and stay unchanged", async () => {
    const a = await seedWorld(t().db);
    const b = await seedWorld(t().db);
    const ofB = await startRun(t().db, b);
    const foreign = await r.failAdIngestRun(t().db, { orgId: a.org.id, adIngestRunId: ofB.id, error: 'x' });
    const missing = await r.failAdIngestRun(t().db, {
      orgId: a.org.id,
      adIngestRunId: crypto.randomUUID(),
      error: 'x',
    });
    expect(foreign).toEqual(missing);
    expect(foreign).toEqual({
      success: false,
      error: 'INGEST_RUN_NOT_FOUND',
      message: 'no ad ingest run with this id in this org',
    });
    expect(await readRun(t().db, ofB.id)).toEqual(ofB);

    // A run mixing A's research run with B's identity (written by hand) is nobody's: not found.
    const [mixed] = await t()
      .db.insert(r.adIngestRuns)
      .values({ researchRunId: a.run.id, brandChannelIdentityId: b.identity.id, channel: 'META_ADS_LIBRARY' })
      .returning();
    for (const orgId of [a.org.id, b.org.id])
      expect(await r.failAdIngestRun(t().db, { orgId, adIngestRunId: mixed!.id, error: 'x' })).toMatchObject({
        error: 'INGEST_RUN_NOT_FOUND',
      });
    expect(await readRun(t().db, mixed!.id)).toMatchObject({ status: 'RUNNING', error: null });
  });

  it('refuses bad input with INVALID_INPUT', async () => {
    const w = await seedWorld(t().db);
    const run = await startRun(t().db, w);
    for (const input of [
      { orgId: w.org.id, adIngestRunId: run.id, error: '' },
      { orgId: 'nope', adIngestRunId: run.id, error: 'x' },
      { orgId: w.org.id, adIngestRunId: run.id, error: 'x', providerRunId: '' },
    ])
      expect(await r.failAdIngestRun(t().db, input)).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    expect(await readRun(t().db, run.id)).toEqual(run);
  });
});
