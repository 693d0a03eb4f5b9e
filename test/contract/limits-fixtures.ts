// Helpers for limits.test.ts: the input bounds of a repository function, read from its zod
// schema (zod 4 internals: `_zod.def` and its checks), and the values just inside and just outside
// each bound.
import fc from 'fast-check';
import type { z } from 'zod';
import { plausible } from './contract';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checkDefs = (s: z.ZodType): Def[] =>
  ((defOf(s).checks as z.ZodType[] | undefined) ?? []).map(
    (c) => (c as unknown as { _zod: { def: Def } })._zod.def,
  );

const WRAPPERS = ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'];

/** The schema under optional/nullable/default/… wrappers and on the input side of pipes. */
export function core(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let d = defOf(s); ; d = defOf(s)) {
    if (WRAPPERS.includes(d.type)) s = d.innerType as z.ZodType;
    else if (d.type === 'pipe') s = d.in as z.ZodType;
    else return s;
  }
}

/** String formats a value must also meet after a pipe (`z.string().max(320).pipe(z.email())`). */
function pipedFormats(schema: z.ZodType): string[] {
  const out: string[] = [];
  const visit = (s: z.ZodType, depth: number) => {
    if (depth > 8) return;
    const d = defOf(s);
    if (WRAPPERS.includes(d.type)) return visit(d.innerType as z.ZodType, depth + 1);
    if (d.type === 'pipe') {
      visit(d.in as z.ZodType, depth + 1);
      visit(d.out as z.ZodType, depth + 1);
      return;
    }
    if (d.type === 'string') {
      if (typeof d.format === 'string') out.push(d.format);
      for (const c of checkDefs(s)) if (c.check === 'string_format') out.push(c.format as string);
    }
  };
  visit(schema, 0);
  return out;
}

/** The fields of an object input schema (through wrappers), or undefined for other inputs. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(core(schema));
  return def.type === 'object' ? (def.shape as Record<string, z.ZodType>) : undefined;
}

/** One bound of a field: `value` is the number, or the string length. */
export type Bound = {
  field: string;
  kind: 'number' | 'string';
  side: 'min' | 'max';
  value: number;
  inclusive: boolean;
  /** Integers only (z.int(), .int()). */
  int: boolean;
  /** Strings: runs of 'x', or an address `x…x@example.com` of the length. */
  text?: 'plain' | 'email';
};

/** Formats whose values must have a shape a repeated 'x' does not have. */
const SHAPED_FORMATS = new Set([
  'email',
  'url',
  'uuid',
  'guid',
  'regex',
  'datetime',
  'date',
  'time',
  'duration',
  'ipv4',
  'ipv6',
  'cidrv4',
  'cidrv6',
  'base64',
  'base64url',
  'e164',
  'jwt',
  'nanoid',
  'cuid',
  'cuid2',
  'ulid',
  'xid',
  'ksuid',
  'emoji',
  'lowercase',
  'uppercase',
  'includes',
  'starts_with',
  'ends_with',
  'hex',
  'hash',
]);

const EMAIL_SUFFIX = '@example.com';

const INT_FORMATS: Record<string, { min: number; max: number }> = {
  safeint: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  int32: { min: -(2 ** 31), max: 2 ** 31 - 1 },
  uint32: { min: 0, max: 2 ** 32 - 1 },
};

/**
 * The bounds of one field: numeric fields' min/max (the tightest of the explicit checks and the
 * integer format's range) and strings' min/max length. `skipped` says why a bounded field has no
 * testable bound (a string whose values need a shape: email, uuid, pattern, …).
 */
