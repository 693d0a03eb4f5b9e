// The repository-function contract, read from the package's exports: every exported function of
// a system is either a repository function — it exports `<fn>Input` (zod) and `<fn>Errors`
// (its failure codes) — or one of the non-repository exports listed below with the reason.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { z } from 'zod';
import type { Database } from '../../src/db';
import { rowsOf } from '../../src/db';

export const systemNames = [
  'messaging',
  'portal',
  'quorum',
  'cortex',
  'research',
  'bottleneck',
  'ownpilot',
] as const;
export type SystemName = (typeof systemNames)[number];

export const loadSystem = (name: SystemName): Promise<Record<string, unknown>> => {
  switch (name) {
    case 'messaging':
      return import('../../src/messaging');
    case 'portal':
      return import('../../src/portal');
    case 'quorum':
      return import('../../src/quorum');
    case 'cortex':
      return import('../../src/cortex');
    case 'research':
      return import('../../src/research');
    case 'bottleneck':
      return import('../../src/bottleneck');
    case 'ownpilot':
      return import('../../src/ownpilot');
  }
};

/** Postgres schemas each system writes to (row counts are compared over these). */
export const systemSchemas: Record<SystemName, string[]> = {
  messaging: ['core', 'bot'],
  portal: ['portal'],
  quorum: ['quorum', 'auth'],
  cortex: ['cortex'],
  research: ['research'],
  bottleneck: ['bottleneck'],
  ownpilot: ['ownpilot'],
};

/**
 * Exported functions that are not repository functions, with why. Anything else a system
 * exports as a function must carry the contract, so a new function without one fails the suite.
 */
export const nonRepositoryExports: Record<string, string> = {
  createWorker: 'starts a long-running worker; its options are validated by the worker itself',
  seedPortal: 'reference-data loader, run by seed()',
  seedQuorum: 'reference-data loader, run by seed()',
  seedBottleneck: 'reference-data loader, run by seed()',
  toRpcJson: 'pure: maps a redeemCoupon result to the documented RPC JSON',
  isoYearWeek: 'pure: ISO year and week of a date',
  weeklyCouponCode: 'pure: the documented weekly coupon code for a week',
  randomReferralCode: 'pure: a random referral code',
  nextScheduledRun: 'pure: the next run of a schedule (cron expression, time zone) after a given time',
};

export type RepositoryFunction = {
  system: SystemName;
  name: string;
  fn: (db: Database, input: unknown) => Promise<unknown>;
  input: z.ZodType;
  errors: readonly string[];
};

const isPgEnum = (v: unknown) =>
  typeof v === 'function' && Array.isArray((v as { enumValues?: unknown }).enumValues);
const isClass = (v: unknown) =>
  typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));

/** Every exported function of a system that is not a pgEnum or a class. */
export function exportedFunctions(mod: Record<string, unknown>): string[] {
  return Object.keys(mod)
    .filter((k) => typeof mod[k] === 'function' && !isPgEnum(mod[k]) && !isClass(mod[k]))
    .sort();
}

export function repositoryFunctions(system: SystemName, mod: Record<string, unknown>): RepositoryFunction[] {
  return exportedFunctions(mod)
    .filter((name) => !(name in nonRepositoryExports))
    .map((name) => ({
      system,
      name,
      fn: mod[name] as RepositoryFunction['fn'],
      input: mod[`${name}Input`] as z.ZodType,
      errors: mod[`${name}Errors`] as readonly string[],
    }));
}

// ─── Hostile values ───────────────────────────────────────────────────────────────────────────

/** Deterministic incompressible text (an index entry of it cannot be compressed below 2,704 bytes). */
function noise(length: number): string {
  let x = 0x2545f491;
  let s = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += String.fromCharCode(33 + ((x >>> 0) % 94));
  }
  return s;
}

