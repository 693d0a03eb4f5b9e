import { describe, expect, it } from 'vitest';
import { runSoak } from '../reliability/soak';
import { useTestDb } from '../support';

// The 50,000 jobs (≈60 s in CI with setup; the jobs themselves ≈10 s); SOAK_JOBS to change.
const JOBS = Number(process.env.SOAK_JOBS ?? 50_000);

describe('job queue soak: random failures and a worker killed with SIGKILL', () => {
  const t = useTestDb({ max: 4 });

  it(`${JOBS} jobs: every job done or failed by the retry rules, none lost, none completed twice`, async () => {
    const maxAttempts = 5;
    const r = await runSoak({ db: t().db, url: t().url!, jobs: JOBS, maxAttempts, timeoutMs: 480_000 });
    console.log(`[reliability] soak ${JSON.stringify(r)}`);
    expect(r.done + r.failed).toBe(JOBS);
    expect(r.other).toBe(0);
    expect(r.doubleCompletions).toBe(0);
    expect(r.doneWithoutCompletion).toBe(0);
    expect(r.maxAttempts).toBeLessThanOrEqual(maxAttempts);
    expect(r.failedBelowLimit).toBe(0);
    expect(r.reclaimed).toBeGreaterThanOrEqual(r.jobsHeldByKilledWorker);
    // 20 % failures over 5 attempts: about 0.2^5 · JOBS = 0.03 % end up failed; some must have retried.
    expect(r.failed).toBeLessThan(JOBS * 0.01);
  }, 540_000);
});
