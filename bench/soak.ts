// The 50,000-job soak (the CI test runs 5,000): random 20 % handler failures, one worker process
// killed with SIGKILL mid-run. See test/reliability/soak.ts.
//   TEST_DATABASE_URL=… npx tsx bench/soak.ts [jobs=50000]
import { runSoak, type SoakReport } from '../test/reliability/soak';
import { createBenchDb, load } from './util';

export async function benchSoak(jobs = 50_000): Promise<SoakReport> {
  const bdb = await createBenchDb('soak', ['messaging']);
  const { db, close } = bdb.open(4);
  try {
    const r = await runSoak({
      db,
      url: bdb.url,
      jobs,
      timeoutMs: 1_800_000,
      log: (l) => console.log(`soak: ${l}`),
    });
    const okay =
      r.done + r.failed === jobs &&
      r.other === 0 &&
      r.doubleCompletions === 0 &&
      r.maxAttempts <= 5 &&
      r.failedBelowLimit === 0;
    console.log(`soak ${okay ? 'PASSED' : 'FAILED'}: ${JSON.stringify(r)}; load ${load()}`);
    if (!okay) process.exitCode = 1;
    return r;
  } finally {
    await close();
    await bdb.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSoak(Number(process.argv[2] ?? 50_000));
}
