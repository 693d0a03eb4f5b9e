// Issue 15: every documented value of every value list is accepted — by the database and by every
// exported validator of its table — and where the database restricts a column (a one-column
// CHECK with a value list, or an enum) it allows exactly the documented values. The lists are
// parsed from the five reference documents (documents.ts), so a value added to a document, or
// dropped from a CHECK or a z.enum, fails here. Runs on both tiers (PGlite and PostgreSQL).
import { getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import { useTestDb } from '../support';
import { loadSystem, systemNames } from './contract';
import {
  type DocumentedList,
  documentIds,
  documentSchemas,
  readDocuments,
  seedsDirectory,
} from './documents';

const dir = seedsDirectory();
if (!dir)
  console.log(
    '[documented-values] skipped: the reference documents (../shared/seeds beside the repository) are missing; CI always has them',
  );
const documents = dir ? readDocuments(dir) : [];
const allSchemas = documentIds.flatMap((d) => documentSchemas[d]);

type DbColumn = {
  schema: string;
  table: string;
  column: string;
  type: string;
  maxLength: number | null;
  enumLabels: string[] | null;
};
type DbCheck = { schema: string; table: string; column: string; name: string; def: string; expr: string };
type Schema = { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } };
type Validator = { name: string; shape: Record<string, Schema> };
type TsTable = { system: string; keyOf: Map<string, string>; validators: Validator[] };

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const colKey = (c: { schema: string; table: string; column: string }) => `${c.schema}.${c.table}.${c.column}`;

async function readColumns(db: Database): Promise<DbColumn[]> {
  const rows = rowsOf<{
    schema: string;
    table: string;
    column: string;
    type: string;
    max_length: number | string | null;
    labels: unknown;
  }>(
    await db.execute(sql`
      select c.table_schema as schema, c.table_name as "table", c.column_name as "column",
             format_type(a.atttypid, a.atttypmod) as type, c.character_maximum_length as max_length,
             (select json_agg(e.enumlabel order by e.enumsortorder) from pg_catalog.pg_enum e
               where e.enumtypid = a.atttypid) as labels
      from information_schema.columns c
      join pg_catalog.pg_namespace n on n.nspname = c.table_schema
      join pg_catalog.pg_class k on k.relnamespace = n.oid and k.relname = c.table_name
      join pg_catalog.pg_attribute a on a.attrelid = k.oid and a.attname = c.column_name
      where c.table_schema in (${inList(allSchemas)})`),
  );
  return rows.map((r) => ({
    schema: r.schema,
    table: r.table,
    column: r.column,
    type: r.type,
    maxLength: r.max_length === null ? null : Number(r.max_length),
    enumLabels: r.labels === null ? null : fromJson<string[]>(r.labels),
  }));
}

/** The CHECK constraints on exactly one column. */
async function readChecks(db: Database): Promise<DbCheck[]> {
  return rowsOf<DbCheck>(
    await db.execute(sql`
      select n.nspname as schema, k.relname as "table", a.attname as "column", c.conname as name,
             pg_get_constraintdef(c.oid) as def, pg_get_expr(c.conbin, c.conrelid) as expr
      from pg_catalog.pg_constraint c
      join pg_catalog.pg_class k on k.oid = c.conrelid
      join pg_catalog.pg_namespace n on n.oid = k.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      where c.contype = 'c' and cardinality(c.conkey) = 1 and n.nspname in (${inList(allSchemas)})`),
  );
}

