/**
 * Generates docs/erd/<system>.md (overview of the domain modules), docs/erd/<system>/<module>.md (one
 * Mermaid ER diagram per module and a neighbourhood diagram per table; see scripts/erd.ts) and
 * docs/reference/<system>.md (tables, columns, constraints, indexes, enums, views, repository functions
 * with error codes) from the Drizzle definitions, so the pictures can never drift from the code.
 *
 *   npx tsx scripts/docs.ts            write the files
 *   npx tsx scripts/docs.ts --check    exit 1 when a file is missing, stale or left over, or when a
 *                                      diagram does not render in headless Chromium (does not parse,
 *                                      more than MAX_ENTITIES boxes, wider than MAX_WIDTH px) (CI)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { is, SQL } from 'drizzle-orm';
import {
  getTableConfig,
  getViewConfig,
  isPgEnum,
  type PgColumn,
  PgDialect,
  type PgEnum,
  PgTable,
  PgView,
} from 'drizzle-orm/pg-core';
import { migrationSets } from '../src/systems';
import { columnsOf, diagramsOf, type ErdPages, erdPages, GENERATED, MAX_ENTITIES, MAX_WIDTH } from './erd';
import { renderDiagrams, renderProblems } from './erd-render';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const systems = migrationSets.filter((s) => s.name !== 'foundation').map((s) => s.name);
const dialect = new PgDialect();

/** Files whose exports are not a domain module (re-exports, validators, relations). */
const NOT_MODULES = new Set(['index', 'validators', 'relations', 'schema', 'seed']);

interface TableInfo {
  table: PgTable;
  config: ReturnType<typeof getTableConfig>;
  module: string;
}

interface SystemInfo {
  name: string;
  tables: TableInfo[];
  views: { name: string; schema?: string; module: string; columns: string[] }[];
  enums: { name: string; schema?: string; values: readonly string[] }[];
  functions: { name: string; module: string; errors: readonly string[]; input: string[]; doc?: string }[];
}

const sqlText = (value: SQL): string => {
  const q = dialect.sqlToQuery(value);
  // Inline the (few, literal) params so that the text reads like the migration's SQL.
  return q.sql.replace(/\$(\d+)/g, (_, i) => {
    const p = q.params[Number(i) - 1];
    return typeof p === 'string' ? `'${p.replace(/'/g, "''")}'` : String(p);
  });
};

async function load(system: string): Promise<SystemInfo> {
  const dir = join(root, 'src', system);
  // Table modules (tables/<domain>.ts) first, so that a table is named after its domain module;
  // then operation files and reference data (named reference/<file>).
  const list = (sub: string) =>
    existsSync(join(dir, sub))
      ? readdirSync(join(dir, sub))
          .filter((f) => f.endsWith('.ts') && !NOT_MODULES.has(basename(f, '.ts')))
          .sort()
          .map((f) => ({
            file: join(sub, f),
            name: sub === 'reference' ? `reference/${basename(f, '.ts')}` : basename(f, '.ts'),
          }))
      : [];
  const files = [...list('tables'), ...list('.'), ...list('reference')];
  const index = (await import(join(dir, 'index.ts'))) as Record<string, unknown>;
  const moduleOf = new Map<unknown, string>();
  const sources = new Map<string, string>();
  for (const { file, name } of files) {
    sources.set(name, readFileSync(join(dir, file), 'utf8'));
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (!moduleOf.has(value)) moduleOf.set(value, name);
  }
  const info: SystemInfo = { name: system, tables: [], views: [], enums: [], functions: [] };
  const seen = new Set<unknown>();
  for (const [key, value] of Object.entries(index)) {
    if (seen.has(value)) continue;
    seen.add(value);
    const module = moduleOf.get(value) ?? 'schema';
    if (is(value, PgTable)) {
      info.tables.push({ table: value, config: getTableConfig(value), module });
    } else if (is(value, PgView)) {
      const config = getViewConfig(value);
      info.views.push({
        name: config.name,
        schema: config.schema,
        module,
        columns: Object.values(config.selectedFields as Record<string, unknown>)
          .map((f) => (f as { name?: string }).name ?? (f as { fieldAlias?: string }).fieldAlias ?? '')
          .filter(Boolean),
      });
    } else if (isPgEnum(value)) {
      const e = value as PgEnum<[string, ...string[]]>;
      info.enums.push({ name: e.enumName, schema: (e as { schema?: string }).schema, values: e.enumValues });
    } else if (typeof value === 'function' && isRepositoryFunction(index, key)) {
      // The contract, not a guess: a repository function exports `<fn>Input` and `<fn>Errors`.
      const errors = index[`${key}Errors`] as string[];
      const source = sources.get(module) ?? '';
      // The JSDoc block right before the declaration (one that does not contain another block's end).
      const doc = new RegExp(
        `/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:async function|function|const) ${key}\\b`,
      ).exec(source)?.[1];
      info.functions.push({
        name: key,
        module,
        errors,
        input: inputFields(index[`${key}Input`]),
        doc: doc ? firstSentence(doc) : undefined,
      });
    }
  }
  const qualified = (t: TableInfo) => `${t.config.schema ?? 'public'}.${t.config.name}`;
  info.tables.sort((a, b) => qualified(a).localeCompare(qualified(b)));
  info.views.sort((a, b) => a.name.localeCompare(b.name));
  info.enums.sort((a, b) => a.name.localeCompare(b.name));
  info.functions.sort((a, b) => a.name.localeCompare(b.name));
  return info;
}

