import { and, eq, isNotNull, or } from 'drizzle-orm';
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
import { serialId } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { jsonSecret } from './json-secret';
import { browserContexts } from './tables/admin';

/*
 * browser_contexts (encryptedStorage, storageIv, storageAuthTag): AES-256-GCM in the column-triple
 * form (crypto's sealColumns), like credentials: no version column, so a value opens by trial and
 * rotation calls "stale" a value the current key alone does not open. All three null: nothing stored.
 */

export const putBrowserContextStorageInput = z.object({
  contextId: z.string().min(1).max(128),
  /** The owner the call acts for: with it, another user's context is NOT_FOUND. */
  userId: serialId().optional(),
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
  db: AnyDb,
  input: z.input<typeof putBrowserContextStorageInput>,
  keyring: Keyring,
): Promise<Result<{ id: number; keyVersion: number | null }, PutBrowserContextStorageError>> {
  narrowDb(db);
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
  db: AnyDb,
  input: z.input<typeof getBrowserContextStorageInput>,
  keyring: Keyring,
): Promise<
  Result<{ id: number; storage: unknown; keyVersion: number | null }, GetBrowserContextStorageError>
> {
  narrowDb(db);
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
  const json = opened && parseJsonSecret(opened.plaintext);
  if (!opened || !json) return fail('DECRYPT_FAILED', 'cannot decrypt the browser context storage');
  return ok({ id: row.id, storage: json.value, keyVersion: opened.version });
}

export const rotateBrowserContextStorageInput = rotationInput;
export const rotateBrowserContextStorageErrors = ['INVALID_INPUT'] as const;

/**
 * Re-encrypts every stored browser storage to the current key; resumable, safe twice and concurrently.
 * `remaining > 0` means rows were held by other transactions (or written with an old key during the
 * run): run again before removing an old key.
 */
export async function rotateBrowserContextStorage(
  db: AnyDb,
  input: z.input<typeof rotateBrowserContextStorageInput>,
  keyring: Keyring,
): Promise<Result<RotationReport, (typeof rotateBrowserContextStorageErrors)[number]>> {
  narrowDb(db);
  return rotateSecrets(db, input, keyring, {
    input: rotateBrowserContextStorageInput,
    table: browserContexts,
    triple: { data: 'encryptedStorage', iv: 'storageIv', tag: 'storageAuthTag' },
    // A partly-null triple is damaged, not "nothing stored": it is scanned and reported as failed.
    where: or(
      isNotNull(browserContexts.encryptedStorage),
      isNotNull(browserContexts.storageIv),
      isNotNull(browserContexts.storageAuthTag),
    ),
  });
}
