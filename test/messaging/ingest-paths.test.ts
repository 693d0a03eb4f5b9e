// ingestInboundEvent's rarer paths: the exact failure messages, a tenant deleted between the check
// and the inserts, errors that are not "tenant gone" (rethrown), and the fallbacks taken when an
// insert returns no row and the read that follows finds none. The races are made deterministic with
// a BEFORE INSERT trigger installed for one call and dropped afterwards.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { ingestInboundEvent } from '../../src/messaging';
import { expectPgError, useTestDb } from '../support';
import { makeTenant } from './fixtures';

const t = useTestDb();

const delivery = (tenantId: string, dedupeKey = `evt-${randomUUID()}`) => ({
  tenantId,
  provider: 'ghl',
  eventType: 'inbound_message',
  dedupeKey,
  payload: { body: 'hi' },
});

const notFound = { success: false, error: 'TENANT_NOT_FOUND', message: 'no tenant with this id' };

/** Runs `fn` with a BEFORE INSERT row trigger on bot.<table> whose plpgsql body is `body`; drops it after. */
async function withTrigger<T>(
  db: Database,
  table: 'inbound_events' | 'job_queue',
  body: string,
  fn: () => Promise<T>,
): Promise<T> {
  await db.execute(
    sql.raw(`create function bot.test_ingest_trigger() returns trigger language plpgsql as $$
      begin ${body} end $$`),
  );
  await db.execute(
    sql.raw(`create trigger test_ingest_trigger before insert on bot.${table}
      for each row execute function bot.test_ingest_trigger()`),
  );
  try {
    return await fn();
  } finally {
    await db.execute(sql.raw(`drop trigger test_ingest_trigger on bot.${table}`));
    await db.execute(sql.raw('drop function bot.test_ingest_trigger()'));
  }
}

/** Events and jobs stored for a tenant, and whether the tenant row exists. */
async function stateOf(db: Database, tenantId: string) {
  const [row] = rowsOf<{ events: number; jobs: number; tenants: number }>(
    await db.execute(sql`select
      (select count(*)::int from bot.inbound_events where tenant_id = ${tenantId}) as events,
      (select count(*)::int from bot.job_queue where tenant_id = ${tenantId}) as jobs,
      (select count(*)::int from core.tenants where tenant_id = ${tenantId}) as tenants`),
  );
  return row;
}

describe('ingestInboundEvent failure messages', () => {
  it('unknown tenant: TENANT_NOT_FOUND, "no tenant with this id"', async () => {
    expect(await ingestInboundEvent(t().db, delivery(randomUUID()))).toEqual(notFound);
  });

  it('disabled tenant: TENANT_DISABLED, "the tenant is disabled", nothing written', async () => {
    const db = t().db;
    const off = await makeTenant(db, { isEnabled: false });
    expect(await ingestInboundEvent(db, delivery(off.tenantId))).toEqual({
      success: false,
      error: 'TENANT_DISABLED',
      message: 'the tenant is disabled',
    });
    expect(await stateOf(db, off.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
  });
});

describe('ingestInboundEvent: the tenant deleted after the check', () => {
  it('deleted before the event insert (inbound_events_tenant_id_fkey): TENANT_NOT_FOUND, nothing written', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const r = await withTrigger(
      db,
      'inbound_events',
      'delete from core.tenants where tenant_id = new.tenant_id; return new;',
      () => ingestInboundEvent(db, delivery(tenant.tenantId)),
    );
    expect(r).toEqual(notFound);
    // The failed transaction is rolled back as a whole (the trigger's delete with it).
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
  });

  it('the foreign key that fails is the one named: the trigger reproduces the driver error', async () => {
    // Guards the test above: the insert really fails on inbound_events_tenant_id_fkey.
    const db = t().db;
    const tenant = await makeTenant(db);
    await withTrigger(
      db,
      'inbound_events',
      'delete from core.tenants where tenant_id = new.tenant_id; return new;',
      () =>
        expectPgError(
          db.execute(sql`insert into bot.inbound_events (tenant_id, provider, event_type, dedupe_key)
            values (${tenant.tenantId}, 'ghl', 'x', 'raw')`),
          '23503',
          'inbound_events_tenant_id_fkey',
        ),
    );
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
  });

  it('deleted before the job insert (job_queue_tenant_id_fkey): TENANT_NOT_FOUND, the event rolled back too', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    // The event is removed first (its foreign key would otherwise refuse the tenant's delete).
    const body = `delete from bot.inbound_events where tenant_id = new.tenant_id;
      delete from core.tenants where tenant_id = new.tenant_id; return new;`;
    const r = await withTrigger(db, 'job_queue', body, () =>
      ingestInboundEvent(db, delivery(tenant.tenantId)),
    );
    expect(r).toEqual(notFound);
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
    // Guard: that trigger makes the job insert fail on job_queue_tenant_id_fkey itself.
    const [event] = rowsOf<{ id: string }>(
      await db.execute(sql`insert into bot.inbound_events (tenant_id, provider, event_type, dedupe_key)
        values (${tenant.tenantId}, 'ghl', 'x', 'guard') returning inbound_event_id as id`),
    );
    await withTrigger(db, 'job_queue', body, () =>
      expectPgError(
        db.execute(sql`insert into bot.job_queue (tenant_id, job_type, inbound_event_id)
          values (${tenant.tenantId}, 'process_inbound_message', ${event!.id})`),
        '23503',
        'job_queue_tenant_id_fkey',
      ),
    );
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 1, jobs: 0, tenants: 1 });
  });
});

