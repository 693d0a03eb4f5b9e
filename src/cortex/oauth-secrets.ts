import { and, eq, getTableColumns, notLike, or, sql } from 'drizzle-orm';
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
import { timestampInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { cortexOauthChannelValues, cortexOauthTokens } from './tables/publishing';

/*
 * access_token / refresh_token hold AES-256-GCM values in one text each, in the packed form
 * "v<key version>.<IV>.<auth tag>.<ciphertext>" (crypto's sealPacked), a fresh IV per value.
 */
const decrypt = (keyring: Keyring, packed: string) => openPacked(keyring, packed)?.plaintext;

/**
 * The keyring argument is checked too, before the input: a missing one is INVALID_INPUT, not a
 * TypeError (by shape, so a Keyring from another bundle of this package, ESM or CJS, passes).
 */
const checkKeyring = (keyring: unknown) =>
  keyringProblem(keyring, 'keyring: a Keyring (@org/schema crypto) is required');

/** (user_id, channel): the unique key; user ids of at most 200 characters (800 bytes) fit the index. */
const key = z.object({ userId: z.string().min(1).max(200), channel: z.enum(cortexOauthChannelValues) });

export const putCortexOAuthTokenErrors = ['INVALID_INPUT'] as const;
export const putCortexOAuthTokenInput = key.extend({
  accessToken: z.string().min(1).max(16_384),
  refreshToken: z.string().min(1).max(16_384).nullish(),
  expiresAt: timestampInput().nullish(),
  scopes: z.array(z.string().min(1).max(500)).max(200).default([]),
});

/** Stores (or replaces) a user's OAuth tokens for a channel, encrypted with the current key. */
export async function putCortexOAuthToken(
  db: AnyDb,
  input: z.input<typeof putCortexOAuthTokenInput>,
  keyring: Keyring,
): Promise<Result<{ id: string; keyVersion: number }, (typeof putCortexOAuthTokenErrors)[number]>> {
  narrowDb(db);
  const badKeyring = checkKeyring(keyring);
  if (badKeyring) return badKeyring;
  const parsed = parseInput(putCortexOAuthTokenInput, input);
  if (!parsed.success) return parsed;
  const { userId, channel, accessToken, refreshToken, expiresAt, scopes } = parsed.data;
  const secrets = {
    accessToken: sealPacked(keyring, accessToken),
    refreshToken: refreshToken ? sealPacked(keyring, refreshToken) : null,
    expiresAt: expiresAt ?? null,
    scopes,
  };
  const [row] = await db
    .insert(cortexOauthTokens)
    .values({ userId, channel, ...secrets })
    .onConflictDoUpdate({ target: [cortexOauthTokens.userId, cortexOauthTokens.channel], set: secrets })
    .returning({ id: cortexOauthTokens.id });
  return ok({ id: row!.id, keyVersion: keyring.currentVersion });
}

export const getCortexOAuthTokenErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DECRYPT_FAILED'] as const;
export const getCortexOAuthTokenInput = key;

/** Decrypts a user's tokens for a channel; a wrong key, unknown version or damaged value → DECRYPT_FAILED. */
export async function getCortexOAuthToken(
  db: AnyDb,
  input: z.input<typeof getCortexOAuthTokenInput>,
  keyring: Keyring,
): Promise<
  Result<
    { accessToken: string; refreshToken: string | null; expiresAt: Date | null; scopes: string[] },
    (typeof getCortexOAuthTokenErrors)[number]
  >
> {
  narrowDb(db);
  const badKeyring = checkKeyring(keyring);
  if (badKeyring) return badKeyring;
  const parsed = parseInput(getCortexOAuthTokenInput, input);
  if (!parsed.success) return parsed;
  const [row] = await db
    .select()
    .from(cortexOauthTokens)
    .where(
      and(
        eq(cortexOauthTokens.userId, parsed.data.userId),
        eq(cortexOauthTokens.channel, parsed.data.channel),
      ),
    );
  if (!row) return fail('NOT_FOUND', 'no OAuth token for this user and channel');
  const accessToken = decrypt(keyring, row.accessToken);
  const refreshToken = row.refreshToken === null ? null : decrypt(keyring, row.refreshToken);
  if (accessToken === undefined || refreshToken === undefined) {
    return fail('DECRYPT_FAILED', 'cannot decrypt the OAuth tokens');
  }
  return ok({ accessToken, refreshToken, expiresAt: row.expiresAt, scopes: row.scopes });
}

export const rotateCortexOAuthTokensErrors = ['INVALID_INPUT'] as const;
/** The second argument (the keyring is the third); may be undefined. */
export const rotateCortexOAuthTokensInput = rotationInput.default({ batchSize: 500 });

/**
 * Re-encrypts every token to the current key version; resumable and safe to run concurrently
 * (batches are picked in id order with FOR UPDATE SKIP LOCKED). `remaining > 0` means rows were
 * held by other transactions (or written with an old key during the run): run again before
 * removing an old key.
 */
export async function rotateCortexOAuthTokens(
  db: AnyDb,
  input: z.input<typeof rotateCortexOAuthTokensInput>,
  keyring: Keyring,
): Promise<Result<RotationReport, (typeof rotateCortexOAuthTokensErrors)[number]>> {
  narrowDb(db);
  return rotateSecrets(db, input, keyring, {
    keyringFirst: checkKeyring,
    input: rotateCortexOAuthTokensInput,
    table: cortexOauthTokens,
    columns: getTableColumns(cortexOauthTokens),
    // A token not packed with the current version.
    stale: (version) =>
      or(
        notLike(cortexOauthTokens.accessToken, packedLike(version)),
        sql`${cortexOauthTokens.refreshToken} is not null and ${cortexOauthTokens.refreshToken} not like ${packedLike(version)}`,
      ),
    reseal: (keyring, row) => {
      const access = decrypt(keyring, row.accessToken);
      const refresh = row.refreshToken === null ? null : decrypt(keyring, row.refreshToken);
      if (access === undefined || refresh === undefined) return undefined;
      return {
        accessToken: sealPacked(keyring, access),
        refreshToken: refresh === null ? null : sealPacked(keyring, refresh),
      };
    },
  });
}
