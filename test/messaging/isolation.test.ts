// Owner isolation: the owner is the tenant. Every function that takes a reference, called by
// tenant B with tenant A's id, answers exactly as for a random id and writes nothing; the
// database refuses cross-tenant rows on its own (composite foreign keys through tenant_id).
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db';
import {
  claimJobs,
  closeConversation,
  completeJob,
  completeJobs,
  conversations,
  enqueueJob,
  failJob,
  inboundEvents,
  ingestInboundEvent,
  jobQueue,
  messages,
  openConversation,
  recordMessage,
} from '../../src/messaging';
import { functionsTakingReferences, rowCounts, systemSchemas } from '../contract/contract';
import { expectPgError, useTestDb } from '../support';
import { makeContact, makeTenant } from './fixtures';

const ownerKeys = ['tenantId'] as const;

/** Tenant A's rows (the victim) and tenant B's (the caller). */
type World = {
  a: { tenantId: string; contactId: string; conversationId: string; eventId: string; jobId: string };
  b: { tenantId: string; contactId: string; conversationId: string };
};

/**
 * Per function, the calls tenant B makes with a reference `ref` in place: each is made once with
 * A's row id and once with a random uuid, and must answer the same.
 */
type Case = {
  name: string;
  foreign: (w: World) => string;
  call: (db: Database, w: World, ref: string) => Promise<unknown>;
};
const cases: Record<string, Case[]> = {
  openConversation: [
    {
      name: "A's contact",
      foreign: (w) => w.a.contactId,
      call: (db, w, ref) => openConversation(db, { tenantId: w.b.tenantId, contactId: ref }),
    },
  ],
  closeConversation: [
    {
      name: "A's open conversation",
      foreign: (w) => w.a.conversationId,
      call: (db, w, ref) => closeConversation(db, { tenantId: w.b.tenantId, conversationId: ref }),
    },
  ],
  recordMessage: [
    {
      name: "A's conversation with B's contact",
      foreign: (w) => w.a.conversationId,
      call: (db, w, ref) =>
        recordMessage(db, {
          tenantId: w.b.tenantId,
          conversationId: ref,
          contactId: w.b.contactId,
          direction: 'inbound',
          provider: 'ghl',
          providerMsgId: `m-${randomUUID()}`,
          text: 'x',
        }),
    },
    {
      name: "B's conversation with A's contact",
      foreign: (w) => w.a.contactId,
      call: (db, w, ref) =>
        recordMessage(db, {
          tenantId: w.b.tenantId,
          conversationId: w.b.conversationId,
          contactId: ref,
          direction: 'outbound',
          text: 'x',
        }),
    },
    {
      name: "A's conversation and A's contact",
      foreign: (w) => w.a.conversationId,
      call: (db, w, ref) =>
        recordMessage(db, {
          tenantId: w.b.tenantId,
          conversationId: ref,
          contactId: ref === w.a.conversationId ? w.a.contactId : randomUUID(),
          direction: 'outbound',
          text: 'x',
        }),
    },
  ],
  enqueueJob: [
    {
      name: "A's inbound event",
      foreign: (w) => w.a.eventId,
      call: (db, w, ref) =>
        enqueueJob(db, { tenantId: w.b.tenantId, jobType: 'send_reply', inboundEventId: ref }),
    },
  ],
  completeJob: [
    {
      // Same worker name as A's lock holder: only the tenant tells them apart.
      name: "A's job, claimed by the same worker id",
      foreign: (w) => w.a.jobId,
      call: (db, w, ref) => completeJob(db, { tenantId: w.b.tenantId, jobId: ref, workerId: 'w' }),
    },
  ],
  failJob: [
    {
      name: "A's job, claimed by the same worker id",
      foreign: (w) => w.a.jobId,
      call: (db, w, ref) =>
        failJob(db, { tenantId: w.b.tenantId, jobId: ref, workerId: 'w', error: 'x', maxAttempts: 1 }),
    },
  ],
  completeJobs: [
    {
      name: "A's job, claimed by the same worker id",
      foreign: (w) => w.a.jobId,
      call: async (db, w, ref) => {
        const r = await completeJobs(db, { tenantId: w.b.tenantId, jobIds: [ref], workerId: 'w' });
        // Not completed, reported like an unknown id.
        return r.success ? { ...r, lockLost: r.lockLost.map((id) => (id === ref ? 'REF' : id)) } : r;
      },
    },
  ],
};

/**
 * Exempt, with why:
 * - claimJobs: `workerId` is the caller's own name for its lock, not a reference to a row; claims
 *   are not scoped to a tenant (a worker serves every tenant).
 * - ingestInboundEvent: `providerEventId` / `providerMsgId` are the provider's ids, stored as given,
 *   not references to rows; its reads are tenant-scoped, tested below (two tenants, one dedupe key).
 */
const exempt = ['claimJobs', 'ingestInboundEvent'];

const outcome = (r: unknown) => {
  const { success, error, created, lockLost } = r as Record<string, unknown>;
  return { success, error, created, lockLost };
};

