import type { z } from 'zod';

/** A business failure: a code from the function's exported union, and a message for people. */
export type Failure<C extends string> = {
  success: false;
  error: C;
  message: string;
  issues?: z.core.$ZodIssue[];
};
export type Result<T extends object, C extends string> = ({ success: true } & T) | Failure<C>;

export const ok = <T extends object>(value: T): { success: true } & T => ({ success: true, ...value });
export const fail = <C extends string>(error: C, message: string, issues?: z.core.$ZodIssue[]): Failure<C> =>
  issues ? { success: false, error, message, issues } : { success: false, error, message };

/**
 * False when a string anywhere in `value` (keys included) cannot be stored by PostgreSQL: NUL
 * (text: 22021, jsonb: 22P05) or an unpaired UTF-16 surrogate (jsonb: 22P02).
 */
export function pgStorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') {
    return (
      !value.includes('\u0000') &&
      !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)
    );
  }
  if (
    depth > 100 ||
    value === null ||
    typeof value !== 'object' ||
    value instanceof Date ||
    Buffer.isBuffer(value)
  ) {
    return true;
  }
  for (const [k, v] of Object.entries(value))
    if (!pgStorable(k, depth + 1) || !pgStorable(v, depth + 1)) return false;
  return true;
}

/** The zod refinement message that goes with pgStorable. */
export const unstorable = { message: 'must not contain NUL characters or unpaired surrogates' };

/**
 * Parses input at a repository boundary; bad input becomes INVALID_INPUT, never a driver error.
 * Every string is also checked for what PostgreSQL cannot store (pgStorable).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { success: true; data: z.output<S> } | Failure<'INVALID_INPUT'> {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    if (pgStorable(parsed.data)) return { success: true, data: parsed.data };
    return fail('INVALID_INPUT', `input ${unstorable.message}`);
  }
  const message = parsed.error.issues
    .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ');
  return fail('INVALID_INPUT', message, parsed.error.issues);
}
