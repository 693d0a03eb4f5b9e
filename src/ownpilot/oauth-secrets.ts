import { and, eq, getTableColumns, notLike } from 'drizzle-orm';
import { z } from 'zod';
import {
  type Keyring,
  keyringProblem,
  packTagged,
  type RotationReport,
  rotateSecrets,
  rotationInput,
  seal,
  unpackTagged,
  unseal,
} from '../crypto';
import { type AnyDb, narrowDb } from '../db';
import { timestampInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { userIdInput } from './query';
import { oauthIntegrations } from './tables/integrations';

/*
 * oauth_integrations stores its tokens AES-256-GCM encrypted in the documented columns:
 *   access_token_encrypted / refresh_token_encrypted  "<ciphertext>.<auth tag>" (crypto's packTagged)
 *   token_iv                                          "v<key version>:<access IV>:<refresh IV>"
 * The document has one IV column for two tokens; GCM must never reuse an IV under one key, so the
 * column carries one IV per token and the key version (there is no key_version column).
 */

function parseTokens(row: {
  accessTokenEncrypted: string;
  refreshTokenEncrypted: string | null;
  tokenIv: string;
}) {
  const iv = /^v(\d{1,9}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{16})?$/.exec(row.tokenIv);
  // undefined: no such token; null: a token that is not of the tagged form.
  const part = (text: string | null, ivText: string | undefined) =>
    text === null || ivText === undefined
      ? undefined
      : (unpackTagged(text, Buffer.from(ivText, 'base64url')) ?? null);
  if (!iv) return null;
  const version = Number(iv[1]);
  const access = part(row.accessTokenEncrypted, iv[2]);
  const refresh = part(row.refreshTokenEncrypted, iv[3]);
  if (!access || refresh === null) return null;
  return { version, access, refresh };
}

function openTokens(keyring: Keyring, row: Parameters<typeof parseTokens>[0]) {
  const parsed = parseTokens(row);
  if (!parsed) return undefined;
  const access = unseal(keyring, { ...parsed.access, version: parsed.version });
  const refresh = parsed.refresh
    ? unseal(keyring, { ...parsed.refresh, version: parsed.version })
    : undefined;
  if (!access || (parsed.refresh && !refresh)) return undefined;
  return {
    accessToken: access.plaintext.toString('utf8'),
    refreshToken: refresh ? refresh.plaintext.toString('utf8') : null,
    keyVersion: parsed.version,
  };
}

function sealTokens(keyring: Keyring, accessToken: string, refreshToken: string | null | undefined) {
  const access = seal(keyring, accessToken);
  const refresh = refreshToken ? seal(keyring, refreshToken) : undefined;
  return {
    accessTokenEncrypted: packTagged(access),
    refreshTokenEncrypted: refresh ? packTagged(refresh) : null,
    tokenIv: `v${access.version}:${access.iv.toString('base64url')}:${refresh ? refresh.iv.toString('base64url') : ''}`,
  };
}

// (user_id, provider, service) is UNIQUE: each is bounded so the index entry fits (user_id: 255
// bytes, provider and service: 100 characters, at most 400 bytes each).
const key = z.object({
  userId: userIdInput,
  provider: z.string().min(1).max(100),
  service: z.string().min(1).max(100),
});

export const putOAuthIntegrationInput = key.extend({
  accessToken: z.string().min(1).max(16_384),
  refreshToken: z.string().min(1).max(16_384).nullish(),
  expiresAt: timestampInput().nullish(),
  scopes: z.array(z.string().max(500)).max(200).default([]),
  email: z.string().max(320).nullish(),
});
export const putOAuthIntegrationErrors = ['INVALID_INPUT'] as const;

/**
 * Stores (or replaces) a user's tokens for a provider + service, encrypted with the current key.
 * A missing or wrong `keyring` argument is INVALID_INPUT.
 */
export async function putOAuthIntegration(
  db: AnyDb,
  input: z.input<typeof putOAuthIntegrationInput>,
  keyring: Keyring,
): Promise<Result<{ id: string; keyVersion: number }, (typeof putOAuthIntegrationErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(putOAuthIntegrationInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const { accessToken, refreshToken, ...rest } = parsed.data;
  const secrets = sealTokens(keyring, accessToken, refreshToken);
  const [row] = await db
    .insert(oauthIntegrations)
    .values({ ...rest, ...secrets, status: 'active' })
    .onConflictDoUpdate({
      target: [oauthIntegrations.userId, oauthIntegrations.provider, oauthIntegrations.service],
      set: {
        ...secrets,
        expiresAt: rest.expiresAt ?? null,
        scopes: rest.scopes,
        email: rest.email ?? null,
        status: 'active',
        errorMessage: null,
      },
    })
    .returning({ id: oauthIntegrations.id });
  return ok({ id: row!.id, keyVersion: keyring.currentVersion });
}

export const getOAuthIntegrationTokensInput = key;
export const getOAuthIntegrationTokensErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DECRYPT_FAILED'] as const;

/** Decrypts a user's tokens. A wrong key, unknown version or damaged value → DECRYPT_FAILED. */
export async function getOAuthIntegrationTokens(
  db: AnyDb,
  input: z.input<typeof getOAuthIntegrationTokensInput>,
  keyring: Keyring,
): Promise<
  Result<
    { accessToken: string; refreshToken: string | null; keyVersion: number; expiresAt: Date | null },
    (typeof getOAuthIntegrationTokensErrors)[number]
  >
> {
  narrowDb(db);
  const parsed = parseInput(getOAuthIntegrationTokensInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const { userId, provider, service } = parsed.data;
  const [row] = await db
    .select()
    .from(oauthIntegrations)
    .where(
      and(
        eq(oauthIntegrations.userId, userId),
        eq(oauthIntegrations.provider, provider),
        eq(oauthIntegrations.service, service),
      ),
    );
  if (!row) return fail('NOT_FOUND', 'no integration for this user, provider and service');
  const tokens = openTokens(keyring, row);
  if (!tokens) return fail('DECRYPT_FAILED', 'cannot decrypt the integration tokens');
  return ok({ ...tokens, expiresAt: row.expiresAt });
}

export const rotateOAuthIntegrationsInput = rotationInput;
export const rotateOAuthIntegrationsErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every integration to the current key version; resumable and safe to run
 * concurrently. Takes the keyring last, like put/get; a non-Keyring is INVALID_INPUT.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during
 * the run): run again before removing an old key.
 */
export async function rotateOAuthIntegrations(
  db: AnyDb,
  input: z.input<typeof rotateOAuthIntegrationsInput>,
  keyring: Keyring,
): Promise<Result<RotationReport, (typeof rotateOAuthIntegrationsErrors)[number]>> {
  narrowDb(db);
  return rotateSecrets(db, input, keyring, {
    input: rotateOAuthIntegrationsInput,
    table: oauthIntegrations,
    columns: getTableColumns(oauthIntegrations),
    // Not sealed with the current version (token_iv starts with it).
    stale: (version) => notLike(oauthIntegrations.tokenIv, `v${version}:%`),
    reseal: (keyring, row) => {
      const tokens = openTokens(keyring, row);
      return tokens && sealTokens(keyring, tokens.accessToken, tokens.refreshToken);
    },
  });
}
