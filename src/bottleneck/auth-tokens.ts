import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { int4, serialId } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { emailVerificationTokens, loginAttempts, passwordResetTokens } from './tables/auth';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const createPasswordResetTokenInput = z.object({
  userId: serialId(),
  ttlMinutes: int4({ min: 1, max: 60 * 24 * 30 }),
});
export const createEmailVerificationTokenInput = createPasswordResetTokenInput;
export const consumePasswordResetTokenInput = z.object({ token: z.string().min(16).max(256) });
export const consumeEmailVerificationTokenInput = consumePasswordResetTokenInput;

export const createTokenErrors = ['INVALID_INPUT', 'USER_NOT_FOUND'] as const;
export type CreateTokenError = (typeof createTokenErrors)[number];
export const createPasswordResetTokenErrors = createTokenErrors;
export const createEmailVerificationTokenErrors = createTokenErrors;
export const consumeTokenErrors = ['INVALID_INPUT', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_USED'] as const;
export type ConsumeTokenError = (typeof consumeTokenErrors)[number];
export const consumePasswordResetTokenErrors = consumeTokenErrors;
export const consumeEmailVerificationTokenErrors = consumeTokenErrors;

export type CreateTokenResult = Result<{ id: number; token: string; expiresAt: Date }, CreateTokenError>;
export type ConsumeTokenResult = Result<{ id: number; userId: number }, ConsumeTokenError>;

type TokenTable = typeof passwordResetTokens | typeof emailVerificationTokens;

/** Stores only the SHA-256 of a fresh random token; the raw token is returned once. */
async function createToken(db: AnyDb, table: TokenTable, input: unknown): Promise<CreateTokenResult> {
  narrowDb(db);
  const parsed = parseInput(createPasswordResetTokenInput, input);
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
    if (isConstraintViolation(e, '23503', `${tableNameOf(table)}_userId_fkey`)) {
      return fail('USER_NOT_FOUND', `user ${parsed.data.userId} does not exist`);
    }
    throw e;
  }
}

const tableNameOf = (table: TokenTable) =>
  table === passwordResetTokens ? 'password_reset_tokens' : 'email_verification_tokens';

/**
 * Marks the token used in one conditional UPDATE, so of two concurrent consumers exactly one wins.
 * Lookup is by hash (an attacker cannot steer it); the stored hash is still compared in constant time.
 * Runs in a transaction, so the (theoretical) failure after the UPDATE writes nothing.
 */
function consumeToken(
  db: AnyDb,
  table: TokenTable,
  usedColumn: 'usedAt' | 'verifiedAt',
  input: unknown,
): Promise<ConsumeTokenResult> {
  narrowDb(db);
  const parsed = parseInput(consumePasswordResetTokenInput, input);
  if (!parsed.success) return Promise.resolve(parsed);
  const hash = hashToken(parsed.data.token);
  const used = (table as typeof passwordResetTokens & typeof emailVerificationTokens)[usedColumn as 'usedAt'];
  return transactionResult(db, async (tx): Promise<ConsumeTokenResult> => {
    const [row] = await tx
      .update(table)
      .set({ [usedColumn]: sql`now()` })
      .where(and(eq(table.token, hash), isNull(used), gt(table.expiresAt, sql`now()`)))
      .returning({ id: table.id, userId: table.userId, token: table.token });
    if (row && timingSafeEqual(Buffer.from(row.token), Buffer.from(hash))) {
      return ok({ id: row.id, userId: row.userId });
    }
    const [existing] = await tx
      .select({ used: used, expired: sql<boolean>`${table.expiresAt} <= now()` })
      .from(table)
      .where(eq(table.token, hash));
    if (!existing) return fail('TOKEN_INVALID', 'unknown token');
    if (existing.used) return fail('TOKEN_USED', 'the token was already used');
    return fail('TOKEN_EXPIRED', 'the token has expired');
  });
}

/** A password reset token for the user, valid for `ttlMinutes`. */
export const createPasswordResetToken = (
  db: AnyDb,
  input: z.input<typeof createPasswordResetTokenInput>,
): Promise<CreateTokenResult> => createToken(db, passwordResetTokens, input);

/** An email verification token for the user, valid for `ttlMinutes`. */
export const createEmailVerificationToken = (
  db: AnyDb,
  input: z.input<typeof createEmailVerificationTokenInput>,
): Promise<CreateTokenResult> => createToken(db, emailVerificationTokens, input);

/** Single use: sets usedAt; TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_USED otherwise. */
export const consumePasswordResetToken = (
  db: AnyDb,
  input: z.input<typeof consumePasswordResetTokenInput>,
): Promise<ConsumeTokenResult> => consumeToken(db, passwordResetTokens, 'usedAt', input);

/** Single use: sets verifiedAt; TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_USED otherwise. */
export const consumeEmailVerificationToken = (
  db: AnyDb,
  input: z.input<typeof consumeEmailVerificationTokenInput>,
): Promise<ConsumeTokenResult> => consumeToken(db, emailVerificationTokens, 'verifiedAt', input);

