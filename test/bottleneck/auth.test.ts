import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  consumeEmailVerificationToken,
  consumePasswordResetToken,
  createEmailVerificationToken,
  createPasswordResetToken,
  emailVerificationTokens,
  isLoginThrottled,
  loginAttempts,
  passwordResetTokens,
  recordLoginAttempt,
} from '../../src/bottleneck';
import { useTestDb } from '../support';
import { makeUser } from './fixtures';

describe('password reset and email verification tokens', () => {
  const t = useTestDb();

  it('returns the raw token once and stores only its SHA-256 hash', async () => {
    const userId = await makeUser(t().db);
    const r = await createPasswordResetToken(t().db, { userId, ttlMinutes: 30 });
    if (!r.success) throw new Error(r.message);
    const [row] = await t().db.select().from(passwordResetTokens).where(eq(passwordResetTokens.id, r.id));
    expect(row!.token).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token).not.toContain(r.token);
    const { createHash } = await import('node:crypto');
    expect(row!.token).toBe(createHash('sha256').update(r.token).digest('hex'));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(29 * 60_000);
  });

  it('consumes a token exactly once', async () => {
    const userId = await makeUser(t().db);
    const r = await createPasswordResetToken(t().db, { userId, ttlMinutes: 30 });
    if (!r.success) throw new Error(r.message);
    expect(await consumePasswordResetToken(t().db, { token: r.token })).toEqual({
      success: true,
      id: r.id,
      userId,
    });
    expect(await consumePasswordResetToken(t().db, { token: r.token })).toMatchObject({
      success: false,
      error: 'TOKEN_USED',
    });
  });

  it('rejects expired, unknown and malformed tokens', async () => {
    const userId = await makeUser(t().db);
    const r = await createPasswordResetToken(t().db, { userId, ttlMinutes: 30 });
    if (!r.success) throw new Error(r.message);
    await t()
      .db.update(passwordResetTokens)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(passwordResetTokens.id, r.id));
    expect(await consumePasswordResetToken(t().db, { token: r.token })).toMatchObject({
      success: false,
      error: 'TOKEN_EXPIRED',
    });
    expect(await consumePasswordResetToken(t().db, { token: 'x'.repeat(43) })).toMatchObject({
      success: false,
      error: 'TOKEN_INVALID',
    });
    expect(await consumePasswordResetToken(t().db, { token: 'short' })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
    const [row] = await t().db.select().from(passwordResetTokens).where(eq(passwordResetTokens.id, r.id));
    expect(row!.usedAt).toBeNull();
  });

  it('reports USER_NOT_FOUND and INVALID_INPUT on creation', async () => {
    expect(await createPasswordResetToken(t().db, { userId: 999999, ttlMinutes: 5 })).toMatchObject({
      success: false,
      error: 'USER_NOT_FOUND',
    });
    expect(await createEmailVerificationToken(t().db, { userId: 1, ttlMinutes: 0 })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });

  it('verifies an email once, setting verifiedAt', async () => {
    const userId = await makeUser(t().db);
    const r = await createEmailVerificationToken(t().db, { userId, ttlMinutes: 60 });
    if (!r.success) throw new Error(r.message);
    expect(await consumeEmailVerificationToken(t().db, { token: r.token })).toMatchObject({
      success: true,
      userId,
    });
    const [row] = await t()
      .db.select()
      .from(emailVerificationTokens)
      .where(eq(emailVerificationTokens.id, r.id));
    expect(row!.verifiedAt).toBeInstanceOf(Date);
    expect(await consumeEmailVerificationToken(t().db, { token: r.token })).toMatchObject({
      success: false,
      error: 'TOKEN_USED',
    });
    // a password reset token is not an email verification token
    const p = await createPasswordResetToken(t().db, { userId, ttlMinutes: 60 });
    if (!p.success) throw new Error(p.message);
    expect(await consumeEmailVerificationToken(t().db, { token: p.token })).toMatchObject({
      success: false,
      error: 'TOKEN_INVALID',
    });
  });
});

describe('login throttling', () => {
  const t = useTestDb();

  it('throttles an email or an IP address after maxFailures failures in the window', async () => {
    const base = { ipAddress: '10.0.0.1', success: false, failureReason: 'bad_password' };
    for (let i = 0; i < 3; i++) {
      expect((await recordLoginAttempt(t().db, { ...base, email: 'Ann@Example.com' })).success).toBe(true);
    }
    await recordLoginAttempt(t().db, { email: 'ann@example.com', ipAddress: '10.0.0.1', success: true });
    expect(
      await isLoginThrottled(t().db, {
        email: 'ann@example.com',
        ipAddress: '10.9.9.9',
        windowMinutes: 15,
        maxFailures: 3,
      }),
    ).toEqual({
      success: true,
      throttled: true,
      emailFailures: 3,
      ipFailures: 0,
    });
    expect(
      await isLoginThrottled(t().db, {
        email: 'bob@example.com',
        ipAddress: '10.0.0.1',
        windowMinutes: 15,
        maxFailures: 3,
      }),
    ).toMatchObject({
      throttled: true,
      emailFailures: 0,
      ipFailures: 3,
    });
    expect(
      await isLoginThrottled(t().db, {
        email: 'bob@example.com',
        ipAddress: '10.0.0.2',
        windowMinutes: 15,
        maxFailures: 3,
      }),
    ).toMatchObject({ throttled: false });
  });

  it('ignores failures older than the window', async () => {
    await recordLoginAttempt(t().db, { email: 'old@example.com', ipAddress: '10.1.1.1', success: false });
    await t()
      .db.update(loginAttempts)
      .set({ attemptedAt: sql`now() - interval '1 hour'` })
      .where(eq(loginAttempts.email, 'old@example.com'));
    expect(
      await isLoginThrottled(t().db, {
        email: 'old@example.com',
        ipAddress: '10.1.1.1',
        windowMinutes: 15,
        maxFailures: 1,
      }),
    ).toMatchObject({ throttled: false, emailFailures: 0 });
    expect(await recordLoginAttempt(t().db, { email: '', ipAddress: 'x', success: false })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});
