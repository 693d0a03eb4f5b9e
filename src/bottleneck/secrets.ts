import { and, count, eq, gt, inArray, isNotNull, isNull, notInArray, notLike, or } from 'drizzle-orm';
import { z } from 'zod';
import { GcmError, type GcmSealed, packGcm, unpackGcm } from '../crypto/gcm';
import type { Keyring } from '../crypto/keyring';
import { type RotationReport, rotateInBatches } from '../crypto/rotate';
import { seal, unseal } from '../crypto/sealed';
import type { DbOrTx } from '../db';
import { int4, jsonObject, jsonValue, serialId, timestampInput } from '../input';
import { type Failure, fail, isConstraintViolation, ok, parseInput, type Result } from '../result';
import { browserContexts, credentials } from './tables/admin';
import { userProfiles } from './tables/auth';
import { emailConnections, emailConnectionsProviderValues } from './tables/email';

/*
 * Bottleneck Bots secrets at rest, AES-256-GCM (fresh 96-bit IV per value, 128-bit tag always checked).
 *
 * credentials (encryptedData, iv, authTag) and browser_contexts (encryptedStorage, storageIv,
 * storageAuthTag): the document gives the IV and the tag their own columns, so each column holds
 * exactly that, as standard base64 — readable by any AES-GCM implementation. There is no column for
 * the key version and prefixing one onto the IV would make the column no longer "the IV", so the
 * version is found by trial: `unseal` tries every key, newest first, and the GCM tag accepts only the
 * right one (false accept 2^-128). Rotation decides "stale" the same way: the value does not open
 * with the current key alone.
 *
 * email_connections (accessToken, refreshToken) and user_profiles.ghlApiKey: one text column per
 * secret, so the packed form "v<version>.<iv>.<tag>.<ciphertext>" carries the version, and rotation
 * picks stale rows in SQL by prefix.
 *
 * No AAD binds a value to its row (credentials get their id only on insert), so someone who can write
 * the table can swap ciphertexts between rows; they cannot read or forge them.
 */

const batchInput = z.object({ batchSize: int4({ min: 1, max: 10_000 }).default(500) });

/**
 * The keyring argument is checked like input: anything but a Keyring (duck-typed, so a Keyring from
 * another copy of the package is accepted) is INVALID_INPUT, never a TypeError.
 */
function keyringProblem(keyring: unknown): Failure<'INVALID_INPUT'> | undefined {
  const k = keyring as Partial<Keyring> | null | undefined;
  const valid =
    typeof k === 'object' &&
    k !== null &&
    Number.isInteger(k.currentVersion) &&
    typeof k.key === 'function' &&
    Buffer.isBuffer(k.key(k.currentVersion!));
  return valid ? undefined : fail('INVALID_INPUT', 'keyring: a Keyring is required');
}

// ─── separate-column form (credentials, browser_contexts) ─────────────────────────────────────────

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict, canonical base64 (so a changed padding bit is not silently ignored), optionally of a fixed length. */
function fromB64(text: string | null, bytes?: number): Buffer | undefined {
  if (text === null || !B64.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text || (bytes !== undefined && buf.length !== bytes)) return undefined;
  return buf;
}

interface Columns {
  data: string;
  iv: string;
  tag: string;
}

function sealColumns(keyring: Keyring, plaintext: string): Columns {
  const s = seal(keyring, plaintext);
  return {
    data: s.ciphertext.toString('base64'),
    iv: s.iv.toString('base64'),
    tag: s.authTag.toString('base64'),
  };
}

function parseColumns(c: {
  data: string | null;
  iv: string | null;
  tag: string | null;
}): GcmSealed | undefined {
  const iv = fromB64(c.iv, 12);
  const authTag = fromB64(c.tag, 16);
  const ciphertext = fromB64(c.data);
  return iv && authTag && ciphertext ? { iv, authTag, ciphertext } : undefined;
}

/** Opens with any key of the ring (or only `version`); undefined for anything that does not authenticate. */
function openColumns(
  keyring: Keyring,
  c: { data: string | null; iv: string | null; tag: string | null },
  version?: number,
): { plaintext: string; version: number } | undefined {
  const sealed = parseColumns(c);
  if (!sealed) return undefined;
  const opened = unseal(keyring, version === undefined ? sealed : { ...sealed, version });
  return opened && { plaintext: opened.plaintext.toString('utf8'), version: opened.version };
}

