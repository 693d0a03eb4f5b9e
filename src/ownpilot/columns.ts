import { sql } from 'drizzle-orm';
import { check, jsonb, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns';

/** TEXT primary key `id`: the library generates a UUID string when the caller gives none. */
export const textId = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());

/** `user_id TEXT NOT NULL DEFAULT 'default'` (single-user deployments use 'default'). */
export const userIdDefault = () => text('user_id').notNull().default('default');

export const createdAt = () => timestamptz('created_at').notNull().defaultNow();
export const updatedAt = () => timestamptz('updated_at').notNull().defaultNow();

/** JSONB defaulting to '[]' (nullable unless the caller adds notNull()). */
export const jsonArray = <T = unknown>(name: string) => jsonb(name).$type<T[]>().default(sql`'[]'::jsonb`);

/** JSONB defaulting to '{}' (nullable unless the caller adds notNull()). */
export const jsonObject = <T = Record<string, unknown>>(name: string) =>
  jsonb(name).$type<T>().default(sql`'{}'::jsonb`);

const quoteLiteral = (v: string) => `'${v.replaceAll("'", "''")}'`;

/** CHECK (<column> IN (...)) named `<table>_<column>_check`; `orNull` spells out the documented "or NULL". */
export function checkIn(table: string, column: string, values: readonly string[], orNull = false) {
  const list = values.map(quoteLiteral).join(', ');
  const expr = orNull ? `"${column}" IS NULL OR "${column}" IN (${list})` : `"${column}" IN (${list})`;
  return check(`${table}_${column}_check`, sql.raw(expr));
}

/** CHECK (<column> >= min AND <column> <= max) named `<table>_<column>_check`. */
export function checkRange(table: string, column: string, min: number, max: number) {
  return check(`${table}_${column}_check`, sql.raw(`"${column}" >= ${min} AND "${column}" <= ${max}`));
}
