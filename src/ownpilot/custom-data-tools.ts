// The custom data AI tools (store_data, retrieve_data, list_data_keys, delete_data).
import { and, asc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { jsonObject, jsonValue, keyText } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { escapeLike, pageInput, USER_ID_BYTES, userIdInput } from './query';
import { customData } from './tables/custom';
import type { CustomDataEntry } from './validators';

/**
 * A key: 1–255 characters and, since UNIQUE (user_id, key) indexes it with the user id, at most
 * 2,000 UTF-8 bytes minus the user id's bound (a 10 MB key would fail with 54000 otherwise).
 */
const KEY_BYTES = 2_000 - USER_ID_BYTES;
const keyInput = keyText(KEY_BYTES).min(1).max(255);

export const storeDataInput = z.object({
  userId: userIdInput,
  key: keyInput,
  value: jsonValue(),
  metadata: jsonObject().optional(),
});
export const storeDataErrors = ['INVALID_INPUT'] as const;

/** store_data: upserts on (user_id, key) in one statement; `created` tells insert from overwrite. */
export async function storeData(
  db: AnyDb,
  input: z.input<typeof storeDataInput>,
): Promise<Result<{ entry: CustomDataEntry; created: boolean }, (typeof storeDataErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(storeDataInput, input);
  if (!parsed.success) return parsed;
  const { userId, key, value, metadata } = parsed.data;
  const [row] = await db
    .insert(customData)
    // As an explicit jsonb parameter so that JSON null is stored as 'null', not SQL NULL.
    .values({ userId, key, value: sql`${JSON.stringify(value)}::jsonb`, ...(metadata ? { metadata } : {}) })
    .onConflictDoUpdate({
      target: [customData.userId, customData.key],
      set: {
        value: sql`excluded.value`,
        ...(metadata ? { metadata: sql`excluded.metadata` } : {}),
      },
    })
    // xmax = 0 only for a freshly inserted row version.
    .returning({ ...getTableColumns(customData), created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error('store_data: upsert returned no row');
  const { created, ...entry } = row;
  return ok({ entry, created });
}

export const retrieveDataInput = z.object({ userId: userIdInput, key: keyInput });
export const retrieveDataErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** retrieve_data */
export async function retrieveData(
  db: AnyDb,
  input: z.input<typeof retrieveDataInput>,
): Promise<Result<{ entry: CustomDataEntry }, (typeof retrieveDataErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(retrieveDataInput, input);
  if (!parsed.success) return parsed;
  const [entry] = await db
    .select()
    .from(customData)
    .where(and(eq(customData.userId, parsed.data.userId), eq(customData.key, parsed.data.key)));
  return entry ? ok({ entry }) : fail('NOT_FOUND', `no data stored under key ${parsed.data.key}`);
}

export const listDataKeysInput = z.object({
  userId: userIdInput,
  /** Only keys starting with this text (taken literally). */
  prefix: keyText(KEY_BYTES).min(1).max(255).optional(),
  ...pageInput,
});
export const listDataKeysErrors = ['INVALID_INPUT'] as const;

/** list_data_keys: the user's keys in alphabetical order. */
export async function listDataKeys(
  db: AnyDb,
  input: z.input<typeof listDataKeysInput>,
): Promise<Result<{ keys: { key: string; updatedAt: Date }[] }, (typeof listDataKeysErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(listDataKeysInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: SQL[] = [eq(customData.userId, f.userId)];
  if (f.prefix) where.push(sql`${customData.key} LIKE ${`${escapeLike(f.prefix)}%`}`);
  const keys = await db
    .select({ key: customData.key, updatedAt: customData.updatedAt })
    .from(customData)
    .where(and(...where))
    .orderBy(asc(customData.key))
    .limit(f.limit)
    .offset(f.offset);
  return ok({ keys });
}

export const deleteDataInput = retrieveDataInput;
export const deleteDataErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;

/** delete_data */
export async function deleteData(
  db: AnyDb,
  input: z.input<typeof deleteDataInput>,
): Promise<Result<{ key: string }, (typeof deleteDataErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(deleteDataInput, input);
  if (!parsed.success) return parsed;
  const [row] = await db
    .delete(customData)
    .where(and(eq(customData.userId, parsed.data.userId), eq(customData.key, parsed.data.key)))
    .returning({ key: customData.key });
  return row ? ok({ key: row.key }) : fail('NOT_FOUND', `no data stored under key ${parsed.data.key}`);
}