/** The values a CHECK's `= ANY (ARRAY[…])` / `IN (…)` list allows, or undefined when it has none. */
function checkList(def: string): string[] | undefined {
  if (!/= ANY \(ARRAY\[|\bIN \(/.test(def)) return undefined;
  return [...def.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
}

const isZodObject = (v: unknown): v is Validator =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { safeParse?: unknown }).safeParse === 'function' &&
  typeof (v as { shape?: unknown }).shape === 'object';

/** Every exported table of every system, by `schema.table`, with its exported validators. */
async function readTsTables(): Promise<Map<string, TsTable>> {
  const out = new Map<string, TsTable>();
  for (const system of systemNames) {
    const mod = await loadSystem(system);
    const zods = Object.entries(mod).filter(([, v]) => isZodObject(v)) as [string, Validator][];
    for (const value of Object.values(mod)) {
      if (!is(value, PgTable)) continue;
      const name = `${getTableConfig(value).schema ?? 'public'}.${getTableName(value)}`;
      const columns = getTableColumns(value);
      const keys = Object.keys(columns).sort().join(',');
      const validators = zods
        .filter(([, z]) => Object.keys(z.shape).sort().join(',') === keys)
        .map(([n, z]) => ({ name: n, shape: z.shape }));
      const keyOf = new Map(Object.entries(columns).map(([k, c]) => [c.name, k]));
      out.set(name, { system, keyOf, validators });
    }
  }
  return out;
}

const sorted = (values: readonly string[]) => [...values].sort();
/** A value no documented list has: a validator of a closed list must refuse it. */
const undocumented = 'zz_undocumented';

describe.skipIf(!dir)(
  'documented value lists (shared/seeds) are accepted by the database and validators',
  () => {
    const t = useTestDb();
    let columns: DbColumn[] = [];
    let checks: DbCheck[] = [];
    let tsTables = new Map<string, TsTable>();
    const stats = new Map(documents.map((d) => [d.id, { values: 0, restricted: 0 }]));

    beforeAll(async () => {
      columns = await readColumns(t().db);
      checks = await readChecks(t().db);
      tsTables = await readTsTables();
    });

    afterAll(() => {
      for (const d of documents) {
        const s = stats.get(d.id)!;
        const closed = d.lists.filter((l) => l.closed).length;
        console.log(
          `[documented-values] ${d.id} (${d.file}): ${d.lists.length} lists parsed (${closed} closed, ${d.lists.length - closed} open), ${s.values} values checked, ${s.restricted} lists with a DB restriction`,
        );
      }
    });

    /** The database column a documented list names: exactly one among the document's schemas. */
    function resolve(list: DocumentedList): DbColumn[] {
      const schemas = list.schema ? [list.schema] : documentSchemas[list.document];
      return columns.filter(
        (c) => schemas.includes(c.schema) && c.table === list.table && c.column === list.column,
      );
    }

    /** Everything wrong with one documented list, as `value: why` lines (empty when all is well). */
    async function problemsOf(list: DocumentedList, col: DbColumn): Promise<string[]> {
      const problems: string[] = [];
      const own = checks.filter(
        (c) => c.schema === col.schema && c.table === col.table && c.column === col.column,
      );
      // a. The database accepts every value: it fits the type, is an enum label, passes every CHECK.
      for (const value of list.values) {
        if (col.maxLength !== null && [...value].length > col.maxLength)
          problems.push(`'${value}': longer than ${col.type}`);
        if (col.enumLabels && !col.enumLabels.includes(value)) {
          problems.push(`'${value}': not a label of enum ${col.type} (${col.enumLabels.join(', ')})`);
          continue; // casting it to the enum would raise instead of evaluating the CHECKs
        }
        for (const check of own) {
          const [row] = rowsOf<{ ok: boolean }>(
            await t().db.execute(
              sql`select (${sql.raw(check.expr)}) is not false as ok
                from (select ${value}::${sql.raw(col.type)} as ${sql.identifier(col.column)}) as x`,
            ),
          );
          if (row?.ok !== true) problems.push(`'${value}': refused by ${check.name}: ${check.def}`);
        }
      }
      // b. Where the database restricts the column, it allows exactly the documented set.
      const restrictions = [
        ...(col.enumLabels ? [{ by: `enum ${col.type}`, allowed: col.enumLabels }] : []),
        ...own.flatMap((c) => {
          const allowed = checkList(c.def);
          return allowed ? [{ by: c.name, allowed }] : [];
        }),
      ];
      if (restrictions.length > 0) stats.get(list.document)!.restricted++;
      if (list.closed)
        for (const r of restrictions) {
          if (JSON.stringify(sorted(r.allowed)) === JSON.stringify(sorted(list.values))) continue;
          const extra = r.allowed.filter((v) => !list.values.includes(v));
          const missing = list.values.filter((v) => !r.allowed.includes(v));
          problems.push(
            `${r.by} allows [${r.allowed.join(', ')}]: undocumented [${extra.join(', ')}], missing [${missing.join(', ')}]`,
          );
        }
      // c. Every exported validator of the table accepts every value in that column.
      const ts = tsTables.get(`${col.schema}.${col.table}`);
      const key = ts?.keyOf.get(col.column);
      if (!ts || !key)
        problems.push(`no exported drizzle table has ${col.schema}.${col.table}.${col.column}`);
      else if (ts.validators.length === 0)
        problems.push(`src/${ts.system} exports no zod validator whose shape is the columns of ${col.table}`);
      else
        for (const v of ts.validators) {
          for (const value of list.values) {
            const r = v.shape[key]!.safeParse(value);
            if (!r.success)
              problems.push(
                `'${value}': ${v.name}.shape.${key} refuses it: ${r.error?.issues.map((i) => i.message).join('; ')}`,
              );
          }
          // A closed list is a closed set for the validator too (DESIGN §3: zod enums).
          if (list.closed && v.shape[key]!.safeParse(undocumented).success)
            problems.push(`${v.name}.shape.${key} accepts '${undocumented}', a value outside the list`);
        }
      stats.get(list.document)!.values += list.values.length;
      return problems;
    }

    for (const doc of documents) {
      describe(`${doc.id} ${doc.file}`, () => {
        it('yields closed value lists, and every exclusion in documents.ts still names one of its lists', () => {
          expect(doc.lists.filter((l) => l.closed).length).toBeGreaterThan(0);
          expect(doc.unusedExclusions).toEqual([]);
        });

        for (const list of doc.lists) {
          const where = `${list.schema ? `${list.schema}.` : ''}${list.table}.${list.column}`;
          const kind = list.closed ? 'closed' : `open: ${list.why}`;
          it(`${where} (line ${list.line}, ${kind}): ${list.values.join(', ')}`, async () => {
            const found = resolve(list);
            expect(
              found.map(colKey),
              `${doc.id} line ${list.line}: ${where} must be one column of schemas ${(list.schema ? [list.schema] : documentSchemas[doc.id]).join('/')}`,
            ).toHaveLength(1);
            const problems = await problemsOf(list, found[0]!);
            expect(problems, `${doc.id} line ${list.line} ${colKey(found[0]!)}`).toEqual([]);
          });
        }
      });
    }

    it('every value restriction in the database (list CHECK or enum column) is a documented closed list', () => {
      const documented = new Set(
        documents.flatMap((d) => d.lists.filter((l) => l.closed).flatMap((l) => resolve(l).map(colKey))),
      );
      const restricted = [
        ...columns.filter((c) => c.enumLabels).map(colKey),
        ...checks.filter((c) => checkList(c.def)).map(colKey),
      ];
      expect(restricted.length).toBeGreaterThan(0);
      expect(restricted.filter((k) => !documented.has(k))).toEqual([]);
    });
  },
);
