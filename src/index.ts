export * as bottleneck from './bottleneck';
export * as cortex from './cortex';
export { Keyring, KeyringConfigError, type RotationReport } from './crypto';
export type { AnyDb, Database, DbOrTx } from './db';
export { inTransaction } from './db';
export { openPGlite } from './embedded';
export * as messaging from './messaging';
export {
  defaultMigrationsFolder,
  MIGRATE_LOCK_KEY,
  type MigrateOptions,
  type MigrateResult,
  migrate,
  type PreparePushResult,
  preparePush,
} from './migrate';
export * as ownpilot from './ownpilot';
export * as portal from './portal';
export * as quorum from './quorum';
export * as research from './research';
export type { Failure, Result } from './result';
export { type RootQuery, rootQuery } from './root-query';
export * from './root-tables';
export { type SeedReport, seed } from './seed';
export { managedPgSchemas, migrationSets, type SystemName } from './systems';
