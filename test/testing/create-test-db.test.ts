import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { is, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { schema, tasks } from '../../src';
import { countRows, createTestDb } from '../../src/testing';
import { backend, expectPgError } from '../support';

const root = join(import.meta.dirname, '..', '..');

describe('createTestDb (the testing helpers apps use)', () => {
  it('takes a relational schema, so db.query works without re-wrapping', async () => {
    const t = await createTestDb({ schema });
    try {
      expect(t.backend).toBe(backend);
      await t.db.insert(tasks).values({ description: 'write the test', category: 'Technical' });
      const found = await t.db.query.tasks.findMany({ columns: { id: true, description: true } });
      expect(found).toEqual([{ id: 'TASK-001', description: 'write the test' }]);
      if (backend === 'postgres') {
        const second = await t.connect();
        try {
          expect(await second.db.query.tasks.findFirst({ columns: { id: true } })).toEqual({
            id: 'TASK-001',
          });
        } finally {
          await second.close();
        }
      }
    } finally {
      await t.close();
    }
  });

  it('a plain node script exits after its last close() (the template instance is closed too)', async () => {
    const script = join(mkdtempSync(join(tmpdir(), 'exit-script-')), 'script.mts');
    writeFileSync(
      script,
      `import { createTestDb } from ${JSON.stringify(join(root, 'src', 'testing', 'index.ts'))};
const a = await createTestDb();
const b = await createTestDb();
await a.close();
await b.close();
console.log('closed');
`,
    );
    const outcome = await new Promise<{ code: number | null; signal: string | null; out: string }>(
      (resolve) => {
        const child = execFile(
          process.execPath,
          [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script],
          { cwd: root, timeout: 60_000, killSignal: 'SIGKILL' },
          (_error, stdout, stderr) =>
            resolve({ code: child.exitCode, signal: child.signalCode, out: `${stdout}${stderr}` }),
        );
      },
    );
    expect(outcome.out).toContain('closed');
    // Killed by the timeout (SIGKILL) when the process hangs after close().
    expect({ code: outcome.code, signal: outcome.signal }).toEqual({ code: 0, signal: null });
  }, 90_000);

  // The postgres backend's template lives on a server: needs TEST_DATABASE_URL.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'names the missing template and the setup to run',
    async () => {
      const url = process.env.TEST_DATABASE_URL!;
      const saved = process.env.ORG_SCHEMA_PG_TEMPLATE;
      process.env.ORG_SCHEMA_PG_TEMPLATE = 'org_schema_template_missing';
      try {
        await expect(createTestDb({ backend: 'postgres', url })).rejects.toThrow(
          /^createTestDb: the template database org_schema_template_missing does not exist\. Create it once per test run with preparePostgresTemplate\(url\)/,
        );
      } finally {
        process.env.ORG_SCHEMA_PG_TEMPLATE = saved;
      }
    },
  );
});

describe('createTestDb({ rollback: true }) (per-test rollback)', () => {
  it('each test sees the database as it was; a failing statement fails alone; db is no transaction object', async () => {
    const t = await createTestDb({ rollback: true });
    try {
      expect(t.backend).toBe(backend);
      // Outside begin() … rollback() a statement would commit: it throws instead.
      await expect(t.db.execute(sql`select 1`)).rejects.toMatchObject({
        cause: { message: expect.stringMatching(/no test transaction is open/) },
      });
      expect(is(t.db, PgTransaction)).toBe(false);
      await t.begin();
      await t.db.insert(tasks).values({ description: 'first', category: 'Technical' });
      // A constraint error fails only its statement: the test's transaction goes on.
      await expectPgError(
        t.db.execute(
          sql`insert into portal.tasks (id, description, category) values ('TASK-x', null, 'Technical')`,
        ),
        '23502',
      );
      expect(await countRows(t.db as never, 'portal.tasks')).toBe(1);
      // db.transaction is a savepoint: a throw undoes just it.
      await expect(
        t.db.transaction(async (tx) => {
          await tx.insert(tasks).values({ description: 'undone', category: 'Technical' });
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect(await countRows(t.db as never, 'portal.tasks')).toBe(1);
      // SET LOCAL in db.transaction ends with it, as with a real transaction.
      const before = await t.db.execute(sql`select current_user as u`);
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`set local role anon`);
        await tx.execute(sql`select set_config('request.jwt.claim.sub', 'x', true)`);
      });
      expect(await t.db.execute(sql`select current_user as u`)).toEqual(before);
      const claim = await t.db.execute(
        sql`select coalesce(current_setting('request.jwt.claim.sub', true), '') as c`,
      );
      expect(JSON.stringify(claim)).toContain('"c":""');
      await t.rollback();
      expect(await t.withRollback((db) => countRows(db as never, 'portal.tasks'))).toBe(0);
    } finally {
      await t.close();
    }
  });
});

if (backend !== 'pglite') {
  console.log(
    '[create-test-db] reuse test skipped in the postgres project: reuse applies to PGlite databases only',
  );
}
describe('createTestDb({ rollback: true, reuse: true }) (one PGlite for the files of a process)', () => {
  const nextTaskSeq = async (db: Parameters<typeof countRows>[0]) => {
    const rows = await db.execute(sql`select nextval('portal.tasks_id_seq')::int as n`);
    return Number((Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0]!.n);
  };

  it.runIf(backend === 'pglite')(
    'a closed database is taken by the next one: its tables pristine, its sequences advanced',
    async () => {
      const first = await createTestDb({ rollback: true, reuse: true });
      const n = await first.withRollback(async (db) => {
        await db.insert(tasks).values({ id: 'TASK-reuse', description: 'gone', category: 'Technical' });
        return nextTaskSeq(db as never);
      });
      await first.close();
      const second = await createTestDb({ rollback: true, reuse: true, schema });
      try {
        await second.withRollback(async (db) => {
          expect(await countRows(db as never, 'portal.tasks')).toBe(0);
          // nextval is not transactional: the same PGlite, not a new one from the template.
          expect(await nextTaskSeq(db as never)).toBe(n + 1);
          expect(await db.query.tasks.findMany()).toEqual([]);
        });
        // While `second` is open, another database gets an instance of its own.
        const third = await createTestDb({ rollback: true, reuse: true });
        try {
          expect(await third.withRollback((db) => nextTaskSeq(db as never))).toBe(n);
        } finally {
          await third.close();
        }
      } finally {
        await second.close();
      }
      // Without reuse, a database always starts from the template.
      const fresh = await createTestDb({ rollback: true });
      try {
        expect(await fresh.withRollback((db) => nextTaskSeq(db as never))).toBe(n);
      } finally {
        await fresh.close();
      }
    },
  );
});
