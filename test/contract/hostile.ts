// The property suite: every exported repository function of a system, fed generated hostile
// input, returns a Result with one of its own codes (or succeeds) and never throws; a failed
// call leaves every table's row count unchanged.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/crypto';
import { backend, useTestDb } from '../support';
import {
  hostileInput,
  loadSystem,
  repositoryFunctions,
  rowCounts,
  type SystemName,
  systemSchemas,
} from './contract';

/** Generated cases per function: bounded in `npm test`; HOSTILE_RUNS raises it. */
export const RUNS = Number(process.env.HOSTILE_RUNS ?? (backend === 'postgres' ? 15 : 25));
/** Fixed, so CI runs the same cases every time; HOSTILE_SEED explores other ones. */
export const SEED = Number(process.env.HOSTILE_SEED ?? 20261130);

/**
 * The secrets functions also take a Keyring, after the input (`(db, input, keyring)`). Every
 * function gets one, so hostile input meets a real keyring and reaches the database; functions
 * without a keyring parameter ignore it.
 */
const keyring = new Keyring([[1, randomBytes(32)]]);
const call = (fn: (...args: unknown[]) => Promise<unknown>, db: unknown, input: unknown) =>
  fn(db, input, keyring);

export function hostileSuite(system: SystemName) {
  describe(`${system}: hostile input to every repository function`, () => {
    const t = useTestDb();
    it(`returns a documented Result, never throws, writes nothing on failure (${RUNS} cases each, seed ${SEED})`, async () => {
      const mod = await loadSystem(system);
      const fns = repositoryFunctions(system, mod);
      expect(fns.length).toBeGreaterThan(0);
      const problems: string[] = [];
      let cases = 0;
      // Outcomes, to show how many cases got past validation to the database.
      const outcomes = { succeeded: 0, invalidInput: 0, otherCode: 0 };
      for (const f of fns) {
        if (!f.input || !f.errors) {
          problems.push(`${f.name}: no contract (see contract.test.ts)`);
          continue;
        }
        try {
          await fc.assert(
            fc.asyncProperty(hostileInput(f.input), async (input) => {
              cases++;
              const db = t().db;
              const before = await rowCounts(db, systemSchemas[system]);
              let result: unknown;
              try {
                result = await call(f.fn as (...args: unknown[]) => Promise<unknown>, db, input);
              } catch (error) {
                throw new Error(
                  `threw ${(error as Error)?.constructor?.name}: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
                );
              }
              const r = result as { success?: unknown; error?: unknown };
              if (typeof r !== 'object' || r === null || typeof r.success !== 'boolean')
                throw new Error(`returned no Result: ${String(result).slice(0, 100)}`);
              if (r.success === true) outcomes.succeeded++;
              else if (r.error === 'INVALID_INPUT') outcomes.invalidInput++;
              else outcomes.otherCode++;
              if (r.success === false) {
                if (!f.errors.includes(r.error as string))
                  throw new Error(`undocumented code ${String(r.error)}`);
                const after = await rowCounts(db, systemSchemas[system]);
                expect(after).toEqual(before);
              }
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          );
        } catch (error) {
          const lines = String((error as Error).message).split('\n');
          const keep = lines.filter((l) =>
            /Counterexample|Got error|threw|undocumented|returned no Result|expected/i.test(l),
          );
          problems.push(`${f.name}: ${keep.join(' | ').slice(0, 1200)}`);
        }
      }
      console.log(
        `[hostile] ${system}: ${fns.length} functions, ${cases} cases: ${outcomes.succeeded} succeeded, ${outcomes.invalidInput} INVALID_INPUT, ${outcomes.otherCode} other documented codes`,
      );
      expect(problems).toEqual([]);
    }, 600_000);
  });
}
