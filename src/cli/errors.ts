import { pgErrorCode } from '../db';

/** An expected failure: printed as "what went wrong" + "what to do", never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Turns an unexpected error into "what went wrong" + "what to do". */
export function explain(error: unknown): { message: string; hint?: string } {
  if (error instanceof CliError) return { message: error.message, hint: error.hint };
  const code = pgErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: Error }).cause?.message ?? '';
  const text = cause || message;
  if (
    code === '0A000' ||
    code === '58P01' ||
    /extension "?(vector|citext|pgcrypto)"? (is not available|could not open)/i.test(`${message} ${cause}`)
  ) {
    return {
      message: `The server is missing an extension the migrations need (${text}).`,
      hint: 'Install pgvector (Debian: postgresql-15-pgvector, or build it as scripts/pg-test-cluster.sh does) and the contrib package (citext, pgcrypto).',
    };
  }
  if (code === '42501')
    return {
      message: `Permission denied (${text}).`,
      hint: 'The user needs CREATE on the database and permission to create extensions and roles.',
    };
  if (code === '42P01' || code === '3F000')
    return {
      message: `A table or schema is missing (${text}).`,
      hint: 'The migrations are not applied yet: run `org-schema migrate` (or `org-schema provision`).',
    };
  if (/EADDRINUSE/.test(message))
    return { message: `The port is already in use (${message}).`, hint: 'Pick another one with --port.' };
  return { message: cause ? `${message}\n  cause: ${cause}` : message };
}
