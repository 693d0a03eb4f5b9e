// npm run test:mutation [-- group… | --fresh]: StrykerJS over the critical modules, one group at a
// time, each against the test files that exercise it (a whole-suite dry run per mutant would take
// hours on 2 cores). Results are incremental (reports/mutation/<group>.incremental.json), so a
// re-run only tests mutants whose code or tests changed. Writes reports/mutation/<group>.{html,json}
// and summary.json; fails when a group or the total scores below the break threshold.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Stryker } from '@stryker-mutator/core';

type Group = { name: string; what: string; mutate: string[]; tests: string[] };

/** The critical modules of issue 15 and the tests that reach them (PGlite tier). */
export const groups: Group[] = [
  {
    name: 'queue',
    what: 'queue engine and its worker, messaging worker',
    mutate: ['src/queue/*.ts', 'src/messaging/worker.ts', 'src/messaging/queue.ts'],
    tests: ['test/queue/**/*.test.ts', 'test/messaging/**/*.test.ts', 'test/research/queue.test.ts'],
  },
  {
    name: 'ingest',
    what: 'inbound event ingestion',
    mutate: ['src/messaging/ingest.ts'],
    tests: ['test/messaging/**/*.test.ts'],
  },
  {
    name: 'coupons',
    what: 'coupon redemption and generators',
    mutate: ['src/quorum/redeem.ts', 'src/quorum/coupon-admin.ts'],
    // limits: coupons at exactly max_uses / valid_from / valid_until while still published.
    tests: ['test/quorum/**/*.test.ts', 'test/contract/limits.test.ts'],
  },
  {
    name: 'search',
    what: 'vector search',
    mutate: ['src/cortex/search.ts'],
    tests: ['test/cortex/**/*.test.ts'],
  },
  {
    name: 'crypto',
    what: 'ciphers, keyring and key rotation',
    mutate: ['src/crypto/*.ts'],
    tests: ['test/crypto/**/*.test.ts'],
  },
  {
    name: 'billing',
    what: 'execution consumption and token consumption',
    mutate: ['src/bottleneck/billing-usage.ts', 'src/bottleneck/auth-tokens.ts'],
    // The files that call these functions (the rest of test/bottleneck only checks tables).
    // (No brace globs: MUTATION_TESTS is a comma-separated list.)
    tests: [
      'test/bottleneck/billing*.test.ts',
      'test/bottleneck/auth*.test.ts',
      'test/bottleneck/bounds.test.ts',
      'test/contract/limits.test.ts',
    ],
  },
  {
    name: 'ids',
    what: 'portal task and decision id generation',
    mutate: ['src/portal/tasks.ts'],
    tests: ['test/portal/**/*.test.ts'],
  },
  {
    name: 'ownership',
    what: 'OwnPilot ownership checks',
    mutate: ['src/ownpilot/query.ts', 'src/ownpilot/owned-rows.ts'],
    tests: ['test/ownpilot/**/*.test.ts'],
  },
];

const config = JSON.parse(readFileSync('stryker.config.json', 'utf8')) as {
  thresholds: { break: number };
};
const breakAt = config.thresholds.break;

type Tally = {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  equivalent: number;
};

/** A mutant judged equivalent (no behaviour can tell it apart), with why: mutation-equivalents.json. */
type Equivalent = { file: string; mutator: string; original: string; replacement: string; why: string };
const equivalents = JSON.parse(readFileSync('mutation-equivalents.json', 'utf8')) as Equivalent[];

/** One mutant of a StrykerJS JSON report (mutation-testing-report-schema: 1-based positions). */
type ReportMutant = {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
};
type Report = { files: Record<string, { source: string; mutants: ReportMutant[] }> };

/** The source text a mutant replaced. */
function originalText(source: string, { start, end }: ReportMutant['location']): string {
  const lines = source.split('\n');
  if (start.line === end.line) return lines[start.line - 1]!.slice(start.column - 1, end.column - 1);
  return [
    lines[start.line - 1]!.slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    lines[end.line - 1]!.slice(0, end.column - 1),
  ].join('\n');
}

/**
 * Tallies a group's report. A mutant listed in mutation-equivalents.json counts as equivalent (out
 * of the score, like Stryker's ignored ones) unless a test killed it, which makes the entry stale;
 * every other survivor is listed in reports/mutation/<group>-survivors.txt. Returns the entries used.
 */
