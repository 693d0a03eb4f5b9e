import { and, eq, notLike, or } from 'drizzle-orm';
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
import { serialId, timestampInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { emailConnections, emailConnectionsProviderValues } from './tables/email';

/*
 * email_connections (accessToken, refreshToken): one text column per token, AES-256-GCM in the
 * packed form "v<version>.<iv>.<tag>.<ciphertext>" (crypto's sealPacked), so rotation picks stale
 * rows in SQL by prefix.
 */

const userId = serialId();
const rowId = serialId();
const token = z.string().min(1).max(16_384);

export const putEmailConnectionTokensInput = z.union([
  z.object({
    id: rowId,
    userId,
    accessToken: token,
    refreshToken: token,
    expiresAt: timestampInput(),
    scope: z.string().min(1).max(10_000).optional(),
  }),
  z.object({
    userId,
    provider: z.enum(emailConnectionsProviderValues),
    email: z.string().min(3).max(320),
    scope: z.string().min(1).max(10_000),
    accessToken: token,
    refreshToken: token,
    expiresAt: timestampInput(),
  }),
]);
export const putEmailConnectionTokensErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export type PutEmailConnectionTokensError = (typeof putEmailConnectionTokensErrors)[number];

/** With `id`: replaces the user's connection tokens (e.g. after a refresh). Without: adds a connection. */
export async function putEmailConnectionTokens(
  db: AnyDb,
  input: z.input<typeof putEmailConnectionTokensInput>,
  keyring: Keyring,
): Promise<Result<{ id: number; keyVersion: number }, PutEmailConnectionTokensError>> {
  narrowDb(db);
  const parsed = parseInput(putEmailConnectionTokensInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const { accessToken, refreshToken, ...rest } = parsed.data;
  const secrets = {
    accessToken: sealPacked(keyring, accessToken),
    refreshToken: sealPacked(keyring, refreshToken),
  };
  if ('id' in rest) {
    const [row] = await db
      .update(emailConnections)
      .set({
        ...secrets,
        expiresAt: rest.expiresAt,
        ...(rest.scope === undefined ? {} : { scope: rest.scope }),
      })
      .where(and(eq(emailConnections.id, rest.id), eq(emailConnections.userId, rest.userId)))
      .returning({ id: emailConnections.id });
    if (!row) return fail('NOT_FOUND', 'no such email connection for this user');
    return ok({ id: row.id, keyVersion: keyring.currentVersion });
  }
  try {
    const [row] = await db
      .insert(emailConnections)
      .values({ ...rest, ...secrets })
      .returning({ id: emailConnections.id });
    return ok({ id: row!.id, keyVersion: keyring.currentVersion });
  } catch (error) {
    if (isConstraintViolation(error, '23503', 'email_connections_userId_fkey'))
      return fail('NOT_FOUND', 'no such user');
    throw error;
  }
}

export const getEmailConnectionTokensInput = z.object({ id: rowId, userId });
export const getEmailConnectionTokensErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DECRYPT_FAILED'] as const;
export type GetEmailConnectionTokensError = (typeof getEmailConnectionTokensErrors)[number];

function openEmailTokens(keyring: Keyring, row: { accessToken: string; refreshToken: string }) {
  const access = openPacked(keyring, row.accessToken);
  const refresh = openPacked(keyring, row.refreshToken);
  if (!access || !refresh) return undefined;
  return { accessToken: access.plaintext, refreshToken: refresh.plaintext, keyVersion: access.version };
}

/** Decrypts a connection's tokens. */
export async function getEmailConnectionTokens(
  db: AnyDb,
  input: z.input<typeof getEmailConnectionTokensInput>,
  keyring: Keyring,
): Promise<
  Result<
    { accessToken: string; refreshToken: string; expiresAt: Date; scope: string; keyVersion: number },
    GetEmailConnectionTokensError
  >
> {
  narrowDb(db);
  const parsed = parseInput(getEmailConnectionTokensInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const [row] = await db
    .select()
    .from(emailConnections)
    .where(and(eq(emailConnections.id, parsed.data.id), eq(emailConnections.userId, parsed.data.userId)));
  if (!row) return fail('NOT_FOUND', 'no such email connection for this user');
  const tokens = openEmailTokens(keyring, row);
  if (!tokens) return fail('DECRYPT_FAILED', 'cannot decrypt the email connection tokens');
  return ok({ ...tokens, expiresAt: row.expiresAt, scope: row.scope });
}

export const rotateEmailConnectionTokensInput = rotationInput;
export const rotateEmailConnectionTokensErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every connection's tokens to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateEmailConnectionTokens(
  db: AnyDb,
  input: z.input<typeof rotateEmailConnectionTokensInput>,
  keyring: Keyring,
): Promise<Result<RotationReport, (typeof rotateEmailConnectionTokensErrors)[number]>> {
  narrowDb(db);
  return rotateSecrets(db, input, keyring, {
    input: rotateEmailConnectionTokensInput,
    table: emailConnections,
    columns: {
      id: emailConnections.id,
      accessToken: emailConnections.accessToken,
      refreshToken: emailConnections.refreshToken,
    },
    // A token not packed with the current version.
    stale: (version) =>
      or(
        notLike(emailConnections.accessToken, packedLike(version)),
        notLike(emailConnections.refreshToken, packedLike(version)),
      ),
    reseal: (keyring, row) => {
      const tokens = openEmailTokens(keyring, row);
      return (
        tokens && {
          accessToken: sealPacked(keyring, tokens.accessToken),
          refreshToken: sealPacked(keyring, tokens.refreshToken),
        }
      );
    },
  });
}
