import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as r from '../../src/research';
import { seedWorld, sha, uniq } from '../research/fixtures';
import { useTestDb } from '../support';
import { hostileValues, loadSystem, repositoryFunctions, rowCounts, setAt } from './contract';
import { hostileSuite, RUNS, SEED } from './hostile';

hostileSuite('research');

// The shared suite mutates generated inputs whose ids are random, so nearly every call stops at
// INVALID_INPUT or a NOT_FOUND before a hostile value reaches an INSERT. Here each function starts
// from a valid input on one seeded org and one or two fields (at any depth) are replaced by
// hostile values: whatever validation lets through must be stored or refused with a documented
// code, never a driver error.
type World = Awaited<ReturnType<typeof seedWorld>>;
type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth > 3 || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value))
    return value.length ? [[...prefix, 0], ...pathsOf(value[0], [...prefix, 0], depth + 1)] : [];
  return Object.entries(value).flatMap(([k, v]) => [
    [...prefix, k],
    ...pathsOf(v, [...prefix, k], depth + 1),
  ]);
}

describe('research: hostile values in otherwise valid input', () => {
  const t = useTestDb();

  it(`returns a documented Result, never throws, writes nothing on failure (${RUNS} cases each, seed ${SEED})`, async () => {
    const db = t().db;
    const w: World = await seedWorld(db);
    const job = async (status: 'queued' | 'running') => {
      const [row] = await db
        .insert(r.jobs)
        .values({ orgId: w.org.id, jobType: 'hostile', subjectType: 'ad', subjectId: w.brand.id, status })
        .returning();
      return row!.id;
    };
    const deepJob = async () => {
      const responseId = uniq('resp');
      await db
        .insert(r.deepResearchJobs)
        .values({ orgId: w.org.id, clientId: w.client.id, model: 'm', prompt: 'p', responseId });
      return responseId;
    };
    /** A valid input of each function (fresh keys each time, so a case can create rows). */
    const valid: Record<string, () => Promise<Record<string, unknown>>> = {
      upsertBrand: async () => ({
        orgId: w.org.id,
        canonicalName: uniq('Brand'),
        primaryWebsiteUrl: `https://www.${uniq('b')}.example/path`,
      }),
      saveArtifact: async () => ({
        orgId: w.org.id,
        clientId: w.client.id,
        campaignId: w.campaign.id,
        type: 'asset_brief',
        data: { title: 'brief', n: 1, nested: { list: [1, 'two'] } },
        createdByUser: w.user.id,
      }),
      registerContextFile: async () => ({
        orgId: w.org.id,
        ideaWorkspaceId: uniq('ws'),
        clientId: w.client.id,
        campaignId: w.campaign.id,
        docKey: 'precanon:04',
        docTitle: 'Title',
        sourceKind: 'precanon_step',
        stepKey: '04',
        sha256: sha(uniq('doc')),
        claudeFileId: 'file_1',
        filename: 'a.md',
        mimeType: 'text/markdown',
        sizeBytes: 10,
        driveDocId: 'd',
        driveUrl: 'https://drive.example/d',
        status: 'ready',
        error: null,
      }),
      enqueueResearchJob: async () => ({
        orgId: w.org.id,
        clientId: w.client.id,
        researchRunId: w.run.id,
        jobType: 'add_creative_breakdown',
        subjectType: 'ad',
        subjectId: w.brand.id,
        dedupeKey: uniq('dedupe'),
        input: { ad: 1 },
      }),
      claimResearchJobs: async () => {
        await job('queued');
        return { workerId: 'w1', limit: 2, jobTypes: ['hostile'] };
      },
      completeResearchJob: async () => ({
        jobId: await job('running'),
        output: { ok: true },
        rawOutputText: 'raw',
      }),
      failResearchJob: async () => ({ jobId: await job('running'), error: 'boom', maxAttempts: 3 }),
      applyResearchWebhook: async () => ({
        responseId: await deepJob(),
        webhookId: uniq('wh'),
        status: 'completed',
        outputText: 'out',
        fullResponseJson: { id: 1 },
        error: null,
        incompleteDetails: { reason: 'x' },
      }),
      failAdIngestRun: async () => {
        const [run] = await db
          .insert(r.adIngestRuns)
          .values({
            researchRunId: w.run.id,
            brandChannelIdentityId: w.identity.id,
            channel: 'META_ADS_LIBRARY',
          })
          .returning();
        return {
          orgId: w.org.id,
          adIngestRunId: run!.id,
          error: 'boom',
          isPartial: true,
          providerRunId: 'p',
        };
      },
      ingestAds: async () => {
        const ad = uniq('ad');
        return {
          orgId: w.org.id,
          researchRunId: w.run.id,
          brandChannelIdentityId: w.identity.id,
          channel: 'META_ADS_LIBRARY',
          run: { requestedUrl: 'https://x.example', providerRunId: 'p', resultsLimit: 10, isPartial: false },
          seenAt: new Date('2026-01-01T00:00:00Z'),
          items: [
            {
              externalAdId: ad,
              adStatus: 'active',
              startedRunningAt: '2026-01-01T00:00:00Z',
              endedRunningAt: null,
              bodyText: 'body',
              headline: 'h',
              ctaType: 'SHOP',
              ctaText: 'Shop',
              landingUrl: 'https://shop.example/p',
              destinationDomain: null,
              rawJson: { id: ad },
              media: [
                {
                  assetType: 'IMAGE',
                  sourceUrl: `https://cdn.example/${ad}.jpg`,
                  storedUrl: null,
                  sha256: sha(ad),
                  mimeType: 'image/jpeg',
                  sizeBytes: 1,
                  width: 1,
                  height: 1,
                  durationMs: null,
                  metadata: {},
                  role: 'primary',
                },
              ],
            },
          ],
        };
      },
    };
    const fns = repositoryFunctions('research', await loadSystem('research'));
    expect(fns.map((f) => f.name).sort()).toEqual(Object.keys(valid).sort());
    const problems: string[] = [];
    const outcomes: Record<string, number> = {};
    let cases = 0;
    for (const f of fns) {
      const paths = pathsOf(await valid[f.name]!());
      const mutation = fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...hostileValues()));
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(mutation, { minLength: 0, maxLength: 2 }), async (mutations) => {
            cases++;
            const input = await valid[f.name]!();
            for (const [path, value] of mutations) setAt(input, path, value);
            const before = await rowCounts(db, ['research']);
            let result: { success?: unknown; error?: unknown };
            try {
              result = (await f.fn(db, input)) as typeof result;
            } catch (error) {
              throw new Error(
                `threw ${(error as Error)?.constructor?.name}: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
              );
            }
            if (typeof result !== 'object' || result === null || typeof result.success !== 'boolean')
              throw new Error('returned no Result');
            const outcome = result.success ? 'ok' : String(result.error);
            outcomes[`${f.name}: ${outcome}`] = (outcomes[`${f.name}: ${outcome}`] ?? 0) + 1;
            if (mutations.length === 0 && !result.success)
              throw new Error(`the valid input failed: ${outcome}`);
            if (result.success === false) {
              if (!f.errors.includes(result.error as string)) throw new Error(`undocumented code ${outcome}`);
              expect(await rowCounts(db, ['research'])).toEqual(before);
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } catch (error) {
        const lines = String((error as Error).message).split('\n');
        const keep = lines.filter((l) =>
          /Counterexample|Got error|threw|undocumented|valid input|returned no Result|expected/i.test(l),
        );
        problems.push(`${f.name}: ${keep.join(' | ').slice(0, 1200)}`);
      }
    }
    console.log(`[hostile] research (valid bases): ${fns.length} functions, ${cases} cases`, outcomes);
    expect(problems).toEqual([]);
  }, 600_000);
});
