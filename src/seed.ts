import { seedBottleneck } from './bottleneck/seed';
import { type AnyDb, narrowDb } from './db';
import { seedPortal } from './portal/seed';
import { seedQuorum } from './quorum/seed';
import type { SeedReport } from './seed-report';

export type { SeedReport } from './seed-report';

/**
 * Loads the documented reference data of every system (DNS services/domains/policies, marketing
 * channels and WELCOME2026, the billing catalog). Idempotent: reference rows are upserted, rows
 * added by users are kept; the report counts only rows inserted or changed.
 */
export async function seed(db: AnyDb): Promise<SeedReport> {
  narrowDb(db);
  return { ...(await seedPortal(db)), ...(await seedQuorum(db)), ...(await seedBottleneck(db)) };
}
