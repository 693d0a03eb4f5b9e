import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type AnyDb, type Database, narrowDb } from '../db';
import type { SeedReport } from '../seed-report';
import { agentAddOnCatalog, executionPackCatalog, subscriptionTierCatalog } from './reference/billing';
import { agentAddOns, executionPacks, subscriptionTiers } from './tables/billing';

/**
 * Upserts catalog rows by slug. Only rows that are new or differ from the catalog come back from
 * RETURNING, so the count is "inserted or changed" and a second run reports 0.
 */
async function upsertBySlug(db: AnyDb, table: PgTable & { slug: unknown }, rows: Record<string, unknown>[]) {
  narrowDb(db);
  if (rows.length === 0) return 0;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!).filter((k) => k !== 'slug');
  const set = Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded."${columns[k]!.name}"`)]));
  const current = sql.join(
    keys.map((k) => sql`${columns[k]!}`),
    sql`, `,
  );
  const incoming = sql.raw(keys.map((k) => `excluded."${columns[k]!.name}"`).join(', '));
  // Always the catalog's fixed order, so concurrent seeds lock the rows in the same order.
  const changed = await db
    .insert(table)
    .values(rows as never)
    .onConflictDoUpdate({
      target: columns.slug!,
      set,
      setWhere: sql`(${current}) is distinct from (${incoming})`,
    })
    .returning({ slug: columns.slug! });
  return changed.length;
}

/** Loads the billing catalog (4 tiers, 3 execution packs, 2 agent add-ons) idempotently. */
export async function seedBottleneck(db: AnyDb): Promise<SeedReport> {
  narrowDb(db);
  return db.transaction(async (tx) => {
    const report: SeedReport = {};
    for (const [table, rows] of [
      [subscriptionTiers, subscriptionTierCatalog],
      [executionPacks, executionPackCatalog],
      [agentAddOns, agentAddOnCatalog],
    ] as const) {
      report[`bottleneck.${getTableName(table)}`] = await upsertBySlug(
        tx as unknown as Database,
        table,
        rows as unknown as Record<string, unknown>[],
      );
    }
    return report;
  });
}
