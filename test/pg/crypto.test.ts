import { describe, expect, it } from 'vitest';
import { Keyring } from '../../src/crypto';
import { getTenantCredentials, putTenantCredentials, rotateTenantCredentials } from '../../src/messaging';
import { rotationKeyrings } from '../fixtures/keyrings';
import { makeTenant } from '../messaging/fixtures';
import { useTestDb } from '../support';

describe('credential rotation under concurrency (real PostgreSQL)', () => {
  const t = useTestDb();

  it('4 concurrent rotation runs re-encrypt each row exactly once', async () => {
    const db = t().db;
    const { k2, v1, v12 } = rotationKeyrings();
    const tenants = await Promise.all(Array.from({ length: 10 }, () => makeTenant(db)));
    await Promise.all(
      tenants.flatMap((tn) =>
        Array.from({ length: 100 }, (_, i) =>
          putTenantCredentials(db, { tenantId: tn.tenantId, provider: `p${i}`, credentials: { i } }, v1),
        ),
      ),
    );
    const conns = await Promise.all(Array.from({ length: 4 }, () => t().connect({ max: 1 })));
    const started = performance.now();
    const runs = await Promise.all(conns.map((c) => rotateTenantCredentials(c.db, { batchSize: 50 }, v12)));
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `[crypto] rotated 1,000 rows with 4 concurrent runs in ${seconds.toFixed(2)} s (${Math.round(1000 / seconds)} rows/s)`,
    );
    await Promise.all(conns.map((c) => c.close()));
    const total = runs.reduce((sum, r) => sum + (r.success ? r.rotated : 0), 0);
    expect(total).toBe(1000);
    const v2only = new Keyring([[2, k2]]);
    const reads = await Promise.all(
      tenants.map((tn) => getTenantCredentials(db, { tenantId: tn.tenantId, provider: 'p42' }, v2only)),
    );
    expect(reads.every((r) => r.success && r.keyVersion === 2 && r.credentials.i === 42)).toBe(true);
  });
});
