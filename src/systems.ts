/**
 * Migration sets, applied in this order. Each system owns a folder under drizzle/ and its own
 * tracking table, so a system's migrations are generated from that system's files only and an
 * app can migrate just the systems it uses. `foundation` (extensions, Supabase compatibility,
 * the shared updated_at trigger function) comes first because every system depends on it.
 */
export const migrationSets = [
  { name: 'foundation', pgSchemas: ['org_schema'], schemaFiles: ['./src/foundation.ts'] },
  { name: 'messaging', pgSchemas: ['core', 'bot'], schemaFiles: ['./src/messaging/index.ts'] },
  { name: 'portal', pgSchemas: ['portal'], schemaFiles: ['./src/portal/index.ts'] },
  { name: 'quorum', pgSchemas: ['quorum'], schemaFiles: ['./src/quorum/index.ts'] },
  { name: 'cortex', pgSchemas: ['cortex'], schemaFiles: ['./src/cortex/index.ts'] },
  { name: 'research', pgSchemas: ['research'], schemaFiles: ['./src/research/index.ts'] },
  { name: 'bottleneck', pgSchemas: ['bottleneck'], schemaFiles: ['./src/bottleneck/index.ts'] },
  { name: 'ownpilot', pgSchemas: ['ownpilot'], schemaFiles: ['./src/ownpilot/index.ts'] },
] as const satisfies readonly {
  name: string;
  pgSchemas: readonly string[];
  schemaFiles: readonly string[];
}[];

export type SystemName = Exclude<(typeof migrationSets)[number]['name'], 'foundation'>;
export const managedPgSchemas: string[] = migrationSets.flatMap((s) => [...s.pgSchemas]);
