// `npm run bench`: runs every benchmark and prints its figures. Results are recorded in bench/RESULTS.md.
import { benchHarness } from './harness';

const started = new Date().toISOString();
console.log(`@org/schema benchmarks — ${started}, node ${process.version}`);
const harness = await benchHarness();
console.log('test harness (median of 3):', harness);
console.log(
  `  a test file's database: load ${(harness.loadTemplateMs! / harness.freshMigrateMs!).toFixed(3)}× and clone ${(harness.cloneMs! / harness.freshMigrateMs!).toFixed(3)}× the cost of migrating from scratch`,
);
