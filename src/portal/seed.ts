import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type AnyDb, narrowDb } from '../db';
import type { SeedReport } from '../seed-report';
import { dnsDomainConfigReference, dnsPoliciesReference, dnsServicesReference } from './reference/dns';
import { dnsDomainConfig, dnsPolicies, dnsServices } from './tables/dns';

/**
 * Upserts reference rows; only the columns the reference data carries are compared and updated,
 * so runtime columns (cloudflare_zone_id, last_audit_*), the operator's switch dns_policies.enabled
 * and user-added rows are left alone.
 * Returns how many rows were inserted or actually changed.
 */
async function upsertReference<T extends PgTable>(
  db: AnyDb,
  table: T,
  key: PgColumn,
  rows: readonly T['$inferInsert'][],
  columns: readonly (keyof T['$inferInsert'] & string)[],
): Promise<number> {
  narrowDb(db);
  if (rows.length === 0) return 0;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const set: Record<string, SQL> = {};
  const current: SQL[] = [];
  const incoming: SQL[] = [];
  for (const c of columns) {
    const col = all[c];
    if (!col) throw new Error(`unknown column ${c}`);
    set[c] = sql.raw(`excluded."${col.name}"`);
    current.push(sql`${col}`);
    incoming.push(sql.raw(`excluded."${col.name}"`));
  }
  const changed = await db
    .insert(table)
    .values(rows as T['$inferInsert'][])
    .onConflictDoUpdate({
      target: key,
      set,
      setWhere: sql`(${sql.join(current, sql`, `)}) is distinct from (${sql.join(incoming, sql`, `)})`,
    })
    .returning({ key });
  return changed.length;
}

/** Loads the DNS reference data (services, domains, policies) idempotently: a second run reports zeros. */
export async function seedPortal(db: AnyDb): Promise<SeedReport> {
  narrowDb(db);
  return db.transaction(async (tx) => ({
    'portal.dns_services': await upsertReference(tx, dnsServices, dnsServices.id, dnsServicesReference, [
      'name',
      'description',
      'provider',
      'recordTemplates',
    ]),
    'portal.dns_domain_config': await upsertReference(
      tx,
      dnsDomainConfig,
      dnsDomainConfig.domain,
      dnsDomainConfigReference,
      ['tier', 'tierLabel', 'services', 'redirectTarget', 'customRecords', 'notes'],
    ),
    'portal.dns_policies': await upsertReference(tx, dnsPolicies, dnsPolicies.id, dnsPoliciesReference, [
      'name',
      'scope',
      'ruleType',
      'rule',
      'severity',
      'autoHeal',
      'healAction',
    ]),
  }));
}
