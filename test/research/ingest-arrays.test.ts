// ingestAds passes each column as one array literal through unnest: the edges that form adds — a
// batch of one, text that array-literal syntax gives meaning to (quotes, backslashes, braces,
// commas, the word NULL, empty strings), and duplicates inside one batch (the same ad, the same
// media item, two media items that resolve to one asset) — each stored exactly once, as given.
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as r from '../../src/research';
import { useTestDb } from '../support';
import { seedWorld, sha } from './fixtures';

describe('ingestAds through arrays', () => {
  const t = useTestDb();
  const base = (w: Awaited<ReturnType<typeof seedWorld>>) => ({
    orgId: w.org.id,
    researchRunId: w.run.id,
    brandChannelIdentityId: w.identity.id,
    channel: 'META_ADS_LIBRARY' as const,
  });

  it('a batch of one item, its text full of array-literal syntax, stored exactly as given', async () => {
    const w = await seedWorld(t().db);
    const tricky = 'a,"b"\\c{d},NULL \\"} {"x":1} \t\n end';
    const item: r.IngestAdItem = {
      externalAdId: '{"1",\\2}',
      bodyText: tricky,
      headline: 'NULL',
      ctaType: '',
      ctaText: ' ',
      landingUrl: 'https://www.shop.example/p?a=1,2&b="3"',
      rawJson: { q: '"quoted"', b: '\\', nested: { arr: ['{', '}', ','], nul: null }, s: 'NULL' },
      media: [
        {
          assetType: 'IMAGE',
          sourceUrl: 'https://cdn.example/{a},"b"\\c.jpg',
          mimeType: 'NULL',
          metadata: { alt: 'say "hi", {x}' },
          role: '',
        },
      ],
    };
    const res = await r.ingestAds(t().db, { ...base(w), items: [item] });
    expect(res).toMatchObject({
      success: true,
      stats: { items: 1, adsCreated: 1, adsUpdated: 0, mediaCreated: 1, linksCreated: 1 },
    });
    const [ad] = await t().db.select().from(r.ads).where(eq(r.ads.brandId, w.brand.id));
    expect(ad).toMatchObject({
      externalAdId: '{"1",\\2}',
      adStatus: 'unknown',
      bodyText: tricky,
      headline: 'NULL',
      ctaType: '',
      ctaText: ' ',
      landingUrl: 'https://www.shop.example/p?a=1,2&b="3"',
      destinationDomain: 'shop.example',
      startedRunningAt: null,
      rawJson: item.rawJson,
    });
    const [media] = await t()
      .db.select()
      .from(r.mediaAssets)
      .where(eq(r.mediaAssets.sourceUrl, 'https://cdn.example/{a},"b"\\c.jpg'));
    expect(media).toMatchObject({
      mimeType: 'NULL',
      sha256: null,
      sizeBytes: null,
      metadataJson: { alt: 'say "hi", {x}' },
    });
    const links = await t().db.select().from(r.adAssetLinks).where(eq(r.adAssetLinks.adId, ad!.id));
    expect(links).toMatchObject([{ mediaAssetId: media!.id, role: '' }]);
  });

  it('duplicates in one batch: the last item and the last role win, media resolving to one asset link once', async () => {
    const w = await seedWorld(t().db);
    const url = `https://cdn.example/${w.brand.id}/shared.jpg`;
    const a = sha(`${w.brand.id}-a`);
    const b = sha(`${w.brand.id}-b`);
    const res = await r.ingestAds(t().db, {
      ...base(w),
      items: [
        { externalAdId: 'dup', headline: 'first', rawJson: { v: 1 } },
        {
          externalAdId: 'dup',
          headline: 'last',
          rawJson: { v: 2 },
          media: [
            // Two dedupe keys (sha a, sha b) for one URL: b's insert conflicts on the URL and finds
            // a's asset by it, so both are one link.
            { assetType: 'IMAGE', sha256: a, sourceUrl: url, role: 'first role' },
            { assetType: 'IMAGE', sha256: b, sourceUrl: url, role: 'by url' },
            { assetType: 'IMAGE', sha256: a, sourceUrl: url, role: 'last role' },
          ],
        },
        {
          externalAdId: 'other',
          rawJson: {},
          media: [{ assetType: 'IMAGE', sha256: a, sourceUrl: url }],
        },
      ],
    });
    expect(res).toMatchObject({
      success: true,
      stats: { items: 2, adsCreated: 2, adsUpdated: 0, mediaCreated: 1, linksCreated: 2 },
    });
    const ads = await t()
      .db.select()
      .from(r.ads)
      .where(eq(r.ads.brandId, w.brand.id))
      .orderBy(asc(r.ads.externalAdId));
    expect(ads.map((x) => [x.externalAdId, x.headline, x.rawJson])).toEqual([
      ['dup', 'last', { v: 2 }],
      ['other', null, {}],
    ]);
    const [asset] = await t().db.select().from(r.mediaAssets).where(eq(r.mediaAssets.sourceUrl, url));
    // Media are inserted in dedupe-key order (code units of `s:<sha256>`): the smaller sha is stored,
    // the other one conflicts on the URL. The shas come from the brand's random id, so either may be.
    expect(asset!.sha256).toBe([a, b].sort()[0]);
    const links = await t()
      .db.select({
        adId: r.adAssetLinks.adId,
        mediaAssetId: r.adAssetLinks.mediaAssetId,
        role: r.adAssetLinks.role,
      })
      .from(r.adAssetLinks)
      .where(eq(r.adAssetLinks.mediaAssetId, asset!.id));
    expect(links).toHaveLength(2);
    expect(links.find((l) => l.adId === ads[0]!.id)).toEqual({
      adId: ads[0]!.id,
      mediaAssetId: asset!.id,
      role: 'last role',
    });
  });
});