export function boundsOf(field: string, schema: z.ZodType): { bounds: Bound[]; skipped?: string } {
  const s = core(schema);
  const def = defOf(s);
  const checks = [def, ...checkDefs(s)];
  if (def.type === 'number') {
    const format = checks.map((c) => c.format as string | undefined).find((f) => f && f in INT_FORMATS);
    const int = format !== undefined;
    let min: { value: number; inclusive: boolean } | undefined = format
      ? { value: INT_FORMATS[format]!.min, inclusive: true }
      : undefined;
    let max: { value: number; inclusive: boolean } | undefined = format
      ? { value: INT_FORMATS[format]!.max, inclusive: true }
      : undefined;
    for (const c of checks) {
      const value = c.value as number;
      const inclusive = c.inclusive as boolean;
      if (c.check === 'greater_than' && (!min || value > min.value || (value === min.value && !inclusive)))
        min = { value, inclusive };
      if (c.check === 'less_than' && (!max || value < max.value || (value === max.value && !inclusive)))
        max = { value, inclusive };
    }
    const out: Bound[] = [];
    if (min) out.push({ field, kind: 'number', side: 'min', ...min, int });
    if (max) out.push({ field, kind: 'number', side: 'max', ...max, int });
    return { bounds: out };
  }
  if (def.type === 'string') {
    let min: number | undefined;
    let max: number | undefined;
    for (const c of checkDefs(s)) {
      if (c.check === 'min_length') min = Math.max(min ?? 0, c.minimum as number);
      if (c.check === 'max_length') max = Math.min(max ?? Number.POSITIVE_INFINITY, c.maximum as number);
      if (c.check === 'length_equals') min = max = c.length as number;
    }
    if (min === undefined && max === undefined) return { bounds: [] };
    const formats = pipedFormats(schema).filter((f) => SHAPED_FORMATS.has(f));
    const text = formats.length === 0 ? 'plain' : formats.every((f) => f === 'email') ? 'email' : undefined;
    if (!text) return { bounds: [], skipped: `${field}: string of format ${formats.join('+')}` };
    const out: Bound[] = [];
    // A minimum of 0 is no bound: there is no shorter string to refuse. An address is at least
    // `x@example.com` long, so a shorter minimum cannot be met exactly.
    if (min !== undefined && min > 0 && (text === 'plain' || min > EMAIL_SUFFIX.length + 1))
      out.push({ field, kind: 'string', side: 'min', value: min, inclusive: true, int: true, text });
    if (max !== undefined)
      out.push({ field, kind: 'string', side: 'max', value: max, inclusive: true, int: true, text });
    return { bounds: out };
  }
  return { bounds: [] };
}

/** The next double above / below x. */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Number.POSITIVE_INFINITY) return x;
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigInt64(0);
  buf.setBigInt64(0, x > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}
export const nextDown = (x: number): number => -nextUp(-x);

/**
 * The value exactly at a bound and the nearest one past it: at an inclusive bound the first is
 * accepted and the second refused; at an exclusive one the value at the bound is refused and the
 * nearest inside value accepted. Strings are runs of 'x'.
 */
export function probes(b: Bound): { accepted: unknown; refused: unknown } {
  if (b.kind === 'string') {
    const text = (n: number) =>
      b.text === 'email' ? `${'x'.repeat(n - EMAIL_SUFFIX.length)}${EMAIL_SUFFIX}` : 'x'.repeat(n);
    return { accepted: text(b.value), refused: text(b.side === 'max' ? b.value + 1 : b.value - 1) };
  }
  const up = (v: number) => (b.int ? v + 1 : nextUp(v));
  const down = (v: number) => (b.int ? v - 1 : nextDown(v));
  if (b.inclusive)
    return b.side === 'max'
      ? { accepted: b.value, refused: up(b.value) }
      : { accepted: b.value, refused: down(b.value) };
  return b.side === 'max'
    ? { accepted: down(b.value), refused: b.value }
    : { accepted: up(b.value), refused: b.value };
}

/** The value exactly at a bound a caller may send (the accepted probe). */
export const atBound = (b: Bound): unknown => probes(b).accepted;

/** A generated input the whole schema accepts (fixed seed), or undefined when none turns up. */
export function validBase(schema: z.ZodType, seed = 20261130): Record<string, unknown> | undefined {
  const samples = fc.sample(plausible(schema), { seed, numRuns: 60 });
  for (const sample of samples) {
    if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) continue;
    try {
      if (schema.safeParse(sample).success) return sample as Record<string, unknown>;
    } catch {
      // A refinement that throws on a generated value: try the next sample.
    }
  }
  return undefined;
}

/** The input with one field replaced. */
export const withField = (base: Record<string, unknown>, field: string, value: unknown) => ({
  ...base,
  [field]: value,
});

/**
 * The base with every numeric field that has an inclusive minimum set to that minimum, where the
 * whole input still parses: fields bounded together (token counts whose sum must fit int4) then
 * leave the field under test its whole range.
 */
export function lowered(schema: z.ZodType, base: Record<string, unknown>): Record<string, unknown> {
  let out = base;
  for (const [field, s] of Object.entries(shapeOf(schema) ?? {})) {
    const min = boundsOf(field, s).bounds.find((b) => b.kind === 'number' && b.side === 'min' && b.inclusive);
    if (!min || out[field] === undefined) continue;
    const next = withField(out, field, min.value);
    if (schema.safeParse(next).success) out = next;
  }
  return out;
}
