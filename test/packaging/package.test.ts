import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSets } from '../../src/systems';
import { backend } from '../support';

// The package as a consumer gets it: build once (or reuse a dist/ newer than every source), `npm pack`, install the
// tarball into a scratch project, then use it from ESM, CJS and TypeScript, against PGlite and a real server; bundle
// a quorum-only consumer; publint and attw on the tarball. Slow (minutes), so it runs in one project only.

const root = join(import.meta.dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl)
  console.log(
    '[packaging] the real-server run of the installed package is skipped: TEST_DATABASE_URL is not set',
  );
const figures: Record<string, string> = {};
/** Migrations in a set's journal: what a first migrate() applies. */
const migrationCount = (set: string) =>
  (
    JSON.parse(readFileSync(join(root, 'drizzle', set, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    }
  ).entries.length;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  timeout = 300_000,
): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 64 << 20 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
          ms: Math.round(performance.now() - started),
        }),
    );
  });
}

const ok = (r: Run, what: string) => {
  if (r.code !== 0)
    throw new Error(`${what} failed (${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r;
};

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

async function newDatabase(name: string): Promise<string> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl!);
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(name: string) {
  const { default: postgres } = await import('postgres');
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

// What the consumer runs: the README's quorum example, on PGlite (no argument) or a server URL.
const consumer = (kind: 'esm' | 'cjs') => `${
  kind === 'esm'
    ? `import { coupons, redeemCoupon, seedQuorum, schema } from '@org/schema/quorum';
import { migrate, openPGlite } from '@org/schema';
import { eq, sql } from 'drizzle-orm';`
    : `const { coupons, redeemCoupon, seedQuorum, schema } = require('@org/schema/quorum');
const { migrate, openPGlite } = require('@org/schema');
const { eq, sql } = require('drizzle-orm');`
}
async function main() {
  const url = process.argv[2];
  let db, close;
  if (url) {
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { default: postgres } = await import('postgres');
    const client = postgres(url, { max: 2, onnotice: () => {} });
    db = drizzle(client, { schema });
    close = () => client.end();
  } else {
    const { drizzle } = await import('drizzle-orm/pglite');
    const pg = await openPGlite();
    db = drizzle(pg, { schema });
    close = () => pg.close();
  }
  try {
    const migrated = await migrate(db, { systems: ['quorum'] });
    await seedQuorum(db);
    const userId = crypto.randomUUID();
    await db.execute(sql\`insert into auth.users (id) values (\${userId})\`);
    await db.execute(sql\`insert into quorum.profiles (id) values (\${userId})\`);
    const first = await redeemCoupon(db, { code: ' welcome2026 ', userId });
    const again = await redeemCoupon(db, { code: 'WELCOME2026', userId });
    const [coupon] = await db.select().from(coupons).where(eq(coupons.code, 'WELCOME2026'));
    console.log(JSON.stringify({ migrated: migrated.applied, first: { success: first.success, credits: first.creditsAwarded, balance: first.newBalance }, again: again.error, uses: coupon.currentUses }));
  } finally {
    await close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

const typeCheckEsm = `import { coupons, redeemCoupon, redeemCouponErrors, type RedeemCouponResult } from '@org/schema/quorum';

type Database = Parameters<typeof redeemCoupon>[0];

type Coupon = typeof coupons.$inferSelect;
const code: Coupon['code'] = 'X';
const uses: Coupon['currentUses'] = 1;
export async function use(db: Database): Promise<number> {
  const r: RedeemCouponResult = await redeemCoupon(db, { code, userId: '00000000-0000-0000-0000-000000000000' });
  if (r.success) return r.creditsAwarded + uses;
  const e: (typeof redeemCouponErrors)[number] = r.error;
  return e.length;
}
// @ts-expect-error: not a column
export const nope: Coupon['no_such_column'] = 1;
`;

const typeCheckCjs = `import quorum = require('@org/schema/quorum');
type Coupon = typeof quorum.coupons.$inferSelect;
export const credits: Coupon['creditsAmount'] = 5;
export const fn: typeof quorum.redeemCoupon = quorum.redeemCoupon;
`;

// What any drizzle + zod app pays anyway: the baseline the budget is compared with on a loaded machine.
const typeCheckBaseline = `import { sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import { z } from 'zod';
export const t = pgTable('t', { a: text('a') });
export const s = z.string();
export const q = sql\`1\`;
`;

// An app of its own: root imports (\`tasks\` is Portal's), db.query over the combined root schema.
const appQueryEsm = `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { rootQuery, schema, tasks, ownpilotTasks } from '@org/schema';
const db = drizzle(postgres('postgres://x'), { schema });
export const open = db.query.tasks.findMany({ where: (t, { eq }) => eq(t.status, 'pending'), columns: { id: true } });
export const theirs = db.query.ownpilotTasks.findFirst({ columns: { title: true } });
export type Task = typeof tasks.$inferSelect;
export const title: (typeof ownpilotTasks.$inferSelect)['title'] = 'x';
// rootQuery: the same query builders, typed from the package's written-out relational config.
export const viaRoot = rootQuery(db).ownpilotTasks.findFirst({ columns: { title: true }, with: { project: { columns: { name: true } } } });
export const same: Promise<{ title: string; project: { name: string } | null } | undefined> = viaRoot;
`;
// The same from CommonJS, with the where condition built by the app's own drizzle-orm import (docs/apps.md:
// drizzle-orm 0.45's where callback in CJS, issue #5337).
const appQueryCjs = `import orm = require('drizzle-orm');
import pgjs = require('drizzle-orm/postgres-js');
import postgres = require('postgres');
import org = require('@org/schema');
const db = pgjs.drizzle(postgres('postgres://x'), { schema: org.schema });
export const open = db.query.tasks.findMany({ where: orm.eq(org.tasks.status, 'pending'), columns: { id: true } });
export type Task = typeof org.tasks.$inferSelect;
`;
// The app's own tests: vitest (ESM) and node:test (CommonJS) on createTestDb({ schema }).
const appTestEsm = `import { expect, it } from 'vitest';
import { createTestDb } from '@org/schema/testing';
import { schema, tasks } from '@org/schema';
it('queries the combined schema on a test database', async () => {
  const t = await createTestDb({ schema });
  try {
    await t.db.insert(tasks).values({ description: 'from the app' });
    expect(await t.db.query.tasks.findMany({ columns: { id: true, description: true } })).toEqual([
      { id: 'TASK-001', description: 'from the app' },
    ]);
  } finally {
    await t.close();
  }
}, 120_000); // the first createTestDb of a process migrates PGlite: seconds, not milliseconds
`;
const appTestCjs = `const test = require('node:test');
const assert = require('node:assert/strict');
const { createTestDb } = require('@org/schema/testing');
const { schema, tasks } = require('@org/schema');
test('queries the combined schema on a test database (CommonJS)', async () => {
  const t = await createTestDb({ schema });
  try {
    await t.db.insert(tasks).values({ description: 'from the cjs app' });
    assert.deepEqual(await t.db.query.tasks.findMany({ columns: { id: true } }), [{ id: 'TASK-001' }]);
  } finally {
    await t.close();
  }
});
`;

const tsProjects = {
  esm: 'types.mts',
  cjs: 'types-cjs.cts',
  baseline: 'base.mts',
  root: 'root.mts',
  typesOnly: 'types-only.mts',
  appEsm: 'app-query.mts',
  appCjs: 'app-query.cts',
  appQuorum: 'app-quorum.mts',
  appRoot: 'app-root.mts',
};

// Apps that pass their drizzle database to the package's functions: their type-check cost is counted in
// instantiations (deterministic for a compiler version) against a ceiling that a `PgDatabase`-typed
// `db` parameter (≈ 86,000 more) or drizzle's `db.query` over the root schema (≈ 600,000) would break.
const appQuorum = `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { coupons, redeemCoupon, schema } from '@org/schema/quorum';
const db = drizzle(postgres('postgres://x'), { schema });
export const q = db.query.coupons.findMany({ where: (c, { eq }) => eq(c.code, 'X') });
export const r = redeemCoupon(db, { code: 'X', userId: '00000000-0000-0000-0000-000000000000' });
export const inTx = db.transaction((tx) => redeemCoupon(tx, { code: 'X', userId: '00000000-0000-0000-0000-000000000000' }));
export type Coupon = typeof coupons.$inferSelect;
`;
const appRoot = `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { migrate, ownpilotTasks, quorum, rootQuery, schema, tasks } from '@org/schema';
const db = drizzle(postgres('postgres://x'), { schema });
export const m = migrate(db);
const query = rootQuery(db);
export const q = query.tasks.findMany({ where: (t, { eq }) => eq(t.status, 'pending') });
export const o = query.ownpilotTasks.findFirst({ with: { project: true } });
export const r = quorum.redeemCoupon(db, { code: 'X', userId: '00000000-0000-0000-0000-000000000000' });
export type Task = typeof tasks.$inferSelect;
export type OwnTask = typeof ownpilotTasks.$inferSelect;
`;
const instantiationCeiling = { appQuorum: 60_000, appRoot: 60_000 };

if (backend !== 'pglite') {
  console.log(
    '[packaging] skipped in the postgres project: the tarball is built and installed once, in the pglite project, whose checks also run against TEST_DATABASE_URL',
  );
}
describe.runIf(backend === 'pglite')('the npm package, installed from its tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'org-schema-pack-'));
  const stage = join(work, 'stage');
  const scratch = join(work, 'scratch');
  let tarball = '';
  const dbNames: string[] = [];

  beforeAll(async () => {
    mkdirSync(stage);
    const distFresh =
      existsSync(join(root, 'dist', 'index.js')) &&
      statSync(join(root, 'dist', 'index.js')).mtimeMs >
        Math.max(
          newestMtime(join(root, 'src')),
          newestMtime(join(root, 'tsup.config.ts')),
          newestMtime(join(root, 'package.json')),
        );
    if (distFresh) {
      cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true });
      figures.build = 'reused dist/ (newer than src/)';
    } else {
      const build = ok(
        await run(bin('tsup'), ['--out-dir', join(stage, 'dist')], root, {}, 400_000),
        'tsup build',
      );
      figures.build = `${(build.ms / 1000).toFixed(1)} s`;
    }
    for (const f of ['package.json', 'README.md']) cpSync(join(root, f), join(stage, f));
    cpSync(join(root, 'drizzle'), join(stage, 'drizzle'), { recursive: true });
    const pack = ok(await run('npm', ['pack', '--pack-destination', work, '--json'], stage), 'npm pack');
    const [info] = JSON.parse(pack.stdout) as {
      filename: string;
      size: number;
      unpackedSize: number;
      entryCount: number;
    }[];
    tarball = join(work, info!.filename);
    figures.pack = `${(pack.ms / 1000).toFixed(1)} s, ${(info!.size / 1024).toFixed(0)} KiB packed, ${(info!.unpackedSize / 1024 / 1024).toFixed(1)} MiB unpacked, ${info!.entryCount} files`;

    mkdirSync(scratch);
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, version: '0.0.0' }),
    );
    const install = ok(
      await run(
        'npm',
        [
          'install',
          tarball,
          'drizzle-orm@0.45.4',
          'zod@4',
          '@electric-sql/pglite@0.5.14',
          '@electric-sql/pglite-pgvector@0.0.15',
          'postgres@3',
          'drizzle-kit@0.31.11',
          'vitest@4.1.12',
          // Consumers on TS 7 (what `npm install typescript` gives now) next to the repo's TS 6.
          'typescript7@npm:typescript@7.0.2',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
        ],
        scratch,
        {},
        400_000,
      ),
      'npm install',
    );
    figures.install = `${(install.ms / 1000).toFixed(1)} s`;
    writeFileSync(join(scratch, 'app.mjs'), consumer('esm'));
    writeFileSync(join(scratch, 'app.cjs'), consumer('cjs'));
    writeFileSync(join(scratch, 'types.mts'), typeCheckEsm);
    writeFileSync(join(scratch, 'types-cjs.cts'), typeCheckCjs);
    writeFileSync(join(scratch, 'base.mts'), typeCheckBaseline);
    writeFileSync(join(scratch, 'app-query.mts'), appQueryEsm);
    writeFileSync(join(scratch, 'app-query.cts'), appQueryCjs);
    writeFileSync(join(scratch, 'app.test.mjs'), appTestEsm);
    writeFileSync(join(scratch, 'app-cjs.test.cjs'), appTestCjs);
    writeFileSync(join(scratch, 'app-quorum.mts'), appQuorum);
    writeFileSync(join(scratch, 'app-root.mts'), appRoot);
    writeFileSync(
      join(scratch, 'root.mts'),
      "import type { Database } from '@org/schema';\nexport type D = Database;\n",
    );
    writeFileSync(
      join(scratch, 'types-only.mts'),
      "import type { Database, Result } from '@org/schema/types';\nexport type D = Database;\nexport type R = Result<{ id: string }, 'NOT_FOUND'>;\n",
    );
    for (const [name, file] of Object.entries(tsProjects)) {
      writeFileSync(
        join(scratch, `tsconfig.${name}.json`),
        JSON.stringify({
          // A Node consumer's usual settings; skipLibCheck as almost every app has it.
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
          files: [file],
        }),
      );
    }
  }, 900_000);

  afterAll(async () => {
    for (const name of dbNames) await dropDatabase(name);
    rmSync(work, { recursive: true, force: true });
    console.log(
      `[packaging] ${Object.entries(figures)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
  });

  it('ships dist, drizzle migrations and README; publint and attw find no problems', async () => {
    const listing = ok(await run('tar', ['-tzf', tarball], work), 'tar');
    const files = listing.stdout.split('\n');
    expect(files).toContain('package/dist/quorum/index.js');
    expect(files).toContain('package/dist/quorum/index.cjs');
    expect(files).toContain('package/dist/quorum/index.d.ts');
    expect(files).toContain('package/dist/quorum/index.d.cts');
    expect(files).toContain('package/drizzle/quorum/meta/_journal.json');
    expect(files.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);
    expect(files).toContain('package/dist/types.d.ts');
    // Issue 17 §5: declarations under half of the 17.6 MB they were (tables named through `typeof`,
    // not spelled out again in every schema object and validator).
    const declarationBytes = readdirSync(join(stage, 'dist'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.d\.c?ts$/.test(e.name))
      .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
    figures.declarations = `${(declarationBytes / 1e6).toFixed(1)} MB (.d.ts + .d.cts)`;
    expect(declarationBytes).toBeLessThan(8.8e6);
    const publint = await run(bin('publint'), ['--strict', stage], root);
    expect(publint.code, publint.stdout + publint.stderr).toBe(0);
    expect(publint.stdout).toContain('All good!');
    const attw = await run(bin('attw'), [tarball, '--profile', 'node16', '--format', 'ascii'], root);
    expect(attw.code, attw.stdout + attw.stderr).toBe(0);
  }, 120_000);

  it('works from ESM and CJS against PGlite', async () => {
    for (const file of ['app.mjs', 'app.cjs']) {
      const r = ok(await run(process.execPath, [file], scratch), file);
      const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      expect(out, file).toEqual({
        migrated: { foundation: migrationCount('foundation'), quorum: migrationCount('quorum') },
        first: { success: true, credits: 500, balance: 500 },
        again: 'ALREADY_REDEEMED',
        uses: 1,
      });
    }
  }, 180_000);

  it.runIf(Boolean(serverUrl))(
    'works from ESM and CJS against the real server',
    async () => {
      for (const file of ['app.mjs', 'app.cjs']) {
        const name = `pack_${file.replace('.', '_')}_${process.pid}`;
        dbNames.push(name);
        const url = await newDatabase(name);
        const r = ok(await run(process.execPath, [file, url], scratch), `${file} (server)`);
        const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
        expect(out.first).toEqual({ success: true, credits: 500, balance: 500 });
        expect(out.again).toBe('ALREADY_REDEEMED');
      }
    },
    120_000,
  );

  it('the installed org-schema CLI works (help, migrate, seed, status)', async () => {
    const cli = join(scratch, 'node_modules', '.bin', 'org-schema');
    const help = ok(await run(cli, ['--help'], scratch), 'org-schema --help');
    expect(help.stdout).toContain('status');
    const target = serverUrl ? await newDatabase(`pack_cli_${process.pid}`) : undefined;
    if (target) dbNames.push(`pack_cli_${process.pid}`);
    const where = target ? ['--url', target] : ['--data-dir', join(work, 'cli-data')];
    const pending = await run(cli, ['status', ...where], scratch);
    expect(pending.code, pending.stderr).toBe(target ? 3 : 1);
    ok(await run(cli, ['migrate', ...where], scratch), 'org-schema migrate');
    const seeded = ok(await run(cli, ['seed', ...where], scratch), 'org-schema seed');
    expect(seeded.stderr).toMatch(/reference data: [1-9]\d* rows inserted or updated/);
    const status = await run(cli, ['status', ...where], scratch);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/quorum\s+10 tables\s+7 rows/);
  }, 240_000);

  it.runIf(Boolean(serverUrl))(
    'provisions with push as the README says: push-setup, drizzle-kit push with pushConfig(), push-setup',
    async () => {
      const name = `pack_push_${process.pid}`;
      dbNames.push(name);
      const url = await newDatabase(name);
      writeFileSync(
        join(scratch, 'drizzle.config.ts'),
        "import { pushConfig } from '@org/schema/push';\nexport default pushConfig();\n",
      );
      const cli = join(scratch, 'node_modules', '.bin', 'org-schema');
      const before = ok(await run(cli, ['push-setup', '--url', url], scratch), 'push-setup (before)');
      expect(before.stdout).toContain('ready for drizzle-kit push: messaging, portal, quorum');
      const push = ok(
        await run(join(scratch, 'node_modules', '.bin', 'drizzle-kit'), ['push'], scratch, {
          DATABASE_URL: url,
        }),
        'drizzle-kit push',
      );
      expect(push.stdout + push.stderr).toContain('Changes applied');
      const after = ok(await run(cli, ['push-setup', '--url', url], scratch), 'push-setup (after)');
      expect(after.stdout).toContain(
        'pushed tables adopted into migration tracking: messaging, portal, quorum',
      );
      const status = await run(cli, ['status', '--url', url], scratch);
      expect(status.code, status.stderr).toBe(0);
      const r = ok(await run(process.execPath, ['app.mjs', url], scratch), 'app.mjs (pushed database)');
      expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!).first).toEqual({
        success: true,
        credits: 500,
        balance: 500,
      });
    },
    240_000,
  );

  it("runs the app's own tests on createTestDb({ schema }): vitest (ESM) and node:test (CommonJS)", async () => {
    // No template from this repository's setup: the app's first call migrates (or loads the cached template).
    const env = { ORG_SCHEMA_PGLITE_TEMPLATE: '', ORG_SCHEMA_TEST_BACKEND: 'pglite' };
    const vitest = await run(
      join(scratch, 'node_modules', '.bin', 'vitest'),
      ['run', 'app.test.mjs', '--root', scratch],
      scratch,
      env,
    );
    expect(vitest.code, vitest.stdout + vitest.stderr).toBe(0);
    expect(stripVTControlCharacters(vitest.stdout)).toMatch(/Tests\s+1 passed/);
    const nodeTest = await run(process.execPath, ['--test', 'app-cjs.test.cjs'], scratch, env);
    expect(nodeTest.code, nodeTest.stdout + nodeTest.stderr).toBe(0);
    expect(nodeTest.stdout).toMatch(/# pass 1/);
  }, 180_000);

  it('type-checks (ESM and CJS consumers of @org/schema/quorum) within the 5 s budget', async () => {
    const seconds: Record<string, number> = {};
    for (const name of Object.keys(tsProjects)) {
      const tsc = await run(
        process.execPath,
        [
          join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          `tsconfig.${name}.json`,
          '--extendedDiagnostics',
        ],
        scratch,
      );
      expect(tsc.code, `${name}: ${tsc.stdout}${tsc.stderr}`).toBe(0);
      seconds[name] = Number(/Total time:\s+([\d.]+)s/.exec(tsc.stdout)?.[1]);
      const ceiling = instantiationCeiling[name as keyof typeof instantiationCeiling];
      if (ceiling) {
        const instantiations = Number(/Instantiations:\s+(\d+)/.exec(tsc.stdout)?.[1]);
        expect(instantiations, `${name}: type instantiations`).toBeLessThan(ceiling);
      }
    }
    figures.typecheck = `${Object.entries(seconds)
      .map(([k, v]) => `${k} ${v.toFixed(2)} s`)
      .join(', ')} (tsc Total time; root = \`import type { Database } from '@org/schema'\`)`;
    // On an idle machine the drizzle+zod baseline takes ~1 s. When other work slows it past 2.5 s, hold the
    // package to its own share of the budget instead of failing on the machine's load.
    const loaded = seconds.baseline! > 2.5;
    for (const kind of ['esm', 'cjs']) {
      if (loaded) expect(seconds[kind]! - seconds.baseline!, kind).toBeLessThan(2.5);
      else expect(seconds[kind], kind).toBeLessThan(5);
    }
  }, 180_000);

  it('type-checks the same ESM and CJS consumers on TypeScript 7.0', async () => {
    const tsc7 = join(scratch, 'node_modules', 'typescript7', 'bin', 'tsc');
    const version = await run(process.execPath, [tsc7, '--version'], scratch);
    expect(version.stdout).toContain('Version 7.0.2');
    for (const name of Object.keys(tsProjects)) {
      const tsc = await run(process.execPath, [tsc7, '-p', `tsconfig.${name}.json`], scratch);
      expect(tsc.code, `${name} (TS 7): ${tsc.stdout}${tsc.stderr}`).toBe(0);
    }
  }, 180_000);

  it('a consumer bundle of @org/schema/quorum contains no other system', async () => {
    writeFileSync(
      join(scratch, 'bundle-entry.mjs'),
      "import { coupons, redeemCoupon } from '@org/schema/quorum';\nexport { coupons, redeemCoupon };\n",
    );
    const esbuild = await import('esbuild');
    const sizes: Record<string, number> = {};
    let text = '';
    for (const [label, external] of [
      ['with dependencies', ['@electric-sql/*', 'postgres']],
      ['@org/schema only', ['@electric-sql/*', 'postgres', 'drizzle-orm', 'drizzle-zod', 'zod']],
    ] as const) {
      const result = await esbuild.build({
        absWorkingDir: scratch,
        entryPoints: ['bundle-entry.mjs'],
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'esm',
        external: [...external],
        write: false,
        logLevel: 'silent',
      });
      const out = result.outputFiles[0]!;
      sizes[label] = out.contents.length;
      if (label === '@org/schema only') text = out.text;
    }
    figures.bundle = Object.entries(sizes)
      .map(([k, v]) => `${k} ${(v / 1024).toFixed(1)} KiB`)
      .join(', ');
    // Every other system's table names must be absent, minus the names quorum uses itself for a table or
    // a column (sessions, notes, …).
    const quorumNames = new Set<string>();
    const others = new Set<string>();
    for (const set of migrationSets) {
      if (set.name === 'foundation') continue;
      const mod = (await import(`../../src/${set.name}/index.ts`)) as Record<string, unknown>;
      for (const v of Object.values(mod)) {
        if (!is(v, PgTable)) continue;
        const config = getTableConfig(v);
        if (set.name !== 'quorum') others.add(config.name);
        else for (const n of [config.name, ...config.columns.map((c) => c.name)]) quorumNames.add(n);
      }
    }
    for (const q of quorumNames) others.delete(q);
    expect(others.size).toBeGreaterThan(100);
    const found = [...others].filter((name) => text.includes(`"${name}"`));
    expect(found).toEqual([]);
    figures.bundle += ` (${others.size} other systems' table names absent)`;
    expect(text).toContain('"coupon_redemptions"');
  }, 180_000);
});
