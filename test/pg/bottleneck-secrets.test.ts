import { describe, expect, it } from 'vitest';
import {
  browserContexts,
  getBrowserContextStorage,
  getCredential,
  getEmailConnectionTokens,
  getGhlApiKey,
  putBrowserContextStorage,
  putCredential,
  putEmailConnectionTokens,
  putGhlApiKey,
  rotateBrowserContextStorage,
  rotateCredentials,
  rotateEmailConnectionTokens,
  rotateGhlApiKeys,
  userProfiles,
} from '../../src/bottleneck';
import type { RotationReport } from '../../src/crypto/rotate';
import { makeUser } from '../bottleneck/fixtures';
import { rotationKeyrings } from '../fixtures/keyrings';
import { useTestDb } from '../support';

const { v1, v12, v2 } = rotationKeyrings();

const N = 300;
const RUNS = 4;

describe('Bottleneck Bots secret rotation under concurrency (real PostgreSQL)', () => {
  const t = useTestDb({ max: 20 });

  it(`${RUNS} concurrent runs per table re-encrypt each of ${N} rows exactly once`, async () => {
    const db = t().db;
    const users = await Promise.all(Array.from({ length: N }, () => makeUser(db)));
    const rows = await Promise.all(
      users.map(async (userId, i) => {
        const cred = await putCredential(
          db,
          { userId, name: `c${i}`, service: 's', type: 't', data: { i } },
          v1,
        );
        await db.insert(browserContexts).values({ clientId: 1, userId, contextId: `pg-${i}` });
        await putBrowserContextStorage(db, { contextId: `pg-${i}`, storage: { i } }, v1);
        const conn = await putEmailConnectionTokens(
          db,
          {
            userId,
            provider: 'gmail',
            email: `${i}@x.test`,
            scope: 's',
            accessToken: `a${i}`,
            refreshToken: `r${i}`,
            expiresAt: new Date(),
          },
          v1,
        );
        await db.insert(userProfiles).values({ userId });
        await putGhlApiKey(db, { userId, apiKey: `ghl${i}` }, v1);
        if (!cred.success || !conn.success) throw new Error('put failed');
        return { userId, cred: cred.id, conn: conn.id };
      }),
    );

    const conns = await Promise.all(Array.from({ length: RUNS }, () => t().connect({ max: 1 })));
    try {
      const rotations = {
        credentials: rotateCredentials,
        browser_contexts: rotateBrowserContextStorage,
        email_connections: rotateEmailConnectionTokens,
        user_profiles: rotateGhlApiKeys,
      };
      for (const [table, rotate] of Object.entries(rotations)) {
        const started = performance.now();
        const runs = await Promise.all(conns.map((c) => rotate(c.db, { batchSize: 25 }, v12)));
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `[bottleneck-secrets] ${table}: ${N} rows, ${RUNS} concurrent runs, ${seconds.toFixed(2)} s (${Math.round(N / seconds)} rows/s)`,
        );
        const reports = runs.map((r) => {
          if (!r.success) throw new Error(r.message);
          return r as RotationReport;
        });
        // A row rotated twice would push the sum above N; a skipped one below.
        expect(
          reports.reduce((sum, r) => sum + r.rotated, 0),
          table,
        ).toBe(N);
        expect(reports.flatMap((r) => r.failed)).toEqual([]);
        const again = await rotate(db, {}, v12);
        expect(again).toEqual({ success: true, rotated: 0, failed: [], remaining: 0 });
      }
    } finally {
      await Promise.all(conns.map((c) => c.close()));
    }

    const reads = await Promise.all(
      rows.map(async ({ userId, cred, conn }, i) => {
        const c = await getCredential(db, { id: cred, userId }, v2);
        const b = await getBrowserContextStorage(db, { contextId: `pg-${i}` }, v2);
        const e = await getEmailConnectionTokens(db, { id: conn, userId }, v2);
        const g = await getGhlApiKey(db, { userId }, v2);
        return (
          c.success &&
          c.keyVersion === 2 &&
          (c.data as { i: number }).i === i &&
          b.success &&
          b.keyVersion === 2 &&
          (b.storage as { i: number }).i === i &&
          e.success &&
          e.keyVersion === 2 &&
          e.accessToken === `a${i}` &&
          g.success &&
          g.apiKey === `ghl${i}`
        );
      }),
    );
    expect(reads.filter((ok) => !ok)).toHaveLength(0);
  });
});