function nested(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
function nestedObject(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { k: v };
  return v;
}
const cyclic = () => {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
};

/** Values a hostile client sends: past column ranges, odd dates, unstorable text, deep JSON. */
export const hostileValues: () => unknown[] = () => [
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 40,
  2 ** 53 + 2,
  3e9,
  1e7,
  -1,
  0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -1e308,
  '',
  '5',
  '2026-13-45',
  '2026-02-30',
  '99999999999',
  '99999999999.999',
  '1e400',
  '\u0000',
  'a\uD800b',
  'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
  noise(9_000),
  'ＷＥＬＣＯＭＥ２０２６',
  'WELCOME\u200B2026',
  'i̇stanbul İ ı',
  new Date(Number.NaN),
  new Date('+010000-01-01T00:00:00Z'),
  new Date(-62_198_755_200_000),
  new Date('0001-01-01T00:00:00Z'),
  10n,
  { big: 10n },
  cyclic(),
  nested(2_000, 1),
  nestedObject(120, '\u0000'),
  [Number.NaN],
  { nan: Number.POSITIVE_INFINITY },
  null,
  undefined,
  true,
  [],
  {},
  [{}],
  () => 1,
];

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const bagOf = (s: z.ZodType): Record<string, unknown> =>
  (s as unknown as { _zod: { bag?: Record<string, unknown> } })._zod.bag ?? {};

/** A value the schema probably accepts, so that the other (hostile) fields reach the database. */
export function plausible(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return fc.constant(undefined);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return plausible(def.innerType as z.ZodType, depth);
    case 'pipe':
      return plausible(def.in as z.ZodType, depth);
    case 'lazy':
      return plausible((def.getter as () => z.ZodType)(), depth + 1);
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => plausible(o, depth + 1)));
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return fc.record(
        Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, plausible(v, depth + 1)])),
      );
    }
    case 'array':
      return fc.array(plausible(def.element as z.ZodType, depth + 1), { minLength: 1, maxLength: 3 });
    case 'record':
      return fc.constant({});
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'boolean':
      return fc.boolean();
    case 'number':
    case 'int':
      return fc.integer({ min: 1, max: 5 });
    case 'bigint':
      return fc.constant(1n);
    case 'date':
      return fc.date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-01-01T00:00:00Z'),
        noInvalidDate: true,
      });
    case 'string': {
      const bag = bagOf(schema);
      switch (bag.format) {
        case 'uuid':
        case 'guid':
          return fc.uuid();
        case 'email':
          return fc.constantFrom('a@example.com', 'b@example.org');
        case 'url':
          return fc.constant('https://example.com/x');
        case 'datetime':
          return fc.constant('2026-01-01T00:00:00Z');
        case 'date':
          return fc.constant('2026-01-01');
      }
      const min = typeof bag.minimum === 'number' ? bag.minimum : 1;
      const max = typeof bag.maximum === 'number' ? bag.maximum : Number.POSITIVE_INFINITY;
      // A string of the schema's own pattern (ids like TASK-001, slugs, digests), so that the
      // call gets past validation and the other fields' hostile values reach the database.
      const pattern = [...((bag.patterns as Set<RegExp> | undefined) ?? [])][0];
      if (pattern)
        return fc
          .stringMatching(new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')))
          .filter((v) => v.length >= min && v.length <= max && pattern.test(v));
      return fc.constantFrom('x'.repeat(Math.max(min, 1)), 'plausible-value', '2026-01-01', 'abc123');
    }
    case 'custom':
    case 'any':
    case 'unknown':
      return fc.constantFrom({}, 'x', 1, []);
    default:
      return fc.constant(undefined);
  }
}

/** Paths (keys, nested keys, first array items) into the objects a schema describes. */
function paths(schema: z.ZodType, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  let s = schema;
  for (
    let d = defOf(s);
    ['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(d.type);
    d = defOf(s)
  )
    s = d.innerType as z.ZodType;
  const def = defOf(s);
  if (depth > 3) return [];
  if (def.type === 'object') {
    return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => [
      [...prefix, k],
      ...paths(v, [...prefix, k], depth + 1),
    ]);
  }
  if (def.type === 'array') return paths(def.element as z.ZodType, [...prefix, 0], depth + 1);
  return [];
}

/** Sets `path` in `target`; a no-op when a parent on the path is not an object. */
export function setAt(target: unknown, path: (string | number)[], value: unknown): void {
  let o = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = o?.[key];
    if (typeof next !== 'object' || next === null) return;
    o = next as Record<string | number, unknown>;
  }
  if (typeof o === 'object' && o !== null) o[path[path.length - 1]!] = value;
}

/**
 * An input for `schema`: a plausible value with one or two fields (at any depth) replaced by
 * hostile values, so that each hostile value meets otherwise valid input and reaches the
 * database; sometimes the whole input is hostile.
 */
