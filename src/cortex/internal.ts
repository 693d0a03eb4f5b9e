import { z } from 'zod';
import { type DbOrTx, inTransaction, pgErrorCode } from '../db';

export const FOREIGN_KEY_VIOLATION = Symbol('foreign key violation');

/**
 * Runs `fn` in a savepoint and reports a foreign-key violation instead of throwing, so a missing
 * parent row becomes a business error without aborting the caller's transaction.
 */
export async function orForeignKeyViolation<T>(
  db: DbOrTx,
  fn: (tx: DbOrTx) => Promise<T>,
): Promise<T | typeof FOREIGN_KEY_VIOLATION> {
  try {
    return await inTransaction(db, fn);
  } catch (error) {
    if (pgErrorCode(error) === '23503') return FOREIGN_KEY_VIOLATION;
    throw error;
  }
}

export const text = () => z.string().trim().min(1);
export const jsonObject = () => z.record(z.string(), z.unknown());