/**
 * Rotation for values that carry no version. Each batch scans the next ids without locks, keeps those
 * that do not open with the current key alone, locks them FOR UPDATE SKIP LOCKED and checks again
 * (another run may have rotated one in between), so no value is re-encrypted twice. The cursor only
 * moves forward, so the run ends even when rows cannot be decrypted (reported as failed). Rows skipped
 * because another transaction holds them are counted in `remaining`: after the last batch, a second
 * scan (no locks, same batch size, id order) counts the rows that are still not current, except the
 * failed ones. A crashed run is resumed by running again.
 */
async function rotateUnversioned<Row extends { id: number }>(
  db: DbOrTx,
  batchSize: number,
  opts: {
    scan: (tx: DbOrTx, after: number, limit: number) => Promise<Row[]>;
    lock: (tx: DbOrTx, ids: number[]) => Promise<Row[]>;
    isCurrent: (row: Row) => boolean;
    rewrite: (tx: DbOrTx, row: Row) => Promise<boolean>;
  },
): Promise<RotationReport> {
  let after = 0;
  return rotateInBatches<{ id: string; row: Row }>(db, {
    batchSize,
    pick: async (tx) => {
      for (;;) {
        const scanned = await opts.scan(tx, after, batchSize);
        if (scanned.length === 0) return [];
        after = scanned[scanned.length - 1]!.id;
        const stale = scanned.filter((r) => !opts.isCurrent(r)).map((r) => r.id);
        if (stale.length === 0) continue;
        const locked = (await opts.lock(tx, stale)).filter((r) => !opts.isCurrent(r));
        if (locked.length > 0) return locked.map((row) => ({ id: String(row.id), row }));
      }
    },
    rewrite: (tx, { row }) => opts.rewrite(tx, row),
    pending: async (d, skip) => {
      const failed = new Set(skip);
      let remaining = 0;
      for (let from = 0; ; ) {
        const scanned = await opts.scan(d, from, batchSize);
        if (scanned.length === 0) return remaining;
        from = scanned[scanned.length - 1]!.id;
        for (const r of scanned) if (!failed.has(String(r.id)) && !opts.isCurrent(r)) remaining++;
      }
    },
  });
}

// ─── packed form (email_connections, user_profiles.ghlApiKey) ─────────────────────────────────────

const pack = (keyring: Keyring, text: string) => packGcm(keyring.currentVersion, seal(keyring, text));

function unpack(keyring: Keyring, packed: string): { plaintext: string; version: number } | undefined {
  try {
    const { version, sealed } = unpackGcm(packed);
    // unpackGcm ignores the spare low bits of a base64 tail; only the canonical text is accepted.
    if (packGcm(version, sealed) !== packed) return undefined;
    const opened = unseal(keyring, { ...sealed, version });
    return opened && { plaintext: opened.plaintext.toString('utf8'), version };
  } catch (error) {
    if (error instanceof GcmError) return undefined;
    throw error;
  }
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

const MAX_SECRET = 1_000_000;
const jsonSecret = jsonValue().refine((v) => JSON.stringify(v).length <= MAX_SECRET, {
  error: `at most ${MAX_SECRET} characters as JSON`,
});
const userId = serialId();
const rowId = serialId();

// ─── credentials ──────────────────────────────────────────────────────────────────────────────────

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
  db: DbOrTx,
  input: z.input<typeof putCredentialInput>,
  keyring: Keyring,
): Promise<Result<{ id: number; keyVersion: number }, PutCredentialError>> {
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
  db: DbOrTx,
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
  const opened = openColumns(keyring, { data: row.encryptedData, iv: row.iv, tag: row.authTag });
  const json = opened && parseJson(opened.plaintext);
  if (!opened || !json) return fail('DECRYPT_FAILED', 'cannot decrypt the credential');
  const { id, name, service, type, metadata } = row;
  return ok({ id, name, service, type, data: json.value, metadata, keyVersion: opened.version });
}

const credentialColumns = (r: { encryptedData: string; iv: string; authTag: string }) => ({
  data: r.encryptedData,
  iv: r.iv,
  tag: r.authTag,
});

