import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { adAssetLinks, adIngestRuns, ads, brandChannelIdentities, mediaAssets } from './ads';
import { adChannelValues, adStatusValues, mediaAssetTypeValues } from './enums';
import { domainFromUrl } from './upsert-brand';
import { jsonObject, sha256Hex } from './validators';

export type AdIngestRun = typeof adIngestRuns.$inferSelect;

const optText = (max = 10_000) => z.string().max(max).nullish();
const optDate = () => z.coerce.date().nullish();
const optInt = () => z.number().int().min(0).max(2_147_483_647).nullish();

export const ingestMediaInput = z
  .object({
    assetType: z.enum(mediaAssetTypeValues),
    sourceUrl: z.string().min(1).max(4096).nullish(),
    storedUrl: optText(4096),
    sha256: sha256Hex.nullish(),
    mimeType: optText(200),
    sizeBytes: optInt(),
    width: optInt(),
    height: optInt(),
    durationMs: optInt(),
    metadata: jsonObject.optional(),
    role: optText(100),
  })
  .refine((m) => m.sha256 != null || m.sourceUrl != null, {
    message: 'a media item needs sha256 or sourceUrl (its dedupe key)',
  });

export const ingestAdItemInput = z.object({
  externalAdId: z.string().min(1).max(500),
  adStatus: z.enum(adStatusValues).optional(),
  startedRunningAt: optDate(),
  endedRunningAt: optDate(),
  bodyText: optText(100_000),
  headline: optText(),
  ctaType: optText(200),
  ctaText: optText(),
  landingUrl: optText(4096),
  /** Defaults to the landing URL's domain. */
  destinationDomain: optText(500),
  rawJson: jsonObject,
  media: z.array(ingestMediaInput).max(100).default([]),
});

export type IngestAdItem = z.input<typeof ingestAdItemInput>;

export const INGEST_MAX_ITEMS = 10_000;

export const ingestAdsInput = z.object({
  researchRunId: z.uuid(),
  brandChannelIdentityId: z.uuid(),
  channel: z.enum(adChannelValues),
  /** An ad_ingest_run started earlier (status RUNNING); without it a new run row is written. */
  adIngestRunId: z.uuid().optional(),
  run: z
    .object({
      requestedUrl: optText(4096),
      provider: z.string().min(1).max(100).optional(),
      providerActorId: optText(500),
      providerRunId: optText(500),
      providerDatasetId: optText(500),
      resultsLimit: z.number().int().min(1).nullish(),
      isPartial: z.boolean().optional(),
    })
    .default({}),
  /** When the items were seen; default the database's now(). */
  seenAt: z.coerce.date().optional(),
  items: z.array(ingestAdItemInput).max(INGEST_MAX_ITEMS),
});
export const ingestAdsErrors = [
  'INVALID_INPUT',
  'IDENTITY_NOT_FOUND',
  'CHANNEL_MISMATCH',
  'RESEARCH_RUN_NOT_FOUND',
  'INGEST_RUN_NOT_FOUND',
] as const;
export type IngestAdsError = (typeof ingestAdsErrors)[number];

export interface IngestAdsStats {
  items: number;
  adsCreated: number;
  adsUpdated: number;
  mediaCreated: number;
  linksCreated: number;
}

// Rows per statement, well under PostgreSQL's 65,535 bind parameters.
const AD_CHUNK = 2000;
const MEDIA_CHUNK = 2000;
const KEY_CHUNK = 10_000;
const LINK_CHUNK = 10_000;

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

class Abort extends Error {
  constructor(readonly failure: { success: false; error: IngestAdsError; message: string }) {
    super(failure.message);
  }
}

/**
 * Ingests one scrape of a brand's channel in a single transaction with set-based statements
 * (a handful per call, whatever the batch size): the run row, one multi-row upsert of the ads on
 * (channel, external_ad_id) — first_seen_at kept, last_seen_at advanced, content refreshed —,
 * media assets inserted with ON CONFLICT DO NOTHING over both dedupe keys (sha256, or
 * (channel, source_url)) and read back, and ad↔media links with ON CONFLICT DO NOTHING.
 * Re-ingesting the same batch adds no rows.
 */
