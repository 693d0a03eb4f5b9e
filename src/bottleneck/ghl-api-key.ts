import { and, eq, isNotNull, notLike } from 'drizzle-orm';
import { z } from 'zod';
import {
  type Keyring,
  keyringProblem,
  openPacked,
  packedLike,
  type RotationReport,
  rotateSecrets,
  rotationInput,
  sealPacked,
} from '../crypto';
import { type AnyDb, narrowDb } from '../db';
import { serialId } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { userProfiles } from './tables/auth';

/*
 * user_profiles.ghlApiKey: one text column, AES-256-GCM in the packed form
 * "v<version>.<iv>.<tag>.<ciphertext>" (crypto's sealPacked); null when no key is stored.
 */

const userId = serialId();

export const putGhlApiKeyInput = z.object({ userId, apiKey: z.string().min(1).max(4096).nullable() });
export const putGhlApiKeyErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export type PutGhlApiKeyError = (typeof putGhlApiKeyErrors)[number];

/** Stores (or clears, with null) the GoHighLevel API key on the user's existing profile. */
export async function putGhlApiKey(
  db: AnyDb,
  input: z.input<typeof putGhlApiKeyInput>,
  keyring: Keyring,
): Promise<Result<{ keyVersion: number | null }, PutGhlApiKeyError>> {
  narrowDb(db);
  const parsed = parseInput(putGhlApiKeyInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const { userId: owner, apiKey } = parsed.data;
  const [row] = await db
    .update(userProfiles)
    .set({ ghlApiKey: apiKey === null ? null : sealPacked(keyring, apiKey) })
    .where(eq(userProfiles.userId, owner))
    .returning({ id: userProfiles.id });
  if (!row) return fail('NOT_FOUND', 'no profile for this user');
  return ok({ keyVersion: apiKey === null ? null : keyring.currentVersion });
}

export const getGhlApiKeyInput = z.object({ userId });
export const getGhlApiKeyErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DECRYPT_FAILED'] as const;
export type GetGhlApiKeyError = (typeof getGhlApiKeyErrors)[number];

/** Decrypts the user's GoHighLevel API key; `apiKey: null` when none is stored. */
export async function getGhlApiKey(
  db: AnyDb,
  input: z.input<typeof getGhlApiKeyInput>,
  keyring: Keyring,
): Promise<Result<{ apiKey: string | null; keyVersion: number | null }, GetGhlApiKeyError>> {
  narrowDb(db);
  const parsed = parseInput(getGhlApiKeyInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const [row] = await db
    .select({ ghlApiKey: userProfiles.ghlApiKey })
    .from(userProfiles)
    .where(eq(userProfiles.userId, parsed.data.userId));
  if (!row) return fail('NOT_FOUND', 'no profile for this user');
  if (row.ghlApiKey === null) return ok({ apiKey: null, keyVersion: null });
  const opened = openPacked(keyring, row.ghlApiKey);
  if (!opened) return fail('DECRYPT_FAILED', 'cannot decrypt the GoHighLevel API key');
  return ok({ apiKey: opened.plaintext, keyVersion: opened.version });
}

export const rotateGhlApiKeysInput = rotationInput;
export const rotateGhlApiKeysErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every stored GoHighLevel API key to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateGhlApiKeys(
  db: AnyDb,
  input: z.input<typeof rotateGhlApiKeysInput>,
  keyring: Keyring,
): Promise<Result<RotationReport, (typeof rotateGhlApiKeysErrors)[number]>> {
  narrowDb(db);
  return rotateSecrets(db, input, keyring, {
    input: rotateGhlApiKeysInput,
    table: userProfiles,
    columns: { id: userProfiles.id, ghlApiKey: userProfiles.ghlApiKey },
    // A stored key not packed with the current version.
    stale: (version) =>
      and(isNotNull(userProfiles.ghlApiKey), notLike(userProfiles.ghlApiKey, packedLike(version))),
    reseal: (keyring, row) => {
      const opened = openPacked(keyring, row.ghlApiKey!);
      return opened && { ghlApiKey: sealPacked(keyring, opened.plaintext) };
    },
  });
}
