import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend } from '../support';

const root = join(import.meta.dirname, '..', '..');
const cliArgs = ['--import', 'tsx', join(root, 'src', 'cli.ts')];

/** The migration tags of a set, from its drizzle-kit journal (so new migrations need no test edit). */
const tags = (set: string): string[] =>
  (
    JSON.parse(readFileSync(join(root, 'drizzle', set, 'meta', '_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    }
  ).entries.map((e) => e.tag);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from the repository (what `npm start` / `npm run cli --` do). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...cliArgs, ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 170_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const psql = (url: string, query: string) =>
  new Promise<string>((resolve, reject) => {
    execFile(
      'psql',
      [`${url}?sslmode=disable`, '-XAtqc', query],
      { timeout: 30_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`psql: ${stderr || error.message}`)) : resolve(stdout.trim()),
    );
  });

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe('org-schema CLI: usage', () => {
  it('--help lists the commands and options; unknown commands exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const word of [
      'provision',
      'migrate',
      'seed',
      'status',
      'serve',
      '--url',
      '--data-dir',
      '--verbose',
    ])
      expect(help.stdout).toContain(word);
    const statusHelp = await cli(['status', '--help']);
    expect(statusHelp.stdout).toMatch(/Exit code 3 when migrations are pending/);
    const bad = await cli(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
  }, 60_000);

  it('an unreachable server: what went wrong and what to do, no stack trace unless --verbose', async () => {
    const url = 'postgres://nobody@127.0.0.1:1/none';
    const plain = await cli(['migrate', '--url', url]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('Cannot connect to postgres://nobody@127.0.0.1:1/none');
    expect(plain.stderr).toContain('what to do: Is the server running');
    noStack(plain.stderr);
    const verbose = await cli(['migrate', '--url', url, '--verbose']);
    expect(verbose.stderr).toMatch(/^\s+at .+/m);
  }, 60_000);
});

console.log(
  backend === 'pglite'
    ? '[cli] the --url suite runs in the postgres project only (it needs TEST_DATABASE_URL)'
    : '[cli] the embedded-PGlite suite runs in the pglite project only',
);
describe.runIf(backend === 'pglite')('org-schema CLI: embedded PGlite', () => {
  let dir: string;
  let served: ChildProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'org-schema-cli-'));
  });
  afterAll(async () => {
    served?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('status before provisioning says how to create the database', async () => {
    const r = await cli(['status', '--data-dir', join(dir, 'db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No embedded database in');
    expect(r.stderr).toContain('org-schema provision');
    noStack(r.stderr);
  }, 60_000);

  it('provision migrates and seeds with progress; a second run changes nothing; status exits 0', async () => {
    const first = await cli(['--data-dir', join(dir, 'db')]);
    expect(first.stderr, first.stderr).toMatch(
      new RegExp(`migrations quorum: ${tags('quorum').length} applied \\(\\d+ ms\\)`),
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/quorum\s+10 tables\s+7 rows {2}coupons 1, marketing_channels 6/);
    const second = await cli(['provision', '--data-dir', join(dir, 'db')]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Already up to date: nothing changed');
    const status = await cli(['status', '--data-dir', join(dir, 'db'), '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      pendingTotal: number;
      migrations: { set: string; applied: string[] }[];
      extensions: { name: string }[];
      tables: { schema: string; table: string; rows: number }[];
    };
    expect(parsed.pendingTotal).toBe(0);
    expect(parsed.migrations.find((m) => m.set === 'quorum')?.applied).toEqual(tags('quorum'));
    expect(tags('quorum').slice(0, 2)).toEqual(['0000_quorum_schema', '0001_triggers_and_grants']);
    expect(parsed.extensions.map((e) => e.name)).toEqual(
      expect.arrayContaining(['vector', 'citext', 'pgcrypto']),
    );
    expect(parsed.tables).toContainEqual({ schema: 'quorum', table: 'coupons', rows: 1 });
  }, 240_000);

  it('serve accepts psql (extensions loaded); status through it exits 3 when a migration is pending', async () => {
    const child = spawn(
      process.execPath,
      [...cliArgs, 'serve', '--data-dir', join(dir, 'db'), '--port', '0'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    served = child;
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /^(postgres:\/\/\S+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(await psql(url, 'select extname from pg_extension order by 1')).toBe(
      'citext\npgcrypto\nplpgsql\nvector',
    );
    expect(
      await psql(
        url,
        "select code, '[1,2,3]'::vector <-> '[1,2,5]'::vector, 'AbC'::citext = 'abc', length(gen_random_bytes(8)) from quorum.coupons",
      ),
    ).toBe('WELCOME2026|2|t|8');
    // Forget the last ownpilot migration: status must report it pending and exit 3.
    await psql(
      url,
      'delete from drizzle.__drizzle_migrations_ownpilot where created_at = (select max(created_at) from drizzle.__drizzle_migrations_ownpilot)',
    );
    const status = await cli(['status', '--url', url]);
    expect(status.code, status.stderr).toBe(3);
    const ownpilot = tags('ownpilot');
    expect(status.stdout).toMatch(
      new RegExp(`ownpilot\\s+${ownpilot.length - 1} applied, 1 pending: ${ownpilot[ownpilot.length - 1]}`),
    );
    expect(status.stderr).toContain('migration(s) pending');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    served = undefined;
    expect(stderr).toContain('Stopping: closing connections and flushing the data directory');
  }, 120_000);
});

describe.runIf(backend === 'postgres')('org-schema CLI: --url against a real server', () => {
  const server = process.env.TEST_DATABASE_URL!;
  const name = `cli_${process.pid}`;
  const url = () => {
    const u = new URL(server);
    u.pathname = `/${name}`;
    return u.toString();
  };
  beforeAll(async () => {
    await psqlAdmin(`drop database if exists ${name} with (force)`);
    await psqlAdmin(`create database ${name}`);
  });
  afterAll(async () => {
    await psqlAdmin(`drop database if exists ${name} with (force)`);
  });
  const psqlAdmin = (q: string) =>
    new Promise<void>((resolve, reject) =>
      execFile('psql', [server, '-XAtqc', q], (e, _o, stderr) => (e ? reject(new Error(stderr)) : resolve())),
    );

  it('status on an empty database exits 3; migrate, seed; then status exits 0', async () => {
    const before = await cli(['status', '--url', url()]);
    expect(before.code, before.stderr).toBe(3);
    expect(before.stdout).toMatch(new RegExp(`quorum\\s+0 applied, ${tags('quorum').length} pending`));
    const migrated = await cli(['migrate', '--url', url()]);
    expect(migrated.code, migrated.stderr).toBe(0);
    const seeded = await cli(['seed'], { DATABASE_URL: url() });
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stderr).toMatch(/reference data: \d+ rows inserted or updated/);
    const after = await cli(['status', '--url', url()]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/quorum\s+10 tables\s+7 rows/);
  }, 240_000);
});
