import { and, count, eq, ne, notInArray } from 'drizzle-orm';
import { z } from 'zod';
import {
  isKeyring,
  type Keyring,
  openFernet,
  parseJsonSecret,
  type RotationReport,
  rotateInBatches,
  rotationInput,
  sealFernet,
  updateRows,
} from '../crypto';
import { type AnyDb, narrowDb } from '../db';
import { INT4, jsonObject, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { tenantCredentials } from './tables/tenants';

// core.tenant_credentials.credentials holds the Fernet token's ASCII bytes, as the documented
// Python system wrote them; key_version names the keyring version that encrypted the row.

/**
 * A Keyring (crypto's isKeyring: by shape, so a copy of the class from another bundle passes) whose
 * current version fits key_version (int4): a version past it could not be stored or compared.
 */
const keyringInput = () =>
  z.custom<Keyring>((v) => isKeyring(v) && v.currentVersion >= 1 && v.currentVersion <= INT4.max, {
    error: `a Keyring whose current version is 1…${INT4.max} (key_version is an int4)`,
  });
/** A provider name: at most 200 characters (800 bytes, inside unique (tenant_id, provider)'s budget). */
const provider = () => z.string().min(1).max(200);

/** The input with the keyring of the last argument (the call form of the other systems) merged in. */
const withKeyring = (input: unknown, keyring: Keyring | undefined): unknown =>
  keyring !== undefined && typeof input === 'object' && input !== null && !Array.isArray(input)
    ? { ...input, keyring }
    : input;

export const putTenantCredentialsInput = z.object({
  tenantId: uuidInput(),
  provider: provider(),
  credentials: jsonObject(),
  keyring: keyringInput(),
});
export const putTenantCredentialsErrors = ['INVALID_INPUT', 'TENANT_NOT_FOUND'] as const;
/** Every code of the three credential functions together. */
export const tenantCredentialErrors = [
  'INVALID_INPUT',
  'TENANT_NOT_FOUND',
  'NOT_FOUND',
  'DECRYPT_FAILED',
] as const;
export type TenantCredentialError = (typeof tenantCredentialErrors)[number];
type WithoutKeyring<T> = Omit<T, 'keyring'> & { keyring?: Keyring };

/**
 * Encrypts and stores a tenant's credentials (one row per tenant and provider; a second put
 * replaces the first). The keyring comes in the input (`keyring`) or, as before, as the third
 * argument.
 */
export async function putTenantCredentials(
  db: AnyDb,
  input: WithoutKeyring<z.input<typeof putTenantCredentialsInput>>,
  keyring?: Keyring,
): Promise<
  Result<{ credentialId: string; keyVersion: number }, (typeof putTenantCredentialsErrors)[number]>
> {
  narrowDb(db);
  const parsed = parseInput(putTenantCredentialsInput, withKeyring(input, keyring));
  if (!parsed.success) return parsed;
  const { tenantId, provider, credentials, keyring: ring } = parsed.data;
  const { token, version } = sealFernet(ring, JSON.stringify(credentials));
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
    if (isConstraintViolation(error, '23503', 'tenant_credentials_tenant_id_fkey'))
      return fail('TENANT_NOT_FOUND', 'no tenant with this id');
    throw error;
  }
}

export const getTenantCredentialsInput = z.object({
  tenantId: uuidInput(),
  provider: provider(),
  keyring: keyringInput(),
});
export const getTenantCredentialsErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DECRYPT_FAILED'] as const;

/** The stored JSON object, or undefined when the token does not open or holds no object. */
function decrypt(keyring: Keyring, version: number, token: Buffer): Record<string, unknown> | undefined {
  const text = openFernet(keyring, version, token);
  const value = text === undefined ? undefined : parseJsonSecret(text)?.value;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Decrypts a tenant's credentials. Wrong key, unknown key version, or a damaged token → DECRYPT_FAILED. */
export async function getTenantCredentials(
  db: AnyDb,
  input: WithoutKeyring<z.input<typeof getTenantCredentialsInput>>,
  keyring?: Keyring,
): Promise<
  Result<
    { credentials: Record<string, unknown>; keyVersion: number },
    (typeof getTenantCredentialsErrors)[number]
  >
> {
  narrowDb(db);
  const parsed = parseInput(getTenantCredentialsInput, withKeyring(input, keyring));
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
  const credentials = decrypt(parsed.data.keyring, row.keyVersion, row.credentials);
  if (!credentials) {
    return fail('DECRYPT_FAILED', `cannot decrypt the credentials (key version ${row.keyVersion})`);
  }
  return ok({ credentials, keyVersion: row.keyVersion });
}

export const rotateTenantCredentialsInput = z.object({ keyring: keyringInput(), ...rotationInput.shape });
/** The options of the call form with the keyring last: `rotateTenantCredentials(db, { batchSize }, keyring)`. */
export const rotateInput = rotateTenantCredentialsInput.omit({ keyring: true });
export const rotateTenantCredentialsErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every row to the keyring's current version, one batch per transaction with
 * FOR UPDATE SKIP LOCKED in credential_id order: resumable after a crash, safe to run twice or
 * concurrently (a row is only rewritten while its key_version differs from the current one).
 * `remaining > 0` means rows were held by other transactions (or written with an old key during
 * the run): run again before removing an old key.
 * Called as `(db, { keyring, batchSize? })` or, like put/get, `(db, { batchSize? }, keyring)`.
 */
export async function rotateTenantCredentials(
  db: AnyDb,
  input: WithoutKeyring<z.input<typeof rotateTenantCredentialsInput>>,
  keyring?: Keyring,
): Promise<Result<RotationReport, (typeof rotateTenantCredentialsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(rotateTenantCredentialsInput, withKeyring(input, keyring));
  if (!parsed.success) return parsed;
  const ring = parsed.data.keyring;
  const current = ring.currentVersion;
  // Rows not on the current version, except the ones reported failed: `pick` and `pending` share it.
  const stale = (skip: string[]) =>
    and(
      ne(tenantCredentials.keyVersion, current),
      skip.length ? notInArray(tenantCredentials.credentialId, skip) : undefined,
    );
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
        .where(stale(skip))
        .orderBy(tenantCredentials.credentialId)
        .limit(limit)
        .for('update', { skipLocked: true }),
    pending: async (d, skip) => {
      const [row] = await d.select({ n: count() }).from(tenantCredentials).where(stale(skip));
      return row!.n;
    },
    reseal: (row) => {
      const plain = decrypt(ring, row.version, row.token);
      return plain
        ? { credentials: sealFernet(ring, JSON.stringify(plain)).token, keyVersion: current }
        : undefined;
    },
    write: (tx, rows) =>
      updateRows(
        tx,
        tenantCredentials,
        tenantCredentials.credentialId,
        rows.map(({ row, values }) => ({ id: row.id, values })),
      ),
  });
  return ok(report);
}
