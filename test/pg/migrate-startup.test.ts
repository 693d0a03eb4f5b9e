import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSets } from '../../src/systems';

// Apps call migrate() at start-up, and several instances start at once. Each instance here is its
// own node process with its own connection and postgres-js's default notice handler (console.log),
// so what an operator would see in the logs is what the test reads.

const root = join(import.meta.dirname, '..', '..');
const server = process.env.TEST_DATABASE_URL!;
const dbName = `startup_${process.pid}_${Date.now() % 100000}`;
const url = (() => {
  const u = new URL(server);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const journalSize = migrationSets
  .map(
    (set) =>
      (
        JSON.parse(readFileSync(join(root, 'drizzle', set.name, 'meta', '_journal.json'), 'utf8')) as {
          entries: unknown[];
        }
      ).entries.length,
  )
  .reduce((a: number, b) => a + b, 0);

const script = `
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from './src/migrate.ts';
const client = postgres(process.env.URL, { max: 3 });
const result = await migrate(drizzle(client));
process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
await client.end();
`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  result?: { total: number; applied: Record<string, number> };
}

function instance(): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, env: { ...process.env, URL: url }, timeout: 240_000 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
          result: line ? JSON.parse(line.slice(7)) : undefined,
        });
      },
    );
  });
}

describe('migrate() at app start-up', () => {
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  beforeAll(async () => {
    await admin.unsafe(`create database "${dbName}"`);
  });
  afterAll(async () => {
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  });

  it('three processes on a fresh database: all succeed, one applies every migration, two find nothing to do', async () => {
    const runs = await Promise.all([instance(), instance(), instance()]);
    for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const totals = runs.map((r) => r.result?.total).sort((a, b) => (a ?? -1) - (b ?? -1));
    expect(totals).toEqual([0, 0, journalSize]);
    // The waiting instances ran no DDL, so they printed nothing but their result.
    const waiters = runs.filter((r) => r.result?.total === 0);
    for (const run of waiters)
      expect(run.stdout.split('\n').filter((l) => l && !l.startsWith('RESULT '))).toEqual([]);
  }, 300_000);

  it('an up-to-date database: three more starts apply nothing and log no notice', async () => {
    const runs = await Promise.all([instance(), instance(), instance()]);
    for (const run of runs) {
      expect({ code: run.code, stderr: run.stderr, total: run.result?.total }).toEqual({
        code: 0,
        stderr: '',
        total: 0,
      });
      expect(run.stdout.split('\n').filter((l) => l && !l.startsWith('RESULT '))).toEqual([]);
    }
  }, 300_000);
});
