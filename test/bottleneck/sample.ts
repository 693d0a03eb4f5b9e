// Builds a valid row for any bottleneck table from its drizzle definition, so the per-table
// tests are data-driven: every column gets a value of its type, FK columns point at parent rows.
import { randomUUID } from 'node:crypto';
import { getTableName } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../../src/db';
import { keyOf } from '../fixtures/round-trip';
import { registry } from './registry';

export interface FkInfo {
  name: string;
  column: string; // TS key
  dbColumn: string;
  parent: string; // table name
}

export function foreignKeysOf(table: PgTable): FkInfo[] {
  return getTableConfig(table).foreignKeys.map((fk) => {
    const ref = fk.reference();
    const col = ref.columns[0] as PgColumn;
    return {
      name: fk.getName(),
      column: keyOf(table, col),
      dbColumn: col.name,
      parent: getTableName(ref.foreignTable),
    };
  });
}

/** Table names, parents before children. */
export function topoOrder(): string[] {
  const names = Object.keys(registry);
  const done: string[] = [];
  const visit = (n: string, path: string[]) => {
    if (done.includes(n)) return;
    for (const fk of foreignKeysOf(registry[n]!.table))
      if (fk.parent !== n && !path.includes(fk.parent)) visit(fk.parent, [...path, n]);
    done.push(n);
  };
  for (const n of names) visit(n, []);
  return done;
}

const baseDate = new Date('2026-03-04T05:06:07.123Z');

/** A value for every column (all of them, nullable ones too); `salt` varies unique values. */
export function sampleRow(
  tableName: string,
  parentIds: Record<string, number>,
  salt = 1,
  { requiredOnly = false }: { requiredOnly?: boolean } = {},
): Record<string, unknown> {
  const table = registry[tableName]!.table;
  const fks = foreignKeysOf(table);
  const row: Record<string, unknown> = {};
  for (const col of getTableConfig(table).columns) {
    const key = keyOf(table, col);
    if (col.columnType === 'PgSerial') continue;
    if (col.columnType === 'PgUUID' && col.primary) continue;
    const fk = fks.find((f) => f.column === key);
    if (fk) {
      if (fk.parent === tableName) continue; // self-reference: left null
      row[key] = parentIds[fk.parent];
      continue;
    }
    if (requiredOnly && (!col.notNull || col.hasDefault)) continue;
    row[key] = sampleValue(col, salt);
  }
  return row;
}

function sampleValue(col: PgColumn, salt: number): unknown {
  const c = col as PgColumn & { length?: number; precision?: number; scale?: number; dimensions?: number };
  if (col.enumValues && col.enumValues.length > 0) return col.enumValues[salt % col.enumValues.length];
  switch (col.columnType) {
    case 'PgInteger':
      return salt;
    case 'PgText':
      return col.name === 'id' ? `id-${salt}-${randomUUID()}` : `${col.name} ${salt}`;
    case 'PgVarchar': {
      if (col.name === 'email') return `user${salt}@example.com`;
      const v = `${salt}${col.name}`.slice(0, c.length ?? 50);
      return v;
    }
    case 'PgBoolean':
      return salt % 2 === 1;
    case 'PgJsonb':
      return { sample: salt, list: [1, 'two'] };
    case 'PgTimestamp':
      return new Date(baseDate.getTime() + salt * 1000);
    case 'PgNumeric':
      // written with the column's scale, so the value reads back identical
      return `${(c.precision ?? 10) - (c.scale ?? 0) > 1 ? (salt % 9) + 1 : 0}.${'5'.padEnd(c.scale ?? 2, '0')}`;
    case 'PgReal':
      return 0.5;
    case 'PgUUID':
      return randomUUID();
    case 'PgVector':
      return Array.from({ length: c.dimensions ?? 1536 }, (_, i) => (i === salt ? 1 : 0));
    default:
      throw new Error(`no sample for ${col.columnType} (${col.name})`);
  }
}

let saltCounter = 100;
export const nextSalt = () => ++saltCounter;

/** Inserts a new chain of parent rows for `tableName` and returns their ids by table name. */
export async function freshParentIds(db: Database, tableName: string): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const fk of foreignKeysOf(registry[tableName]!.table)) {
    if (fk.parent === tableName || ids[fk.parent] !== undefined) continue;
    const parentIds = await freshParentIds(db, fk.parent);
    const table = registry[fk.parent]!.table;
    const [row] = (await db
      .insert(table)
      .values(sampleRow(fk.parent, parentIds, nextSalt()) as never)
      .returning()) as {
      id: number;
    }[];
    ids[fk.parent] = row!.id;
  }
  return ids;
}
