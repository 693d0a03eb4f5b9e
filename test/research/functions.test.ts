import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as r from '../../src/research';
import { domainFromUrl, normalizeBrandName } from '../../src/research/brand-names';
import { useTestDb } from '../support';
import { seedWorld, sha, uniq } from './fixtures';

describe('upsertBrand', () => {
  const t = useTestDb();

  it('derives the domain and normalized name', () => {
    expect(domainFromUrl('HTTPS://WWW.Nike.com/us/shoes?x=1')).toBe('nike.com');
    expect(domainFromUrl('www.adidas.de/path')).toBe('adidas.de');
    expect(domainFromUrl('http://shop.acme.io:8080')).toBe('shop.acme.io');
    expect(domainFromUrl('not a url')).toBeNull();
    expect(normalizeBrandName('  ACME   Inc ')).toBe('acme');
  });

  // Issue 18 §4: what normalized_name folds (docs/research.md, "Brand names").
  it('normalizes case, width, punctuation, "&", trademark signs and trailing legal forms; keeps diacritics', () => {
    const same: [string, string][] = [
      ['ACME', 'acme'],
      ['  Acme,   Inc. ', 'acme'],
      ['Acme LLC', 'acme'],
      ['ACME Ltd.', 'acme'],
      ['Acme GmbH', 'acme'],
      ['Acme GmbH & Co. KG', 'acme'],
      ['Acme Corp', 'acme'],
      ['Acme S.A.', 'acme'],
      ['Ａｃｍｅ', 'acme'],
      ['Acme™', 'acme'],
      ['Acme®', 'acme'],
      ['Coca-Cola', 'coca cola'],
      ['Coca Cola', 'coca cola'],
      ["Levi's", 'levis'],
      ['Levi\u2019s', 'levis'],
      ['Marks & Spencer plc', 'marks and spencer'],
      ['Marks and Spencer', 'marks and spencer'],
      ['Dr. Martens', 'dr martens'],
      ['Nestlé S.A.', 'nestlé'],
    ];
    for (const [name, normalized] of same) expect(normalizeBrandName(name), name).toBe(normalized);
    // Kept apart: diacritics, a legal form that is the whole name, word boundaries, inner legal words.
    expect(normalizeBrandName('Nestle')).toBe('nestle');
    expect(normalizeBrandName('Company')).toBe('company');
    expect(normalizeBrandName('Inc Ltd')).toBe('inc');
    expect(normalizeBrandName('CocaCola')).toBe('cocacola');
    expect(normalizeBrandName('Co Op Market')).toBe('co op market');
    // Nothing but punctuation: the case-folded name itself.
    expect(normalizeBrandName(' !!! ')).toBe('!!!');
  });

  it('equivalent spellings land on one brand; different brands do not collide', async () => {
    const w = await seedWorld(t().db);
    const upsert = (canonicalName: string, primaryWebsiteUrl?: string) =>
      r.upsertBrand(t().db, { orgId: w.org.id, canonicalName, primaryWebsiteUrl });
    const idOf = async (name: string) => {
      const res = await upsert(name);
      if (!res.success) throw new Error(res.message);
      return res.brand.id;
    };
    const acme = await upsert('Acme, Inc.');
    expect(acme).toMatchObject({
      success: true,
      created: true,
      brand: { canonicalName: 'Acme, Inc.', normalizedName: 'acme' },
    });
    const acmeId = acme.success ? acme.brand.id : '';
    for (const spelling of ['ACME', 'acme inc', 'Acme LLC', 'Acme GmbH & Co. KG', 'Ａｃｍｅ™', ' acme. '])
      expect(await upsert(spelling), spelling).toMatchObject({
        success: true,
        created: false,
        brand: { id: acmeId },
      });
    const levis = await idOf("Levi's");
    expect(await idOf('LEVIS')).toBe(levis);
    const ms = await idOf('Marks & Spencer');
    expect(await idOf('Marks and Spencer PLC')).toBe(ms);

    const distinct = ['Acme Labs', 'Acmé', 'Nestle', 'Nestlé', 'Co', 'Company', 'Acme Co Op'];
    const ids = await Promise.all(distinct.map(idOf));
    expect(new Set([acmeId, levis, ms, ...ids]).size).toBe(3 + distinct.length);
  });

  it('creates once per domain, then returns the same brand', async () => {
    const w = await seedWorld(t().db);
    const a = await r.upsertBrand(t().db, {
      orgId: w.org.id,
      canonicalName: 'Nike',
      primaryWebsiteUrl: 'https://www.nike.com/',
    });
    expect(a).toMatchObject({
      success: true,
      created: true,
      brand: { normalizedName: 'nike', primaryDomain: 'nike.com' },
    });
    const b = await r.upsertBrand(t().db, {
      orgId: w.org.id,
      canonicalName: 'NIKE, Inc.',
      primaryWebsiteUrl: 'nike.com/about',
    });
    expect(b).toMatchObject({ success: true, created: false });
    if (a.success && b.success) expect(b.brand.id).toBe(a.brand.id);
  });

  it('without a website dedupes by normalized name among domain-less brands', async () => {
    const w = await seedWorld(t().db);
    const a = await r.upsertBrand(t().db, { orgId: w.org.id, canonicalName: 'Blue  Bottle' });
    const b = await r.upsertBrand(t().db, { orgId: w.org.id, canonicalName: 'blue bottle' });
    expect(a).toMatchObject({ success: true, created: true, brand: { primaryDomain: null } });
    expect(b).toMatchObject({ success: true, created: false });
    if (a.success && b.success) expect(b.brand.id).toBe(a.brand.id);
    const c = await r.upsertBrand(t().db, {
      orgId: w.org.id,
      canonicalName: 'Blue Bottle',
      primaryWebsiteUrl: 'bluebottle.com',
    });
    expect(c).toMatchObject({ success: true, created: true });
  });

  it('fails with INVALID_INPUT and ORG_NOT_FOUND', async () => {
    expect(await r.upsertBrand(t().db, { orgId: 'x', canonicalName: 'A' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    const w = await seedWorld(t().db);
    expect(
      await r.upsertBrand(t().db, { orgId: w.org.id, canonicalName: 'A', primaryWebsiteUrl: 'nope' }),
    ).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    expect(await r.upsertBrand(t().db, { orgId: crypto.randomUUID(), canonicalName: 'A' })).toMatchObject({
      success: false,
      error: 'ORG_NOT_FOUND',
    });
  });
});

describe('saveArtifact', () => {
  const t = useTestDb();

  it('numbers versions per (client, campaign, type)', async () => {
    const w = await seedWorld(t().db);
    const base = { orgId: w.org.id, clientId: w.client.id, type: 'strategy_sheet' as const, data: { v: 1 } };
    const v = async (extra: object) => {
      const res = await r.saveArtifact(t().db, { ...base, ...extra });
      if (!res.success) throw new Error(res.message);
      return res.artifact.version;
    };
    expect(await v({})).toBe(1);
    expect(await v({})).toBe(2);
    expect(await v({ campaignId: w.campaign.id })).toBe(1);
    expect(await v({ campaignId: w.campaign.id, createdByUser: w.user.id })).toBe(2);
    expect(await v({ type: 'playbook' })).toBe(1);
    expect(await v({})).toBe(3);
  });

  it('runs inside the caller transaction', async () => {
    const w = await seedWorld(t().db);
    await expect(
      t().db.transaction(async (tx) => {
        const a = await r.saveArtifact(tx, {
          orgId: w.org.id,
          clientId: w.client.id,
          type: 'qa_report',
          data: {},
        });
        expect(a).toMatchObject({ success: true, artifact: { version: 1 } });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const again = await r.saveArtifact(t().db, {
      orgId: w.org.id,
      clientId: w.client.id,
      type: 'qa_report',
      data: {},
    });
    expect(again).toMatchObject({ success: true, artifact: { version: 1 } });
  });

  it('maps missing parents and bad input to codes', async () => {
    const w = await seedWorld(t().db);
    const base = { orgId: w.org.id, clientId: w.client.id, type: 'playbook' as const, data: {} };
    expect(await r.saveArtifact(t().db, { ...base, type: 'memo' as never })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await r.saveArtifact(t().db, { ...base, clientId: crypto.randomUUID() })).toMatchObject({
      error: 'CLIENT_NOT_FOUND',
    });
    expect(await r.saveArtifact(t().db, { ...base, campaignId: crypto.randomUUID() })).toMatchObject({
      error: 'CAMPAIGN_NOT_FOUND',
    });
    expect(await r.saveArtifact(t().db, { ...base, createdByUser: crypto.randomUUID() })).toMatchObject({
      error: 'USER_NOT_FOUND',
    });
    expect(await r.saveArtifact(t().db, { ...base, orgId: crypto.randomUUID() })).toMatchObject({
      error: 'ORG_NOT_FOUND',
    });
  });
});

describe('registerContextFile', () => {
  const t = useTestDb();

  it('is idempotent on (org, workspace, doc_key, sha256)', async () => {
    const w = await seedWorld(t().db);
    const f = {
      orgId: w.org.id,
      ideaWorkspaceId: 'ws1',
      docKey: 'precanon:04',
      sourceKind: 'precanon_step',
      stepKey: '04',
      sha256: sha('a'),
    };
    const a = await r.registerContextFile(t().db, { ...f, claudeFileId: 'file_1' });
    const b = await r.registerContextFile(t().db, { ...f, claudeFileId: 'file_2' });
    expect(a).toMatchObject({
      success: true,
      created: true,
      file: { status: 'ready', claudeFileId: 'file_1' },
    });
    expect(b).toMatchObject({ success: true, created: false, file: { claudeFileId: 'file_1' } });
    const c = await r.registerContextFile(t().db, { ...f, sha256: sha('b') });
    expect(c).toMatchObject({ success: true, created: true });
    expect(
      await t().db.select().from(r.claudeContextFiles).where(eq(r.claudeContextFiles.orgId, w.org.id)),
    ).toHaveLength(2);
  });

  it('fails with INVALID_INPUT and *_NOT_FOUND', async () => {
    const w = await seedWorld(t().db);
    const f = {
      orgId: w.org.id,
      ideaWorkspaceId: 'ws',
      docKey: 'k',
      sourceKind: 's',
      sha256: sha(uniq('x')),
    };
    expect(await r.registerContextFile(t().db, { ...f, sha256: 'abc' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await r.registerContextFile(t().db, { ...f, orgId: crypto.randomUUID() })).toMatchObject({
      error: 'ORG_NOT_FOUND',
    });
    expect(await r.registerContextFile(t().db, { ...f, clientId: crypto.randomUUID() })).toMatchObject({
      error: 'CLIENT_NOT_FOUND',
    });
    expect(await r.registerContextFile(t().db, { ...f, campaignId: crypto.randomUUID() })).toMatchObject({
      error: 'CAMPAIGN_NOT_FOUND',
    });
  });
});

describe('applyResearchWebhook', () => {
  const t = useTestDb();
  const job = async () => {
    const w = await seedWorld(t().db);
    const responseId = uniq('resp');
    await t().db.insert(r.deepResearchJobs).values({
      orgId: w.org.id,
      clientId: w.client.id,
      model: 'm',
      prompt: 'p',
      responseId,
      status: 'queued',
    });
    return responseId;
  };

  it('moves forward, sets finished_at on a terminal state, never goes back', async () => {
    const responseId = await job();
    const a = await r.applyResearchWebhook(t().db, { responseId, webhookId: 'wh1', status: 'in_progress' });
    expect(a).toMatchObject({
      success: true,
      outcome: 'applied',
      job: { status: 'in_progress', finishedAt: null, lastWebhookId: 'wh1' },
    });
    const b = await r.applyResearchWebhook(t().db, {
      responseId,
      webhookId: 'wh2',
      status: 'completed',
      outputText: 'report',
      fullResponseJson: { id: responseId },
    });
    expect(b).toMatchObject({
      success: true,
      outcome: 'applied',
      job: { status: 'completed', outputText: 'report' },
    });
    if (b.success) expect(b.job.finishedAt).toBeInstanceOf(Date);
    const c = await r.applyResearchWebhook(t().db, {
      responseId,
      webhookId: 'wh3',
      status: 'in_progress',
      outputText: 'late',
    });
    expect(c).toMatchObject({
      success: true,
      outcome: 'stale',
      job: { status: 'completed', outputText: 'report', lastWebhookId: 'wh3' },
    });
    const d = await r.applyResearchWebhook(t().db, {
      responseId,
      webhookId: 'wh4',
      status: 'failed',
      error: 'x',
    });
    expect(d).toMatchObject({ outcome: 'stale', job: { status: 'completed', error: null } });
  });

  it('ignores a repeated webhook id', async () => {
    const responseId = await job();
    await r.applyResearchWebhook(t().db, { responseId, webhookId: 'same', status: 'in_progress' });
    const again = await r.applyResearchWebhook(t().db, {
      responseId,
      webhookId: 'same',
      status: 'failed',
      error: 'boom',
    });
    expect(again).toMatchObject({
      success: true,
      outcome: 'duplicate',
      job: { status: 'in_progress', error: null },
    });
  });

  it('records incomplete details and fails for unknown responses or bad input', async () => {
    const responseId = await job();
    const inc = await r.applyResearchWebhook(t().db, {
      responseId,
      webhookId: 'w',
      status: 'incomplete',
      incompleteDetails: { reason: 'max_output_tokens' },
    });
    expect(inc).toMatchObject({
      outcome: 'applied',
      job: { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } },
    });
    expect(
      await r.applyResearchWebhook(t().db, { responseId: 'nope', webhookId: 'w', status: 'completed' }),
    ).toMatchObject({
      success: false,
      error: 'JOB_NOT_FOUND',
    });
    expect(
      await r.applyResearchWebhook(t().db, { responseId, webhookId: 'w2', status: 'done' as never }),
    ).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });
});

describe('input bounds (issue 14)', () => {
  const t = useTestDb();

  it('refuses what the indexes or columns cannot hold, and accepts upper-case uuids', async () => {
    const w = await seedWorld(t().db);
    // NFKC expands U+FDFA to 18 characters: the normalized name would overflow its index entry.
    expect(
      await r.upsertBrand(t().db, { orgId: w.org.id, canonicalName: '\uFDFA'.repeat(500) }),
    ).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    const upper = await r.upsertBrand(t().db, {
      orgId: w.org.id.toUpperCase(),
      canonicalName: uniq('Upper'),
    });
    expect(upper).toMatchObject({ success: true, brand: { orgId: w.org.id } });
    const base = {
      orgId: w.org.id.toUpperCase(),
      researchRunId: w.run.id.toUpperCase(),
      brandChannelIdentityId: w.identity.id.toUpperCase(),
      channel: 'META_ADS_LIBRARY' as const,
    };
    const item = { externalAdId: uniq('bound'), rawJson: {} };
    expect(
      await r.ingestAds(t().db, {
        ...base,
        items: [
          { ...item, media: [{ assetType: 'IMAGE', sourceUrl: `https://cdn.example/${'x'.repeat(2600)}` }] },
        ],
      }),
    ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(await r.ingestAds(t().db, { ...base, items: [{ ...item, startedRunningAt: '5' }] })).toMatchObject(
      { success: false, error: 'INVALID_INPUT' },
    );
    expect(
      await r.ingestAds(t().db, { ...base, seenAt: new Date('+010000-01-01T00:00:00Z'), items: [item] }),
    ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    expect(await r.ingestAds(t().db, { ...base, items: [item] })).toMatchObject({
      success: true,
      stats: { adsCreated: 1 },
    });
    expect(
      await r.enqueueResearchJob(t().db, {
        orgId: w.org.id,
        jobType: 'j',
        subjectType: 's',
        subjectId: w.brand.id,
        dedupeKey: 'k'.repeat(2601),
      }),
    ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
  });

  it('failResearchJob never cuts the stored error inside a surrogate pair', async () => {
    const w = await seedWorld(t().db);
    const [job] = await t()
      .db.insert(r.jobs)
      .values({ orgId: w.org.id, jobType: 'j', subjectType: 's', subjectId: w.brand.id, status: 'running' })
      .returning();
    const error = `${'a'.repeat(r.RESEARCH_JOB_ERROR_MAX_LENGTH - 1)}😀tail`;
    const res = await r.failResearchJob(t().db, { jobId: job!.id, error, maxAttempts: 3 });
    expect(res).toMatchObject({
      success: true,
      job: { error: 'a'.repeat(r.RESEARCH_JOB_ERROR_MAX_LENGTH - 1) },
    });
  });
});
