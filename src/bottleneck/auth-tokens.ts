import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { fail, ok, parseInput } from '../result';
import { emailVerificationTokens, loginAttempts, passwordResetTokens } from './auth';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const createTokenInput = z.object({
  userId: z.number().int().positive(),
  ttlMinutes: z
    .number()
    .int()
    .positive()
    .max(60 * 24 * 30),
});
const consumeTokenInput = z.object({ token: z.string().min(16).max(256) });

export const createTokenErrors = ['INVALID_INPUT', 'USER_NOT_FOUND'] as const;
export type CreateTokenError = (typeof createTokenErrors)[number];
export const consumeTokenErrors = ['INVALID_INPUT', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_USED'] as const;
export type ConsumeTokenError = (typeof consumeTokenErrors)[number];

type TokenTable = typeof passwordResetTokens | typeof emailVerificationTokens;

/** Stores only the SHA-256 of a fresh random token; the raw token is returned once. */
async function createToken(db: DbOrTx, table: TokenTable, input: unknown) {
  const parsed = parseInput(createTokenInput, input);
  if (!parsed.success) return parsed;
  const token = randomBytes(32).toString('base64url');
  try {
    const [row] = await db
      .insert(table)
      .values({
        userId: parsed.data.userId,
        token: hashToken(token),
        expiresAt: sql`now() + make_interval(mins => ${parsed.data.ttlMinutes})`,
      })
      .returning({ id: table.id, expiresAt: table.expiresAt });
    return ok({ id: row!.id, token, expiresAt: row!.expiresAt });
  } catch (e) {
    if (pgErrorCode(e) === '23503' && pgConstraint(e)?.endsWith('_userId_fkey')) {
      return fail('USER_NOT_FOUND', `user ${parsed.data.userId} does not exist`);
    }
    throw e;
  }
}

/**
 * Marks the token used in one conditional UPDATE, so of two concurrent consumers exactly one wins.
 * Lookup is by hash (an attacker cannot steer it); the stored hash is still compared in constant time.
 */
async function consumeToken(
  db: DbOrTx,
  table: TokenTable,
  usedColumn: 'usedAt' | 'verifiedAt',
  input: unknown,
) {
  const parsed = parseInput(consumeTokenInput, input);
  if (!parsed.success) return parsed;
  const hash = hashToken(parsed.data.token);
  const used = (table as typeof passwordResetTokens & typeof emailVerificationTokens)[usedColumn as 'usedAt'];
  const [row] = await db
    .update(table)
    .set({ [usedColumn]: sql`now()` })
    .where(and(eq(table.token, hash), isNull(used), gt(table.expiresAt, sql`now()`)))
    .returning({ id: table.id, userId: table.userId, token: table.token });
  if (row && timingSafeEqual(Buffer.from(row.token), Buffer.from(hash))) {
    return ok({ id: row.id, userId: row.userId });
  }
  const [existing] = await db
    .select({ used: used, expired: sql<boolean>`${table.expiresAt} <= now()` })
    .from(table)
    .where(eq(table.token, hash));
  if (!existing) return fail('TOKEN_INVALID', 'unknown token');
  if (existing.used) return fail('TOKEN_USED', 'the token was already used');
  return fail('TOKEN_EXPIRED', 'the token has expired');
}

export type CreateTokenResult = Awaited<ReturnType<typeof createToken>>;

/** A password reset token for the user, valid for `ttlMinutes`. */
export const createPasswordResetToken = (db: DbOrTx, input: { userId: number; ttlMinutes: number }) =>
  createToken(db, passwordResetTokens, input);

/** An email verification token for the user, valid for `ttlMinutes`. */
export const createEmailVerificationToken = (db: DbOrTx, input: { userId: number; ttlMinutes: number }) =>
  createToken(db, emailVerificationTokens, input);

/** Single use: sets usedAt; TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_USED otherwise. */
export const consumePasswordResetToken = (db: DbOrTx, input: { token: string }) =>
  consumeToken(db, passwordResetTokens, 'usedAt', input);

/** Single use: sets verifiedAt; TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_USED otherwise. */
export const consumeEmailVerificationToken = (db: DbOrTx, input: { token: string }) =>
  consumeToken(db, emailVerificationTokens, 'verifiedAt', input);

const loginAttemptInput = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  ipAddress: z.string().min(1).max(45),
  userAgent: z.string().optional(),
  success: z.boolean(),
  failureReason: z.string().max(100).optional(),
});

export const recordLoginAttemptErrors = ['INVALID_INPUT'] as const;

/** Appends a login attempt (email normalised to lower case, as the throttle looks it up). */
export async function recordLoginAttempt(db: DbOrTx, input: z.input<typeof loginAttemptInput>) {
  const parsed = parseInput(loginAttemptInput, input);
  if (!parsed.success) return parsed;
  const [row] = await db.insert(loginAttempts).values(parsed.data).returning();
  return ok({ attempt: row! });
}

const throttleInput = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  ipAddress: z.string().min(1).max(45),
  windowMinutes: z.number().int().positive(),
  maxFailures: z.number().int().positive(),
});

export const isLoginThrottledErrors = ['INVALID_INPUT'] as const;

/**
 * Throttled when the email or the IP address has `maxFailures` failed attempts within the window.
 * The two counts use login_attempts_email_attempted_at_idx and login_attempts_ip_idx.
 */
export async function isLoginThrottled(db: DbOrTx, input: z.input<typeof throttleInput>) {
  const parsed = parseInput(throttleInput, input);
  if (!parsed.success) return parsed;
  const { email, ipAddress, windowMinutes, maxFailures } = parsed.data;
  const since = sql`now() - make_interval(mins => ${windowMinutes})`;
  const failures = (by: ReturnType<typeof eq>) =>
    db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(by, eq(loginAttempts.success, false), gt(loginAttempts.attemptedAt, since)));
  // Sequential, not Promise.all: a transaction handle runs one statement at a time.
  const [byEmail] = await failures(eq(loginAttempts.email, email));
  const [byIp] = await failures(eq(loginAttempts.ipAddress, ipAddress));
  const emailFailures = byEmail!.n;
  const ipFailures = byIp!.n;
  return ok({
    throttled: emailFailures >= maxFailures || ipFailures >= maxFailures,
    emailFailures,
    ipFailures,
  });
}
