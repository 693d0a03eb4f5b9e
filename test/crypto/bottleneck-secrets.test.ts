import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  browserContexts,
  credentials,
  emailConnections,
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
import type { Database } from '../../src/db';
import { makeUser } from '../bottleneck/fixtures';
import { rotationKeyrings, strangerKeyring } from '../fixtures/keyrings';
import { useTestDb } from '../support';

const { v1, v12, v2 } = rotationKeyrings();
const stranger = strangerKeyring();

const B64_IV = /^[A-Za-z0-9+/]{16}$/;
const B64_TAG = /^[A-Za-z0-9+/]{22}==$/;
const PACKED = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/;
/** Changes one character of a stored value (to another valid base64 character). */
const flip = (s: string, i = 0) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
/** The secret must appear in no stored column, neither plain nor base64-encoded. */
function expectUnreadable(stored: unknown, secret: string) {
  const text = JSON.stringify(stored);
  for (const form of [
    secret,
    Buffer.from(secret).toString('base64').slice(0, 12),
    Buffer.from(secret).toString('hex').slice(0, 16),
  ]) {
    expect(text).not.toContain(form);
  }
}

async function makeContext(db: Database, contextId: string): Promise<number> {
  const userId = await makeUser(db);
  await db.insert(browserContexts).values({ clientId: 1, userId, contextId });
  return userId;
}

async function makeProfile(db: Database): Promise<number> {
  const userId = await makeUser(db);
  await db.insert(userProfiles).values({ userId });
  return userId;
}

