// Lead-management credits (user_credits): one balance per user and credit type, with
// balance = totalPurchased − totalUsed kept by every function here.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, type DbOrTx, narrowDb, rowsOf } from '../db';
import { INT4, int4, serialId } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { creditPackages, userCredits, userCreditsCreditTypeValues } from './tables/leads';
import type { UserCredit } from './validators';

const creditAmount = z.object({
  userId: serialId(),
  creditType: z.enum(userCreditsCreditTypeValues),
  amount: int4({ min: 1 }),
});

export const addCreditsInput = creditAmount;
export const addCreditsErrors = ['INVALID_INPUT', 'USER_NOT_FOUND', 'TOTALS_OUT_OF_RANGE'] as const;
export type AddCreditsError = (typeof addCreditsErrors)[number];

export const deductCreditsInput = creditAmount;
export const deductCreditsErrors = ['INVALID_INPUT', 'INSUFFICIENT_CREDITS', 'TOTALS_OUT_OF_RANGE'] as const;
export type DeductCreditsError = (typeof deductCreditsErrors)[number];

export const purchaseCreditsInput = z.object({ userId: serialId(), packageId: serialId() });
export const purchaseCreditsErrors = [
  'INVALID_INPUT',
  'PACKAGE_NOT_FOUND',
  'USER_NOT_FOUND',
  'TOTALS_OUT_OF_RANGE',
] as const;
export type PurchaseCreditsError = (typeof purchaseCreditsErrors)[number];

const documentedTypes = sql.join(
  userCreditsCreditTypeValues.map((v) => sql`${v}`),
  sql`, `,
);

/**
 * The id of the user's balance row of a type. The document gives user_credits no unique key, so
 * should another writer have created two rows, the one with the lowest id is the balance (every
 * function here reads and writes that one).
 */
const balanceRow = (userId: number, creditType: SQL) =>
  sql`(select b."id" from ${userCredits} b where b."userId" = ${userId} and b."creditType" = ${creditType}
    order by b."id" limit 1)`;

/** What a credit adds: its type and amount as SQL scalars (parameters, or subqueries of a package). */
interface CreditSource {
  creditType: SQL;
  amount: SQL;
  /** Null when the source does not exist (an unknown or inactive package). */
  read: SQL;
}

/**
 * Adds the source's amount to the user's balance and totalPurchased of its type. The usual case, a
 * balance row that exists, is one conditional UPDATE. Without one, a transaction takes an advisory
 * lock on (user, type), so concurrent first credits cannot create two rows, and inserts the row (or
 * updates it, when the lock's previous holder created it meanwhile).
 */
async function credit(
  db: AnyDb,
  userId: number,
  src: CreditSource,
): Promise<
  Result<
    { credits: UserCredit; creditsAdded: number },
    'USER_NOT_FOUND' | 'TOTALS_OUT_OF_RANGE' | 'SOURCE_NOT_FOUND'
  >
> {
  narrowDb(db);
  // Compared in bigint: both columns may hold up to 2^31-1.
  const update = (h: DbOrTx) =>
    h
      .update(userCredits)
      .set({
        balance: sql`${userCredits.balance} + ${src.amount}`,
        totalPurchased: sql`${userCredits.totalPurchased} + ${src.amount}`,
      })
      .where(
        sql`${userCredits.id} = ${balanceRow(userId, src.creditType)}
          and ${userCredits.balance}::bigint + ${src.amount} <= ${INT4.max}
          and ${userCredits.totalPurchased}::bigint + ${src.amount} <= ${INT4.max}`,
      )
      .returning({ ...getTableColumns(userCredits), creditsAdded: sql<number>`${src.amount}` });
  const [row] = await update(db);
  if (row) {
    const { creditsAdded, ...credits } = row;
    return ok({ credits, creditsAdded });
  }
  try {
    return await transactionResult(db, async (tx) => {
      const [source] = rowsOf<{ creditType: string; amount: number }>(await tx.execute(src.read));
      if (!source) return fail('SOURCE_NOT_FOUND', 'no such credit source');
      const key = `bottleneck.user_credits:${userId}:${source.creditType}`;
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
      const [again] = await update(tx);
      if (again) {
        const { creditsAdded, ...credits } = again;
        return ok({ credits, creditsAdded });
      }
      // The type and amount read above are this transaction's: the insert writes exactly them.
      const [inserted] = rowsOf<{ id: number }>(
        await tx.execute(sql`
          insert into ${userCredits} ("userId", "creditType", "balance", "totalPurchased", "totalUsed")
          select ${userId}, ${source.creditType}::varchar, ${source.amount}::int, ${source.amount}::int, 0
          where not exists (select 1 from ${userCredits} b where b."userId" = ${userId}
            and b."creditType" = ${source.creditType}::varchar)
          returning "id"`),
      );
      if (inserted) {
        const [credits] = await tx.select().from(userCredits).where(sql`${userCredits.id} = ${inserted.id}`);
        return ok({ credits: credits!, creditsAdded: source.amount });
      }
      return fail(
        'TOTALS_OUT_OF_RANGE',
        `adding ${source.amount} ${source.creditType} credits would take the balance or totalPurchased past 2^31-1`,
      );
    });
  } catch (e) {
    if (isConstraintViolation(e, '23503', 'user_credits_userId_fkey'))
      return fail('USER_NOT_FOUND', `user ${userId} does not exist`);
    throw e;
  }
}

