import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import {
  type Keyring,
  keyringProblem,
  openColumns,
  parseJsonSecret,
  type RotationReport,
  rotateSecrets,
  rotationInput,
  sealColumns,
} from '../crypto';
import { type AnyDb, narrowDb } from '../db';
import { jsonObject, serialId } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { jsonSecret } from './json-secret';
import { credentials } from './tables/admin';

/*
 * credentials (encryptedData, iv, authTag): AES-256-GCM in the column-triple form (crypto's
 * sealColumns): the document gives the IV and the tag their own columns and has none for the key
 * version, so a value opens by trial and rotation calls "stale" a value the current key alone does
 * not open. No AAD binds a value to its row (a credential gets its id only on insert), so someone
 * who can write the table can swap ciphertexts between rows; they cannot read or forge them.
 */

const userId = serialId();
const rowId = serialId();

export const putCredentialInput = z.union([
  z.object({ id: rowId, userId, data: jsonSecret }),
  z.object({
    userId,
    name: z.string().min(1).max(500),
    service: z.string().min(1).max(100),
    type: z.string().min(1).max(50),
    data: jsonSecret,
    metadata: jsonObject().nullish(),
  }),
]);
export const putCredentialErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export type PutCredentialError = (typeof putCredentialErrors)[number];

/**
 * With `id`: replaces the secret of the user's (not deleted) credential. Without: adds a credential.
 * `data` is any JSON value, stored encrypted; name/service/type/metadata stay plaintext (not secret).
 */
export async function putCredential(
  db: AnyDb,
  input: z.input<typeof putCredentialInput>,
  keyring: Keyring,
): Promise<Result<{ id: number; keyVersion: number }, PutCredentialError>> {
  narrowDb(db);
  const parsed = parseInput(putCredentialInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const c = sealColumns(keyring, JSON.stringify(parsed.data.data));
  const secret = { encryptedData: c.data, iv: c.iv, authTag: c.tag };
  if ('id' in parsed.data) {
    const [row] = await db
      .update(credentials)
      .set(secret)
      .where(
        and(
          eq(credentials.id, parsed.data.id),
          eq(credentials.userId, parsed.data.userId),
          isNull(credentials.deletedAt),
        ),
      )
      .returning({ id: credentials.id });
    if (!row) return fail('NOT_FOUND', 'no such credential for this user');
    return ok({ id: row.id, keyVersion: keyring.currentVersion });
  }
  const { data: _data, ...rest } = parsed.data;
  try {
    const [row] = await db
      .insert(credentials)
      .values({ ...rest, metadata: rest.metadata ?? null, ...secret })
      .returning({ id: credentials.id });
    return ok({ id: row!.id, keyVersion: keyring.currentVersion });
  } catch (error) {
    if (isConstraintViolation(error, '23503', 'credentials_userId_fkey'))
      return fail('NOT_FOUND', 'no such user');
    throw error;
  }
}

export const getCredentialInput = z.object({ id: rowId, userId });
export const getCredentialErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DECRYPT_FAILED'] as const;
export type GetCredentialError = (typeof getCredentialErrors)[number];

/** Decrypts one of the user's credentials (soft-deleted ones are NOT_FOUND). */
export async function getCredential(
  db: AnyDb,
  input: z.input<typeof getCredentialInput>,
  keyring: Keyring,
): Promise<
  Result<
    {
      id: number;
      name: string;
      service: string;
      type: string;
      data: unknown;
      metadata: unknown;
      keyVersion: number;
    },
    GetCredentialError
  >
> {
  narrowDb(db);
  const parsed = parseInput(getCredentialInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const [row] = await db
    .select()
    .from(credentials)
    .where(
      and(
        eq(credentials.id, parsed.data.id),
        eq(credentials.userId, parsed.data.userId),
        isNull(credentials.deletedAt),
      ),
    );
  if (!row) return fail('NOT_FOUND', 'no such credential for this user');
  const opened = openColumns(keyring, credentialColumns(row));
  const json = opened && parseJsonSecret(opened.plaintext);
  if (!opened || !json) return fail('DECRYPT_FAILED', 'cannot decrypt the credential');
  const { id, name, service, type, metadata } = row;
  return ok({ id, name, service, type, data: json.value, metadata, keyVersion: opened.version });
}

const credentialColumns = (r: { encryptedData: string; iv: string; authTag: string }) => ({
  data: r.encryptedData,
  iv: r.iv,
  tag: r.authTag,
});

export const rotateCredentialsInput = rotationInput;
export const rotateCredentialsErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every credential to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateCredentials(
  db: AnyDb,
  input: z.input<typeof rotateCredentialsInput>,
  keyring: Keyring,
): Promise<Result<RotationReport, (typeof rotateCredentialsErrors)[number]>> {
  narrowDb(db);
  return rotateSecrets(db, input, keyring, {
    input: rotateCredentialsInput,
    table: credentials,
    triple: { data: 'encryptedData', iv: 'iv', tag: 'authTag' },
  });
}
