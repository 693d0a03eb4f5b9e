import type { Database } from '../db';
import type { SeedReport } from '../seed-report';

/** Loads this system's reference data idempotently; returns rows inserted or changed per table. */
export async function seedPortal(_db: Database): Promise<SeedReport> {
  return {};
}
