import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, rowsOf } from '../db';
import { count4, INDEX_ENTRY_BUDGET, int4, keyText, timestampInput, uuidInput } from '../input';
import {
  fail,
  isConstraintViolation,
  ok,
  parseInput,
  type Result,
  retrying,
  transactionResult,
} from '../result';
import { domainFromUrl } from './brand-names';
import {
  adAssetLinks,
  adIngestRuns,
  ads,
  brandChannelIdentities,
  brands,
  mediaAssets,
  researchRuns,
} from './tables/ads';
import { adChannelValues, adStatusValues, mediaAssetTypeValues } from './tables/enums';
import type { AdIngestRun } from './validators';
import { jsonObject, sha256Hex } from './validators';

const optText = (max = 10_000) => z.string().max(max).nullish();
const optDate = () => timestampInput().nullish();
const optCount = () => count4().nullish();
/** Text in a unique index (ads (channel, external_ad_id), media_assets (channel, source_url)). */
const key = (max: number) => keyText(INDEX_ENTRY_BUDGET).min(1).max(max);

export const ingestMediaInput = z
  .object({
    assetType: z.enum(mediaAssetTypeValues),
    sourceUrl: key(4096).nullish(),
    storedUrl: optText(4096),
    sha256: sha256Hex.nullish(),
    mimeType: optText(200),
    sizeBytes: optCount(),
    width: optCount(),
    height: optCount(),
    durationMs: optCount(),
    metadata: jsonObject.optional(),
    role: optText(100),
  })
  .refine((m) => m.sha256 != null || m.sourceUrl != null, {
    message: 'a media item needs sha256 or sourceUrl (its dedupe key)',
  });

export const ingestAdItemInput = z.object({
  externalAdId: key(500),
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
  /** The org the scrape is for: the research run and the identity's brand must be its own. */
  orgId: uuidInput(),
  researchRunId: uuidInput(),
  brandChannelIdentityId: uuidInput(),
  channel: z.enum(adChannelValues),
  /** An ad_ingest_run started earlier for this research run and identity; without it a new run row is written. */
  adIngestRunId: uuidInput().optional(),
  run: z
    .object({
      requestedUrl: optText(4096),
      provider: z.string().min(1).max(100).optional(),
      providerActorId: optText(500),
      providerRunId: optText(500),
      providerDatasetId: optText(500),
      resultsLimit: int4({ min: 1 }).nullish(),
      isPartial: z.boolean().optional(),
    })
    .default({}),
  /** When the items were seen; default the database's now(). */
  seenAt: timestampInput().optional(),
  items: z.array(ingestAdItemInput).max(INGEST_MAX_ITEMS),
});
export const ingestAdsErrors = [
  'INVALID_INPUT',
  'IDENTITY_NOT_FOUND',
  'CHANNEL_MISMATCH',
  'RESEARCH_RUN_NOT_FOUND',
  'INGEST_RUN_NOT_FOUND',
  'BUSY',
] as const;
export type IngestAdsError = (typeof ingestAdsErrors)[number];

export interface IngestAdsStats {
  /** Distinct items (by external ad id) in the batch. */
  items: number;
  adsCreated: number;
  adsUpdated: number;
  mediaCreated: number;
  linksCreated: number;
}

// Rows per statement: each statement takes its rows as one jsonb parameter.
const AD_CHUNK = 2000;
const MEDIA_CHUNK = 5000;
const KEY_CHUNK = 10_000;
const LINK_CHUNK = 10_000;

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Sorts by a string key in code-unit order: the canonical order every batch statement locks in. */
function sortBy<T>(xs: T[], keyOf: (x: T) => string): T[] {
  return xs
    .map((x) => [keyOf(x), x] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, x]) => x);
}

/** The rows of a batch statement: one jsonb parameter, read in array order. */
const rowsParam = (rows: unknown[]) =>
  sql`jsonb_array_elements(${JSON.stringify(rows)}::jsonb) with ordinality as e(v, ord)`;

