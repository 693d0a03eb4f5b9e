// ingestAds (research) of 1,000 and 100 items on real PostgreSQL: the library against the
// implementation it replaced (six statements taking their rows as one jsonb parameter each, kept
// below only for the side by side), interleaved in one process, median of runs. Each sample ingests
// a fresh brand's batch (every ad and most media new) and then the same batch again (every ad
// updated, nothing new).
//   TEST_DATABASE_URL=… npx tsx bench/ingest-ads.ts
//   BENCH_INGEST_ADS_ITEMS=1000,100 BENCH_RUNS=5 …
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Database, type DbOrTx, rowsOf } from '../src/db';
import type { AdIngestRun } from '../src/research';
import {
  adAssetLinks,
  adIngestRuns,
  ads,
  brandChannelIdentities,
  brands,
  type IngestAdItem,
  type IngestAdsError,
  type IngestAdsStats,
  ingestAds,
  ingestAdsInput,
  type ingestMediaInput,
  mediaAssets,
  researchRuns,
} from '../src/research';
import { domainFromUrl } from '../src/research/brand-names';
import {
  fail,
  isConstraintViolation,
  ok,
  parseInput,
  type Result,
  retrying,
  transactionResult,
} from '../src/result';
import { createBenchDb, fmt, load, median, runs as runCount } from './util';

// ─── The implementation before issue 20 (bench only) ─────────────────────────────────────────

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

/** ingestAds before issue 20 (jsonb rows, separate key read), kept here only for the side-by-side. */
export async function ingestAdsLegacy(
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
    () => ingestOnceLegacy(db, parsed.data, items),
    () => fail('BUSY', 'the ingest kept deadlocking with concurrent ingests (5 attempts); try again'),
  );
}

type IngestInput = z.output<typeof ingestAdsInput>;
type Item = IngestInput['items'][number];

async function ingestOnceLegacy(
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

// ─── The benchmark ───────────────────────────────────────────────────────────────────────────

export interface IngestAdsPoint {
  items: number;
  /** ms per call, median of runs: first ingest (every ad new) and re-ingest (every ad updated). */
  library: { first: number; again: number };
  legacy: { first: number; again: number };
  /** legacy ÷ library (medians): how many times faster the library is. */
  speedup: { first: number; again: number };
}

type Ingest = (db: DbOrTx, input: Parameters<typeof ingestAds>[1]) => ReturnType<typeof ingestAds>;

let worlds = 0;
/** A fresh org with a brand, its META identity and a research run; media keys unique to it. */
async function world(db: Database) {
  const w = ++worlds;
  const [org] = rowsOf<{ id: string }>(
    await db.execute(
      sql`insert into research.orgs (name) values (${`bench-${w}-${Date.now()}`}) returning id`,
    ),
  );
  const [client] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into research.clients (org_id, name) values (${org!.id}, 'c') returning id`),
  );
  const [brand] = await db
    .insert(brands)
    .values({ orgId: org!.id, canonicalName: 'B', normalizedName: `b-${w}-${Date.now()}` })
    .returning();
  const [identity] = await db
    .insert(brandChannelIdentities)
    .values({ brandId: brand!.id, channel: 'META_ADS_LIBRARY', externalId: `page-${w}-${Date.now()}` })
    .returning();
  const [run] = await db.insert(researchRuns).values({ orgId: org!.id, clientId: client!.id }).returning();
  return { w, orgId: org!.id, brandChannelIdentityId: identity!.id, researchRunId: run!.id };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** n ads of one world: each with its own image (sha256 + URL), every 4th with a second image by URL, all sharing one video. */
function batch(w: number, n: number): IngestAdItem[] {
  return Array.from({ length: n }, (_, i) => ({
    externalAdId: `w${w}-ad-${i}`,
    adStatus: 'active' as const,
    startedRunningAt: new Date(Date.UTC(2026, 0, 1 + (i % 28))),
    bodyText: `body ${i} `.repeat(20),
    headline: `headline ${i}`,
    ctaType: 'SHOP_NOW',
    landingUrl: `https://www.shop${w}.example/p/${i}`,
    rawJson: { i, snapshot: { cards: [{ title: `t${i}` }] } },
    media: [
      {
        assetType: 'IMAGE' as const,
        sha256: sha(`w${w}-img-${i}`),
        sourceUrl: `https://cdn.example/w${w}/img-${i}.jpg`,
        role: 'primary',
      },
      ...(i % 4 === 0
        ? [{ assetType: 'IMAGE' as const, sourceUrl: `https://cdn.example/w${w}/extra-${i}.jpg` }]
        : []),
      { assetType: 'VIDEO' as const, sourceUrl: `https://cdn.example/w${w}/intro.mp4` },
    ],
  }));
}

