// ingestInboundEvent's round trips on a real server, counted by postgres.js (every query it sends,
// BEGIN and COMMIT included): one statement for a first delivery, a redelivery, an unknown and a
// disabled tenant; the second path only for a first delivery another connection commits while the
// statement waits on it, which still answers with that delivery's event and job.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { ingestInboundEvent } from '../../src/messaging';
import { makeTenant } from '../messaging/fixtures';
import { useTestDb } from '../support';

describe('ingestInboundEvent round trips (real PostgreSQL)', () => {
  const t = useTestDb();
  const clients: postgres.Sql[] = [];
  let tenantId = '';
  const delivery = (dedupeKey: string, tenant = tenantId) => ({
    tenantId: tenant,
    provider: 'ghl',
    eventType: 'inbound_message',
    dedupeKey,
    payload: { body: 'hi' },
  });
  /**
   * A one-connection database whose queries are counted, warmed up: postgres.js describes a
   * statement once per connection before its first execution (a round trip of its own, counted too).
   */
  const counted = async () => {
    const counter = { queries: [] as string[] };
    const client = postgres(t().url!, {
      max: 1,
      onnotice: () => {},
      debug: (_connection, query) => counter.queries.push(query),
    });
    clients.push(client);
    const db = drizzle(client) as unknown as Database;
    await ingestInboundEvent(db, delivery('warm-up', randomUUID()));
    counter.queries.length = 0;
    return { db, counter };
  };
  beforeAll(async () => {
    tenantId = (await makeTenant(t().db)).tenantId;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
  });

  it('first delivery and redelivery: one statement each, no transaction', async () => {
    const { db, counter } = await counted();
    const key = `rt-${randomUUID()}`;
    const first = await ingestInboundEvent(db, delivery(key));
    expect(first).toMatchObject({ success: true, created: true });
    expect(counter.queries).toHaveLength(1);
    expect(counter.queries[0]).toMatch(/^with /);
    counter.queries.length = 0;
    const again = await ingestInboundEvent(db, delivery(key));
    expect(again).toEqual({ ...first, created: false });
    expect(counter.queries).toHaveLength(1);
  });

  it('unknown and disabled tenants: one statement each, nothing written', async () => {
    const { db, counter } = await counted();
    const off = await makeTenant(t().db, { isEnabled: false });
    expect(await ingestInboundEvent(db, delivery('rt-x', randomUUID()))).toMatchObject({
      success: false,
      error: 'TENANT_NOT_FOUND',
    });
    expect(await ingestInboundEvent(db, delivery('rt-x', off.tenantId))).toMatchObject({
      success: false,
      error: 'TENANT_DISABLED',
    });
    expect(counter.queries).toHaveLength(2);
    const [n] = rowsOf<{ n: number }>(
      await t().db.execute(
        sql`select count(*)::int as n from bot.inbound_events where tenant_id = ${off.tenantId}`,
      ),
    );
    expect(n).toEqual({ n: 0 });
  });

  it('a first delivery committed while the statement waits on it: the second path returns its event and job', async () => {
    const key = `rt-${randomUUID()}`;
    const holder = await counted();
    const waiter = await counted();
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let firstResult: Awaited<ReturnType<typeof ingestInboundEvent>> | undefined;
    const holding = holder.db.transaction(async (tx) => {
      firstResult = await ingestInboundEvent(tx as unknown as Database, delivery(key));
      await released;
    });
    // The first delivery's row exists (uncommitted) once its ingest returned.
    while (!firstResult) await new Promise((r) => setTimeout(r, 5));
    const waiting = ingestInboundEvent(waiter.db, delivery(key));
    // Until the waiter's statement is blocked on the first delivery's row lock.
    for (;;) {
      const [row] = rowsOf<{ n: number }>(
        await t().db.execute(
          sql`select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and query like 'with "tenant"%' and datname = current_database()`,
        ),
      );
      if (row!.n > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    release();
    await holding;
    const second = await waiting;
    expect(firstResult).toMatchObject({ success: true, created: true });
    expect(second).toEqual({ ...firstResult, created: false });
    // The statement, then the transactional path (its tenant read first).
    expect(waiter.counter.queries.length).toBeGreaterThan(1);
    expect(waiter.counter.queries[1]).toMatch(/^select "is_enabled"/);
  });
});