describe('Bottleneck Bots secrets at rest (AES-256-GCM)', () => {
  const t = useTestDb();

  describe('credentials vault (encryptedData, iv, authTag)', () => {
    it('round trip: base64 IV/tag/ciphertext in the documented columns, a fresh IV per value', async () => {
      const db = t().db;
      const userId = await makeUser(db);
      const data = { username: 'ops@acme.test', password: 'Hunter2-SECRET' };
      const put = await putCredential(
        db,
        { userId, name: 'Acme CRM', service: 'acme', type: 'password', data, metadata: { region: 'eu' } },
        v1,
      );
      expect(put).toMatchObject({ success: true, keyVersion: 1 });
      if (!put.success) return;
      const [row] = await db.select().from(credentials).where(eq(credentials.id, put.id));
      expect(row!.iv).toMatch(B64_IV);
      expect(row!.authTag).toMatch(B64_TAG);
      expect(Buffer.from(row!.iv, 'base64')).toHaveLength(12);
      expectUnreadable(row, 'Hunter2-SECRET');
      expectUnreadable(row, 'ops@acme.test');
      expect(await getCredential(db, { id: put.id, userId }, v1)).toEqual({
        success: true,
        id: put.id,
        name: 'Acme CRM',
        service: 'acme',
        type: 'password',
        data,
        metadata: { region: 'eu' },
        keyVersion: 1,
      });
      // Replacing the secret: same plaintext, new IV and ciphertext.
      expect(await putCredential(db, { id: put.id, userId, data }, v1)).toEqual({
        success: true,
        id: put.id,
        keyVersion: 1,
      });
      const [again] = await db.select().from(credentials).where(eq(credentials.id, put.id));
      expect(again!.iv).not.toBe(row!.iv);
      expect(again!.encryptedData).not.toBe(row!.encryptedData);
      expect(await getCredential(db, { id: put.id, userId }, v1)).toMatchObject({ data });
    });

    it('NOT_FOUND for another user, a deleted credential or a missing user; INVALID_INPUT for bad input', async () => {
      const db = t().db;
      const userId = await makeUser(db);
      const other = await makeUser(db);
      const put = await putCredential(
        db,
        { userId, name: 'n', service: 's', type: 'api_key', data: 'sk-live' },
        v1,
      );
      if (!put.success) throw new Error('put failed');
      expect(await getCredential(db, { id: put.id, userId: other }, v1)).toMatchObject({
        error: 'NOT_FOUND',
      });
      expect(await putCredential(db, { id: put.id, userId: other, data: 'x' }, v1)).toMatchObject({
        error: 'NOT_FOUND',
      });
      expect(
        await putCredential(db, { userId: 999_999, name: 'n', service: 's', type: 't', data: 1 }, v1),
      ).toMatchObject({ error: 'NOT_FOUND' });
      expect(
        await putCredential(db, { userId, name: '', service: 's', type: 't', data: 1 }, v1),
      ).toMatchObject({
        error: 'INVALID_INPUT',
      });
      expect(await getCredential(db, { id: -1, userId }, v1)).toMatchObject({ error: 'INVALID_INPUT' });
      await db.update(credentials).set({ deletedAt: new Date() }).where(eq(credentials.id, put.id));
      expect(await getCredential(db, { id: put.id, userId }, v1)).toMatchObject({ error: 'NOT_FOUND' });
      expect(await putCredential(db, { id: put.id, userId, data: 'x' }, v1)).toMatchObject({
        error: 'NOT_FOUND',
      });
    });

    it('wrong key, unknown version, any changed column or truncation → DECRYPT_FAILED, secret-free', async () => {
      const db = t().db;
      const userId = await makeUser(db);
      const put = await putCredential(
        db,
        { userId, name: 'n', service: 's', type: 't', data: { token: 'TOPSECRET-123' } },
        v1,
      );
      if (!put.success) throw new Error('put failed');
      const key = { id: put.id, userId };
      const wrong = await getCredential(db, key, stranger);
      expect(wrong).toEqual({
        success: false,
        error: 'DECRYPT_FAILED',
        message: 'cannot decrypt the credential',
      });
      expect(await getCredential(db, key, v2)).toMatchObject({ error: 'DECRYPT_FAILED' });
      const [orig] = await db.select().from(credentials).where(eq(credentials.id, put.id));
      const damages = [
        { encryptedData: flip(orig!.encryptedData) },
        { encryptedData: flip(orig!.encryptedData, orig!.encryptedData.length - 3) },
        { encryptedData: orig!.encryptedData.slice(0, -4) },
        { encryptedData: '' },
        { iv: flip(orig!.iv) },
        { iv: flip(orig!.iv, 15) },
        { iv: orig!.iv.slice(0, 12) },
        { authTag: flip(orig!.authTag) },
        { authTag: flip(orig!.authTag, 20) },
        { authTag: orig!.authTag.slice(0, 20) },
        { iv: orig!.iv, authTag: Buffer.from(orig!.authTag, 'base64').toString('hex') },
      ];
      for (const damage of damages) {
        await db.update(credentials).set(damage).where(eq(credentials.id, put.id));
        const r = await getCredential(db, key, v1);
        expect(r, JSON.stringify(damage)).toMatchObject({ error: 'DECRYPT_FAILED' });
        expect(JSON.stringify(r)).not.toContain('TOPSECRET');
        await db
          .update(credentials)
          .set({ encryptedData: orig!.encryptedData, iv: orig!.iv, authTag: orig!.authTag })
          .where(eq(credentials.id, put.id));
      }
      expect(await getCredential(db, key, v1)).toMatchObject({ data: { token: 'TOPSECRET-123' } });
    });
  });

  describe('browser_contexts storage (encryptedStorage, storageIv, storageAuthTag)', () => {
    it('round trip, clear, NOT_FOUND and INVALID_INPUT', async () => {
      const db = t().db;
      await makeContext(db, 'ctx-a');
      expect(await getBrowserContextStorage(db, { contextId: 'ctx-a' }, v1)).toMatchObject({
        success: true,
        storage: null,
        keyVersion: null,
      });
      const storage = { cookies: [{ name: 'sid', value: 'SESSION-COOKIE-xyz' }], origins: [] };
      expect(await putBrowserContextStorage(db, { contextId: 'ctx-a', storage }, v1)).toMatchObject({
        success: true,
        keyVersion: 1,
      });
      const [row] = await db.select().from(browserContexts).where(eq(browserContexts.contextId, 'ctx-a'));
      expect(row!.storageIv).toMatch(B64_IV);
      expect(row!.storageAuthTag).toMatch(B64_TAG);
      expectUnreadable(row, 'SESSION-COOKIE-xyz');
      expect(await getBrowserContextStorage(db, { contextId: 'ctx-a' }, v1)).toEqual({
        success: true,
        id: row!.id,
        storage,
        keyVersion: 1,
      });
      expect(await putBrowserContextStorage(db, { contextId: 'ctx-a', storage: null }, v1)).toMatchObject({
        success: true,
        keyVersion: null,
      });
      const [cleared] = await db.select().from(browserContexts).where(eq(browserContexts.contextId, 'ctx-a'));
      expect([cleared!.encryptedStorage, cleared!.storageIv, cleared!.storageAuthTag]).toEqual([
        null,
        null,
        null,
      ]);
      expect(await getBrowserContextStorage(db, { contextId: 'ctx-a' }, v1)).toMatchObject({ storage: null });
      expect(await putBrowserContextStorage(db, { contextId: 'nope', storage: {} }, v1)).toMatchObject({
        error: 'NOT_FOUND',
      });
      expect(await getBrowserContextStorage(db, { contextId: 'nope' }, v1)).toMatchObject({
        error: 'NOT_FOUND',
      });
      expect(
        await putBrowserContextStorage(db, { contextId: 'ctx-a', storage: undefined as never }, v1),
      ).toMatchObject({ error: 'INVALID_INPUT' });
      expect(await getBrowserContextStorage(db, { contextId: '' }, v1)).toMatchObject({
        error: 'INVALID_INPUT',
      });
    });

    it('wrong key, unknown version, tampering and a half-missing triple → DECRYPT_FAILED', async () => {
      const db = t().db;
      await makeContext(db, 'ctx-b');
      await putBrowserContextStorage(db, { contextId: 'ctx-b', storage: { localStorage: 'LS-SECRET' } }, v1);
      const key = { contextId: 'ctx-b' };
      expect(await getBrowserContextStorage(db, key, stranger)).toMatchObject({ error: 'DECRYPT_FAILED' });
      expect(await getBrowserContextStorage(db, key, v2)).toMatchObject({ error: 'DECRYPT_FAILED' });
      const [o] = await db.select().from(browserContexts).where(eq(browserContexts.contextId, 'ctx-b'));
      for (const damage of [
        { encryptedStorage: flip(o!.encryptedStorage!) },
        { encryptedStorage: o!.encryptedStorage!.slice(0, -4) },
        { storageIv: flip(o!.storageIv!) },
        { storageAuthTag: flip(o!.storageAuthTag!) },
        { storageAuthTag: null },
        { encryptedStorage: null },
      ]) {
        await db.update(browserContexts).set(damage).where(eq(browserContexts.id, o!.id));
        const r = await getBrowserContextStorage(db, key, v1);
        expect(r, JSON.stringify(damage)).toMatchObject({ error: 'DECRYPT_FAILED' });
        expect(JSON.stringify(r)).not.toContain('LS-SECRET');
        await db
          .update(browserContexts)
          .set({
            encryptedStorage: o!.encryptedStorage,
            storageIv: o!.storageIv,
            storageAuthTag: o!.storageAuthTag,
          })
          .where(eq(browserContexts.id, o!.id));
      }
      expect(await getBrowserContextStorage(db, key, v1)).toMatchObject({
        storage: { localStorage: 'LS-SECRET' },
      });
    });
  });

  describe('email_connections tokens (packed accessToken / refreshToken)', () => {
    it('creates, replaces and reads tokens; NOT_FOUND and INVALID_INPUT', async () => {
      const db = t().db;
      const userId = await makeUser(db);
      const expiresAt = new Date('2030-01-01T00:00:00Z');
      const put = await putEmailConnectionTokens(
        db,
        {
          userId,
          provider: 'gmail',
          email: 'me@acme.test',
          scope: 'mail.read',
          accessToken: 'ya29.ACCESS-tok',
          refreshToken: '1//REFRESH-tok',
          expiresAt,
        },
        v1,
      );
      expect(put).toMatchObject({ success: true, keyVersion: 1 });
      if (!put.success) return;
      const [row] = await db.select().from(emailConnections).where(eq(emailConnections.id, put.id));
      expect(row!.accessToken).toMatch(PACKED);
      expect(row!.refreshToken).toMatch(PACKED);
      expectUnreadable(row, 'ACCESS-tok');
      expectUnreadable(row, 'REFRESH-tok');
      expect(await getEmailConnectionTokens(db, { id: put.id, userId }, v1)).toEqual({
        success: true,
        accessToken: 'ya29.ACCESS-tok',
        refreshToken: '1//REFRESH-tok',
        expiresAt,
        scope: 'mail.read',
        keyVersion: 1,
      });
      const later = new Date('2031-01-01T00:00:00Z');
      expect(
        await putEmailConnectionTokens(
          db,
          { id: put.id, userId, accessToken: 'new-access', refreshToken: 'new-refresh', expiresAt: later },
          v1,
        ),
      ).toEqual({ success: true, id: put.id, keyVersion: 1 });
      expect(await getEmailConnectionTokens(db, { id: put.id, userId }, v1)).toMatchObject({
        accessToken: 'new-access',
        refreshToken: 'new-refresh',
        expiresAt: later,
        scope: 'mail.read',
      });
      const other = await makeUser(db);
      expect(await getEmailConnectionTokens(db, { id: put.id, userId: other }, v1)).toMatchObject({
        error: 'NOT_FOUND',
      });
      expect(
        await putEmailConnectionTokens(
          db,
          { id: put.id, userId: other, accessToken: 'a', refreshToken: 'r', expiresAt: later },
          v1,
        ),
      ).toMatchObject({ error: 'NOT_FOUND' });
      expect(
        await putEmailConnectionTokens(
          db,
          {
            userId: 999_999,
            provider: 'outlook',
            email: 'x@y.z',
            scope: 's',
            accessToken: 'a',
            refreshToken: 'r',
            expiresAt: later,
          },
          v1,
        ),
      ).toMatchObject({ error: 'NOT_FOUND' });
      expect(
        await putEmailConnectionTokens(
          db,
          {
            userId,
            provider: 'aol' as never,
            email: 'x@y.z',
            scope: 's',
            accessToken: 'a',
            refreshToken: 'r',
            expiresAt: later,
          },
          v1,
        ),
      ).toMatchObject({ error: 'INVALID_INPUT' });
    });

    it('wrong key, unknown version, tampering and truncation → DECRYPT_FAILED', async () => {
      const db = t().db;
      const userId = await makeUser(db);
      const put = await putEmailConnectionTokens(
        db,
        {
          userId,
          provider: 'outlook',
          email: 'o@acme.test',
          scope: 's',
          accessToken: 'EW-ACCESS',
          refreshToken: 'EW-REFRESH',
          expiresAt: new Date(),
        },
        v1,
      );
      if (!put.success) throw new Error('put failed');
      const key = { id: put.id, userId };
      expect(await getEmailConnectionTokens(db, key, stranger)).toMatchObject({ error: 'DECRYPT_FAILED' });
      expect(await getEmailConnectionTokens(db, key, v2)).toMatchObject({ error: 'DECRYPT_FAILED' });
      const [o] = await db.select().from(emailConnections).where(eq(emailConnections.id, put.id));
      for (const damage of [
        { accessToken: o!.accessToken.replace(/^v1\./, 'v7.') },
        { accessToken: o!.accessToken.slice(0, -2) },
        { refreshToken: flip(o!.refreshToken, 4) },
        { refreshToken: flip(o!.refreshToken, o!.refreshToken.length - 1) },
        { refreshToken: flip(o!.refreshToken, 25) },
        { accessToken: 'EW-ACCESS' },
      ]) {
        await db.update(emailConnections).set(damage).where(eq(emailConnections.id, put.id));
        const r = await getEmailConnectionTokens(db, key, v12);
        expect(r, JSON.stringify(damage)).toMatchObject({ error: 'DECRYPT_FAILED' });
        expect(JSON.stringify(r)).not.toContain('EW-');
        await db
          .update(emailConnections)
          .set({ accessToken: o!.accessToken, refreshToken: o!.refreshToken })
          .where(eq(emailConnections.id, put.id));
      }
    });
  });

  describe('user_profiles.ghlApiKey (packed)', () => {
    it('stores, reads, clears; NOT_FOUND without a profile; DECRYPT_FAILED on wrong key or tampering', async () => {
      const db = t().db;
      const userId = await makeProfile(db);
      expect(await getGhlApiKey(db, { userId }, v1)).toEqual({
        success: true,
        apiKey: null,
        keyVersion: null,
      });
      expect(await putGhlApiKey(db, { userId, apiKey: 'ghl-pit-SECRET' }, v1)).toEqual({
        success: true,
        keyVersion: 1,
      });
      const [row] = await db.select().from(userProfiles).where(eq(userProfiles.userId, userId));
      expect(row!.ghlApiKey).toMatch(PACKED);
      expectUnreadable(row, 'ghl-pit-SECRET');
      expect(await getGhlApiKey(db, { userId }, v1)).toEqual({
        success: true,
        apiKey: 'ghl-pit-SECRET',
        keyVersion: 1,
      });
      expect(await getGhlApiKey(db, { userId }, stranger)).toMatchObject({ error: 'DECRYPT_FAILED' });
      expect(await getGhlApiKey(db, { userId }, v2)).toMatchObject({ error: 'DECRYPT_FAILED' });
      for (const damaged of [
        flip(row!.ghlApiKey!, 5),
        flip(row!.ghlApiKey!, 30),
        row!.ghlApiKey!.slice(0, 40),
      ]) {
        await db.update(userProfiles).set({ ghlApiKey: damaged }).where(eq(userProfiles.userId, userId));
        const r = await getGhlApiKey(db, { userId }, v1);
        expect(r).toMatchObject({ error: 'DECRYPT_FAILED' });
        expect(JSON.stringify(r)).not.toContain('SECRET');
      }
      expect(await putGhlApiKey(db, { userId, apiKey: null }, v1)).toEqual({
        success: true,
        keyVersion: null,
      });
      expect(await getGhlApiKey(db, { userId }, v1)).toMatchObject({ apiKey: null });
      const noProfile = await makeUser(db);
      expect(await putGhlApiKey(db, { userId: noProfile, apiKey: 'k' }, v1)).toMatchObject({
        error: 'NOT_FOUND',
      });
      expect(await getGhlApiKey(db, { userId: noProfile }, v1)).toMatchObject({ error: 'NOT_FOUND' });
      expect(await putGhlApiKey(db, { userId, apiKey: '' }, v1)).toMatchObject({ error: 'INVALID_INPUT' });
    });
  });

  describe('rotation 1 → 2', () => {
    it('re-encrypts every row once, old key removable, second run a no-op, damaged rows reported', async () => {
      const db = t().db;
      for (const table of [credentials, browserContexts, emailConnections]) await db.delete(table);
      await db.update(userProfiles).set({ ghlApiKey: null });
      const n = 7;
      const ids: { cred: number; conn: number; user: number; ctx: string; profile: number }[] = [];
      for (let i = 0; i < n; i++) {
        // The last row of each table is written with the new key already: a resumed run skips it.
        const ring = i === n - 1 ? v12 : v1;
        const user = await makeUser(db);
        const cred = await putCredential(
          db,
          { userId: user, name: `c${i}`, service: 's', type: 't', data: { i } },
          ring,
        );
        const ctx = `rot-${i}`;
        await db.insert(browserContexts).values({ clientId: 1, userId: user, contextId: ctx });
        await putBrowserContextStorage(db, { contextId: ctx, storage: { i } }, ring);
        const conn = await putEmailConnectionTokens(
          db,
          {
            userId: user,
            provider: 'gmail',
            email: `${i}@x.test`,
            scope: 's',
            accessToken: `a${i}`,
            refreshToken: `r${i}`,
            expiresAt: new Date(),
          },
          ring,
        );
        const profile = await makeProfile(db);
        await putGhlApiKey(db, { userId: profile, apiKey: `ghl${i}` }, ring);
        if (!cred.success || !conn.success) throw new Error('put failed');
        ids.push({ cred: cred.id, conn: conn.id, user, ctx, profile });
      }
      // A context without storage is not a rotation candidate.
      await db.insert(browserContexts).values({ clientId: 1, userId: ids[0]!.user, contextId: 'rot-empty' });
      // One undecryptable credential: reported, left alone, and the run still ends.
      const bad = await putCredential(
        db,
        { userId: ids[0]!.user, name: 'bad', service: 's', type: 't', data: 'x' },
        stranger,
      );
      if (!bad.success) throw new Error('put failed');

      const want = { success: true, rotated: n - 1, failed: [], remaining: 0 };
      expect(await rotateCredentials(db, { batchSize: 3 }, v12)).toEqual({
        ...want,
        failed: [String(bad.id)],
      });
      expect(await rotateBrowserContextStorage(db, { batchSize: 2 }, v12)).toEqual(want);
      expect(await rotateEmailConnectionTokens(db, { batchSize: 4 }, v12)).toEqual(want);
      expect(await rotateGhlApiKeys(db, { batchSize: 1 }, v12)).toEqual(want);

      const none = { success: true, rotated: 0, failed: [], remaining: 0 };
      expect(await rotateCredentials(db, {}, v12)).toEqual({ ...none, failed: [String(bad.id)] });
      expect(await rotateBrowserContextStorage(db, {}, v12)).toEqual(none);
      expect(await rotateEmailConnectionTokens(db, {}, v12)).toEqual(none);
      expect(await rotateGhlApiKeys(db, {}, v12)).toEqual(none);

      for (const [i, r] of ids.entries()) {
        expect(await getCredential(db, { id: r.cred, userId: r.user }, v2)).toMatchObject({
          data: { i },
          keyVersion: 2,
        });
        expect(await getBrowserContextStorage(db, { contextId: r.ctx }, v2)).toMatchObject({
          storage: { i },
          keyVersion: 2,
        });
        expect(await getEmailConnectionTokens(db, { id: r.conn, userId: r.user }, v2)).toMatchObject({
          accessToken: `a${i}`,
          refreshToken: `r${i}`,
          keyVersion: 2,
        });
        expect(await getGhlApiKey(db, { userId: r.profile }, v2)).toEqual({
          success: true,
          apiKey: `ghl${i}`,
          keyVersion: 2,
        });
      }
      expect(await getCredential(db, { id: bad.id, userId: ids[0]!.user }, stranger)).toMatchObject({
        data: 'x',
      });
      expect(await rotateCredentials(db, { batchSize: 0 }, v12)).toMatchObject({ error: 'INVALID_INPUT' });
    });
  });
});
