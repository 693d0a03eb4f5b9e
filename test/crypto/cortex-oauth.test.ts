import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  cortexOauthTokens,
  getCortexOAuthToken,
  putCortexOAuthToken,
  rotateCortexOAuthTokens,
} from '../../src/cortex';
import { Keyring } from '../../src/crypto';
import { rotationKeyrings } from '../fixtures/keyrings';
import { useTestDb } from '../support';

const { v1, v12, v2 } = rotationKeyrings();

describe('cortex_oauth_tokens at rest (AES-256-GCM)', () => {
  const t = useTestDb();

  it('stores packed GCM values, never the tokens, and reads them back', async () => {
    const db = t().db;
    const put = await putCortexOAuthToken(
      db,
      {
        userId: 'u1',
        channel: 'linkedin',
        accessToken: 'AQX-access',
        refreshToken: 'AQX-refresh',
        scopes: ['w_member_social'],
      },
      v1,
    );
    expect(put).toMatchObject({ success: true, keyVersion: 1 });
    const [row] = await db.select().from(cortexOauthTokens).where(eq(cortexOauthTokens.userId, 'u1'));
    expect(row!.accessToken).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(`${row!.accessToken}${row!.refreshToken}`).not.toContain('AQX');
    expect(await getCortexOAuthToken(db, { userId: 'u1', channel: 'linkedin' }, v1)).toEqual({
      success: true,
      accessToken: 'AQX-access',
      refreshToken: 'AQX-refresh',
      expiresAt: null,
      scopes: ['w_member_social'],
    });
    expect(await getCortexOAuthToken(db, { userId: 'u1', channel: 'x' }, v1)).toMatchObject({
      error: 'NOT_FOUND',
    });
    expect(
      await putCortexOAuthToken(db, { userId: 'u1', channel: 'myspace' as never, accessToken: 'a' }, v1),
    ).toMatchObject({ error: 'INVALID_INPUT' });
  });

  it('wrong key, unknown version and tampering are DECRYPT_FAILED', async () => {
    const db = t().db;
    expect(
      await getCortexOAuthToken(
        db,
        { userId: 'u1', channel: 'linkedin' },
        new Keyring([[1, randomBytes(32)]]),
      ),
    ).toMatchObject({ error: 'DECRYPT_FAILED' });
    expect(await getCortexOAuthToken(db, { userId: 'u1', channel: 'linkedin' }, v2)).toMatchObject({
      error: 'DECRYPT_FAILED',
    });
    await putCortexOAuthToken(db, { userId: 'u9', channel: 'slack', accessToken: 'xoxb' }, v1);
    await db.execute(
      sql`update cortex.cortex_oauth_tokens set access_token = left(access_token, -2) where user_id = 'u9'`,
    );
    expect(await getCortexOAuthToken(db, { userId: 'u9', channel: 'slack' }, v1)).toMatchObject({
      error: 'DECRYPT_FAILED',
    });
    await db.delete(cortexOauthTokens).where(eq(cortexOauthTokens.userId, 'u9'));
  });

  it('rotates to version 2; old key removable; second run a no-op', async () => {
    const db = t().db;
    for (let i = 0; i < 9; i++)
      await putCortexOAuthToken(
        db,
        { userId: `r${i}`, channel: 'x', accessToken: `a${i}`, refreshToken: i % 2 ? `r${i}` : null },
        v1,
      );
    expect(await rotateCortexOAuthTokens(db, { batchSize: 4 }, v12)).toEqual({
      success: true,
      rotated: 10,
      failed: [],
      remaining: 0,
    });
    expect(await rotateCortexOAuthTokens(db, {}, v12)).toEqual({
      success: true,
      rotated: 0,
      failed: [],
      remaining: 0,
    });
    for (let i = 0; i < 9; i++) {
      expect(await getCortexOAuthToken(db, { userId: `r${i}`, channel: 'x' }, v2)).toMatchObject({
        accessToken: `a${i}`,
        refreshToken: i % 2 ? `r${i}` : null,
      });
    }
  });
});
