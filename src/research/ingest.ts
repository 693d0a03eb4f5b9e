import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import { count4, INDEX_ENTRY_BUDGET, int4, keyText, timestampInput, uuidInput } from '../input';
import { pgArrayLiteral } from '../queue/filters';
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

/** Sorts by a string key in code-unit order: the canonical order every batch statement locks in. */
function sortBy<T>(xs: T[], keyOf: (x: T) => string): T[] {
  return xs
    .map((x) => [keyOf(x), x] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, x]) => x);
}

type Column<T> = readonly [name: string, type: string, value: (row: T) => unknown];

/**
 * `unnest(…) with ordinality as u(<names>, ord)`: the rows of a batch statement, one array
 * parameter per column whatever the batch size. Each array goes as a literal, which every driver
 * passes as text and the server parses as `type[]`.
 */
function unnestRows<T>(rows: T[], columns: readonly Column<T>[]) {
  const arrays = columns.map(
    ([, type, value]) => sql`${pgArrayLiteral(rows.map((r) => value(r) ?? null))}::${sql.raw(type)}[]`,
  );
  return sql`unnest(${sql.join(arrays, sql`, `)}) with ordinality as u(${sql.raw(columns.map(([name]) => name).join(', '))}, ord)`;
}

type Media = z.output<typeof ingestMediaInput>;
const mediaKey = (m: Media) => (m.sha256 ? `s:${m.sha256}` : `u:${m.sourceUrl}`);

type IngestInput = z.output<typeof ingestAdsInput>;
type Item = IngestInput['items'][number];

const adColumns: readonly Column<Item>[] = [
  ['external_ad_id', 'text', (i) => i.externalAdId],
  ['ad_status', 'research.ad_status', (i) => i.adStatus],
  ['started_running_at', 'timestamptz', (i) => i.startedRunningAt?.toISOString()],
  ['ended_running_at', 'timestamptz', (i) => i.endedRunningAt?.toISOString()],
  ['body_text', 'text', (i) => i.bodyText],
  ['headline', 'text', (i) => i.headline],
  ['cta_type', 'text', (i) => i.ctaType],
  ['cta_text', 'text', (i) => i.ctaText],
  ['landing_url', 'text', (i) => i.landingUrl],
  [
    'destination_domain',
    'text',
    (i) => i.destinationDomain ?? (i.landingUrl ? domainFromUrl(i.landingUrl) : null),
  ],
  ['raw_json', 'jsonb', (i) => JSON.stringify(i.rawJson)],
];

const mediaColumns: readonly Column<Media>[] = [
  ['asset_type', 'research.media_asset_type', (m) => m.assetType],
  ['source_url', 'text', (m) => m.sourceUrl],
  ['stored_url', 'text', (m) => m.storedUrl],
  ['sha256', 'text', (m) => m.sha256],
  ['mime_type', 'text', (m) => m.mimeType],
  ['size_bytes', 'int', (m) => m.sizeBytes],
  ['width', 'int', (m) => m.width],
  ['height', 'int', (m) => m.height],
  ['duration_ms', 'int', (m) => m.durationMs],
  ['metadata', 'jsonb', (m) => JSON.stringify(m.metadata ?? {})],
];

/** A link wanted: the ad's id and the media item (its asset id is found in the statement). */
type Link = { adId: string; media: Media };
const linkColumns: readonly Column<Link>[] = [
  ['ad_id', 'uuid', (l) => l.adId],
  ['sha256', 'text', (l) => l.media.sha256],
  ['source_url', 'text', (l) => l.media.sourceUrl],
  ['role', 'text', (l) => l.media.role],
];

