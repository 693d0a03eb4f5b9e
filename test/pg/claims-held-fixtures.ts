import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import ts from 'typescript';
import { type Database, rowsOf } from '../../src/db';
import { expectPgError } from '../support';

/** Thrown inside a transaction to roll it back on purpose. */
class Rollback extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back and returns what it returned: what a call
 * would do right now, without its effects.
 */
export async function peek<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  let out: { value: T } | undefined;
  try {
    await db.transaction(async (tx) => {
      out = { value: await fn(tx as unknown as Database) };
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (!out) throw new Error('peek: the transaction ended before the call returned');
  return out.value;
}

export interface Hold {
  /** Rolls the holder's transaction back (idempotent). */
  release(): Promise<void>;
}

/**
 * Opens a transaction on `conn` (its own connection) that locks exactly one row with
 * SELECT … FOR UPDATE and keeps it open until `release()`.
 */
export async function holdRow(
  conn: Database,
  table: PgTable,
  column: PgColumn,
  value: unknown,
): Promise<Hold> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: (rows: number) => void;
  const lockedRows = new Promise<number>((resolve) => {
    locked = resolve;
  });
  const ended = conn
    .transaction(async (tx) => {
      const rows = await tx.select({ v: column }).from(table).where(eq(column, value)).for('update');
      locked(rows.length);
      await released;
      throw new Rollback();
    })
    .then(
      () => {
        throw new Error('holder: the transaction committed');
      },
      (error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      },
    );
  const rows = await Promise.race([lockedRows, ended.then(() => -1)]);
  if (rows !== 1) {
    release();
    await ended;
    throw new Error(`holder: locked ${rows} rows instead of 1`);
  }
  return {
    release: async () => {
      release();
      await ended;
    },
  };
}

/** The row really is locked by someone else: a NOWAIT lock attempt on `probe` fails with 55P03. */
export async function expectRowHeld(
  probe: Database,
  table: PgTable,
  column: PgColumn,
  value: unknown,
): Promise<void> {
  await expectPgError(
    probe.transaction((tx) =>
      tx.select({ v: column }).from(table).where(eq(column, value)).for('update', { noWait: true }),
    ),
    '55P03',
  );
}

export interface LockWait {
  pid: number;
  waitEvent: string | null;
  blockedBy: string;
  query: string;
}

/** Backends of this database (other than `monitor`'s own) waiting for a lock right now. */
export async function lockWaits(monitor: Database): Promise<LockWait[]> {
  // A row-lock wait shows as wait_event_type 'Lock' and as an ungranted 'transactionid' or
  // 'tuple' lock (whose pg_locks.database is NULL, hence the join by pid).
  return rowsOf<LockWait>(
    await monitor.execute(sql`
      select a.pid, a.wait_event as "waitEvent", pg_blocking_pids(a.pid)::text as "blockedBy",
             left(a.query, 160) as query
        from pg_stat_activity a
       where a.datname = current_database() and a.pid <> pg_backend_pid()
         and (a.wait_event_type = 'Lock'
              or exists (select 1 from pg_locks l where l.pid = a.pid and not l.granted))`),
  );
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type Timed<T> =
  | { settled: true; ok: true; value: T; lockWaits: LockWait[] }
  | { settled: true; ok: false; error: unknown; lockWaits: LockWait[] }
  | { settled: false; lockWaits: LockWait[] };

/**
 * Starts `call` and races it against a `limitMs` timer while `monitor` polls pg_stat_activity /
 * pg_locks for backends of this database waiting on a lock. A call that waits on a row lock
 * does not settle in time and is seen waiting. On a timeout the call is left running: the caller
 * releases the lock, which lets it finish.
 */
export async function timed<T>(monitor: Database, call: () => Promise<T>, limitMs = 2000): Promise<Timed<T>> {
  // Each waiting backend and statement once (the watcher sees a long wait many times).
  const seen = new Map<string, LockWait>();
  const note = (waits: LockWait[]) => {
    for (const w of waits) seen.set(`${w.pid} ${w.waitEvent} ${w.query}`, w);
  };
  let finished = false;
  const outcome = call().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const watcher = (async () => {
    while (!finished) {
      note(await lockWaits(monitor));
      await sleep(5);
    }
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
  });
  const first = await Promise.race([outcome, timeout]);
  clearTimeout(timer);
  finished = true;
  await watcher;
  if (first === 'timeout') {
    note(await lockWaits(monitor));
    return { settled: false, lockWaits: [...seen.values()] };
  }
  return first.ok
    ? { settled: true, ok: true, value: first.value, lockWaits: [...seen.values()] }
    : { settled: true, ok: false, error: first.error, lockWaits: [...seen.values()] };
}

/** Polls `condition` every 10 ms; false when it is still not true after `limitMs`. */
export async function until(condition: () => boolean, limitMs: number): Promise<boolean> {
  const end = performance.now() + limitMs;
  while (!condition()) {
    if (performance.now() > end) return false;
    await sleep(10);
  }
  return true;
}

// ─── The guard: which exported functions of src claim or lock rows with SKIP LOCKED ────────────

/** The queue engine's factory: a `const` it initialises is a queue engine, whose `.claim` claims. */
export const ENGINE_FACTORY = 'src/queue/define-queue.ts#defineQueue';
/**
 * The engine's public module. Its folder's other modules are the engine's parts (the claim
 * statement builder reaches SKIP LOCKED too): their exports count only when re-exported here.
 */
export const ENGINE_INDEX = 'src/queue/index.ts';

/** Every .ts file under src, by its path relative to the repository root (posix separators). */
export function readSources(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
        out[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(join(root, 'src'));
  return out;
}

interface Decl {
  key: string;
  name: string;
  exported: boolean;
  /** The code that runs: a function's body, a const's initializer. */
  node: ts.Node | undefined;
  /** The callee of the initializer when it is a call (to recognise queue engines). */
  initCallee: ts.Identifier | undefined;
}

interface Module {
  path: string;
  decls: Map<string, Decl>;
  /** Local name → module and exported name ('*' for a namespace import). */
  imports: Map<string, { from: string; name: string }>;
  /** `export … from`: star, or exported name → name in `from`. */
  reexports: { from: string; names?: Map<string, string> }[];
  /** `export { a as b }` without a module: exported name → local name. */
  localExports: Map<string, string>;
}

const exported = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function parseModule(path: string, text: string, paths: Set<string>): Module {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const resolve = (spec: string): string | undefined => {
    if (!spec.startsWith('.')) return undefined;
    const base = posix.normalize(posix.join(posix.dirname(path), spec.replace(/\.js$/, '')));
    return [`${base}.ts`, `${base}/index.ts`, base].find((p) => paths.has(p));
  };
  const mod: Module = { path, decls: new Map(), imports: new Map(), reexports: [], localExports: new Map() };
  const declare = (name: string, isExported: boolean, node: ts.Node | undefined, init?: ts.Expression) =>
    mod.decls.set(name, {
      key: `${path}#${name}`,
      name,
      exported: isExported,
      node,
      initCallee:
        init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) ? init.expression : undefined,
    });
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const from = resolve(st.moduleSpecifier.text);
      const bindings = st.importClause?.namedBindings;
      if (!from || !bindings) continue;
      if (ts.isNamespaceImport(bindings)) mod.imports.set(bindings.name.text, { from, name: '*' });
      else
        for (const el of bindings.elements)
          mod.imports.set(el.name.text, { from, name: (el.propertyName ?? el.name).text });
    } else if (ts.isExportDeclaration(st)) {
      const from =
        st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)
          ? resolve(st.moduleSpecifier.text)
          : undefined;
      const clause = st.exportClause;
      if (st.moduleSpecifier) {
        if (!from) continue;
        if (!clause) mod.reexports.push({ from });
        else if (ts.isNamedExports(clause))
          mod.reexports.push({
            from,
            names: new Map(clause.elements.map((el) => [el.name.text, (el.propertyName ?? el.name).text])),
          });
      } else if (clause && ts.isNamedExports(clause)) {
        for (const el of clause.elements)
          mod.localExports.set(el.name.text, (el.propertyName ?? el.name).text);
      }
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      declare(st.name.text, exported(st), st.body);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations)
        if (ts.isIdentifier(d.name)) declare(d.name.text, exported(st), d.initializer, d.initializer);
    } else if (ts.isClassDeclaration(st) && st.name) {
      declare(st.name.text, exported(st), st);
    }
  }
  return mod;
}