export const recordLoginAttemptInput = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  ipAddress: z.string().min(1).max(45),
  userAgent: z.string().optional(),
  success: z.boolean(),
  failureReason: z.string().max(100).optional(),
});

export const recordLoginAttemptErrors = ['INVALID_INPUT'] as const;

/** Appends a login attempt (email normalised to lower case, as the throttle looks it up). */
export async function recordLoginAttempt(
  db: AnyDb,
  input: z.input<typeof recordLoginAttemptInput>,
): Promise<
  Result<{ attempt: typeof loginAttempts.$inferSelect }, (typeof recordLoginAttemptErrors)[number]>
> {
  narrowDb(db);
  const parsed = parseInput(recordLoginAttemptInput, input);
  if (!parsed.success) return parsed;
  const [row] = await db.insert(loginAttempts).values(parsed.data).returning();
  return ok({ attempt: row! });
}

/** Default window and failure limits of isLoginThrottled (see its comment for why these). */
export const loginThrottleDefaults = {
  windowMinutes: 15,
  maxPairFailures: 5,
  maxEmailFailures: 10,
  maxIpFailures: 50,
} as const;

/** A failure limit: compared with a count, bounded like the other int4 inputs (INT4.max: never reached). */
const failureLimit = (dflt: number) => int4({ min: 1 }).default(dflt);

export const isLoginThrottledInput = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  ipAddress: z.string().min(1).max(45),
  /** Bound by make_interval's int4 argument (2^31 - 1 minutes reach back to about 2060 BC). */
  windowMinutes: int4({ min: 1 }).default(loginThrottleDefaults.windowMinutes),
  /** Failures of this email from this IP address. */
  maxPairFailures: failureLimit(loginThrottleDefaults.maxPairFailures),
  /** Failures of this email from any IP address (password guessing spread over many addresses). */
  maxEmailFailures: failureLimit(loginThrottleDefaults.maxEmailFailures),
  /** Failures from this IP address for any email (one client spraying many accounts). */
  maxIpFailures: failureLimit(loginThrottleDefaults.maxIpFailures),
});

export const isLoginThrottledErrors = ['INVALID_INPUT'] as const;

/** Which limit throttles: the most specific one reached (pair, then email, then IP). */
export const loginThrottleLimits = ['pair', 'email', 'ip'] as const;
export type LoginThrottleLimit = (typeof loginThrottleLimits)[number];

/**
 * Throttled when, within the window, failed attempts reach `maxPairFailures` for this (email, IP
 * address) pair, `maxEmailFailures` for the email from any address, or `maxIpFailures` for the
 * address with any email. The per-address limit is far above the pair limit because many people
 * share one address (an office, a carrier's NAT): a few failures each must not lock all of them
 * out. Defaults (loginThrottleDefaults): 5 per pair, 10 per email, 50 per IP in 15 minutes.
 * `limit` names the limit reached, the most specific first (pair, email, ip); null when none is.
 * One statement: the attempts of the email (login_attempts_email_attempted_at_idx) or the address
 * (login_attempts_ip_idx) in the window, counted three ways.
 */
export async function isLoginThrottled(
  db: AnyDb,
  input: z.input<typeof isLoginThrottledInput>,
): Promise<
  Result<
    {
      throttled: boolean;
      limit: LoginThrottleLimit | null;
      pairFailures: number;
      emailFailures: number;
      ipFailures: number;
    },
    (typeof isLoginThrottledErrors)[number]
  >
> {
  narrowDb(db);
  const parsed = parseInput(isLoginThrottledInput, input);
  if (!parsed.success) return parsed;
  const { email, ipAddress, windowMinutes, maxPairFailures, maxEmailFailures, maxIpFailures } = parsed.data;
  const byEmail = eq(loginAttempts.email, email);
  const byIp = eq(loginAttempts.ipAddress, ipAddress);
  const failures = (where: SQL | undefined) => sql`count(*) filter (where ${where})`.mapWith(Number);
  const [row] = await db
    .select({ pair: failures(and(byEmail, byIp)), email: failures(byEmail), ip: failures(byIp) })
    .from(loginAttempts)
    .where(
      and(
        or(byEmail, byIp),
        eq(loginAttempts.success, false),
        gt(loginAttempts.attemptedAt, sql`now() - make_interval(mins => ${windowMinutes})`),
      ),
    );
  const pairFailures = row!.pair;
  const emailFailures = row!.email;
  const ipFailures = row!.ip;
  const limit: LoginThrottleLimit | null =
    pairFailures >= maxPairFailures
      ? 'pair'
      : emailFailures >= maxEmailFailures
        ? 'email'
        : ipFailures >= maxIpFailures
          ? 'ip'
          : null;
  return ok({ throttled: limit !== null, limit, pairFailures, emailFailures, ipFailures });
}