/** A repository function by its contract: `<fn>Input` (a zod schema) and `<fn>Errors` (its codes). */
function isRepositoryFunction(index: Record<string, unknown>, key: string): boolean {
  const input = index[`${key}Input`] as { safeParse?: unknown } | undefined;
  return typeof input?.safeParse === 'function' && Array.isArray(index[`${key}Errors`]);
}

/** The top-level fields of an input schema, `?` marking optional ones. */
function inputFields(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> };
  if (!s.shape) return [];
  return Object.entries(s.shape).map(([k, v]) => (v.safeParse(undefined).success ? `${k}?` : k));
}

function firstSentence(doc: string): string {
  const text = doc
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, '').trim())
    .filter((l) => !l.startsWith('@'))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  const end = text.search(/\.(\s|$)/);
  return (end > 0 ? text.slice(0, end + 1) : text).replace(/\|/g, '\\|');
}

// ---------- reference page ----------

function defaultText(c: PgColumn): string {
  if (c.generated)
    return `generated: ${is(c.generated.as, SQL) ? sqlText(c.generated.as as SQL) : String(c.generated.as)}`;
  if (c.generatedIdentity) return `identity (${c.generatedIdentity.type})`;
  if (c.hasDefault && c.default !== undefined) {
    if (is(c.default, SQL)) return sqlText(c.default);
    return typeof c.default === 'string' ? `'${c.default}'` : JSON.stringify(c.default);
  }
  if (c.defaultFn) return '(set by the app)';
  return '';
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string) => (s ? `\`${cell(s).replace(/`/g, "'")}\`` : '');

