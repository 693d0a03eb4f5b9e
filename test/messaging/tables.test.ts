import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as messaging from '../../src/messaging';
import {
  contacts,
  conversations,
  inboundEvents,
  insertJobSchema,
  insertMessageSchema,
  insertTenantSchema,
  jobQueue,
  messages,
  tables,
  tenantCredentials,
  tenants,
  updateContactSchema,
  updateInboundEventSchema,
  updateJobSchema,
  updateMessageSchema,
  updateTenantCredentialSchema,
} from '../../src/messaging';
import {
  missingValidators,
  roundTrip,
  roundTripEntry,
  type SystemTables,
  strayValidators,
} from '../fixtures/round-trip';
import { expectPgError, useTestDb } from '../support';
import { makeContact, makeTenant } from './fixtures';

/** Messaging for the round-trip harness; `jobQueue` rows are `Job` (validators.ts). */
const system: SystemTables = { tables, module: messaging, names: { jobQueue: 'Job' } };

describe('messaging tables', () => {
  const t = useTestDb();

  it('every table has its insert, select and update validators', () => {
    expect(missingValidators(system)).toEqual([]);
    expect(strayValidators(system)).toEqual([]);
  });

  it('update validators take a partial row and refuse a bad value at its path', () => {
    const cases: [z.ZodType, Record<string, unknown>, Record<string, unknown>, string][] = [
      [
        updateTenantCredentialSchema,
        { credentials: Buffer.from([1, 2]), keyVersion: 2 },
        { keyVersion: 0 },
        'keyVersion',
      ],
      [updateInboundEventSchema, { payload: { retried: true } }, { dedupeKey: '' }, 'dedupeKey'],
      [updateJobSchema, { status: 'done', attempts: 1, lockedBy: null }, { status: 'running' }, 'status'],
      [updateContactSchema, { displayName: 'Jane' }, { channelAddress: '' }, 'channelAddress'],
      [updateMessageSchema, { text: null, payload: {} }, { direction: 'sideways' }, 'direction'],
    ];
    for (const [schema, partial, bad, path] of cases) {
      expect(schema.parse(partial)).toEqual(partial);
      expect(schema.safeParse(bad).error?.issues.map((i) => i.path)).toEqual([[path]]);
    }
  });

  it('every table round-trips through its validators', async () => {
    const trip = async (key: keyof typeof tables, input: Record<string, unknown>) =>
      (await roundTrip(t().db, roundTripEntry(system, key), input)).back;
    const tenant = await trip('tenants', { tenantSlug: 'acme', name: 'Acme', settings: { timezone: 'UTC' } });
    expect(tenant).toMatchObject({ tenantSlug: 'acme', isEnabled: true, settings: { timezone: 'UTC' } });
    const tenantId = tenant.tenantId;

    const cred = await trip('tenantCredentials', {
      tenantId,
      provider: 'ghl',
      credentials: Buffer.from([0, 1, 255]),
    });
    expect((cred.credentials as Buffer).equals(Buffer.from([0, 1, 255]))).toBe(true);
    expect(cred.keyVersion).toBe(1);

    const ev = await trip('inboundEvents', {
      tenantId,
      provider: 'ghl',
      eventType: 'inbound_message',
      dedupeKey: 'k1',
      payload: { a: 1 },
    });
    expect(ev).toMatchObject({ dedupeKey: 'k1', payload: { a: 1 } });
    expect(ev.traceId).toMatch(/^[0-9a-f-]{36}$/);

    const job = await trip('jobQueue', {
      tenantId,
      jobType: 'process_inbound_message',
      inboundEventId: ev.inboundEventId,
    });
    expect(job).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });

    const contact = await trip('contacts', { tenantId, channel: 'sms', channelAddress: '+15550001' });
    expect(contact).toMatchObject({ channelAddress: '+15550001', metadata: {} });

    const conv = await trip('conversations', { tenantId, contactId: contact.contactId });
    expect(conv).toMatchObject({ status: 'open', context: {} });

    const msg = await trip('messages', {
      tenantId,
      conversationId: conv.conversationId,
      contactId: contact.contactId,
      direction: 'inbound',
      provider: 'ghl',
      providerMsgId: 'm1',
      text: 'hi',
    });
    expect(msg).toMatchObject({ direction: 'inbound', text: 'hi' });
  });

  it('validators reject unknown enum values and oversize strings', () => {
    expect(
      insertJobSchema.safeParse({ tenantId: randomUUID(), jobType: 'x', status: 'running' }).success,
    ).toBe(false);
    expect(
      insertMessageSchema.safeParse({
        tenantId: randomUUID(),
        conversationId: randomUUID(),
        contactId: randomUUID(),
        direction: 'sideways',
      }).success,
    ).toBe(false);
    expect(insertTenantSchema.safeParse({ tenantSlug: 'x'.repeat(101), name: 'n' }).success).toBe(false);
    expect(insertTenantSchema.safeParse({ tenantSlug: 'Has Spaces', name: 'n' }).success).toBe(false);
  });

  it('unique constraints reject duplicates', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await expectPgError(
      db.insert(tenants).values({ tenantSlug: tenant.tenantSlug, name: 'dup' }),
      '23505',
      'tenants_tenant_slug_key',
    );
    await db
      .insert(tenantCredentials)
      .values({ tenantId: tenant.tenantId, provider: 'ghl', credentials: Buffer.from('x') });
    await expectPgError(
      db
        .insert(tenantCredentials)
        .values({ tenantId: tenant.tenantId, provider: 'ghl', credentials: Buffer.from('y') }),
      '23505',
      'tenant_credentials_tenant_id_provider_key',
    );
    await db
      .insert(inboundEvents)
      .values({ tenantId: tenant.tenantId, provider: 'p', eventType: 'e', dedupeKey: 'same' });
    await expectPgError(
      db
        .insert(inboundEvents)
        .values({ tenantId: tenant.tenantId, provider: 'p', eventType: 'e', dedupeKey: 'same' }),
      '23505',
      'inbound_events_tenant_id_dedupe_key_key',
    );
    const contact = await makeContact(db, tenant.tenantId, '+1');
    await expectPgError(
      makeContact(db, tenant.tenantId, '+1'),
      '23505',
      'contacts_tenant_id_channel_channel_address_key',
    );
    // One open conversation per contact, any number of closed ones.
    await db.insert(conversations).values({ tenantId: tenant.tenantId, contactId: contact.contactId });
    await expectPgError(
      db.insert(conversations).values({ tenantId: tenant.tenantId, contactId: contact.contactId }),
      '23505',
      'conversations_one_open_per_contact_key',
    );
    await db.insert(conversations).values([
      { tenantId: tenant.tenantId, contactId: contact.contactId, status: 'closed' },
      { tenantId: tenant.tenantId, contactId: contact.contactId, status: 'closed' },
    ]);
    // Inbound idempotency is a partial index: outbound duplicates are allowed.
    // This contact's open conversation (the first open one of any tenant would now be refused by
    // messages' (tenant_id, conversation_id, contact_id) foreign key).
    const [conv] = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.status, 'open'), eq(conversations.contactId, contact.contactId)));
    const msg = {
      tenantId: tenant.tenantId,
      conversationId: conv!.conversationId,
      contactId: contact.contactId,
      provider: 'ghl',
      providerMsgId: 'm',
    };
    await db.insert(messages).values([
      { ...msg, direction: 'outbound' },
      { ...msg, direction: 'outbound' },
      { ...msg, direction: 'inbound' },
    ]);
    await expectPgError(
      db.insert(messages).values({ ...msg, direction: 'inbound' }),
      '23505',
      'messages_inbound_idempotency_key',
    );
  });

  it('foreign keys reject orphans and credentials cascade with their tenant', async () => {
    const db = t().db;
    await expectPgError(
      db.insert(contacts).values({ tenantId: randomUUID(), channel: 'sms', channelAddress: 'x' }),
      '23503',
      'contacts_tenant_id_fkey',
    );
    await expectPgError(
      db
        .insert(jobQueue)
        .values({ tenantId: (await makeTenant(db)).tenantId, jobType: 'x', inboundEventId: randomUUID() }),
      '23503',
      'job_queue_inbound_event_id_fkey',
    );
    const tenant = await makeTenant(db);
    await db
      .insert(tenantCredentials)
      .values({ tenantId: tenant.tenantId, provider: 'ghl', credentials: Buffer.from('x') });
    await db.delete(tenants).where(eq(tenants.tenantId, tenant.tenantId));
    expect(
      await db.select().from(tenantCredentials).where(eq(tenantCredentials.tenantId, tenant.tenantId)),
    ).toEqual([]);
  });

  it('updated_at is maintained by the database', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await db.execute(
      sql`update core.tenants set updated_at = '2000-01-01' where tenant_id = ${tenant.tenantId}`,
    );
    const [after] = await db
      .update(tenants)
      .set({ name: 'Renamed' })
      .where(eq(tenants.tenantId, tenant.tenantId))
      .returning();
    expect(after!.updatedAt.getTime()).toBeGreaterThan(new Date('2020-01-01').getTime());
    expect(after!.createdAt.getTime()).toBe(tenant.createdAt.getTime());
  });
});