type Media = z.output<typeof ingestMediaInput>;
const mediaKey = (m: Media) => (m.sha256 ? `s:${m.sha256}` : `u:${m.sourceUrl}`);

/**
 * Ingests one scrape of a brand's channel in a single transaction with set-based statements
 * (6 per call up to 2,000 items, whatever the batch size): the identity and research-run check,
 * the run row, one multi-row upsert of the ads on (channel, external_ad_id, brand_id) —
 * first_seen_at kept, last_seen_at advanced, content refreshed where the scrape has it (a field the
 * scrape lacks keeps its stored value; an `unknown` status keeps a known one) —, media assets
 * inserted with ON CONFLICT DO NOTHING over both dedupe keys (sha256, or (channel, source_url)) and
 * read back, and ad↔media links with ON CONFLICT DO NOTHING. Re-ingesting the same batch adds no rows.
 *
 * Owner: the research run must be the org's, and the identity a channel of one of the org's
 * brands; another org's run, identity or ingest run answers like a missing one. Each brand has its
 * own copy of an ad (the key includes brand_id), so an ad another org also tracks is neither read
 * nor changed: that org's copy, links and counts stay as they are.
 *
 * Deadlock-free: every batch statement takes its rows in one canonical order — ads by external
 * ad id, media by their dedupe key, links by (ad id, media id) — so concurrent ingests of
 * overlapping batches, in any order, wait for each other instead of deadlocking. Media carry two
 * unique keys, so batches that pair one sha256 with different source URLs can still deadlock:
 * then the whole transaction is retried (up to 5 attempts) and BUSY returned if it keeps failing.
 */
export async function ingestAds(
  db: DbOrTx,
  input: z.input<typeof ingestAdsInput>,
): Promise<Result<{ ingestRun: AdIngestRun; stats: IngestAdsStats }, IngestAdsError>> {
  const parsed = parseInput(ingestAdsInput, input);
  if (!parsed.success) return parsed;
  // One row per ad (the last occurrence wins): a multi-row ON CONFLICT DO UPDATE may not touch a
  // row twice. Sorted by the conflict key (the channel is the batch's).
  const items = sortBy(
    [...new Map(parsed.data.items.map((i) => [i.externalAdId, i])).values()],
    (i) => i.externalAdId,
  );
  return retrying(
    () => ingestOnce(db, parsed.data, items),
    () => fail('BUSY', 'the ingest kept deadlocking with concurrent ingests (5 attempts); try again'),
  );
}

type IngestInput = z.output<typeof ingestAdsInput>;
type Item = IngestInput['items'][number];