function deviationsFor(system: string): string[][] {
  const file = join(root, 'docs', `${system}.md`);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const start = text.search(/^#+ .*[Dd]eviation/m);
  if (start < 0) return [];
  return text
    .slice(start)
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !/table\.column/.test(l))
    .map((l) =>
      l
        .slice(1, l.endsWith('|') ? -1 : undefined)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

function referencePage(info: SystemInfo, erd: ErdPages): string {
  const out: string[] = [GENERATED, '', `# ${info.name}: reference`, ''];
  const schemas = [...new Set(info.tables.map((t) => t.config.schema ?? 'public'))];
  out.push(
    `Import: \`@org/schema/${info.name}\`. Postgres schema(s): ${schemas.map((s) => `\`${s}\``).join(', ')}. ` +
      `Diagrams: [erd/${info.name}.md](../erd/${info.name}.md) (modules), one per module, and one per table (its neighbourhood).` +
      (existsSync(join(root, 'docs', `${info.name}.md`))
        ? ` Design notes and deviations: [${info.name}.md](../${info.name}.md).`
        : ''),
    '',
  );
  const deviations = deviationsFor(info.name);
  const modules = [
    ...new Set([...info.tables.map((t) => t.module), ...info.views.map((v) => v.module)]),
  ].sort();
  out.push('## Contents', '');
  for (const m of modules) {
    const names = [
      ...info.tables.filter((t) => t.module === m).map((t) => t.config.name),
      ...info.views.filter((v) => v.module === m).map((v) => `${v.name} (view)`),
    ];
    out.push(`- **${m}** (\`src/${info.name}/tables/${m}.ts\`): ${names.map((n) => `\`${n}\``).join(', ')}`);
  }
  if (info.functions.length) out.push('- [Repository functions](#repository-functions)');
  out.push('');
  for (const m of modules) {
    out.push(`## ${m}`, '');
    if (info.tables.some((t) => t.module === m))
      out.push(`Module diagram: [${m}](../${erd.moduleOf(m)}).`, '');
    for (const t of info.tables.filter((x) => x.module === m)) {
      const c = t.config;
      out.push(
        `### \`${c.schema ?? 'public'}.${c.name}\``,
        '',
        `Diagram: [neighbourhood](../${erd.neighbourhoodOf(t)}).`,
        '',
      );
      if (c.enableRLS || c.policies.length)
        out.push(
          `Row-level security: ${c.policies.map((p) => `\`${p.name}\``).join(', ') || 'enabled'}.`,
          '',
        );
      const fkOf = new Map<string, string>();
      for (const f of c.foreignKeys) {
        const ref = f.reference();
        const target = getTableConfig(ref.foreignTable);
        const cols = columnsOf(ref.columns);
        if (cols.length === 1)
          fkOf.set(cols[0]!, `→ ${target.schema ?? 'public'}.${target.name}.${ref.foreignColumns[0]!.name}`);
      }
      out.push('| column | type | null | default | notes |', '|---|---|---|---|---|');
      const pk = new Set(c.primaryKeys.flatMap((p) => columnsOf(p.columns)));
      for (const col of c.columns) {
        const notes = [
          col.primary || pk.has(col.name) ? 'PK' : '',
          col.isUnique ? 'unique' : '',
          fkOf.get(col.name) ?? '',
          (col as { enumValues?: string[] }).enumValues?.length && col.columnType !== 'PgEnumColumn'
            ? `one of ${(col as { enumValues?: string[] }).enumValues!.map((v) => `\`${v}\``).join(', ')}`
            : '',
        ].filter(Boolean);
        out.push(
          `| \`${col.name}\` | ${code(col.getSQLType())} | ${col.notNull ? 'no' : 'yes'} | ${code(defaultText(col))} | ${cell(notes.join('; '))} |`,
        );
      }
      out.push('');
      const constraints: string[] = [];
      for (const p of c.primaryKeys)
        constraints.push(`PK \`${p.getName()}\` (${columnsOf(p.columns).join(', ')})`);
      for (const u of c.uniqueConstraints)
        constraints.push(
          `unique \`${u.getName()}\` (${columnsOf(u.columns).join(', ')})${u.nullsNotDistinct ? ' nulls not distinct' : ''}`,
        );
      for (const f of c.foreignKeys) {
        const ref = f.reference();
        const target = getTableConfig(ref.foreignTable);
        constraints.push(
          `FK \`${f.getName()}\` (${columnsOf(ref.columns).join(', ')}) → ${target.schema ?? 'public'}.${target.name} (${columnsOf(ref.foreignColumns).join(', ')})${f.onDelete ? ` on delete ${f.onDelete}` : ''}${f.onUpdate && f.onUpdate !== 'no action' ? ` on update ${f.onUpdate}` : ''}`,
        );
      }
      for (const ch of c.checks) constraints.push(`check \`${ch.name}\`: ${code(sqlText(ch.value))}`);
      for (const i of c.indexes) {
        const cols = i.config.columns.map((col) =>
          is(col, SQL) ? sqlText(col) : (col as { name: string }).name,
        );
        constraints.push(
          `${i.config.unique ? 'unique index' : 'index'} \`${i.config.name}\`${i.config.method && i.config.method !== 'btree' ? ` using ${i.config.method}` : ''} (${cell(cols.join(', '))})${i.config.where ? ` where ${code(sqlText(i.config.where))}` : ''}`,
        );
      }
      if (constraints.length) out.push(...constraints.map((x) => `- ${x}`), '');
      const notes = deviations.filter((d) => new RegExp(`^\`?${c.name}([.\`\\s(]|$)`).test(d[0] ?? ''));
      if (notes.length) {
        out.push('Deviations from the document:', '');
        for (const d of notes)
          out.push(`- ${d[0]}: the document says ${d[1]}; we do ${d[2]}${d[3] ? ` (${d[3]})` : ''}.`);
        out.push('');
      }
    }
    for (const v of info.views.filter((x) => x.module === m)) {
      out.push(
        `### \`${v.schema ?? 'public'}.${v.name}\` (view)`,
        '',
        `Columns: ${v.columns.map((x) => `\`${x}\``).join(', ')}.`,
        '',
      );
    }
  }
  if (info.enums.length) {
    out.push('## Enums', '');
    for (const e of info.enums)
      out.push(`- \`${e.schema ?? 'public'}.${e.name}\`: ${e.values.map((v) => `\`${v}\``).join(', ')}`);
    out.push('');
  }
  if (info.functions.length) {
    out.push(
      '## Repository functions',
      '',
      'Each takes `(db | tx, input)` and returns `{ success: true, … } | { success: false, error, message }`; unexpected database errors throw.',
      '',
      '| function | module | does | input | error codes |',
      '|---|---|---|---|---|',
    );
    for (const f of info.functions) {
      out.push(
        `| \`${f.name}\` | ${f.module} | ${f.doc ?? ''} | ${f.input.map((k) => `\`${k}\``).join(', ')} | ${f.errors.map((e) => `\`${e}\``).join(', ')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

async function main() {
  const check = process.argv.includes('--check');
  const wanted = new Map<string, string>();
  for (const system of systems) {
    const info = await load(system);
    const erd = erdPages(info);
    for (const [rel, text] of erd.pages) wanted.set(join('docs', rel), text);
    wanted.set(join('docs', 'reference', `${system}.md`), referencePage(info, erd));
  }
  const problems: string[] = [];
  for (const [rel, text] of wanted) {
    const file = join(root, rel);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === text) continue;
    if (check) problems.push(`${rel}: ${current === undefined ? 'missing' : 'stale'}`);
    else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      console.log(`wrote ${rel}`);
    }
  }
  const leftOver = (sub: string) => {
    const dir = join(root, 'docs', sub);
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const rel = join('docs', sub, f.name);
      if (f.isDirectory() && sub.startsWith('erd')) leftOver(join(sub, f.name));
      else if (!f.name.endsWith('.md') || wanted.has(rel)) continue;
      else if (!check && readFileSync(join(root, rel), 'utf8').startsWith(GENERATED)) {
        // A generated page whose table or module is gone.
        rmSync(join(root, rel));
        console.log(`removed ${rel}`);
      } else problems.push(`${rel}: not generated (left over)`);
    }
  };
  leftOver('erd');
  leftOver('reference');
  if (problems.length) {
    console.error(
      `${check ? 'Generated docs are out of date' : 'Left-over files'}:\n  ${problems.join('\n  ')}\n` +
        'Run `npm run docs` and commit the result.',
    );
    process.exitCode = 1;
  }
  if (!check) return;
  const unreadable = await renderCheck(wanted);
  if (unreadable.length) {
    console.error(
      `Diagrams that fail the render check (Mermaid defaults, headless Chromium):\n  ${unreadable.join('\n  ')}`,
    );
    process.exitCode = 1;
  }
  if (!problems.length && !unreadable.length) console.log(`docs up to date (${wanted.size} files)`);
}

