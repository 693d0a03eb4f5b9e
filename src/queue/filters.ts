import { eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Bind, placeholder } from './prepared';
import type { Scope } from './spec';
import { columnAccepts } from './values';

// Equality filters by column key (claim filters and the scope of finishing calls): checked against
// what their columns can hold, and encoded as the driver takes them.

type Col = (key: string) => PgColumn;

/** A one-dimensional Postgres array literal: strings quoted and escaped, null as NULL. */
export function pgArrayLiteral(values: unknown[]): string {
  const item = (v: unknown) =>
    v === null
      ? 'NULL'
      : typeof v === 'string'
        ? `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
        : String(v);
  return `{${values.map(item).join(',')}}`;
}

/**
 * The filters with only values their columns can hold; undefined when they can match no row (a
 * scalar the column cannot hold, or a list left empty).
 */
export function scopeOf(col: Col, filters: Scope | undefined): Scope | undefined {
  const out: Scope = {};
  for (const [key, value] of Object.entries(filters ?? {})) {
    const column = col(key);
    if (Array.isArray(value)) {
      const held = value.filter((v) => columnAccepts(column, v));
      if (held.length === 0) return undefined;
      out[key] = held;
    } else if (columnAccepts(column, value)) {
      out[key] = value;
    } else {
      return undefined;
    }
  }
  return out;
}

/** The text-shaping part of filters (which keys, scalar or list): part of a prepared statement's key. */
export const filterShape = (filters: Scope) =>
  Object.keys(filters)
    .sort()
    .map((k) => `${k}${Array.isArray(filters[k]) ? '[]' : ''}`)
    .join(',');

/** `column = value` per filter, `column = any(list)` for a list; values bound as `f_<key>`. */
export const filterConditions = (col: Col, bind: Bind, filters: Scope): SQL[] =>
  Object.entries(filters).map(([key, value]) =>
    Array.isArray(value)
      ? sql`${col(key)} = any(${bind === placeholder ? sql.placeholder(`f_${key}`) : sql.param(filterValue(col, key, value))})`
      : eq(col(key), bind(`f_${key}`, value)),
  );

/**
 * A filter value as the driver takes it. A placeholder skips the column's encoder, and drizzle
 * turns off postgres-js's serialisers for dates, numerics and JSON: a Date would reach the driver
 * as an object. A list is one array literal, which every driver passes as text and the server
 * parses as the column's array type (enum labels included).
 */
export function filterValue(col: Col, key: string, value: unknown): unknown {
  const column = col(key);
  const driver = (v: unknown) => (v === null || v === undefined ? null : column.mapToDriverValue(v));
  return Array.isArray(value) ? pgArrayLiteral(value.map(driver)) : driver(value);
}

/** The placeholder values of the filters (`f_<key>`), for a prepared statement. */
export const filterValues = (col: Col, filters: Scope) =>
  Object.fromEntries(
    Object.entries(filters).map(([key, value]) => [`f_${key}`, filterValue(col, key, value)]),
  );
