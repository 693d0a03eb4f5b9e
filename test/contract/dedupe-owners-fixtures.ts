// Helpers of dedupe-owners.test.ts: where src/ relies on a unique key (read from the source), and
// which unique keys the migrated database has (read from the catalogue).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import ts from 'typescript';
import { type Database, rowsOf } from '../../src/db';
import { loadSystem, type SystemName, systemNames, systemSchemas } from './contract';

const srcRoot = join(import.meta.dirname, '..', '..', 'src');

/**
 * One place in src/ that writes through a unique key:
 * - `target`: ON CONFLICT with a conflict target (drizzle's onConflictDo…({ target }) or raw SQL);
 * - `targetless`: ON CONFLICT without a target (every unique index of the table arbitrates);
 * - `23505`: a unique violation caught by name (isConstraintViolation(e, '23505', name));
 * - `insert`: a plain insert into a table named in the call (no conflict handling of its own).
 */
export type KeySite = {
  kind: 'target' | 'targetless' | '23505' | 'insert';
  /** file:line under src/, for messages. */
  at: string;
  /** The named function the site is in. */
  fn: string;
  /** schema.table (target, targetless, insert), when the table could be resolved. */
  table?: string;
  /** The target's database column names (target). */
  columns?: string[];
  /** The constraint name (23505). */
  constraint?: string;
  /** What could not be resolved (the guard fails on it). */
  unresolved?: string;
};

/** The exported drizzle table of a system by its variable name, as schema.table. */
function tableName(mod: Record<string, unknown>, name: string): string | undefined {
  const t = mod[name];
  if (!is(t, PgTable)) return undefined;
  const c = getTableConfig(t);
  return `${c.schema ?? 'public'}.${c.name}`;
}

function columnName(mod: Record<string, unknown>, table: string, property: string): string | undefined {
  const t = mod[table] as Record<string, { name?: unknown }> | undefined;
  const name = t?.[property]?.name;
  return typeof name === 'string' ? name : undefined;
}

/** `a.b`, `a.b!` → ['a', 'b']. */
function member(e: ts.Expression): [string, string] | undefined {
  const x = ts.isNonNullExpression(e) ? e.expression : e;
  return ts.isPropertyAccessExpression(x) && ts.isIdentifier(x.expression)
    ? [x.expression.text, x.name.text]
    : undefined;
}

function enclosingFunction(node: ts.Node): string {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent))
      return n.parent.name.getText();
  }
  return '<module>';
}

/** The table an insert chain writes: `x.insert(T)…` or `insertIf(db, T, …)…`. */
function chainTable(e: ts.Expression): string | undefined {
  let n: ts.Expression = e;
  for (;;) {
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'insert' && n.arguments[0])
        return ts.isIdentifier(n.arguments[0]) ? n.arguments[0].text : undefined;
      if (ts.isIdentifier(callee) && callee.text === 'insertIf' && n.arguments[1])
        return ts.isIdentifier(n.arguments[1]) ? n.arguments[1].text : undefined;
      n = callee;
    } else if (ts.isPropertyAccessExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
    else if (ts.isAwaitExpression(n) || ts.isParenthesizedExpression(n)) n = n.expression;
    else return undefined;
  }
}

/** A template's text with `${expr}` in place of each substitution. */
function templateText(t: ts.TemplateLiteral): string {
  if (ts.isNoSubstitutionTemplateLiteral(t)) return t.text;
  return t.head.text + t.templateSpans.map((s) => `\${${s.expression.getText()}}${s.literal.text}`).join('');
}

const unquote = (c: string) => c.trim().replace(/^"(.*)"$/, '$1');

/**
 * Every key site of the repository code of every system. The seed loaders (seed.ts) are left
 * out: they upsert reference data by a key passed in as a variable, and are not repository
 * functions (contract.ts, nonRepositoryExports).
 */
