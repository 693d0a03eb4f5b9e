import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { ingestInboundEvent, tenants } from '../../src/messaging';
import { useTestDb } from '../support';

// The server kills our backend in the middle of a transaction (failover, admin, OOM killer):
// nothing of the transaction may survive, and the pool must serve the next call.
// node-postgres here: postgres.js 3.4.9 survives it too (the next call succeeds) but then throws an
// uncaught TypeError from its write queue (connection.js nextWrite) and its end() hangs — a driver
// bug, reported in bench/RESULTS.md, not something a repository function can catch.
describe('connection loss mid-transaction', () => {
  const t = useTestDb({ max: 1 });

  it('pg_terminate_backend: the transaction is rolled back and the next call succeeds', async () => {
    const pool = new pg.Pool({ connectionString: t().url, max: 2 });
    // The killed client reports on its own emitter (and the pool's, once idle); the query rejects anyway.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = drizzle(pool) as unknown as Database;
    const admin = t().db;
    try {
      let pid = 0;
      const settled = db
        .transaction(async (tx) => {
          await tx.insert(tenants).values({ tenantSlug: 'doomed', name: 'Doomed' });
          pid = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))[0]!.pid;
          await tx.execute(sql`select pg_sleep(30)`);
          await tx.insert(tenants).values({ tenantSlug: 'after-sleep', name: 'Never' });
        })
        .then(
          () => 'committed',
          (e: unknown) => e,
        );
      while (!pid) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      const [killed] = rowsOf<{ ok: boolean }>(
        await admin.execute(sql`select pg_terminate_backend(${pid}::int) as ok`),
      );
      expect(killed!.ok).toBe(true);
      expect(await settled).toBeInstanceOf(Error);
      expect(await admin.select().from(tenants).where(eq(tenants.tenantSlug, 'doomed'))).toEqual([]);
      expect(await admin.select().from(tenants).where(eq(tenants.tenantSlug, 'after-sleep'))).toEqual([]);

      // The same pool reconnects: a repository function (itself a transaction) works right away.
      const [tenant] = await db.insert(tenants).values({ tenantSlug: 'alive', name: 'Alive' }).returning();
      const r = await ingestInboundEvent(db, {
        tenantId: tenant!.tenantId,
        provider: 'ghl',
        eventType: 'inbound_message',
        dedupeKey: 'after-loss',
      });
      expect(r.success && r.created).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
