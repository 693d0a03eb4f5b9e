import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as cortex from '../../src/cortex';
import { type Database, rowsOf } from '../../src/db';
import * as messaging from '../../src/messaging';
import * as ownpilot from '../../src/ownpilot';
import * as portal from '../../src/portal';
import * as quorum from '../../src/quorum';
import * as research from '../../src/research';
import { useTestDb } from '../support';

// Property tests: every repository function, driven with random and adversarial input, either
// succeeds or returns a typed failure code; it never lets a raw driver error escape, and a failure
// writes nothing. Object keys come from the function's own INVALID_INPUT report for `{}`, so the
// generated input reaches past validation as often as the values allow; ids are sometimes real.

type Fn = (db: Database, input: unknown) => Promise<unknown>;
const systems = { messaging, portal, quorum, cortex, research, ownpilot } as Record<
  string,
  Record<string, unknown>
>;
// Not input-driven repository functions (seeds, generic helpers), or needing a keyring (crypto).
const skip =
  /^(seed.*|insertOwned|updateOwned|deleteOwned|withVectorSearchSettings|usesExactScan|orForeignKeyViolation|toRpcJson|createWorker|.*OAuth.*|.*Credentials|rotate.*|latestSnapshots|expire.*|generateWeeklyCoupons)$/i;
const RUNS = Number(process.env.HOSTILE_RUNS ?? 15);

const ids: string[] = [];
const codes: string[] = [];

const nul = fc.constantFrom('\u0000', 'a\u0000b', '\u0000'.repeat(3));
const sqlFragments = fc.constantFrom(
  "'; drop table bot.job_queue; --",
  "' or '1'='1",
  '$$; select pg_sleep(10); $$',
  '\\x00',
  '"; --',
  "'::uuid",
  '%_\\',
  '{"$gt": ""}',
);
const weirdStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  nul,
  sqlFragments,
  fc.constantFrom('', ' ', '\uD800', '\uFFFF', '🙂'.repeat(50), 'x'.repeat(1_000_001), 'a'.repeat(256)),
);
const numbers = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    NaN,
    Infinity,
    -Infinity,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    0.5,
  ),
  fc.integer(),
  fc.double(),
);
const embedding = fc.oneof(
  fc.constant(Array.from({ length: 1536 }, () => 0)),
  fc.constant(Array.from({ length: 1536 }, (_, i) => (i === 7 ? NaN : 0.01))),
  fc.constant(Array.from({ length: 1536 }, (_, i) => (i === 3 ? Infinity : 0.01))),
  fc.constant(Array.from({ length: 1535 }, () => 0.1)),
  fc.constant(Array.from({ length: 1536 }, () => 1e39)),
  fc.constant(Array.from({ length: 1536 }, (_, i) => Math.sin(i))),
);
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  weirdStrings,
  numbers,
  fc.constantFrom(
    null,
    undefined,
    true,
    false,
    new Date(NaN),
    new Date(8.64e15),
    new Date(0),
    {},
    [],
    () => 1,
  ),
  fc.uuid(),
  fc.constantFrom(...['00000000-0000-0000-0000-000000000000']),
  fc.bigInt(),
  fc.constant(Symbol('s')),
  embedding,
  fc.array(weirdStrings, { maxLength: 3 }),
  fc.dictionary(weirdStrings, weirdStrings, { maxKeys: 3 }),
);
const realId = fc.integer({ min: 0, max: 1000 }).map((i) => ids[i % Math.max(ids.length, 1)] ?? randomUUID());
const realCode = fc.integer({ min: 0, max: 1000 }).map((i) => codes[i % Math.max(codes.length, 1)] ?? 'X');

function valueFor(key: string): fc.Arbitrary<unknown> {
  if (/id$/i.test(key)) return fc.oneof({ weight: 3, arbitrary: realId }, { weight: 2, arbitrary: leaf });
  if (/^code$/i.test(key)) return fc.oneof(realCode, leaf);
  if (/embedding/i.test(key)) return embedding;
  return leaf;
}

async function requiredKeys(fn: Fn, db: Database): Promise<string[]> {
  try {
    const r = (await fn(db, {})) as { issues?: { path: PropertyKey[] }[] };
    return [...new Set((r?.issues ?? []).map((i) => String(i.path[0] ?? '')).filter(Boolean))];
  } catch {
    return [];
  }
}