/**
 * The exported claiming entries of `files` (path → source text): exported functions whose code
 * reaches a row lock with SKIP LOCKED — `skipLocked: true`, "SKIP LOCKED" in SQL text, a `.claim(…)`
 * on a queue engine, or a call of a function (of this or another module) that does — and exported
 * queue engines themselves; of the engine's own folder only what its index exports. Read from the
 * syntax tree, so comments do not count.
 */
export function claimingExports(files: Record<string, string>): { module: string; name: string }[] {
  const paths = new Set(Object.keys(files));
  const mods = new Map([...paths].map((p) => [p, parseModule(p, files[p]!, paths)]));
  const declOf = (key: string) => {
    const i = key.lastIndexOf('#');
    return mods.get(key.slice(0, i))?.decls.get(key.slice(i + 1));
  };

  const exportedKey = (path: string, name: string, seen = new Set<string>()): string | undefined => {
    const id = `${path}#${name}`;
    const mod = mods.get(path);
    if (!mod || seen.has(id)) return undefined;
    seen.add(id);
    const local = mod.localExports.get(name);
    if (local !== undefined) return localKey(path, local, seen);
    if (mod.decls.has(name)) return id;
    for (const r of mod.reexports) {
      const inner = r.names ? r.names.get(name) : name;
      const found = inner === undefined ? undefined : exportedKey(r.from, inner, seen);
      if (found) return found;
    }
    return undefined;
  };
  const localKey = (path: string, name: string, seen = new Set<string>()): string | undefined => {
    const mod = mods.get(path)!;
    if (mod.decls.has(name)) return `${path}#${name}`;
    const imp = mod.imports.get(name);
    return imp && imp.name !== '*' ? exportedKey(imp.from, imp.name, seen) : undefined;
  };

  const isEngine = (d: Decl, path: string) =>
    d.initCallee !== undefined && localKey(path, d.initCallee.text) === ENGINE_FACTORY;

  /** Per declaration: whether its own code has a marker, and which declarations it refers to. */
  const facts = new Map<string, { marker: boolean; refs: Set<string> }>();
  for (const mod of mods.values()) {
    for (const d of mod.decls.values()) {
      const refs = new Set<string>();
      let marker = false;
      const refer = (key: string | undefined) => {
        if (key) refs.add(key);
      };
      const visit = (n: ts.Node) => {
        if (
          ts.isPropertyAssignment(n) &&
          ts.isIdentifier(n.name) &&
          n.name.text === 'skipLocked' &&
          n.initializer.kind === ts.SyntaxKind.TrueKeyword
        )
          marker = true;
        if (
          (ts.isStringLiteral(n) ||
            ts.isNoSubstitutionTemplateLiteral(n) ||
            ts.isTemplateHead(n) ||
            ts.isTemplateMiddle(n) ||
            ts.isTemplateTail(n)) &&
          /\bskip\s+locked\b/i.test(n.text)
        )
          marker = true;
        if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression)) {
          const imp = mod.imports.get(n.expression.text);
          // ns.fn through `import * as ns`
          if (imp?.name === '*') refer(exportedKey(imp.from, n.name.text));
          // engine.claim(…)
          const target = localKey(mod.path, n.expression.text);
          const engine = target && declOf(target);
          if (
            n.name.text === 'claim' &&
            engine &&
            isEngine(engine, target.slice(0, target.lastIndexOf('#'))) &&
            ts.isCallExpression(n.parent) &&
            n.parent.expression === n
          )
            marker = true;
        }
        if (ts.isIdentifier(n)) {
          const p = n.parent;
          const isName =
            (ts.isPropertyAccessExpression(p) && p.name === n) ||
            ((ts.isPropertyAssignment(p) ||
              ts.isMethodDeclaration(p) ||
              ts.isPropertySignature(p) ||
              ts.isParameter(p) ||
              ts.isVariableDeclaration(p) ||
              ts.isBindingElement(p) ||
              ts.isFunctionDeclaration(p) ||
              ts.isPropertyDeclaration(p)) &&
              p.name === n);
          if (!isName) refer(localKey(mod.path, n.text));
        }
        ts.forEachChild(n, visit);
      };
      if (d.node) visit(d.node);
      refs.delete(d.key);
      facts.set(d.key, { marker, refs });
    }
  }

  // Engines claim only through `.claim`: a reference to one (e.g. `engine.complete`) is no claim.
  const engines = new Set<string>();
  for (const mod of mods.values())
    for (const d of mod.decls.values()) if (isEngine(d, mod.path)) engines.add(d.key);
  const reaches = new Set<string>();
  for (const [key, f] of facts) if (f.marker && !engines.has(key)) reaches.add(key);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, f] of facts) {
      if (reaches.has(key) || engines.has(key)) continue;
      if ([...f.refs].some((r) => reaches.has(r))) {
        reaches.add(key);
        changed = true;
      }
    }
  }

  const engineDir = `${posix.dirname(ENGINE_INDEX)}/`;
  const isPublic = (path: string, d: Decl) =>
    !path.startsWith(engineDir) || exportedKey(ENGINE_INDEX, d.name) === d.key;
  const out: { module: string; name: string }[] = [];
  for (const mod of mods.values())
    for (const d of mod.decls.values())
      if (d.exported && (reaches.has(d.key) || engines.has(d.key)) && isPublic(mod.path, d))
        out.push({ module: mod.path, name: d.name });
  return out.sort((a, b) => (a.module + a.name < b.module + b.name ? -1 : 1));
}
