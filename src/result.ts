import type { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb, pgConstraint, pgErrorCode } from './db';
import { unstorableReason } from './input';

export { pgStorable } from './input';

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
 * Parses input at a repository boundary; bad input becomes INVALID_INPUT, never a driver error
 * or a TypeError. Before zod sees it, the whole input is walked once (iteratively, cycle-safe):
 * strings PostgreSQL cannot store, non-finite numbers, BigInts, invalid or out-of-range dates
 * and nesting deeper than MAX_DEPTH are refused wherever they are (see input.ts). The parsed
 * output is walked again, since transforms and defaults produce new values.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { success: true; data: z.output<S> } | Failure<'INVALID_INPUT'> {
  const before = unstorableReason(input);
  if (before) return fail('INVALID_INPUT', `input ${before}`);
  let parsed: z.ZodSafeParseResult<z.output<S>>;
  try {
    parsed = schema.safeParse(input) as z.ZodSafeParseResult<z.output<S>>;
  } catch (error) {
    // A refinement that throws on a value of the wrong shape is still bad input.
    return fail(
      'INVALID_INPUT',
      `input could not be validated: ${(error as Error)?.message ?? String(error)}`,
    );
  }
  if (parsed.success) {
    const after = unstorableReason(parsed.data);
    if (after) return fail('INVALID_INPUT', `input ${after}`);
    return { success: true, data: parsed.data };
  }
  const message = parsed.error.issues
    .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ');
  return fail('INVALID_INPUT', message, parsed.error.issues);
}

/** Carries a business failure out of a transaction callback, so the transaction rolls back. */
class RolledBack<F> extends Error {
  constructor(readonly failure: F) {
    super('rolled back: the repository function returned a failure');
  }
}

/**
 * Runs `fn` in a transaction (a savepoint inside the caller's) and returns its Result; when `fn`
 * returns a failure, everything it wrote is rolled back, so a failed call writes nothing.
 */
export async function transactionResult<T extends { success: boolean }>(
  db: AnyDb,
  fn: (tx: DbOrTx) => Promise<T>,
): Promise<T> {
  narrowDb(db);
  try {
    return await db.transaction(async (tx) => {
      const result = await fn(tx as unknown as DbOrTx);
      if (!result.success) throw new RolledBack(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.failure as T;
    throw error;
  }
}

/** SQLSTATEs after which the same work can simply be run again: serialization failure, deadlock. */
export const RETRYABLE = ['40001', '40P01'] as const;

/**
 * Runs `fn` up to `attempts` times while it fails with a serialization failure or a deadlock
 * (both roll the whole transaction back, so nothing of a failed attempt remains), then returns
 * `onExhausted()`: a documented failure, never the driver error.
 */
export async function retrying<T>(fn: () => Promise<T>, onExhausted: () => T, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = pgErrorCode(error);
      if (!code || !(RETRYABLE as readonly string[]).includes(code)) throw error;
      if (attempt >= attempts) return onExhausted();
      // Jittered back-off, so the callers that collided do not collide again.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

/**
 * True when `error` is a PostgreSQL error of this SQLSTATE (23505 unique, 23503 foreign key,
 * 23514 check, 23P01 exclusion, …), optionally on this constraint.
 */
export function isConstraintViolation(error: unknown, code: string, constraint?: string): boolean {
  if (pgErrorCode(error) !== code) return false;
  return constraint === undefined || pgConstraint(error) === constraint;
}
