/**
 * What @org/schema costs an app's type-check, on TypeScript 6 and 7, against the budgets of issue 17 §5:
 * one subpath ≤ 1.5× and the root (flat exports + combined schema) ≤ 2.5× the drizzle-orm + zod
 * baseline any such app pays anyway; plus the declaration size shipped.
 *
 *   npm run type-cost            # build if dist/ is stale, pack, install into a scratch app, measure
 *   npm run type-cost -- --runs 5
 *
 * Each project is type-checked `--runs` times per compiler, interleaved (baseline, subpath, root, …)
 * so that machine load hits them alike; the median "Total time" of `--extendedDiagnostics` is reported.
 * Exit code 1 when a budget is missed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, keep: { type: 'boolean' } },
});
const runs = Number(values.runs);
const root = join(import.meta.dirname, '..');
const compilers = { 'TS 6.0.3': 'typescript@6.0.3', 'TS 7.0.2': 'typescript@7.0.2' } as const;

const projects = {
  baseline: `import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import { z } from 'zod';
export const t = pgTable('t', { a: text('a') });
export const db = drizzle('postgres://x', { schema: { t } });
export const q = db.query.t.findMany({ where: (x, { eq }) => eq(x.a, 'a') });
export const s = z.object({ a: z.string() });
export const r = sql\`1\`;
`,
  subpath: `import { drizzle } from 'drizzle-orm/postgres-js';
import { coupons, redeemCoupon, schema } from '@org/schema/quorum';
const db = drizzle('postgres://x', { schema });
export const q = db.query.coupons.findMany({ where: (c, { eq }) => eq(c.code, 'X') });
export const r = redeemCoupon(db, { code: 'X', userId: '00000000-0000-0000-0000-000000000000' });
export type Coupon = typeof coupons.$inferSelect;
`,
  root: `import { drizzle } from 'drizzle-orm/postgres-js';
import { ownpilotTasks, quorum, rootQuery, schema, tasks } from '@org/schema';
const db = drizzle('postgres://x', { schema });
const query = rootQuery(db);
export const q = query.tasks.findMany({ where: (t, { eq }) => eq(t.status, 'pending') });
export const o = query.ownpilotTasks.findFirst({ with: { project: true } });
export const r = quorum.redeemCoupon(db, { code: 'X', userId: '00000000-0000-0000-0000-000000000000' });
export type Task = typeof tasks.$inferSelect;
export type OwnTask = typeof ownpilotTasks.$inferSelect;
`,
  // The same queries through drizzle's own `db.query` type over the root schema: reported, no budget
  // (drizzle's ExtractTablesWithRelations compares each of its 366 entries with Table).
  rootDbQuery: `import { drizzle } from 'drizzle-orm/postgres-js';
import { schema } from '@org/schema';
const db = drizzle('postgres://x', { schema });
export const q = db.query.tasks.findMany({ where: (t, { eq }) => eq(t.status, 'pending') });
export const o = db.query.ownpilotTasks.findFirst({ with: { project: true } });
`,
  rootTypeOnly: `import type { Database } from '@org/schema';
export type D = Database;
`,
  typesOnly: `import type { Database, Result } from '@org/schema/types';
export type D = Database;
export type R = Result<{ id: string }, 'NOT_FOUND'>;
`,
} as const;
const budgets: Partial<Record<keyof typeof projects, number>> = { subpath: 1.5, root: 2.5, typesOnly: 1.5 };

function sh(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function declarationBytes(dir: string): { dts: number; dcts: number } {
  const sum = { dts: 0, dcts: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const size = statSync(join(e.parentPath, e.name)).size;
    if (e.name.endsWith('.d.ts')) sum.dts += size;
    else if (e.name.endsWith('.d.cts')) sum.dcts += size;
  }
  return sum;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): number {
  const dist = join(root, 'dist');
  let fresh = false;
  try {
    fresh =
      statSync(join(dist, 'index.js')).mtimeMs >
      Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  } catch {}
  if (!fresh) {
    console.error('[type-cost] building dist/ …');
    sh('npm', ['run', 'build'], root);
  }
  const work = mkdtempSync(join(tmpdir(), 'org-schema-type-cost-'));
  try {
    const packed = JSON.parse(sh('npm', ['pack', '--pack-destination', work, '--json'], root)) as {
      filename: string;
    }[];
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    console.error('[type-cost] installing the tarball, drizzle-orm, zod, postgres and both compilers …');
    sh(
      'npm',
      [
        'install',
        join(work, packed[0]!.filename),
        'drizzle-orm@0.45.4',
        'zod@4',
        'postgres@3',
        ...Object.values(compilers).map((spec, i) => `ts${i}@npm:${spec}`),
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
      ],
      app,
    );
    for (const [name, source] of Object.entries(projects)) {
      writeFileSync(join(app, `${name}.mts`), source);
      writeFileSync(
        join(app, `tsconfig.${name}.json`),
        JSON.stringify({
          compilerOptions: {
            module: 'nodenext',
            moduleResolution: 'nodenext',
            target: 'es2022',
            lib: ['es2022'],
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: [],
          },
          files: [`${name}.mts`],
        }),
      );
    }
    const seconds: Record<string, Record<string, number[]>> = {};
    Object.keys(compilers).forEach((label, i) => {
      seconds[label] = {};
      const tsc = join(app, 'node_modules', `ts${i}`, 'bin', 'tsc');
      for (let r = 0; r < runs; r++)
        for (const name of Object.keys(projects)) {
          let out: string;
          try {
            out = sh(process.execPath, [tsc, '-p', `tsconfig.${name}.json`, '--extendedDiagnostics'], app);
          } catch (error) {
            const e = error as { stdout?: string; stderr?: string };
            throw new Error(`${label} ${name} does not type-check:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
          }
          const total = /Total time:\s+([\d.]+)(m?s)/.exec(out);
          if (!total) throw new Error(`${label}: no "Total time" in --extendedDiagnostics output:\n${out}`);
          const s = Number(total[1]) / (total[2] === 'ms' ? 1000 : 1);
          const samples = seconds[label]![name] ?? [];
          samples.push(s);
          seconds[label]![name] = samples;
        }
    });
    const decl = declarationBytes(dist);
    let missed = 0;
    const lines = [
      `| compiler | ${Object.keys(projects).join(' | ')} |`,
      `|---|${Object.keys(projects)
        .map(() => '---')
        .join('|')}|`,
    ];
    for (const [label, byProject] of Object.entries(seconds)) {
      const base = median(byProject.baseline!);
      const cells = Object.keys(projects).map((name) => {
        const s = median(byProject[name]!);
        const ratio = s / base;
        const budget = budgets[name as keyof typeof projects];
        const over = budget !== undefined && ratio > budget;
        if (over) missed++;
        return name === 'baseline'
          ? `${s.toFixed(2)} s`
          : `${s.toFixed(2)} s (${ratio.toFixed(2)}×${budget ? `, budget ${budget}×${over ? ' MISSED' : ''}` : ''})`;
      });
      lines.push(`| ${label} | ${cells.join(' | ')} |`);
    }
    console.log(
      `${lines.join('\n')}\n\nmedian of ${runs} interleaved runs, tsc --extendedDiagnostics "Total time", skipLibCheck; declarations in dist/: .d.ts ${(decl.dts / 1e6).toFixed(1)} MB, .d.cts ${(decl.dcts / 1e6).toFixed(1)} MB`,
    );
    return missed ? 1 : 0;
  } finally {
    if (!values.keep) rmSync(work, { recursive: true, force: true });
    else console.error(`[type-cost] kept ${work}`);
  }
}

process.exitCode = main();