export async function benchIngestAds(
  options: { items?: number[]; runs?: number } = {},
): Promise<IngestAdsPoint[]> {
  const sizes = options.items ?? [1000, 100];
  const RUNS = options.runs ?? runCount();
  const bdb = await createBenchDb('ingest_ads', ['research']);
  const pool = bdb.open(1);
  const contenders: Record<'library' | 'legacy', Ingest> = { library: ingestAds, legacy: ingestAdsLegacy };
  const out: IngestAdsPoint[] = [];
  try {
    for (const n of sizes) {
      const ms = {
        library: { first: [] as number[], again: [] as number[] },
        legacy: { first: [] as number[], again: [] as number[] },
      };
      // One warm-up sample per contender, then RUNS samples, alternating which one goes first.
      for (let r = -1; r < RUNS; r++) {
        const order = r % 2 === 0 ? (['library', 'legacy'] as const) : (['legacy', 'library'] as const);
        for (const name of order) {
          const w = await world(pool.db);
          const input = { ...w, channel: 'META_ADS_LIBRARY' as const, items: batch(w.w, n) };
          const t0 = performance.now();
          const first = await contenders[name](pool.db, input);
          const t1 = performance.now();
          const again = await contenders[name](pool.db, input);
          const t2 = performance.now();
          if (!first.success || !again.success)
            throw new Error(`${name}: ${JSON.stringify(first)} ${JSON.stringify(again)}`);
          const extra = Math.ceil(n / 4);
          const want = {
            items: n,
            adsCreated: n,
            adsUpdated: 0,
            mediaCreated: n + extra + 1,
            linksCreated: 2 * n + extra,
          };
          if (JSON.stringify(first.stats) !== JSON.stringify(want))
            throw new Error(
              `${name}: stats ${JSON.stringify(first.stats)}, expected ${JSON.stringify(want)}`,
            );
          if (
            again.stats.adsUpdated !== n ||
            again.stats.mediaCreated !== 0 ||
            again.stats.linksCreated !== 0
          )
            throw new Error(`${name}: re-ingest stats ${JSON.stringify(again.stats)}`);
          if (r >= 0) {
            ms[name].first.push(t1 - t0);
            ms[name].again.push(t2 - t1);
          }
        }
      }
      const library = { first: median(ms.library.first), again: median(ms.library.again) };
      const legacy = { first: median(ms.legacy.first), again: median(ms.legacy.again) };
      out.push({
        items: n,
        library,
        legacy,
        speedup: { first: legacy.first / library.first, again: legacy.again / library.again },
      });
    }
  } finally {
    await bdb.drop();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const items = (process.env.BENCH_INGEST_ADS_ITEMS ?? '1000,100').split(',').map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  console.log(`ingestAds, ${runs} runs per figure (median), load ${load()}`);
  for (const p of await benchIngestAds({ items, runs })) {
    console.log(
      `${fmt(p.items)} items: first ingest library ${fmt(p.library.first, 1)} ms, legacy ${fmt(p.legacy.first, 1)} ms (${p.speedup.first.toFixed(2)}×); ` +
        `re-ingest library ${fmt(p.library.again, 1)} ms, legacy ${fmt(p.legacy.again, 1)} ms (${p.speedup.again.toFixed(2)}×)`,
    );
  }
  console.log(`load ${load()}`);
}
