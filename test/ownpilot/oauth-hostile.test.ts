// The property suite (test/contract/hostile.ts) calls every function as fn(db, input), so the
// three OAuth functions, which take a Keyring argument, only ever answer INVALID_INPUT there
// ("a Keyring is required"). This runs the same hostile inputs through them with a keyring, so
// the inputs reach the database.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/crypto';
import type { Database } from '../../src/db';
import * as op from '../../src/ownpilot';
import { hostileInput, rowCounts } from '../contract/contract';
import { RUNS, SEED } from '../contract/hostile';
import { useTestDb } from '../support';

const keyring = new Keyring([[1, randomBytes(32)]]);

const fns: [string, (db: Database, input: unknown) => Promise<unknown>, unknown, readonly string[]][] = [
  [
    'putOAuthIntegration',
    (db, input) => op.putOAuthIntegration(db, input as never, keyring),
    op.putOAuthIntegrationInput,
    op.putOAuthIntegrationErrors,
  ],
  [
    'getOAuthIntegrationTokens',
    (db, input) => op.getOAuthIntegrationTokens(db, input as never, keyring),
    op.getOAuthIntegrationTokensInput,
    op.getOAuthIntegrationTokensErrors,
  ],
  [
    'rotateOAuthIntegrations',
    (db, input) => op.rotateOAuthIntegrations(db, input as never, keyring),
    op.rotateOAuthIntegrationsInput,
    op.rotateOAuthIntegrationsErrors,
  ],
];

describe('ownpilot OAuth functions with a keyring: hostile input', () => {
  const t = useTestDb();

  it('a missing keyring is INVALID_INPUT, not a TypeError', async () => {
    const id = { userId: 'u', provider: 'google', service: 'gmail' };
    const none = undefined as unknown as Keyring;
    expect(await op.putOAuthIntegration(t().db, { ...id, accessToken: 'a' }, none)).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await op.getOAuthIntegrationTokens(t().db, id, none)).toMatchObject({ error: 'INVALID_INPUT' });
    expect(await op.rotateOAuthIntegrations(t().db, { batchSize: 5 }, none)).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });

  for (const [name, fn, schema, errors] of fns) {
    it(`${name}: a documented Result for any input, nothing written on failure (${RUNS} cases)`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileInput(schema as never), async (input) => {
          const db = t().db;
          const before = await rowCounts(db, ['ownpilot']);
          const r = (await fn(db, input)) as { success: boolean; error?: string };
          expect(typeof r.success).toBe('boolean');
          if (!r.success) {
            expect(errors).toContain(r.error);
            expect(await rowCounts(db, ['ownpilot'])).toEqual(before);
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
    }, 120_000);
  }
});