export async function ingestAds(
  db: DbOrTx,
  input: z.input<typeof ingestAdsInput>,
): Promise<Result<{ ingestRun: AdIngestRun; stats: IngestAdsStats }, IngestAdsError>> {
  const parsed = parseInput(ingestAdsInput, input);
  if (!parsed.success) return parsed;
  const { researchRunId, brandChannelIdentityId, channel, adIngestRunId, run, seenAt } = parsed.data;

  // One row per ad and per media key: a multi-row ON CONFLICT DO UPDATE may not touch a row twice.
  const items = [...new Map(parsed.data.items.map((i) => [i.externalAdId, i])).values()];
  const seen = seenAt ?? sql`now()`;

  try {
    return await db.transaction(async (tx) => {
      const [identity] = await tx
        .select({ brandId: brandChannelIdentities.brandId, channel: brandChannelIdentities.channel })
        .from(brandChannelIdentities)
        .where(eq(brandChannelIdentities.id, brandChannelIdentityId));
      if (!identity) throw new Abort(fail('IDENTITY_NOT_FOUND', 'no brand channel identity with this id'));
      if (identity.channel !== channel) {
        throw new Abort(fail('CHANNEL_MISMATCH', `the identity is on ${identity.channel}, not ${channel}`));
      }

      const runValues = {
        ...run,
        status: 'SUCCEEDED' as const,
        itemsCount: items.length,
        finishedAt: sql`now()`,
      };
      const [ingestRun] = adIngestRunId
        ? await tx
            .update(adIngestRuns)
            .set(runValues)
            .where(
              and(
                eq(adIngestRuns.id, adIngestRunId),
                eq(adIngestRuns.researchRunId, researchRunId),
                eq(adIngestRuns.brandChannelIdentityId, brandChannelIdentityId),
              ),
            )
            .returning()
        : await tx
            .insert(adIngestRuns)
            .values({ researchRunId, brandChannelIdentityId, channel, ...runValues })
            .returning();
      if (!ingestRun) {
        throw new Abort(
          fail('INGEST_RUN_NOT_FOUND', 'no ad ingest run with this id for this run and identity'),
        );
      }

      const stats: IngestAdsStats = {
        items: items.length,
        adsCreated: 0,
        adsUpdated: 0,
        mediaCreated: 0,
        linksCreated: 0,
      };
      const adIds = new Map<string, string>();
      for (const part of chunks(items, AD_CHUNK)) {
        const rows = await tx
          .insert(ads)
          .values(
            part.map((i) => ({
              brandId: identity.brandId,
              brandChannelIdentityId,
              channel,
              externalAdId: i.externalAdId,
              adStatus: i.adStatus ?? 'unknown',
              startedRunningAt: i.startedRunningAt ?? null,
              endedRunningAt: i.endedRunningAt ?? null,
              firstSeenAt: seen,
              lastSeenAt: seen,
              bodyText: i.bodyText ?? null,
              headline: i.headline ?? null,
              ctaType: i.ctaType ?? null,
              ctaText: i.ctaText ?? null,
              landingUrl: i.landingUrl ?? null,
              destinationDomain: i.destinationDomain ?? (i.landingUrl ? domainFromUrl(i.landingUrl) : null),
              rawJson: i.rawJson,
            })),
          )
          .onConflictDoUpdate({
            target: [ads.channel, ads.externalAdId],
            set: {
              adStatus: sql`excluded.ad_status`,
              startedRunningAt: sql`coalesce(excluded.started_running_at, ${ads.startedRunningAt})`,
              endedRunningAt: sql`coalesce(excluded.ended_running_at, ${ads.endedRunningAt})`,
              firstSeenAt: sql`coalesce(${ads.firstSeenAt}, excluded.first_seen_at)`,
              lastSeenAt: sql`greatest(${ads.lastSeenAt}, excluded.last_seen_at)`,
              bodyText: sql`excluded.body_text`,
              headline: sql`excluded.headline`,
              ctaType: sql`excluded.cta_type`,
              ctaText: sql`excluded.cta_text`,
              landingUrl: sql`excluded.landing_url`,
              destinationDomain: sql`excluded.destination_domain`,
              rawJson: sql`excluded.raw_json`,
            },
          })
          // xmax = 0 only on a freshly inserted row version: tells inserts from updates.
          .returning({ id: ads.id, externalAdId: ads.externalAdId, inserted: sql<boolean>`(xmax = 0)` });
        for (const r of rows) {
          adIds.set(r.externalAdId, r.id);
          if (r.inserted) stats.adsCreated++;
          else stats.adsUpdated++;
        }
      }

      // Media: dedupe by sha256 first, else by source_url (the channel is the batch's).
      const media = new Map<string, z.output<typeof ingestMediaInput>>();
      for (const i of items)
        for (const m of i.media) media.set(m.sha256 ? `s:${m.sha256}` : `u:${m.sourceUrl}`, m);
      const mediaRows = [...media.values()];
      for (const part of chunks(mediaRows, MEDIA_CHUNK)) {
        const created = await tx
          .insert(mediaAssets)
          .values(
            part.map((m) => ({
              channel,
              assetType: m.assetType,
              sourceUrl: m.sourceUrl ?? null,
              storedUrl: m.storedUrl ?? null,
              sha256: m.sha256 ?? null,
              mimeType: m.mimeType ?? null,
              sizeBytes: m.sizeBytes ?? null,
              width: m.width ?? null,
              height: m.height ?? null,
              durationMs: m.durationMs ?? null,
              metadataJson: m.metadata ?? {},
            })),
          )
          // No target: every unique index (sha256, (channel, source_url)) is an arbiter.
          .onConflictDoNothing()
          .returning({ id: mediaAssets.id });
        stats.mediaCreated += created.length;
      }

      const bySha = new Map<string, string>();
      const byUrl = new Map<string, string>();
      const shas = [...new Set(mediaRows.flatMap((m) => (m.sha256 ? [m.sha256] : [])))];
      const urls = [...new Set(mediaRows.flatMap((m) => (m.sourceUrl ? [m.sourceUrl] : [])))];
      const keyParts = Math.max(chunks(shas, KEY_CHUNK).length, chunks(urls, KEY_CHUNK).length);
      for (let k = 0; k < keyParts; k++) {
        const s = shas.slice(k * KEY_CHUNK, (k + 1) * KEY_CHUNK);
        const u = urls.slice(k * KEY_CHUNK, (k + 1) * KEY_CHUNK);
        const found = await tx
          .select({
            id: mediaAssets.id,
            sha256: mediaAssets.sha256,
            sourceUrl: mediaAssets.sourceUrl,
            channel: mediaAssets.channel,
          })
          .from(mediaAssets)
          .where(
            or(
              s.length ? inArray(mediaAssets.sha256, s) : undefined,
              u.length ? and(eq(mediaAssets.channel, channel), inArray(mediaAssets.sourceUrl, u)) : undefined,
            ),
          );
        for (const f of found) {
          if (f.sha256) bySha.set(f.sha256, f.id);
          if (f.sourceUrl && f.channel === channel) byUrl.set(f.sourceUrl, f.id);
        }
      }

      const links = new Map<string, { adId: string; mediaAssetId: string; role: string | null }>();
      for (const i of items) {
        const adId = adIds.get(i.externalAdId)!;
        for (const m of i.media) {
          const mediaAssetId = (m.sha256 && bySha.get(m.sha256)) || (m.sourceUrl && byUrl.get(m.sourceUrl));
          if (!mediaAssetId)
            throw new Error(`ingestAds: media ${m.sha256 ?? m.sourceUrl} was neither inserted nor found`);
          links.set(`${adId}:${mediaAssetId}`, { adId, mediaAssetId, role: m.role ?? null });
        }
      }
      for (const part of chunks([...links.values()], LINK_CHUNK)) {
        const created = await tx
          .insert(adAssetLinks)
          .values(part)
          .onConflictDoNothing({ target: [adAssetLinks.adId, adAssetLinks.mediaAssetId] })
          .returning({ id: adAssetLinks.id });
        stats.linksCreated += created.length;
      }
      return ok({ ingestRun, stats });
    });
  } catch (error) {
    if (error instanceof Abort) return error.failure;
    if (pgErrorCode(error) === '23503' && pgConstraint(error) === 'ad_ingest_runs_research_run_id_fkey') {
      return fail('RESEARCH_RUN_NOT_FOUND', 'no research run with this id');
    }
    throw error;
  }
}