async function fingerprint(db: Database, schemas: string[]): Promise<string> {
  const tables = rowsOf<{ s: string; t: string }>(
    await db.execute(sql`select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in (${sql.join(
        schemas.map((s) => sql`${s}`),
        sql`, `,
      )}) order by 1, 2`),
  );
  if (tables.length === 0) return '';
  const q = tables
    .map(
      (x) =>
        `select '${x.s}.${x.t}' as t, (select md5(coalesce(string_agg(r::text, ',' order by r::text), '')) from "${x.s}"."${x.t}" r) as h`,
    )
    .join(' union all ');
  return JSON.stringify(rowsOf(await db.execute(sql.raw(q))));
}

const schemasOf: Record<string, string[]> = {
  messaging: ['core', 'bot'],
  portal: ['portal'],
  quorum: ['quorum'],
  cortex: ['cortex'],
  research: ['research'],
  ownpilot: ['ownpilot'],
};

describe('hostile input: typed failures, no driver errors, no partial writes', () => {
  const t = useTestDb();

  beforeAll(async () => {
    const db = t().db;
    const user = randomUUID();
    await db.execute(sql`insert into auth.users (id) values (${user}::uuid)`);
    ids.push(user);
    await db.execute(sql`insert into quorum.profiles (id) values (${user}::uuid)`);
    const [tenant] = await db
      .insert(messaging.tenants)
      .values({ tenantSlug: 'hostile', name: 'Hostile' })
      .returning();
    ids.push(tenant!.tenantId);
    const contact = await messaging.upsertContact(db, {
      tenantId: tenant!.tenantId,
      channel: 'sms',
      address: '+15550001',
    } as never);
    if (contact.success) {
      const c = (contact as unknown as { contact: { contactId: string } }).contact;
      ids.push(c.contactId);
      const conv = await messaging.openConversation(db, {
        tenantId: tenant!.tenantId,
        contactId: c.contactId,
      });
      if (conv.success)
        ids.push(
          (conv as unknown as { conversation: { conversationId: string } }).conversation.conversationId,
        );
    }
    await db.execute(
      sql`insert into quorum.coupons (code, status, max_uses) values ('HOSTILE', 'published', 3)`,
    );
    codes.push('HOSTILE');
  });

  for (const [system, mod] of Object.entries(systems)) {
    const fns = Object.entries(mod).filter(
      ([name, v]) =>
        typeof v === 'function' &&
        /^[a-z]/.test(name) &&
        !skip.test(name) &&
        v.constructor.name === 'AsyncFunction',
    ) as [string, Fn][];
    it(`${system}: ${fns.length} repository functions`, async () => {
      const db = t().db;
      const problems: string[] = [];
      for (const [name, fn] of fns) {
        const keys = await requiredKeys(fn, db);
        const shaped = keys.length
          ? fc.record(Object.fromEntries(keys.map((k) => [k, valueFor(k)])), { requiredKeys: [] })
          : fc.dictionary(fc.constantFrom('id', 'name', 'limit', 'status', 'userId'), leaf, { maxKeys: 3 });
        const input = fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: leaf });
        await fc.assert(
          fc.asyncProperty(input, async (value) => {
            const before = await fingerprint(db, schemasOf[system]!);
            let result: unknown;
            try {
              result = await fn(db, value);
            } catch (error) {
              const e = error as { code?: string; cause?: { code?: string }; message?: string };
              problems.push(
                `${name}: threw ${e.cause?.code ?? e.code ?? ''} ${String(e.message).slice(0, 160)}`,
              );
              return true; // collect, keep going
            }
            if (!result || typeof result !== 'object' || !('success' in result)) {
              problems.push(`${name}: returned ${String(result).slice(0, 80)}`);
              return true;
            }
            const r = result as { success: boolean; error?: unknown };
            if (!r.success) {
              if (typeof r.error !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(r.error))
                problems.push(`${name}: untyped failure ${String(r.error)}`);
              const after = await fingerprint(db, schemasOf[system]!);
              if (after !== before) problems.push(`${name}: partial write on failure ${r.error}`);
            }
            return true;
          }),
          { numRuns: RUNS, seed: Number(process.env.HOSTILE_SEED ?? 20240601) },
        );
      }
      expect([...new Set(problems)]).toEqual([]);
    }, 600_000);
  }
});
