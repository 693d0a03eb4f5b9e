import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/crypto';
import {
  getOAuthIntegrationTokens,
  oauthIntegrations,
  putOAuthIntegration,
  rotateOAuthIntegrations,
} from '../../src/ownpilot';
import { rotationKeyrings } from '../fixtures/keyrings';
import { useTestDb } from '../support';

const { v1, v12, v2 } = rotationKeyrings();
const id = { userId: 'u1', provider: 'google', service: 'gmail' };

describe('OwnPilot oauth_integrations tokens at rest (AES-256-GCM)', () => {
  const t = useTestDb();

  it('stores only ciphertext in the documented columns, one IV per token, and reads the tokens back', async () => {
    const db = t().db;
    expect(
      await putOAuthIntegration(
        db,
        { ...id, accessToken: 'ya29.ACCESS', refreshToken: '1//REFRESH', scopes: ['mail'] },
        v1,
      ),
    ).toMatchObject({ success: true, keyVersion: 1 });
    const [row] = await db.select().from(oauthIntegrations).where(eq(oauthIntegrations.userId, 'u1'));
    expect(`${row!.accessTokenEncrypted}${row!.refreshTokenEncrypted}`).not.toMatch(/ACCESS|REFRESH/);
    const [, ivA, ivR] = row!.tokenIv.split(':');
    expect(row!.tokenIv.startsWith('v1:')).toBe(true);
    expect(ivA).not.toBe(ivR);
    expect(await getOAuthIntegrationTokens(db, id, v1)).toMatchObject({
      success: true,
      accessToken: 'ya29.ACCESS',
      refreshToken: '1//REFRESH',
      keyVersion: 1,
    });
    await putOAuthIntegration(db, { ...id, userId: 'u2', accessToken: 'only-access' }, v1);
    expect(await getOAuthIntegrationTokens(db, { ...id, userId: 'u2' }, v1)).toMatchObject({
      success: true,
      accessToken: 'only-access',
      refreshToken: null,
    });
    expect(await getOAuthIntegrationTokens(db, { ...id, userId: 'nobody' }, v1)).toMatchObject({
      error: 'NOT_FOUND',
    });
  });

  it('a wrong key or a changed byte is DECRYPT_FAILED', async () => {
    const db = t().db;
    expect(await getOAuthIntegrationTokens(db, id, new Keyring([[1, randomBytes(32)]]))).toMatchObject({
      error: 'DECRYPT_FAILED',
    });
    expect(await getOAuthIntegrationTokens(db, id, v2)).toMatchObject({ error: 'DECRYPT_FAILED' });
    // Change the first base64 character to a different one (so a byte of the ciphertext always changes).
    await db.execute(
      sql`update ownpilot.oauth_integrations set access_token_encrypted =
        (case when left(access_token_encrypted, 1) = 'A' then 'B' else 'A' end) || substring(access_token_encrypted from 2)
        where user_id = 'u2'`,
    );
    expect(await getOAuthIntegrationTokens(db, { ...id, userId: 'u2' }, v1)).toMatchObject({
      error: 'DECRYPT_FAILED',
    });
    await db.execute(
      sql`update ownpilot.oauth_integrations set token_iv = 'v1:AAAAAAAAAAAAAAAA:' where user_id = 'u2'`,
    );
    expect(await getOAuthIntegrationTokens(db, { ...id, userId: 'u2' }, v1)).toMatchObject({
      error: 'DECRYPT_FAILED',
    });
    await db.delete(oauthIntegrations).where(eq(oauthIntegrations.userId, 'u2'));
  });

  it('rotates to version 2; old key removable; second run a no-op', async () => {
    const db = t().db;
    for (let i = 0; i < 12; i++)
      await putOAuthIntegration(
        db,
        { ...id, userId: `r${i}`, accessToken: `a${i}`, refreshToken: `r${i}` },
        v1,
      );
    expect(await rotateOAuthIntegrations(db, { batchSize: 5 }, v12)).toEqual({
      success: true,
      rotated: 13,
      failed: [],
      remaining: 0,
    });
    expect(await rotateOAuthIntegrations(db, {}, v12)).toEqual({
      success: true,
      rotated: 0,
      failed: [],
      remaining: 0,
    });
    for (let i = 0; i < 12; i++) {
      expect(await getOAuthIntegrationTokens(db, { ...id, userId: `r${i}` }, v2)).toMatchObject({
        accessToken: `a${i}`,
        refreshToken: `r${i}`,
        keyVersion: 2,
      });
    }
  });
});