describe('messaging owner isolation (owner: tenant)', () => {
  const t = useTestDb();
  let w: World;

  beforeAll(async () => {
    const db = t().db;
    const [ta, tb] = [await makeTenant(db), await makeTenant(db)];
    const [ca, cb] = [await makeContact(db, ta.tenantId), await makeContact(db, tb.tenantId)];
    const va = await openConversation(db, { tenantId: ta.tenantId, contactId: ca.contactId });
    const vb = await openConversation(db, { tenantId: tb.tenantId, contactId: cb.contactId });
    const ev = await ingestInboundEvent(db, {
      tenantId: ta.tenantId,
      provider: 'ghl',
      eventType: 'inbound_message',
      dedupeKey: 'a-1',
    });
    if (!va.success || !vb.success || !ev.success) throw new Error('setup failed');
    const claimed = await claimJobs(db, { workerId: 'w', limit: 10 });
    if (!claimed.success || claimed.jobs.length !== 1) throw new Error('setup: claim failed');
    w = {
      a: {
        tenantId: ta.tenantId,
        contactId: ca.contactId,
        conversationId: va.conversation.conversationId,
        eventId: ev.event.inboundEventId,
        jobId: ev.job.jobId,
      },
      b: { tenantId: tb.tenantId, contactId: cb.contactId, conversationId: vb.conversation.conversationId },
    };
  });

  it('covers every function that takes a reference (enumerated from the exports)', async () => {
    const refs = await functionsTakingReferences('messaging', ownerKeys);
    expect(Object.keys(refs).sort()).toEqual([...Object.keys(cases), ...exempt].sort());
  });

  for (const [fn, list] of Object.entries(cases)) {
    for (const c of list) {
      it(`${fn}: ${c.name} answers like a random id and writes nothing`, async () => {
        const db = t().db;
        const before = await rowCounts(db, systemSchemas.messaging);
        const foreign = outcome(await c.call(db, w, c.foreign(w)));
        const afterForeign = await rowCounts(db, systemSchemas.messaging);
        const random = outcome(await c.call(db, w, randomUUID()));
        const afterRandom = await rowCounts(db, systemSchemas.messaging);
        expect(foreign).toEqual(random);
        if (foreign.success === false) expect(typeof foreign.error).toBe('string');
        expect(afterForeign).toEqual(before);
        expect(afterRandom).toEqual(before);
      });
    }
  }

  it("tenant A's rows are untouched by all of the above", async () => {
    const db = t().db;
    const [conv] = await db
      .select()
      .from(conversations)
      .where(eq(conversations.conversationId, w.a.conversationId));
    expect(conv).toMatchObject({ status: 'open', lastInboundAt: null, lastOutboundAt: null });
    const [job] = await db.select().from(jobQueue).where(eq(jobQueue.jobId, w.a.jobId));
    expect(job).toMatchObject({ status: 'processing', lockedBy: 'w', lastError: null });
    expect(await db.select().from(messages).where(eq(messages.tenantId, w.a.tenantId))).toEqual([]);
    expect(await db.select().from(jobQueue).where(eq(jobQueue.tenantId, w.b.tenantId))).toEqual([]);
  });

  it('two tenants with the same dedupe key each get their own event and job, also on redelivery', async () => {
    const db = t().db;
    const [ta, tb] = [await makeTenant(db), await makeTenant(db)];
    const delivery = (tenantId: string) => ({
      tenantId,
      provider: 'ghl',
      eventType: 'inbound_message',
      dedupeKey: 'shared-key',
      payload: { tenant: tenantId },
    });
    const firstA = await ingestInboundEvent(db, delivery(ta.tenantId));
    const firstB = await ingestInboundEvent(db, delivery(tb.tenantId));
    // Redeliveries: these read the stored event back (the fallback read must be tenant-scoped).
    const againB = await ingestInboundEvent(db, delivery(tb.tenantId));
    const againA = await ingestInboundEvent(db, delivery(ta.tenantId));
    for (const [r, tenantId, created] of [
      [firstA, ta.tenantId, true],
      [firstB, tb.tenantId, true],
      [againB, tb.tenantId, false],
      [againA, ta.tenantId, false],
    ] as const) {
      if (!r.success) throw new Error(r.message);
      expect(r.created).toBe(created);
      expect(r.event).toMatchObject({ tenantId, payload: { tenant: tenantId } });
      expect(r.job).toMatchObject({ tenantId, inboundEventId: r.event.inboundEventId });
    }
    if (!firstA.success || !firstB.success || !againA.success || !againB.success) throw new Error();
    expect(firstA.event.inboundEventId).not.toBe(firstB.event.inboundEventId);
    expect(againA.event.inboundEventId).toBe(firstA.event.inboundEventId);
    expect(againB.event.inboundEventId).toBe(firstB.event.inboundEventId);
    expect(againB.job.jobId).toBe(firstB.job.jobId);
    expect(
      await db.select().from(inboundEvents).where(eq(inboundEvents.dedupeKey, 'shared-key')),
    ).toHaveLength(2);
  });

  it('the database refuses cross-tenant rows itself (composite foreign keys through tenant_id)', async () => {
    const db = t().db;
    await expectPgError(
      db.insert(conversations).values({ tenantId: w.b.tenantId, contactId: w.a.contactId }),
      '23503',
      'conversations_tenant_id_contact_id_fkey',
    );
    await expectPgError(
      db.insert(messages).values({
        tenantId: w.b.tenantId,
        conversationId: w.a.conversationId,
        contactId: w.a.contactId,
        direction: 'outbound',
      }),
      '23503',
      'messages_tenant_id_conversation_id_contact_id_fkey',
    );
    // The conversation of one contact with another contact of the same tenant: refused as well.
    const other = await makeContact(db, w.a.tenantId);
    await expectPgError(
      db.insert(messages).values({
        tenantId: w.a.tenantId,
        conversationId: w.a.conversationId,
        contactId: other.contactId,
        direction: 'outbound',
      }),
      '23503',
      'messages_tenant_id_conversation_id_contact_id_fkey',
    );
    await expectPgError(
      db.insert(jobQueue).values({ tenantId: w.b.tenantId, jobType: 'x', inboundEventId: w.a.eventId }),
      '23503',
      'job_queue_tenant_id_inbound_event_id_fkey',
    );
  });
});