/**
 * Ingests one scrape of a brand's channel in a single transaction of five statements whatever the
 * batch size, each taking its rows as one array per column through `unnest`: the identity and
 * research-run check, the run row, one multi-row upsert of the ads on (channel, external_ad_id,
 * brand_id) — first_seen_at kept, last_seen_at advanced, content refreshed where the scrape has it
 * (a field the scrape lacks keeps its stored value; an `unknown` status keeps a known one) —, media
 * assets inserted with ON CONFLICT DO NOTHING over both dedupe keys (sha256, or (channel,
 * source_url)), and ad↔media links with ON CONFLICT DO NOTHING, their media found by those keys in
 * the same statement. Re-ingesting the same batch adds no rows.
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
  db: AnyDb,
  input: z.input<typeof ingestAdsInput>,
): Promise<Result<{ ingestRun: AdIngestRun; stats: IngestAdsStats }, IngestAdsError>> {
  narrowDb(db);
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

async function ingestOnce(
  db: AnyDb,
  input: IngestInput,
  items: Item[],
): Promise<Result<{ ingestRun: AdIngestRun; stats: IngestAdsStats }, IngestAdsError>> {
  narrowDb(db);
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
      const upserted = rowsOf<{ id: string; externalAdId: string; inserted: boolean }>(
        await tx.execute(sql`
          insert into ${ads} as a (brand_id, brand_channel_identity_id, channel, external_ad_id,
            ad_status, started_running_at, ended_running_at, first_seen_at, last_seen_at, body_text,
            headline, cta_type, cta_text, landing_url, destination_domain, raw_json)
          select ${identity.brandId}::uuid, ${brandChannelIdentityId}::uuid, ${channelSql},
            u.external_ad_id, coalesce(u.ad_status, 'unknown'), u.started_running_at,
            u.ended_running_at, ${seen}, ${seen}, u.body_text, u.headline, u.cta_type, u.cta_text,
            u.landing_url, u.destination_domain, u.raw_json
          from ${unnestRows(items, adColumns)}
          order by u.ord
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
      const adIds = new Map<string, string>();
      for (const r of upserted) {
        adIds.set(r.externalAdId, r.id);
        if (r.inserted) stats.adsCreated++;
        else stats.adsUpdated++;
      }

      // Media: dedupe by sha256 first, else by source_url (the channel is the batch's); sorted
      // by that key. No conflict target: every unique index (sha256, (channel, source_url)) is an
      // arbiter.
      const media = new Map<string, Media>();
      for (const i of items) for (const m of i.media) media.set(mediaKey(m), m);
      const mediaRows = sortBy([...media.values()], mediaKey);
      if (mediaRows.length > 0) {
        const [created] = rowsOf<{ n: number }>(
          await tx.execute(sql`
            with created as (
              insert into ${mediaAssets} (channel, asset_type, source_url, stored_url, sha256, mime_type,
                size_bytes, width, height, duration_ms, metadata)
              select ${channelSql}, u.asset_type, u.source_url, u.stored_url, u.sha256, u.mime_type,
                u.size_bytes, u.width, u.height, u.duration_ms, u.metadata
              from ${unnestRows(mediaRows, mediaColumns)}
              order by u.ord
              on conflict do nothing
              returning 1)
            select count(*)::int as n from created`),
        );
        stats.mediaCreated = created!.n;
      }

      // Links, one per (ad, media asset), the last role given winning. Each media item is found by
      // its sha256, else by its URL on the batch's channel, in this statement: its snapshot, taken
      // after the insert above, also sees the media a concurrent ingest committed meanwhile (the
      // insert waited for it). Inserted in (ad id, media id) order.
      const links: Link[] = [];
      for (const i of items) {
        const adId = adIds.get(i.externalAdId)!;
        for (const m of i.media) links.push({ adId, media: m });
      }
      if (links.length > 0) {
        const [linked] = rowsOf<{ created: number; missing: string | null }>(
          await tx.execute(sql`
            with wanted as (
              select distinct on (u.ad_id, m.id) u.ad_id, m.id as media_asset_id, u.role,
                coalesce(u.sha256, u.source_url) as media
              from ${unnestRows(links, linkColumns)}
              left join lateral (
                select coalesce(
                  (select id from ${mediaAssets} where sha256 = u.sha256),
                  (select id from ${mediaAssets} where channel = ${channelSql} and source_url = u.source_url)
                ) as id) m on true
              order by u.ad_id, m.id, u.ord desc),
            created as (
              insert into ${adAssetLinks} (ad_id, media_asset_id, role)
              select ad_id, media_asset_id, role from wanted where media_asset_id is not null
              order by ad_id, media_asset_id
              on conflict (ad_id, media_asset_id) do nothing
              returning 1)
            select (select count(*)::int from created) as created,
              (select min(media) from wanted where media_asset_id is null) as missing`),
        );
        if (linked!.missing !== null)
          throw new Error(`ingestAds: media ${linked!.missing} was neither inserted nor found`);
        stats.linksCreated = linked!.created;
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