describe('ingestInboundEvent: other errors are not "tenant not found"', () => {
  it('a foreign key violation on another constraint is rethrown, nothing written', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await withTrigger(
      db,
      'inbound_events',
      `raise exception 'other' using errcode = '23503', constraint = 'some_other_fkey';`,
      () => expectPgError(ingestInboundEvent(db, delivery(tenant.tenantId)), '23503', 'some_other_fkey'),
    );
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
  });

  it('a failure of the job insert that is not a foreign key violation is rethrown, the event rolled back', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await withTrigger(
      db,
      'job_queue',
      `raise exception 'job refused' using errcode = '23514', constraint = 'job_queue_tenant_id_fkey';`,
      () =>
        expectPgError(ingestInboundEvent(db, delivery(tenant.tenantId)), '23514', 'job_queue_tenant_id_fkey'),
    );
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
  });
});

describe('ingestInboundEvent: an insert that returns no row and no row to read back', () => {
  it('the event insert skipped (trigger returns null): TENANT_NOT_FOUND, no job enqueued', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const r = await withTrigger(db, 'inbound_events', 'return null;', () =>
      ingestInboundEvent(db, delivery(tenant.tenantId)),
    );
    expect(r).toEqual(notFound);
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
  });

  it('the job insert skipped (trigger returns null): TENANT_NOT_FOUND, the event rolled back', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const r = await withTrigger(db, 'job_queue', 'return null;', () =>
      ingestInboundEvent(db, delivery(tenant.tenantId)),
    );
    expect(r).toEqual(notFound);
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0, tenants: 1 });
  });

  it('a redelivery after the job was removed: the existing event, a new job for it', async () => {
    // The read-back of the event (insert conflicted) is found, and the job insert creates a new one.
    const db = t().db;
    const tenant = await makeTenant(db);
    const first = await ingestInboundEvent(db, delivery(tenant.tenantId, 'again'));
    if (!first.success) throw new Error(first.message);
    await db.execute(sql`delete from bot.job_queue where job_id = ${first.job.jobId}`);
    const again = await ingestInboundEvent(db, delivery(tenant.tenantId, 'again'));
    if (!again.success) throw new Error(again.message);
    expect(again.created).toBe(false);
    expect(again.event).toEqual(first.event);
    expect(again.job.jobId).not.toBe(first.job.jobId);
    expect(again.job).toMatchObject({
      tenantId: tenant.tenantId,
      inboundEventId: first.event.inboundEventId,
      traceId: first.event.traceId,
      jobType: 'process_inbound_message',
      status: 'queued',
    });
    expect(await stateOf(db, tenant.tenantId)).toEqual({ events: 1, jobs: 1, tenants: 1 });
  });
});