export const rotateCredentialsInput = batchInput;
export const rotateCredentialsErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every credential to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateCredentials(
  db: DbOrTx,
  keyring: Keyring,
  input: z.input<typeof rotateCredentialsInput> = {},
): Promise<Result<RotationReport, (typeof rotateCredentialsErrors)[number]>> {
  const parsed = parseInput(rotateCredentialsInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const cols = {
    id: credentials.id,
    encryptedData: credentials.encryptedData,
    iv: credentials.iv,
    authTag: credentials.authTag,
  };
  return ok(
    await rotateUnversioned(db, parsed.data.batchSize, {
      scan: (tx, after, limit) =>
        tx
          .select(cols)
          .from(credentials)
          .where(gt(credentials.id, after))
          .orderBy(credentials.id)
          .limit(limit),
      lock: (tx, ids) =>
        tx
          .select(cols)
          .from(credentials)
          .where(inArray(credentials.id, ids))
          .orderBy(credentials.id)
          .for('update', { skipLocked: true }),
      isCurrent: (r) => openColumns(keyring, credentialColumns(r), keyring.currentVersion) !== undefined,
      rewrite: async (tx, r) => {
        const opened = openColumns(keyring, credentialColumns(r));
        if (!opened) return false;
        const c = sealColumns(keyring, opened.plaintext);
        await tx
          .update(credentials)
          .set({ encryptedData: c.data, iv: c.iv, authTag: c.tag })
          .where(eq(credentials.id, r.id));
        return true;
      },
    }),
  );
}

// ─── browser_contexts storage ─────────────────────────────────────────────────────────────────────

export const putBrowserContextStorageInput = z.object({
  contextId: z.string().min(1).max(128),
  /** The owner the call acts for: with it, another user's context is NOT_FOUND. */
  userId: userId.optional(),
  /** The browser storage state (cookies, localStorage, …) as JSON; null clears it. */
  storage: jsonSecret.nullable(),
});
export const putBrowserContextStorageErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export type PutBrowserContextStorageError = (typeof putBrowserContextStorageErrors)[number];

/** The context by its Browserbase id, and of `userId` when given. */
const contextOf = (c: { contextId: string; userId?: number | undefined }) =>
  and(
    eq(browserContexts.contextId, c.contextId),
    c.userId === undefined ? undefined : eq(browserContexts.userId, c.userId),
  );

/** Stores (or clears) a browser context's storage, encrypted with the current key. */
export async function putBrowserContextStorage(
  db: DbOrTx,
  input: z.input<typeof putBrowserContextStorageInput>,
  keyring: Keyring,
): Promise<Result<{ id: number; keyVersion: number | null }, PutBrowserContextStorageError>> {
  const parsed = parseInput(putBrowserContextStorageInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const c = parsed.data.storage === null ? null : sealColumns(keyring, JSON.stringify(parsed.data.storage));
  const [row] = await db
    .update(browserContexts)
    .set({
      encryptedStorage: c?.data ?? null,
      storageIv: c?.iv ?? null,
      storageAuthTag: c?.tag ?? null,
    })
    .where(contextOf(parsed.data))
    .returning({ id: browserContexts.id });
  if (!row) return fail('NOT_FOUND', 'no such browser context');
  return ok({ id: row.id, keyVersion: c ? keyring.currentVersion : null });
}

export const getBrowserContextStorageInput = putBrowserContextStorageInput.pick({
  contextId: true,
  userId: true,
});
export const getBrowserContextStorageErrors = ['INVALID_INPUT', 'NOT_FOUND', 'DECRYPT_FAILED'] as const;
export type GetBrowserContextStorageError = (typeof getBrowserContextStorageErrors)[number];

const storageColumns = (r: {
  encryptedStorage: string | null;
  storageIv: string | null;
  storageAuthTag: string | null;
}) => ({ data: r.encryptedStorage, iv: r.storageIv, tag: r.storageAuthTag });

/** Decrypts a browser context's storage; `storage: null` when none is stored. */
export async function getBrowserContextStorage(
  db: DbOrTx,
  input: z.input<typeof getBrowserContextStorageInput>,
  keyring: Keyring,
): Promise<
  Result<{ id: number; storage: unknown; keyVersion: number | null }, GetBrowserContextStorageError>
> {
  const parsed = parseInput(getBrowserContextStorageInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const [row] = await db.select().from(browserContexts).where(contextOf(parsed.data));
  if (!row) return fail('NOT_FOUND', 'no such browser context');
  if (row.encryptedStorage === null && row.storageIv === null && row.storageAuthTag === null) {
    return ok({ id: row.id, storage: null, keyVersion: null });
  }
  const opened = openColumns(keyring, storageColumns(row));
  const json = opened && parseJson(opened.plaintext);
  if (!opened || !json) return fail('DECRYPT_FAILED', 'cannot decrypt the browser context storage');
  return ok({ id: row.id, storage: json.value, keyVersion: opened.version });
}

export const rotateBrowserContextStorageInput = batchInput;
export const rotateBrowserContextStorageErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every stored browser storage to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateBrowserContextStorage(
  db: DbOrTx,
  keyring: Keyring,
  input: z.input<typeof rotateBrowserContextStorageInput> = {},
): Promise<Result<RotationReport, (typeof rotateBrowserContextStorageErrors)[number]>> {
  const parsed = parseInput(rotateBrowserContextStorageInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const cols = {
    id: browserContexts.id,
    encryptedStorage: browserContexts.encryptedStorage,
    storageIv: browserContexts.storageIv,
    storageAuthTag: browserContexts.storageAuthTag,
  };
  // A partly-null triple is damaged, not "nothing stored": it is scanned and reported as failed.
  const hasStorage = or(
    isNotNull(browserContexts.encryptedStorage),
    isNotNull(browserContexts.storageIv),
    isNotNull(browserContexts.storageAuthTag),
  );
  return ok(
    await rotateUnversioned(db, parsed.data.batchSize, {
      scan: (tx, after, limit) =>
        tx
          .select(cols)
          .from(browserContexts)
          .where(and(gt(browserContexts.id, after), hasStorage))
          .orderBy(browserContexts.id)
          .limit(limit),
      lock: (tx, ids) =>
        tx
          .select(cols)
          .from(browserContexts)
          .where(and(inArray(browserContexts.id, ids), hasStorage))
          .orderBy(browserContexts.id)
          .for('update', { skipLocked: true }),
      isCurrent: (r) => openColumns(keyring, storageColumns(r), keyring.currentVersion) !== undefined,
      rewrite: async (tx, r) => {
        const opened = openColumns(keyring, storageColumns(r));
        if (!opened) return false;
        const c = sealColumns(keyring, opened.plaintext);
        await tx
          .update(browserContexts)
          .set({ encryptedStorage: c.data, storageIv: c.iv, storageAuthTag: c.tag })
          .where(eq(browserContexts.id, r.id));
        return true;
      },
    }),
  );
}

// ─── email_connections tokens ─────────────────────────────────────────────────────────────────────

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
  db: DbOrTx,
  input: z.input<typeof putEmailConnectionTokensInput>,
  keyring: Keyring,
): Promise<Result<{ id: number; keyVersion: number }, PutEmailConnectionTokensError>> {
  const parsed = parseInput(putEmailConnectionTokensInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const { accessToken, refreshToken, ...rest } = parsed.data;
  const secrets = { accessToken: pack(keyring, accessToken), refreshToken: pack(keyring, refreshToken) };
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
  const access = unpack(keyring, row.accessToken);
  const refresh = unpack(keyring, row.refreshToken);
  if (!access || !refresh) return undefined;
  return { accessToken: access.plaintext, refreshToken: refresh.plaintext, keyVersion: access.version };
}

/** Decrypts a connection's tokens. */
export async function getEmailConnectionTokens(
  db: DbOrTx,
  input: z.input<typeof getEmailConnectionTokensInput>,
  keyring: Keyring,
): Promise<
  Result<
    { accessToken: string; refreshToken: string; expiresAt: Date; scope: string; keyVersion: number },
    GetEmailConnectionTokensError
  >
> {
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

export const rotateEmailConnectionTokensInput = batchInput;
export const rotateEmailConnectionTokensErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every connection's tokens to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateEmailConnectionTokens(
  db: DbOrTx,
  keyring: Keyring,
  input: z.input<typeof rotateEmailConnectionTokensInput> = {},
): Promise<Result<RotationReport, (typeof rotateEmailConnectionTokensErrors)[number]>> {
  const parsed = parseInput(rotateEmailConnectionTokensInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const current = `v${keyring.currentVersion}.%`;
  // A token not packed with the current version, except the rows reported failed (`pick` and `pending`).
  const stale = (skip: string[]) =>
    and(
      or(notLike(emailConnections.accessToken, current), notLike(emailConnections.refreshToken, current)),
      skip.length ? notInArray(emailConnections.id, skip.map(Number)) : undefined,
    );
  return ok(
    await rotateInBatches(db, {
      batchSize: parsed.data.batchSize,
      pick: async (tx, skip, limit) => {
        const rows = await tx
          .select({
            id: emailConnections.id,
            accessToken: emailConnections.accessToken,
            refreshToken: emailConnections.refreshToken,
          })
          .from(emailConnections)
          .where(stale(skip))
          .orderBy(emailConnections.id)
          .limit(limit)
          .for('update', { skipLocked: true });
        return rows.map((row) => ({ ...row, id: String(row.id), rowId: row.id }));
      },
      pending: async (d, skip) => {
        const [row] = await d.select({ n: count() }).from(emailConnections).where(stale(skip));
        return row!.n;
      },
      rewrite: async (tx, row) => {
        const tokens = openEmailTokens(keyring, row);
        if (!tokens) return false;
        await tx
          .update(emailConnections)
          .set({
            accessToken: pack(keyring, tokens.accessToken),
            refreshToken: pack(keyring, tokens.refreshToken),
          })
          .where(eq(emailConnections.id, row.rowId));
        return true;
      },
    }),
  );
}

// ─── user_profiles.ghlApiKey ──────────────────────────────────────────────────────────────────────

export const putGhlApiKeyInput = z.object({ userId, apiKey: z.string().min(1).max(4096).nullable() });
export const putGhlApiKeyErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export type PutGhlApiKeyError = (typeof putGhlApiKeyErrors)[number];

/** Stores (or clears, with null) the GoHighLevel API key on the user's existing profile. */
export async function putGhlApiKey(
  db: DbOrTx,
  input: z.input<typeof putGhlApiKeyInput>,
  keyring: Keyring,
): Promise<Result<{ keyVersion: number | null }, PutGhlApiKeyError>> {
  const parsed = parseInput(putGhlApiKeyInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const { userId: owner, apiKey } = parsed.data;
  const [row] = await db
    .update(userProfiles)
    .set({ ghlApiKey: apiKey === null ? null : pack(keyring, apiKey) })
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
  db: DbOrTx,
  input: z.input<typeof getGhlApiKeyInput>,
  keyring: Keyring,
): Promise<Result<{ apiKey: string | null; keyVersion: number | null }, GetGhlApiKeyError>> {
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
  const opened = unpack(keyring, row.ghlApiKey);
  if (!opened) return fail('DECRYPT_FAILED', 'cannot decrypt the GoHighLevel API key');
  return ok({ apiKey: opened.plaintext, keyVersion: opened.version });
}

export const rotateGhlApiKeysInput = batchInput;
export const rotateGhlApiKeysErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every stored GoHighLevel API key to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateGhlApiKeys(
  db: DbOrTx,
  keyring: Keyring,
  input: z.input<typeof rotateGhlApiKeysInput> = {},
): Promise<Result<RotationReport, (typeof rotateGhlApiKeysErrors)[number]>> {
  const parsed = parseInput(rotateGhlApiKeysInput, input);
  if (!parsed.success) return parsed;
  const noKeyring = keyringProblem(keyring);
  if (noKeyring) return noKeyring;
  const current = `v${keyring.currentVersion}.%`;
  // A stored key not packed with the current version, except the rows reported failed (`pick` and `pending`).
  const stale = (skip: string[]) =>
    and(
      isNotNull(userProfiles.ghlApiKey),
      notLike(userProfiles.ghlApiKey, current),
      skip.length ? notInArray(userProfiles.id, skip.map(Number)) : undefined,
    );
  return ok(
    await rotateInBatches(db, {
      batchSize: parsed.data.batchSize,
      pick: async (tx, skip, limit) => {
        const rows = await tx
          .select({ id: userProfiles.id, ghlApiKey: userProfiles.ghlApiKey })
          .from(userProfiles)
          .where(stale(skip))
          .orderBy(userProfiles.id)
          .limit(limit)
          .for('update', { skipLocked: true });
        return rows.map((row) => ({ id: String(row.id), rowId: row.id, ghlApiKey: row.ghlApiKey! }));
      },
      pending: async (d, skip) => {
        const [row] = await d.select({ n: count() }).from(userProfiles).where(stale(skip));
        return row!.n;
      },
      rewrite: async (tx, row) => {
        const opened = unpack(keyring, row.ghlApiKey);
        if (!opened) return false;
        await tx
          .update(userProfiles)
          .set({ ghlApiKey: pack(keyring, opened.plaintext) })
          .where(eq(userProfiles.id, row.rowId));
        return true;
      },
    }),
  );
}
