// Bottleneck's tables with their validators, derived from the table list (the per-table sample
// rows come from sample.ts, which builds them from the column definitions).
import * as b from '../../src/bottleneck';
import { type SystemTables, tableEntries } from '../fixtures/round-trip';

/** Bottleneck for the round-trip harness; `adAnalyses` rows are `AdAnalysis` (validators.ts). */
export const bottleneck: SystemTables = { tables: b.tables, module: b, names: { adAnalyses: 'AdAnalysis' } };

/** Every table with its validators, by documented table name. */
export const registry = tableEntries(bottleneck);