export async function keySites(): Promise<KeySite[]> {
  const out: KeySite[] = [];
  for (const system of systemNames) {
    const mod = await loadSystem(system as SystemName);
    const dir = join(srcRoot, system);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'seed.ts')) {
      const text = readFileSync(join(dir, file), 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const at = (n: ts.Node) =>
        `${system}/${file}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
      const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node)) {
          const callee = node.expression;
          const name = ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : ts.isIdentifier(callee)
              ? callee.text
              : '';
          if (name === 'onConflictDoNothing' || name === 'onConflictDoUpdate') {
            const arg = node.arguments[0];
            const target =
              arg && ts.isObjectLiteralExpression(arg)
                ? arg.properties.find(
                    (p): p is ts.PropertyAssignment =>
                      ts.isPropertyAssignment(p) && p.name.getText() === 'target',
                  )?.initializer
                : undefined;
            const fn = enclosingFunction(node);
            if (!target) {
              const t = chainTable((callee as ts.PropertyAccessExpression).expression);
              const table = t && tableName(mod, t);
              out.push({
                kind: 'targetless',
                at: at(node),
                fn,
                table,
                ...(table ? {} : { unresolved: `table of ${node.getText().slice(0, 60)}` }),
              });
            } else {
              const parts = ts.isArrayLiteralExpression(target) ? [...target.elements] : [target];
              const refs = parts.map(member);
              const tables = new Set(refs.map((r) => r?.[0]));
              const [t] = [...tables];
              const columns = refs.map((r) => r && columnName(mod, r[0], r[1]));
              const table = tables.size === 1 && t ? tableName(mod, t) : undefined;
              if (!table || columns.some((c) => c === undefined))
                out.push({ kind: 'target', at: at(node), fn, unresolved: target.getText() });
              else out.push({ kind: 'target', at: at(node), fn, table, columns: columns as string[] });
            }
          } else if (name === 'isConstraintViolation') {
            const [, code, constraint] = node.arguments;
            if (code && ts.isStringLiteral(code) && code.text === '23505') {
              out.push({
                kind: '23505',
                at: at(node),
                fn: enclosingFunction(node),
                ...(constraint && ts.isStringLiteral(constraint)
                  ? { constraint: constraint.text }
                  : { unresolved: `constraint ${constraint?.getText() ?? '(none)'}` }),
              });
            }
          } else if (name === 'insert' || name === 'insertIf') {
            const t = chainTable(node);
            const table = t && tableName(mod, t);
            if (table) out.push({ kind: 'insert', at: at(node), fn: enclosingFunction(node), table });
          }
        }
        if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'sql') {
          const q = templateText(node.template);
          const into = /\binsert\s+into\s+\$\{(\w+)\}/i.exec(q);
          const conflict = /\bon\s+conflict\b\s*(?:\(([^)]*)\))?/i.exec(q);
          const fn = enclosingFunction(node);
          const table = into ? tableName(mod, into[1]!) : undefined;
          if (into && table) out.push({ kind: 'insert', at: at(node), fn, table });
          if (conflict) {
            if (!table) out.push({ kind: 'target', at: at(node), fn, unresolved: q.slice(0, 80) });
            else if (conflict[1] === undefined) out.push({ kind: 'targetless', at: at(node), fn, table });
            else
              out.push({
                kind: 'target',
                at: at(node),
                fn,
                table,
                columns: conflict[1].split(',').map(unquote),
              });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return out;
}

export type UniqueIndex = {
  /** schema.table */
  table: string;
  name: string;
  columns: string[];
  primary: boolean;
  /** Its columns include the primary key's: unique anyway (the target of a composite foreign key). */
  superkey: boolean;
  predicate: string | null;
};

/** Every unique index (constraints included) of the systems' schemas in the migrated database. */
export async function uniqueIndexes(db: Database): Promise<UniqueIndex[]> {
  const schemas = [...new Set(Object.values(systemSchemas).flat())];
  const rows = rowsOf<{
    schema: string;
    tbl: string;
    name: string;
    cols: string;
    primary: boolean;
    superkey: boolean;
    predicate: string | null;
  }>(
    await db.execute(sql`
      select n.nspname::text as schema, c.relname::text as tbl, i.relname::text as name,
        (select string_agg(a.attname::text, ',' order by k.ord)
           from unnest(x.indkey::int2[]) with ordinality k(attnum, ord)
           join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum) as cols,
        x.indisprimary as primary,
        (not x.indisprimary and exists (select 1 from pg_index p where p.indrelid = x.indrelid
           and p.indisprimary and p.indkey::int2[] <@ x.indkey::int2[])) as superkey,
        pg_get_expr(x.indpred, x.indrelid) as predicate
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class c on c.oid = x.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      where x.indisunique and n.nspname in (${sql.join(
        schemas.map((s) => sql`${s}`),
        sql`, `,
      )})
      order by 1, 2, 3`),
  );
  return rows.map((r) => ({
    table: `${r.schema}.${r.tbl}`,
    name: r.name,
    columns: r.cols.split(','),
    primary: r.primary,
    superkey: r.superkey,
    predicate: r.predicate,
  }));
}

/** An owner column: tenant_id, org_id, client_id, user_id, referrer_user_id, userId, … */
export const isOwnerColumn = (column: string) =>
  /(tenant|org|client|user)id$/.test(column.toLowerCase().replaceAll('_', ''));

/** The unique index a conflict target names: same table, same set of columns. */
export function indexOfTarget(indexes: UniqueIndex[], site: KeySite): UniqueIndex[] {
  const want = [...(site.columns ?? [])].sort().join(',');
  return indexes.filter((i) => i.table === site.table && [...i.columns].sort().join(',') === want);
}