/**
 * Renders every diagram of the generated pages in headless Chromium (Mermaid defaults) and returns the
 * diagrams that do not parse, draw more than MAX_ENTITIES boxes or are wider than MAX_WIDTH px.
 */
async function renderCheck(pages: Map<string, string>): Promise<string[]> {
  const list: { id: string; text: string }[] = [];
  for (const [rel, text] of pages)
    for (const d of diagramsOf(text)) list.push({ id: `${rel} § ${d.heading}`, text: d.text });
  const started = Date.now();
  let results: Awaited<ReturnType<typeof renderDiagrams>>;
  try {
    results = await renderDiagrams(list);
  } catch (e) {
    return [`diagram render check could not run: ${(e as Error).message}`];
  }
  const perSystem = new Map<string, { n: number; w: number; h: number; e: number }>();
  for (const r of results) {
    const system = /docs\/(?:erd|reference)\/([^/.]+)/.exec(r.id)?.[1] ?? '?';
    const s = perSystem.get(system) ?? { n: 0, w: 0, h: 0, e: 0 };
    perSystem.set(system, {
      n: s.n + 1,
      w: Math.max(s.w, r.width || 0),
      h: Math.max(s.h, r.height || 0),
      e: Math.max(s.e, r.entities),
    });
  }
  for (const [system, s] of perSystem)
    console.log(`  ${system}: ${s.n} diagrams, widest ${s.w} px, tallest ${s.h} px, at most ${s.e} entities`);
  console.log(
    `rendered ${results.length} diagrams in headless Chromium in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return renderProblems(results, { maxEntities: MAX_ENTITIES, maxWidth: MAX_WIDTH });
}

await main();
