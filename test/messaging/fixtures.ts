import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db';
import { contacts, tenants } from '../../src/messaging';

export async function makeTenant(db: Database, overrides: Partial<typeof tenants.$inferInsert> = {}) {
  const [t] = await db
    .insert(tenants)
    .values({ tenantSlug: `t-${randomUUID().slice(0, 8)}`, name: 'Tenant', ...overrides })
    .returning();
  return t!;
}

export async function makeContact(
  db: Database,
  tenantId: string,
  address = `+1555${Math.floor(Math.random() * 1e7)}`,
) {
  const [c] = await db
    .insert(contacts)
    .values({ tenantId, channel: 'sms', channelAddress: address })
    .returning();
  return c!;
}