/**
 * Adds credits of a type to the user's balance (a grant or a purchase made outside credit_packages).
 * They count in totalPurchased, which is every credit ever added, so balance = totalPurchased −
 * totalUsed holds. TOTALS_OUT_OF_RANGE: the balance or totalPurchased would pass 2^31-1 (nothing
 * written).
 */
export async function addCredits(
  db: AnyDb,
  input: z.input<typeof addCreditsInput>,
): Promise<Result<{ credits: UserCredit }, AddCreditsError>> {
  narrowDb(db);
  const parsed = parseInput(addCreditsInput, input);
  if (!parsed.success) return parsed;
  const { userId, creditType, amount } = parsed.data;
  const r = await credit(db, userId, {
    creditType: sql`${creditType}::varchar`,
    amount: sql`${amount}::int`,
    read: sql`select ${creditType}::varchar as "creditType", ${amount}::int as "amount"`,
  });
  if (r.success) return ok({ credits: r.credits });
  // The source is a literal row, so it cannot be missing; mapped all the same, so the call stays total.
  if (r.error === 'SOURCE_NOT_FOUND') return fail('USER_NOT_FOUND', `user ${userId} does not exist`);
  return fail(r.error, r.message);
}

/**
 * Buys an active credit package: its creditAmount of its creditType is added to the balance and to
 * totalPurchased (one UPDATE reading the package when the balance row exists). PACKAGE_NOT_FOUND:
 * no such package, inactive, or of a credit type the document does not list.
 */
export async function purchaseCredits(
  db: AnyDb,
  input: z.input<typeof purchaseCreditsInput>,
): Promise<Result<{ credits: UserCredit; creditsAdded: number }, PurchaseCreditsError>> {
  narrowDb(db);
  const parsed = parseInput(purchaseCreditsInput, input);
  if (!parsed.success) return parsed;
  const { userId, packageId } = parsed.data;
  const pkg = (column: SQL) => sql`(select ${column} from ${creditPackages} p
    where p."id" = ${packageId} and p."isActive" and p."creditAmount" > 0 and p."creditType" in (${documentedTypes}))`;
  const r = await credit(db, userId, {
    creditType: pkg(sql`p."creditType"`),
    amount: pkg(sql`p."creditAmount"`),
    read: sql`select p."creditType", p."creditAmount" as "amount" from ${creditPackages} p
      where p."id" = ${packageId} and p."isActive" and p."creditAmount" > 0 and p."creditType" in (${documentedTypes})`,
  });
  if (r.success) return r;
  if (r.error === 'SOURCE_NOT_FOUND')
    return fail('PACKAGE_NOT_FOUND', `no active credit package ${packageId}`);
  return fail(r.error, r.message);
}

/**
 * Spends credits: one conditional UPDATE (`balance >= amount`, which Postgres re-checks after
 * waiting for the row lock), so concurrent deductions never take the balance below zero and each
 * succeeds or fails whole. totalUsed grows by the same amount. INSUFFICIENT_CREDITS: the balance (0
 * without a row) is below the amount; nothing written.
 */
export async function deductCredits(
  db: AnyDb,
  input: z.input<typeof deductCreditsInput>,
): Promise<Result<{ credits: UserCredit }, DeductCreditsError>> {
  narrowDb(db);
  const parsed = parseInput(deductCreditsInput, input);
  if (!parsed.success) return parsed;
  const { userId, creditType, amount } = parsed.data;
  const id = balanceRow(userId, sql`${creditType}::varchar`);
  const [row] = await db
    .update(userCredits)
    .set({
      balance: sql`${userCredits.balance} - ${amount}::int`,
      totalUsed: sql`${userCredits.totalUsed} + ${amount}::int`,
    })
    .where(
      sql`${userCredits.id} = ${id} and ${userCredits.balance} >= ${amount}::int
        and ${userCredits.totalUsed}::bigint + ${amount}::int <= ${INT4.max}`,
    )
    .returning();
  if (row) return ok({ credits: row });
  // Why the UPDATE matched nothing, read after it: no row or too small a balance is
  // INSUFFICIENT_CREDITS; a balance that covers the amount means totalUsed would overflow (possible
  // only when another writer broke balance = totalPurchased − totalUsed).
  const [current] = await db
    .select({ balance: userCredits.balance, totalUsed: userCredits.totalUsed })
    .from(userCredits)
    .where(sql`${userCredits.id} = ${id}`);
  if (current && current.balance >= amount && current.totalUsed + amount > INT4.max) {
    return fail(
      'TOTALS_OUT_OF_RANGE',
      `totalUsed of user ${userId}'s ${creditType} credits would pass 2^31-1`,
    );
  }
  return fail(
    'INSUFFICIENT_CREDITS',
    `user ${userId} has ${current?.balance ?? 0} ${creditType} credits, ${amount} needed`,
  );
}
