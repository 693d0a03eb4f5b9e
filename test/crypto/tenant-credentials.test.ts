import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/crypto';
import {
  getTenantCredentials,
  putTenantCredentials,
  rotateTenantCredentials,
  tenantCredentials,
} from '../../src/messaging';
import { rotationKeyrings } from '../fixtures/keyrings';
import { makeTenant } from '../messaging/fixtures';
import { useTestDb } from '../support';

const { v1, v12, v2: v2only } = rotationKeyrings();

describe('tenant credentials at rest (Fernet)', () => {
  const t = useTestDb();

  it('stores a Fernet token in credentials with key_version, and reads the JSON back', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    const put = await putTenantCredentials(
      db,
      { tenantId: tenant.tenantId, provider: 'ghl', credentials: { apiKey: 'sk-123' } },
      v1,
    );
    expect(put).toMatchObject({ success: true, keyVersion: 1 });
    const [row] = await db
      .select()
      .from(tenantCredentials)
      .where(eq(tenantCredentials.tenantId, tenant.tenantId));
    expect(row!.credentials.toString('ascii')).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    expect(row!.credentials.toString('ascii')).not.toContain('sk-123');
    expect(await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'ghl' }, v1)).toEqual({
      success: true,
      credentials: { apiKey: 'sk-123' },
      keyVersion: 1,
    });
    // put again replaces the row (one per tenant and provider)
    await putTenantCredentials(
      db,
      { tenantId: tenant.tenantId, provider: 'ghl', credentials: { apiKey: 'sk-456' } },
      v1,
    );
    expect(await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'ghl' }, v1)).toMatchObject({
      credentials: { apiKey: 'sk-456' },
    });
    expect(await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'none' }, v1)).toMatchObject(
      { success: false, error: 'NOT_FOUND' },
    );
  });

  it('wrong key, unknown key version and tampering are DECRYPT_FAILED without secret material', async () => {
    const db = t().db;
    const tenant = await makeTenant(db);
    await putTenantCredentials(
      db,
      { tenantId: tenant.tenantId, provider: 'p', credentials: { secret: 'TOPSECRET' } },
      v1,
    );
    const wrong = await getTenantCredentials(
      db,
      { tenantId: tenant.tenantId, provider: 'p' },
      new Keyring([[1, randomBytes(32)]]),
    );
    expect(wrong).toMatchObject({ success: false, error: 'DECRYPT_FAILED' });
    expect(JSON.stringify(wrong)).not.toContain('TOPSECRET');
    expect(
      await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'p' }, v2only),
    ).toMatchObject({ error: 'DECRYPT_FAILED' });
    await db.execute(
      sql`update core.tenant_credentials set credentials = substring(credentials from 1 for 40) where tenant_id = ${tenant.tenantId}`,
    );
    expect(await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: 'p' }, v1)).toMatchObject({
      error: 'DECRYPT_FAILED',
    });
  });

  it('rotation 1 → 2 leaves every row readable on version 2, old key removable, second run a no-op', async () => {
    const db = t().db;
    await db.delete(tenantCredentials);
    const tenant = await makeTenant(db);
    for (let i = 0; i < 25; i++) {
      await putTenantCredentials(
        db,
        { tenantId: tenant.tenantId, provider: `p${i}`, credentials: { n: i } },
        v1,
      );
    }
    const first = await rotateTenantCredentials(db, { batchSize: 7 }, v12);
    expect(first).toEqual({ success: true, rotated: 25, failed: [], remaining: 0 });
    expect(await rotateTenantCredentials(db, { batchSize: 7 }, v12)).toEqual({
      success: true,
      rotated: 0,
      failed: [],
      remaining: 0,
    });
    for (let i = 0; i < 25; i++) {
      expect(
        await getTenantCredentials(db, { tenantId: tenant.tenantId, provider: `p${i}` }, v2only),
      ).toEqual({ success: true, credentials: { n: i }, keyVersion: 2 });
    }
  });

  it('unreadable rows are reported and left alone', async () => {
    const db = t().db;
    await db.delete(tenantCredentials);
    const tenant = await makeTenant(db);
    await putTenantCredentials(
      db,
      { tenantId: tenant.tenantId, provider: 'lost', credentials: { x: 1 } },
      new Keyring([[1, randomBytes(32)]]),
    );
    const r = await rotateTenantCredentials(db, {}, v12);
    expect(r.success && r.failed).toHaveLength(1);
  });
});
