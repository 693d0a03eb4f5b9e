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

/** Parses input at a repository boundary; bad input becomes INVALID_INPUT, never a driver error. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { success: true; data: z.output<S> } | Failure<'INVALID_INPUT'> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { success: true, data: parsed.data };
  const message = parsed.error.issues
    .map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ');
  return fail('INVALID_INPUT', message, parsed.error.issues);
}