function tally(group: string, report: Report): { tally: Tally & { score: number }; used: Set<Equivalent> } {
  const t: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, equivalent: 0 };
  const used = new Set<Equivalent>();
  const survivors: string[] = [];
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (m.status === 'Ignored') {
        t.ignored++;
        continue;
      }
      const original = originalText(source, m.location);
      const eq = equivalents.find(
        (e) =>
          e.file === file &&
          e.mutator === m.mutatorName &&
          e.original === original &&
          e.replacement === (m.replacement ?? ''),
      );
      if (eq && m.status !== 'Killed') {
        // Also when it timed out: an equivalent mutant times out only because the machine was
        // loaded, and must not count as detected.
        used.add(eq);
        t.equivalent++;
      } else if (m.status === 'Killed') t.killed++;
      else if (m.status === 'Timeout') t.timeout++;
      else if (m.status === 'Survived' || m.status === 'NoCoverage') {
        if (m.status === 'Survived') t.survived++;
        else t.noCoverage++;
        survivors.push(
          `${file}:${m.location.start.line} [${m.status}] ${m.mutatorName}: ${JSON.stringify(original)} -> ${JSON.stringify(m.replacement ?? '')}`,
        );
      }
    }
  }
  writeFileSync(
    `reports/mutation/${group}-survivors.txt`,
    survivors.join('\n') + (survivors.length ? '\n' : ''),
  );
  return { tally: withScore(t), used };
}

function withScore(t: Tally): Tally & { score: number } {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return { ...t, score: valid ? (100 * detected) / valid : 100 };
}

async function main() {
  const args = process.argv.slice(2);
  const fresh = args.includes('--fresh');
  // --report: only tally the reports of the last runs (no StrykerJS run).
  const reportOnly = args.includes('--report');
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !groups.some((g) => g.name === n));
  if (unknown.length) {
    console.error(`unknown group(s): ${unknown.join(', ')}; groups: ${groups.map((g) => g.name).join(', ')}`);
    process.exit(2);
  }
  const chosen = names.length ? groups.filter((g) => names.includes(g.name)) : groups;
  mkdirSync('reports/mutation', { recursive: true });
  const summary: Record<string, Tally & { score: number; seconds: number; what: string }> = {};
  const total: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, equivalent: 0 };
  const stale: Equivalent[] = [];
  for (const g of chosen) {
    const t0 = performance.now();
    // The test runner processes inherit this: vitest.mutation.config.ts narrows its include to it.
    process.env.MUTATION_TESTS = g.tests.join(',');
    if (!reportOnly)
      await new Stryker({
        configFile: 'stryker.config.json',
        mutate: g.mutate,
        // Module-level code (zod input schemas) runs once at import: such "static" mutants would
        // re-run every test file per mutant. The input schemas are covered by the contract and
        // hostile-input suites instead (docs/mutation.md).
        ignoreStatic: true,
        incremental: true,
        incrementalFile: `reports/mutation/${g.name}.incremental.json`,
        force: fresh,
        // A mutant that loops (rotateInBatches's for(;;)) is detected by timing out: keep that short.
        timeoutMS: 15_000,
        reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
        htmlReporter: { fileName: `reports/mutation/${g.name}.html` },
        jsonReporter: { fileName: `reports/mutation/${g.name}.json` },
        // The gate is applied below, over the group and the total.
        thresholds: { high: 95, low: breakAt, break: null },
      }).runMutationTest();
    const report = JSON.parse(readFileSync(`reports/mutation/${g.name}.json`, 'utf8')) as Report;
    const { tally: t, used } = tally(g.name, report);
    const files = new Set(Object.keys(report.files));
    stale.push(...equivalents.filter((e) => files.has(e.file) && !used.has(e)));
    for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
    summary[g.name] = { what: g.what, ...t, seconds: Math.round((performance.now() - t0) / 1000) };
  }
  const totals = withScore(total);
  writeFileSync(
    'reports/mutation/summary.json',
    `${JSON.stringify({ groups: summary, total: totals }, null, 2)}\n`,
  );
  console.log('\ngroup      score   killed timeout survived noCov equiv ignored  time');
  for (const [name, s] of Object.entries(summary)) {
    console.log(
      `${name.padEnd(10)} ${s.score.toFixed(2).padStart(6)} % ${String(s.killed).padStart(6)} ${String(s.timeout).padStart(7)} ${String(s.survived).padStart(8)} ${String(s.noCoverage).padStart(5)} ${String(s.equivalent).padStart(5)} ${String(s.ignored).padStart(7)} ${String(s.seconds).padStart(5)} s`,
    );
  }
  console.log(`total      ${totals.score.toFixed(2).padStart(6)} %  (break below ${breakAt} %)`);
  if (stale.length) {
    console.error('mutation-equivalents.json entries no mutant matched (remove or update them):');
    for (const e of stale)
      console.error(`  ${e.file} ${e.mutator}: ${JSON.stringify(e.original)} -> ${e.replacement}`);
    process.exitCode = 1;
  }
  const low = Object.entries(summary).filter(([, s]) => s.score < breakAt);
  if (low.length || totals.score < breakAt) {
    console.error(`mutation score below ${breakAt} %: ${low.map(([n]) => n).join(', ') || 'total'}`);
    process.exit(1);
  }
}

await main();
