// Issue 14's findings in messaging: each returns a documented failure (or the right row), never a
// driver error, and a refused call writes nothing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/crypto';
import {
  claimJobs,
  closeConversation,
  completeJob,
  completeJobs,
  enqueueJob,
  failJob,
  getTenantCredentials,
  ingestInboundEvent,
  openConversation,
  putTenantCredentials,
  reclaimStaleJobs,
  recordMessage,
  rotateTenantCredentials,
  upsertContact,
} from '../../src/messaging';
import { rowCounts, systemSchemas } from '../contract/contract';
import { useTestDb } from '../support';
import { makeContact, makeTenant } from './fixtures';

const badDates = [
  new Date('+010000-01-01T00:00:00Z'),
  new Date('-000001-01-01T00:00:00Z'),
  '10000-01-01T00:00:00Z',
  '5',
  '2026-13-45',
  '2026-02-30T00:00:00Z',
  '',
];

describe('messaging: hostile values from issue 14', () => {
  const t = useTestDb();

  it('dates outside years 0001–9999 and numeric strings are INVALID_INPUT (receivedAt, runAfter)', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const before = await rowCounts(db, systemSchemas.messaging);
    for (const date of badDates) {
      expect(
        await ingestInboundEvent(db, {
          tenantId: tenant.tenantId,
          provider: 'ghl',
          eventType: 'inbound_message',
          dedupeKey: `d-${String(date)}`,
          receivedAt: date as never,
        }),
      ).toMatchObject({ success: false, error: 'INVALID_INPUT' });
      expect(
        await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'x', runAfter: date as never }),
      ).toMatchObject({
        success: false,
        error: 'INVALID_INPUT',
      });
    }
    expect(await rowCounts(db, systemSchemas.messaging)).toEqual(before);
    // The edges of the range are stored as given.
    const late = await enqueueJob(db, {
      tenantId: tenant.tenantId,
      jobType: 'x',
      runAfter: '9999-12-31T23:59:59Z',
    });
    expect(late.success && late.job.runAfter.toISOString()).toBe('9999-12-31T23:59:59.000Z');
    const early = await ingestInboundEvent(db, {
      tenantId: tenant.tenantId,
      provider: 'ghl',
      eventType: 'inbound_message',
      dedupeKey: 'early',
      receivedAt: '0100-01-01T00:00:00Z',
    });
    expect(early.success && early.event.receivedAt.toISOString()).toBe('0100-01-01T00:00:00.000Z');
    // Years 0001–0099 are refused: drizzle reads a stored '0050-01-01 00:00:00+00' back through
    // JS's legacy date parser, which turns it into 1950 (the kit's range starts at 0001).
    for (const y of ['0001', '0050', '0099'])
      expect(
        await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'x', runAfter: `${y}-06-01T00:00:00Z` }),
      ).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('integers past their column or documented bounds are INVALID_INPUT', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const jobId = '0aa5f8f4-6b5e-4c56-9c43-3e6e1c0f1a01';
    for (const n of [2 ** 31, 2 ** 40, -1, 1.5]) {
      expect(await reclaimStaleJobs(db, { olderThanSeconds: n === -1 ? -1 : 2 ** 40 })).toMatchObject({
        error: 'INVALID_INPUT',
      });
      expect(await reclaimStaleJobs(db, { olderThanSeconds: 60, maxAttempts: n })).toMatchObject({
        error: 'INVALID_INPUT',
      });
      expect(await claimJobs(db, { workerId: 'w', limit: n })).toMatchObject({ error: 'INVALID_INPUT' });
      expect(
        await failJob(db, { tenantId: tenant.tenantId, jobId, workerId: 'w', error: 'e', maxAttempts: n }),
      ).toMatchObject({ error: 'INVALID_INPUT' });
      expect(
        await rotateTenantCredentials(db, { keyring: new Keyring([[1, randomBytes(32)]]), batchSize: n }),
      ).toMatchObject({
        error: 'INVALID_INPUT',
      });
    }
  });

  it('JSON with BigInt, cycles, non-finite numbers or NUL deep down is INVALID_INPUT, nothing written', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown = '\u0000';
    for (let i = 0; i < 120; i++) deep = { k: deep };
    let deepArray: unknown = 1;
    for (let i = 0; i < 2000; i++) deepArray = [deepArray];
    const before = await rowCounts(db, systemSchemas.messaging);
    for (const payload of [
      { n: 10n },
      cyclic,
      deep,
      { a: deepArray },
      { x: Number.NaN },
      { y: Number.POSITIVE_INFINITY },
    ]) {
      expect(
        await ingestInboundEvent(db, {
          tenantId: tenant.tenantId,
          provider: 'ghl',
          eventType: 'inbound_message',
          dedupeKey: 'json',
          payload: payload as never,
        }),
      ).toMatchObject({ error: 'INVALID_INPUT' });
      expect(
        await upsertContact(db, {
          tenantId: tenant.tenantId,
          channel: 'sms',
          channelAddress: '+1',
          metadata: payload as never,
        }),
      ).toMatchObject({ error: 'INVALID_INPUT' });
      expect(
        await putTenantCredentials(db, {
          tenantId: tenant.tenantId,
          provider: 'p',
          credentials: payload as never,
          keyring: new Keyring([[1, randomBytes(32)]]),
        }),
      ).toMatchObject({ error: 'INVALID_INPUT' });
    }
    expect(await rowCounts(db, systemSchemas.messaging)).toEqual(before);
  });

  it('upper-case uuids find the rows their lower-case form names', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const contact = await makeContact(db, tenant.tenantId);
    const T = tenant.tenantId.toUpperCase();
    const opened = await openConversation(db, { tenantId: T, contactId: contact.contactId.toUpperCase() });
    if (!opened.success) throw new Error(opened.message);
    const same = await openConversation(db, { tenantId: tenant.tenantId, contactId: contact.contactId });
    expect(same).toMatchObject({
      created: false,
      conversation: { conversationId: opened.conversation.conversationId },
    });
    const conversationId = opened.conversation.conversationId.toUpperCase();
    expect(
      await recordMessage(db, {
        tenantId: T,
        conversationId,
        contactId: contact.contactId.toUpperCase(),
        direction: 'outbound',
        text: 'hi',
      }),
    ).toMatchObject({ success: true, created: true });
    const ev = await ingestInboundEvent(db, {
      tenantId: T,
      provider: 'ghl',
      eventType: 'inbound_message',
      dedupeKey: 'upper',
      jobType: 'upper',
    });
    if (!ev.success) throw new Error(ev.message);
    expect(ev.event.tenantId).toBe(tenant.tenantId);
    expect(
      await enqueueJob(db, {
        tenantId: T,
        jobType: 'upper',
        inboundEventId: ev.event.inboundEventId.toUpperCase(),
      }),
    ).toMatchObject({ success: true, created: false, job: { jobId: ev.job.jobId } });
    const claimed = await claimJobs(db, { workerId: 'w', limit: 10, jobTypes: ['upper'] });
    if (!claimed.success) throw new Error();
    const ids = claimed.jobs.map((j) => j.jobId.toUpperCase());
    expect(await completeJob(db, { tenantId: T, jobId: ids[0]!, workerId: 'w' })).toMatchObject({
      success: true,
    });
    expect(await completeJobs(db, { tenantId: T, jobIds: ids, workerId: 'w' })).toMatchObject({
      success: true,
      lockLost: [ids[0]!.toLowerCase()],
    });
    expect(await closeConversation(db, { tenantId: T, conversationId })).toMatchObject({ success: true });
    const keyring = new Keyring([[1, randomBytes(32)]]);
    await putTenantCredentials(db, { tenantId: T, provider: 'ghl', credentials: { k: 1 }, keyring });
    expect(
      await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'ghl', keyring }),
    ).toMatchObject({
      success: true,
      credentials: { k: 1 },
    });
  });

  it('over-long keys and a missing keyring are INVALID_INPUT', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    expect(
      await ingestInboundEvent(db, {
        tenantId: tenant.tenantId,
        provider: 'ghl',
        eventType: 'inbound_message',
        dedupeKey: 'x'.repeat(10_000_000),
      }),
    ).toMatchObject({ error: 'INVALID_INPUT' });
    expect(
      await upsertContact(db, {
        tenantId: tenant.tenantId,
        channel: 'sms',
        channelAddress: 'é'.repeat(5_000),
      }),
    ).toMatchObject({ error: 'INVALID_INPUT' });
    expect(
      await putTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'p', credentials: {} }),
    ).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'p' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await rotateTenantCredentials(db, {} as never)).toMatchObject({ error: 'INVALID_INPUT' });
    // A key version past key_version's int4 range.
    const far = new Keyring([[2 ** 31, randomBytes(32)]]);
    expect(
      await putTenantCredentials(db, {
        tenantId: tenant.tenantId,
        provider: 'p',
        credentials: {},
        keyring: far,
      }),
    ).toMatchObject({ error: 'INVALID_INPUT' });
    expect(await rotateTenantCredentials(db, {}, far)).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('a worker records a handler error that PostgreSQL could not store as given', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await enqueueJob(db, { tenantId: tenant.tenantId, jobType: 'nul' });
    const { createWorker } = await import('../../src/messaging');
    const controller = new AbortController();
    const worker = createWorker(db, {
      workerId: 'w-nul',
      pollIntervalMs: 10,
      maxAttempts: 2 ** 40,
      signal: controller.signal,
      handlers: {
        nul: async () => {
          throw new Error('bad\u0000byte \uD800 here');
        },
      },
    });
    for (let i = 0; i < 200 && worker.stats.failed + worker.stats.lockLost < 1; i++)
      await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await worker.stopped;
    expect(worker.stats).toMatchObject({ failed: 1, lockLost: 0 });
  });
});
