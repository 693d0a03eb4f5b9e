// ingestInboundEvent inside the caller's transaction: its single statement runs in a savepoint, so a
// statement that fails (the tenant deleted under it, a new event whose job a trigger skipped) is
// rolled back alone, answered like outside a transaction, and the caller's transaction goes on.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { ingestInboundEvent } from '../../src/messaging';
import { withTrigger as withTableTrigger } from '../fixtures/triggers';
import { useTestDb } from '../support';
import { makeTenant } from './fixtures';

const t = useTestDb();

const delivery = (tenantId: string, dedupeKey = `evt-${randomUUID()}`) => ({
  tenantId,
  provider: 'ghl',
  eventType: 'inbound_message',
  dedupeKey,
  payload: { body: 'hi' },
});

/** A BEFORE INSERT row trigger on bot.<table> running `body`, in place while `fn` runs. */
const withTrigger = <T>(
  db: Database,
  table: 'inbound_events' | 'job_queue',
  body: string,
  fn: () => Promise<T>,
) => withTableTrigger(db, { schema: 'bot', table, timing: 'before', event: 'insert', body }, fn);

const count = async (db: Database, tenantId: string) =>
  rowsOf<{ events: number; jobs: number }>(
    await db.execute(sql`select
      (select count(*)::int from bot.inbound_events where tenant_id = ${tenantId}) as events,
      (select count(*)::int from bot.job_queue where tenant_id = ${tenantId}) as jobs`),
  )[0];

describe('ingestInboundEvent inside the caller’s transaction', () => {
  it('a first delivery and a redelivery: created, then the same event and job', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await db.transaction(async (tx) => {
      const first = await ingestInboundEvent(tx as unknown as Database, delivery(tenant.tenantId, 'k'));
      expect(first).toMatchObject({ success: true, created: true });
      const again = await ingestInboundEvent(tx as unknown as Database, delivery(tenant.tenantId, 'k'));
      expect(again).toEqual({ ...first, created: false });
    });
    expect(await count(db, tenant.tenantId)).toEqual({ events: 1, jobs: 1 });
  });

  it('the tenant deleted under the statement: TENANT_NOT_FOUND, the caller’s transaction goes on and commits', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const other = await makeTenant(db);
    await withTrigger(
      db,
      'inbound_events',
      `if new.tenant_id = '${tenant.tenantId}' then
         delete from core.tenants where tenant_id = new.tenant_id; end if; return new;`,
      () =>
        db.transaction(async (tx) => {
          const r = await ingestInboundEvent(tx as unknown as Database, delivery(tenant.tenantId));
          expect(r).toEqual({ success: false, error: 'TENANT_NOT_FOUND', message: 'no tenant with this id' });
          // Still usable: the failed statement was rolled back to its savepoint only.
          const next = await ingestInboundEvent(tx as unknown as Database, delivery(other.tenantId));
          expect(next).toMatchObject({ success: true, created: true });
        }),
    );
    expect(await count(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0 });
    expect(await count(db, other.tenantId)).toEqual({ events: 1, jobs: 1 });
    const [kept] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from core.tenants where tenant_id = ${tenant.tenantId}`),
    );
    expect(kept).toEqual({ n: 1 });
  });

  it('a new event whose job a trigger skips: TENANT_NOT_FOUND, nothing written, the transaction goes on', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await withTrigger(db, 'job_queue', 'return null;', () =>
      db.transaction(async (tx) => {
        const r = await ingestInboundEvent(tx as unknown as Database, delivery(tenant.tenantId));
        expect(r).toEqual({ success: false, error: 'TENANT_NOT_FOUND', message: 'no tenant with this id' });
        expect(await count(tx as unknown as Database, tenant.tenantId)).toEqual({ events: 0, jobs: 0 });
      }),
    );
    expect(await count(db, tenant.tenantId)).toEqual({ events: 0, jobs: 0 });
  });
});