export function hostileInput(schema: z.ZodType): fc.Arbitrary<unknown> {
  const hostile = fc.constantFrom(...hostileValues());
  const all = paths(schema);
  if (!all.length) return fc.oneof(plausible(schema), hostile);
  // Half the time a hostile value of the field's own type (a huge number for a number, an odd
  // date for a date), which gets past type checks and tests the bounds themselves.
  const mutation = fc
    .constantFrom(...all.map((path) => [path, schemaAt(schema, path)] as const))
    .chain(([path, leaf]) =>
      fc.tuple(fc.constant(path), leaf ? fc.oneof(hostile, hostileFor(leaf)) : hostile),
    );
  const mutated = fc
    .tuple(plausible(schema), fc.array(mutation, { minLength: 1, maxLength: 2 }))
    .map(([base, mutations]) => {
      for (const [path, value] of mutations) setAt(base, path, value);
      return base;
    });
  return fc.oneof({ weight: 20, arbitrary: mutated }, { weight: 1, arbitrary: hostile });
}

const unwrap = (schema: z.ZodType): z.ZodType => {
  let s = schema;
  for (let d = defOf(s); ; d = defOf(s)) {
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(d.type))
      s = d.innerType as z.ZodType;
    else if (d.type === 'pipe') s = d.in as z.ZodType;
    else return s;
  }
};

/** The schema of the field at `path`, if the path follows objects and arrays. */
function schemaAt(schema: z.ZodType, path: (string | number)[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    if (!s) return undefined;
    const def = defOf(unwrap(s));
    if (def.type === 'object') s = (def.shape as Record<string, z.ZodType>)[key as string];
    else if (def.type === 'array') s = def.element as z.ZodType;
    else return undefined;
  }
  return s;
}

/** Hostile values of a field's own type. */
function hostileFor(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(unwrap(schema));
  const kinds =
    def.type === 'union' ? (def.options as z.ZodType[]).map((o) => defOf(unwrap(o)).type) : [def.type];
  const values = hostileValues().filter((v) =>
    kinds.some((k) =>
      k === 'number' || k === 'int'
        ? typeof v === 'number'
        : k === 'string'
          ? typeof v === 'string'
          : k === 'date'
            ? v instanceof Date
            : k === 'boolean'
              ? false
              : typeof v === 'object' && v !== null && !(v instanceof Date),
    ),
  );
  return values.length ? fc.constantFrom(...values) : fc.constantFrom(...hostileValues());
}

// ─── Row counts ───────────────────────────────────────────────────────────────────────────────

/** Row count of every table in these Postgres schemas, in one statement. */
export async function rowCounts(db: Database, schemas: string[]): Promise<Record<string, number>> {
  const tables = rowsOf<{ t: string }>(
    await db.execute(sql`
      select format('%I.%I', table_schema, table_name) as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in (${sql.join(
        schemas.map((s) => sql`${s}`),
        sql`, `,
      )}) order by 1`),
  ).map((r) => r.t);
  if (!tables.length) return {};
  const rows = rowsOf<{ t: string; n: number }>(
    await db.execute(
      sql.raw(
        tables
          .map((t) => `select '${t.replace(/'/g, "''")}' as t, count(*)::int as n from ${t}`)
          .join(' union all '),
      ),
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

// ─── Owner isolation coverage ─────────────────────────────────────────────────────────────────

/**
 * The input fields of a schema that point at other rows: `id`, `…Id`, `…Ids` at any depth,
 * except the owner keys themselves (the user / tenant / org the call acts for).
 */
export function referenceFields(schema: z.ZodType, ownerKeys: readonly string[]): string[] {
  return paths(schema)
    .filter((p) => {
      const last = p[p.length - 1];
      return typeof last === 'string' && /(^id$|Ids?$)/.test(last) && !ownerKeys.includes(last);
    })
    .map((p) => p.join('.'));
}

/**
 * The repository functions of a system that take a reference to another row, each with its
 * reference fields: the list an isolation suite must cover, so a new function that takes a
 * reference fails the suite until it has a cross-owner test.
 */
export async function functionsTakingReferences(
  system: SystemName,
  ownerKeys: readonly string[],
): Promise<Record<string, string[]>> {
  const mod = await loadSystem(system);
  const out: Record<string, string[]> = {};
  for (const f of repositoryFunctions(system, mod)) {
    if (!f.input) continue;
    const refs = referenceFields(f.input, ownerKeys);
    if (refs.length) out[f.name] = refs;
  }
  return out;
}

/**
 * A Result reduced to what must not differ between another owner's id and a missing one:
 * success, code, and the message with uuids masked.
 */
export const resultShape = (r: unknown) => {
  const x = r as { success: boolean; error?: string; message?: string };
  return {
    success: x.success,
    error: x.error,
    message: x.message?.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>'),
  };
};
