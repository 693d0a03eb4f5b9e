// auth-tokens.ts paths the main auth tests leave loose: the exact failure messages, an insert error
// that is not "user does not exist" (rethrown, not USER_NOT_FOUND), and the exact shape returned by
// recordLoginAttempt.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  consumeEmailVerificationToken,
  consumePasswordResetToken,
  createEmailVerificationToken,
  createPasswordResetToken,
  emailVerificationTokens,
  loginAttempts,
  passwordResetTokens,
  recordLoginAttempt,
} from '../../src/bottleneck';
import type { Database } from '../../src/db';
import { withTrigger } from '../fixtures/triggers';
import { expectPgError, useTestDb } from '../support';
import { makeUser } from './fixtures';

const t = useTestDb();

const tokenTables = [
  {
    name: 'password_reset_tokens',
    table: passwordResetTokens,
    create: createPasswordResetToken,
    consume: consumePasswordResetToken,
  },
  {
    name: 'email_verification_tokens',
    table: emailVerificationTokens,
    create: createEmailVerificationToken,
    consume: consumeEmailVerificationToken,
  },
] as const;

/** Runs `fn` with a BEFORE INSERT row trigger on bottleneck.<table> whose plpgsql body is `body`. */
const withInsertTrigger = <T>(db: Database, table: string, body: string, fn: () => Promise<T>): Promise<T> =>
  withTrigger(db, { schema: 'bottleneck', table, timing: 'before', event: 'insert', body }, fn);

describe.each(tokenTables)('$name', ({ name, table, create, consume }) => {
  const rowsOfUser = (userId: number) => t().db.select().from(table).where(eq(table.userId, userId));

  it('USER_NOT_FOUND names the user', async () => {
    expect(await create(t().db, { userId: 987654, ttlMinutes: 5 })).toEqual({
      success: false,
      error: 'USER_NOT_FOUND',
      message: 'user 987654 does not exist',
    });
    expect(await rowsOfUser(987654)).toEqual([]);
  });

  it('a token hash that collides with a stored one: the unique violation is rethrown, not USER_NOT_FOUND', async () => {
    const userId = await makeUser(t().db);
    const first = await create(t().db, { userId, ttlMinutes: 5 });
    if (!first.success) throw new Error(first.message);
    // Forces the new row's hash to the stored one, as a SHA-256 collision would.
    await withInsertTrigger(
      t().db,
      name,
      `new."token" := (select "token" from bottleneck.${name} where "id" = ${first.id}); return new;`,
      () => expectPgError(create(t().db, { userId, ttlMinutes: 5 }), '23505', `${name}_token_key`),
    );
    expect((await rowsOfUser(userId)).map((r) => r.id)).toEqual([first.id]);
  });

  it('an error carrying another foreign key is rethrown, not USER_NOT_FOUND', async () => {
    const userId = await makeUser(t().db);
    await withInsertTrigger(
      t().db,
      name,
      `raise exception 'elsewhere' using errcode = 'foreign_key_violation', constraint = 'sessions_userId_fkey';`,
      () => expectPgError(create(t().db, { userId, ttlMinutes: 5 }), '23503', 'sessions_userId_fkey'),
    );
    expect(await rowsOfUser(userId)).toEqual([]);
  });

  it('TOKEN_INVALID, TOKEN_USED and TOKEN_EXPIRED carry their messages', async () => {
    expect(await consume(t().db, { token: 'y'.repeat(43) })).toEqual({
      success: false,
      error: 'TOKEN_INVALID',
      message: 'unknown token',
    });
    const userId = await makeUser(t().db);
    const used = await create(t().db, { userId, ttlMinutes: 30 });
    if (!used.success) throw new Error(used.message);
    expect(await consume(t().db, { token: used.token })).toEqual({ success: true, id: used.id, userId });
    expect(await consume(t().db, { token: used.token })).toEqual({
      success: false,
      error: 'TOKEN_USED',
      message: 'the token was already used',
    });
    const expired = await create(t().db, { userId, ttlMinutes: 30 });
    if (!expired.success) throw new Error(expired.message);
    await t()
      .db.update(table)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(table.id, expired.id));
    expect(await consume(t().db, { token: expired.token })).toEqual({
      success: false,
      error: 'TOKEN_EXPIRED',
      message: 'the token has expired',
    });
  });
});

describe('recordLoginAttempt', () => {
  it('returns exactly { success, attempt: the stored row }', async () => {
    const r = await recordLoginAttempt(t().db, {
      email: '  Edge@Example.COM ',
      ipAddress: '203.0.113.7',
      success: false,
      failureReason: 'bad password',
    });
    if (!r.success) throw new Error(r.message);
    const [row] = await t().db.select().from(loginAttempts).where(eq(loginAttempts.id, r.attempt.id));
    expect(r).toEqual({ success: true, attempt: row });
    expect(row).toEqual({
      id: r.attempt.id,
      email: 'edge@example.com',
      ipAddress: '203.0.113.7',
      userAgent: null,
      success: false,
      failureReason: 'bad password',
      attemptedAt: expect.any(Date),
    });
  });
});
