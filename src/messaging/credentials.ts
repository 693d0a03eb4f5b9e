import { and, eq, ne, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import { FernetError, fernetDecrypt, fernetEncrypt } from '../crypto/fernet';
import type { Keyring } from '../crypto/keyring';
import { type RotationReport, rotateInBatches } from '../crypto/rotate';
import { type DbOrTx, pgErrorCode } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { tenantCredentials } from './tenants';

// core.tenant_credentials.credentials holds the Fernet token's ASCII bytes, as the documented
// Python system wrote them; key_version names the keyring version that encrypted the row.

export const putTenantCredentialsInput = z.object({
  tenantId: z.uuid(),
  provider: z.string().min(1).max(200),
  credentials: z.record(z.string(), z.unknown()),
});
export const tenantCredentialErrors = [
  'INVALID_INPUT',
  'TENANT_NOT_FOUND',
  'NOT_FOUND',
  'DECRYPT_FAILED',
] as const;
export type TenantCredentialError = (typeof tenantCredentialErrors)[number];

export async function putTenantCredentials(
  db: DbOrTx,
  input: z.input<typeof putTenantCredentialsInput>,
  keyring: Keyring,
): Promise<Result<{ credentialId: string; keyVersion: number }, 'INVALID_INPUT' | 'TENANT_NOT_FOUND'>> {
  const parsed = parseInput(putTenantCredentialsInput, input);
  if (!parsed.success) return { success: false, error: 'INVALID_INPUT', message: parsed.message };
  const { tenantId, provider, credentials } = parsed.data;
  const version = keyring.currentVersion;
  const token = Buffer.from(
    fernetEncrypt(keyring.key(version)!, Buffer.from(JSON.stringify(credentials))),
    'ascii',
  );
  try {
    const [row] = await db
      .insert(tenantCredentials)
      .values({ tenantId, provider, credentials: token, keyVersion: version })
      .onConflictDoUpdate({
        target: [tenantCredentials.tenantId, tenantCredentials.provider],
        set: { credentials: token, keyVersion: version },
      })
      .returning({ credentialId: tenantCredentials.credentialId, keyVersion: tenantCredentials.keyVersion });
    return ok(row!);
  } catch (error) {
    if (pgErrorCode(error) === '23503') return fail('TENANT_NOT_FOUND', 'no tenant with this id');
    throw error;
  }
}

export const getTenantCredentialsInput = z.object({
  tenantId: z.uuid(),
  provider: z.string().min(1).max(200),
});

function decrypt(keyring: Keyring, version: number, token: Buffer): Record<string, unknown> | undefined {
  const key = keyring.key(version);
  if (!key) return undefined;
  try {
    const value = JSON.parse(fernetDecrypt(key, token).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch (error) {
    if (error instanceof FernetError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Decrypts a tenant's credentials. Wrong key, unknown key version, or a damaged token → DECRYPT_FAILED. */
export async function getTenantCredentials(
  db: DbOrTx,
  input: z.input<typeof getTenantCredentialsInput>,
  keyring: Keyring,
): Promise<Result<{ credentials: Record<string, unknown>; keyVersion: number }, TenantCredentialError>> {
  const parsed = parseInput(getTenantCredentialsInput, input);
  if (!parsed.success) return parsed;
  const [row] = await db
    .select({ credentials: tenantCredentials.credentials, keyVersion: tenantCredentials.keyVersion })
    .from(tenantCredentials)
    .where(
      and(
        eq(tenantCredentials.tenantId, parsed.data.tenantId),
        eq(tenantCredentials.provider, parsed.data.provider),
      ),
    );
  if (!row) return fail('NOT_FOUND', 'no credentials for this tenant and provider');
  const credentials = decrypt(keyring, row.keyVersion, row.credentials);
  if (!credentials) {
    return fail('DECRYPT_FAILED', `cannot decrypt the credentials (key version ${row.keyVersion})`);
  }
  return ok({ credentials, keyVersion: row.keyVersion });
}

export const rotateInput = z.object({ batchSize: z.number().int().min(1).max(10_000).default(500) });

/**
 * Re-encrypts every row to the keyring's current version, one batch per transaction with
 * FOR UPDATE SKIP LOCKED: resumable after a crash, safe to run twice or concurrently (a row is
 * only rewritten while its key_version differs from the current one).
 */
export async function rotateTenantCredentials(
  db: DbOrTx,
  keyring: Keyring,
  input: z.input<typeof rotateInput> = {},
): Promise<Result<RotationReport, 'INVALID_INPUT'>> {
  const parsed = parseInput(rotateInput, input);
  if (!parsed.success) return parsed;
  const current = keyring.currentVersion;
  const report = await rotateInBatches(db, {
    batchSize: parsed.data.batchSize,
    pick: (tx, skip, limit) =>
      tx
        .select({
          id: tenantCredentials.credentialId,
          token: tenantCredentials.credentials,
          version: tenantCredentials.keyVersion,
        })
        .from(tenantCredentials)
        .where(
          and(
            ne(tenantCredentials.keyVersion, current),
            skip.length ? notInArray(tenantCredentials.credentialId, skip) : undefined,
          ),
        )
        .orderBy(tenantCredentials.credentialId)
        .limit(limit)
        .for('update', { skipLocked: true }),
    rewrite: async (tx, row) => {
      const plain = decrypt(keyring, row.version, row.token);
      if (!plain) return false;
      const token = Buffer.from(
        fernetEncrypt(keyring.key(current)!, Buffer.from(JSON.stringify(plain))),
        'ascii',
      );
      await tx
        .update(tenantCredentials)
        .set({ credentials: token, keyVersion: current })
        .where(eq(tenantCredentials.credentialId, row.id));
      return true;
    },
  });
  return ok(report);
}