async function ingestOnce(
  db: DbOrTx,
  input: IngestInput,
  items: Item[],
): Promise<Result<{ ingestRun: AdIngestRun; stats: IngestAdsStats }, IngestAdsError>> {
  const { orgId, researchRunId, brandChannelIdentityId, channel, adIngestRunId, run, seenAt } = input;
  const seen = seenAt ? sql`${seenAt.toISOString()}::timestamptz` : sql`now()`;
  const channelSql = sql`${channel}::research.ad_channel`;
  try {
    return await transactionResult(db, async (tx) => {
      // The identity must be a channel of one of the org's brands and the run the org's; both
      // rows are key-share locked, so neither disappears before the ads reference them.
      const [identity] = rowsOf<{ brandId: string; channel: string; runOk: boolean }>(
        await tx.execute(sql`
          select i.brand_id as "brandId", i.channel::text as "channel",
            exists (select 1 from ${researchRuns} r
                     where r.id = ${researchRunId} and r.org_id = ${orgId}) as "runOk"
          from ${brandChannelIdentities} i join ${brands} b on b.id = i.brand_id
          where i.id = ${brandChannelIdentityId} and b.org_id = ${orgId}
          for key share of i, b`),
      );
      if (!identity) return fail('IDENTITY_NOT_FOUND', 'no brand channel identity with this id in this org');
      if (identity.channel !== channel) {
        return fail('CHANNEL_MISMATCH', `the identity is on ${identity.channel}, not ${channel}`);
      }
      if (!identity.runOk) return fail('RESEARCH_RUN_NOT_FOUND', 'no research run with this id in this org');

      const runValues = {
        ...run,
        status: 'SUCCEEDED' as const,
        itemsCount: items.length,
        finishedAt: sql`now()`,
      };
      const [ingestRun] = adIngestRunId
        ? await tx
            .update(adIngestRuns)
            // A run already recorded as FAILED (failAdIngestRun) stays FAILED when its partial
            // results arrive; its error is kept.
            .set({
              ...runValues,
              status: sql`case when ${adIngestRuns.status} = 'FAILED' then 'FAILED' else 'SUCCEEDED' end::research.ad_ingest_status`,
            })
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
        return fail(
          'INGEST_RUN_NOT_FOUND',
          'no ad ingest run with this id for this research run and identity',
        );
      }

      const stats: IngestAdsStats = {
        items: items.length,
        adsCreated: 0,
        adsUpdated: 0,
        mediaCreated: 0,
        linksCreated: 0,
      };

      // Ads, sorted by external ad id (the channel and brand are the batch's). The brand's own copy
      // is the conflict row; another brand's copy of the same ad is never touched.
      const adIds = new Map<string, string>();
      for (const part of chunks(items, AD_CHUNK)) {
        const rows = part.map((i) => ({
          externalAdId: i.externalAdId,
          adStatus: i.adStatus ?? null,
          startedRunningAt: i.startedRunningAt?.toISOString() ?? null,
          endedRunningAt: i.endedRunningAt?.toISOString() ?? null,
          bodyText: i.bodyText ?? null,
          headline: i.headline ?? null,
          ctaType: i.ctaType ?? null,
          ctaText: i.ctaText ?? null,
          landingUrl: i.landingUrl ?? null,
          destinationDomain: i.destinationDomain ?? (i.landingUrl ? domainFromUrl(i.landingUrl) : null),
          rawJson: i.rawJson,
        }));
        const upserted = rowsOf<{ id: string; externalAdId: string; inserted: boolean }>(
          await tx.execute(sql`
            insert into ${ads} as a (brand_id, brand_channel_identity_id, channel, external_ad_id,
              ad_status, started_running_at, ended_running_at, first_seen_at, last_seen_at, body_text,
              headline, cta_type, cta_text, landing_url, destination_domain, raw_json)
            select ${identity.brandId}::uuid, ${brandChannelIdentityId}::uuid, ${channelSql},
              e.v->>'externalAdId', coalesce((e.v->>'adStatus')::research.ad_status, 'unknown'),
              (e.v->>'startedRunningAt')::timestamptz, (e.v->>'endedRunningAt')::timestamptz,
              ${seen}, ${seen}, e.v->>'bodyText', e.v->>'headline', e.v->>'ctaType', e.v->>'ctaText',
              e.v->>'landingUrl', e.v->>'destinationDomain', e.v->'rawJson'
            from ${rowsParam(rows)}
            order by e.ord
            on conflict (channel, external_ad_id, brand_id) do update set
              -- What the scrape lacks keeps its stored value: 'unknown' (the default of a missing
              -- status) never replaces a known one, NULL never replaces a value.
              ad_status = case when excluded.ad_status = 'unknown' then a.ad_status else excluded.ad_status end,
              started_running_at = coalesce(excluded.started_running_at, a.started_running_at),
              ended_running_at = coalesce(excluded.ended_running_at, a.ended_running_at),
              first_seen_at = coalesce(a.first_seen_at, excluded.first_seen_at),
              last_seen_at = greatest(a.last_seen_at, excluded.last_seen_at),
              body_text = coalesce(excluded.body_text, a.body_text),
              headline = coalesce(excluded.headline, a.headline),
              cta_type = coalesce(excluded.cta_type, a.cta_type),
              cta_text = coalesce(excluded.cta_text, a.cta_text),
              landing_url = coalesce(excluded.landing_url, a.landing_url),
              destination_domain = coalesce(excluded.destination_domain, a.destination_domain),
              raw_json = excluded.raw_json
            returning a.id, a.external_ad_id as "externalAdId", (a.xmax = 0) as inserted`),
        );
        // xmax = 0 only on a freshly inserted row version: tells inserts from updates.
        for (const r of upserted) {
          adIds.set(r.externalAdId, r.id);
          if (r.inserted) stats.adsCreated++;
          else stats.adsUpdated++;
        }
      }

      // Media: dedupe by sha256 first, else by source_url (the channel is the batch's); sorted
      // by that key.
      const media = new Map<string, Media>();
      for (const i of items) for (const m of i.media) media.set(mediaKey(m), m);
      const mediaRows = sortBy([...media.values()], mediaKey);
      for (const part of chunks(mediaRows, MEDIA_CHUNK)) {
        const rows = part.map((m) => ({
          assetType: m.assetType,
          sourceUrl: m.sourceUrl ?? null,
          storedUrl: m.storedUrl ?? null,
          sha256: m.sha256 ?? null,
          mimeType: m.mimeType ?? null,
          sizeBytes: m.sizeBytes ?? null,
          width: m.width ?? null,
          height: m.height ?? null,
          durationMs: m.durationMs ?? null,
          metadata: m.metadata ?? {},
        }));
        const created = rowsOf<{ id: string }>(
          await tx.execute(sql`
            insert into ${mediaAssets} (channel, asset_type, source_url, stored_url, sha256, mime_type,
              size_bytes, width, height, duration_ms, metadata)
            select ${channelSql}, (e.v->>'assetType')::research.media_asset_type, e.v->>'sourceUrl',
              e.v->>'storedUrl', e.v->>'sha256', e.v->>'mimeType', (e.v->>'sizeBytes')::int,
              (e.v->>'width')::int, (e.v->>'height')::int, (e.v->>'durationMs')::int, e.v->'metadata'
            from ${rowsParam(rows)}
            order by e.ord
            on conflict do nothing
            returning id`),
        );
        // No conflict target: every unique index (sha256, (channel, source_url)) is an arbiter.
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
        const found = rowsOf<{
          id: string;
          sha256: string | null;
          sourceUrl: string | null;
          channel: string;
        }>(
          await tx.execute(sql`
            select id, sha256, source_url as "sourceUrl", channel::text as channel from ${mediaAssets}
            where sha256 = any (array (select jsonb_array_elements_text(${JSON.stringify(s)}::jsonb)))
               or (channel = ${channelSql} and source_url = any (
                    array (select jsonb_array_elements_text(${JSON.stringify(u)}::jsonb))))`),
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
      const linkRows = sortBy([...links.entries()], ([k]) => k).map(([, l]) => l);
      for (const part of chunks(linkRows, LINK_CHUNK)) {
        const created = rowsOf<{ id: string }>(
          await tx.execute(sql`
            insert into ${adAssetLinks} (ad_id, media_asset_id, role)
            select (e.v->>'adId')::uuid, (e.v->>'mediaAssetId')::uuid, e.v->>'role'
            from ${rowsParam(part)}
            order by e.ord
            on conflict (ad_id, media_asset_id) do nothing
            returning id`),
        );
        stats.linksCreated += created.length;
      }
      return ok({ ingestRun, stats });
    });
  } catch (error) {
    // A parent deleted after the check (the FKs refuse the rows): the same codes as a missing one.
    if (isConstraintViolation(error, '23503', 'ad_ingest_runs_research_run_id_fkey'))
      return fail('RESEARCH_RUN_NOT_FOUND', 'no research run with this id in this org');
    throw error;
  }
}
