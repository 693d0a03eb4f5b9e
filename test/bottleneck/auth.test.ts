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
  loginThrottleDefaults,
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

  const fail = (email: string, ipAddress: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, async () => {
        const r = await recordLoginAttempt(t().db, {
          email,
          ipAddress,
          success: false,
          failureReason: 'bad_password',
        });
        expect(r.success).toBe(true);
      }),
    );
  const limits = { windowMinutes: 15, maxPairFailures: 3, maxEmailFailures: 5, maxIpFailures: 7 };

  it('throttles the (email, IP) pair at maxPairFailures, the email at maxEmailFailures, the IP at maxIpFailures', async () => {
    await fail('Ann@Example.com', '10.0.0.1', 3);
    await recordLoginAttempt(t().db, { email: 'ann@example.com', ipAddress: '10.0.0.1', success: true });
    // the pair: 3 failures of ann (any case) from 10.0.0.1; a success does not count
    expect(
      await isLoginThrottled(t().db, { ...limits, email: 'ann@example.com', ipAddress: '10.0.0.1' }),
    ).toEqual({
      success: true,
      throttled: true,
      limit: 'pair',
      pairFailures: 3,
      emailFailures: 3,
      ipFailures: 3,
    });
    // ann from another address: 3 failures of the email are below its limit of 5
    expect(
      await isLoginThrottled(t().db, { ...limits, email: 'ann@example.com', ipAddress: '10.9.9.9' }),
    ).toEqual({
      success: true,
      throttled: false,
      limit: null,
      pairFailures: 0,
      emailFailures: 3,
      ipFailures: 0,
    });
    await fail('ann@example.com', '10.9.9.8', 2);
    expect(
      await isLoginThrottled(t().db, { ...limits, email: 'ann@example.com', ipAddress: '10.9.9.9' }),
    ).toEqual({
      success: true,
      throttled: true,
      limit: 'email',
      pairFailures: 0,
      emailFailures: 5,
      ipFailures: 0,
    });
    // bob from ann's address: 3 failures of the address are below its limit of 7
    expect(
      await isLoginThrottled(t().db, { ...limits, email: 'bob@example.com', ipAddress: '10.0.0.1' }),
    ).toEqual({
      success: true,
      throttled: false,
      limit: null,
      pairFailures: 0,
      emailFailures: 0,
      ipFailures: 3,
    });
    await fail('cid@example.com', '10.0.0.1', 2);
    await fail('dan@example.com', '10.0.0.1', 2);
    expect(
      await isLoginThrottled(t().db, { ...limits, email: 'bob@example.com', ipAddress: '10.0.0.1' }),
    ).toEqual({
      success: true,
      throttled: true,
      limit: 'ip',
      pairFailures: 0,
      emailFailures: 0,
      ipFailures: 7,
    });
  });

  it('one shared IP address: 20 people failing a few times each are not throttled; one email past the pair limit is', async () => {
    const office = '203.0.113.7';
    const people = Array.from({ length: 20 }, (_, i) => `person${i}@example.com`);
    for (const email of people) await fail(email, office, 2);
    // defaults: 5 per pair, 10 per email, 50 per IP in 15 minutes; 40 failures from the office
    for (const email of people) {
      expect(await isLoginThrottled(t().db, { email, ipAddress: office })).toEqual({
        success: true,
        throttled: false,
        limit: null,
        pairFailures: 2,
        emailFailures: 2,
        ipFailures: 40,
      });
    }
    await fail(people[0]!, office, 3);
    expect(await isLoginThrottled(t().db, { email: people[0]!, ipAddress: office })).toEqual({
      success: true,
      throttled: true,
      limit: 'pair',
      pairFailures: 5,
      emailFailures: 5,
      ipFailures: 43,
    });
    // the others at the same address still sign in
    for (const email of people.slice(1)) {
      expect(await isLoginThrottled(t().db, { email, ipAddress: office })).toMatchObject({
        throttled: false,
        ipFailures: 43,
      });
    }
    // a newcomer at the office with no failures of their own is not throttled either
    expect(await isLoginThrottled(t().db, { email: 'new@example.com', ipAddress: office })).toMatchObject({
      throttled: false,
      pairFailures: 0,
    });
  });

  it('the documented defaults: 5 per pair, 10 per email, 50 per IP address in 15 minutes', async () => {
    expect(loginThrottleDefaults).toEqual({
      windowMinutes: 15,
      maxPairFailures: 5,
      maxEmailFailures: 10,
      maxIpFailures: 50,
    });
    await fail('eve@example.com', '10.2.0.1', 4);
    expect(await isLoginThrottled(t().db, { email: 'eve@example.com', ipAddress: '10.2.0.1' })).toMatchObject(
      {
        throttled: false,
      },
    );
    await fail('eve@example.com', '10.2.0.2', 5);
    // 9 for the email from two addresses: under 10; the pair (eve, 10.2.0.2) at 5 is throttled
    expect(await isLoginThrottled(t().db, { email: 'eve@example.com', ipAddress: '10.2.0.1' })).toMatchObject(
      {
        throttled: false,
        emailFailures: 9,
      },
    );
    expect(await isLoginThrottled(t().db, { email: 'eve@example.com', ipAddress: '10.2.0.2' })).toMatchObject(
      {
        throttled: true,
        limit: 'pair',
      },
    );
    await fail('eve@example.com', '10.2.0.3', 1);
    expect(await isLoginThrottled(t().db, { email: 'eve@example.com', ipAddress: '10.2.0.4' })).toMatchObject(
      {
        throttled: true,
        limit: 'email',
        emailFailures: 10,
      },
    );
    const spray = Array.from({ length: 25 }, (_, i) => `target${i}@example.com`);
    for (const email of spray) await fail(email, '10.3.0.1', 2);
    expect(
      await isLoginThrottled(t().db, { email: 'target0@example.com', ipAddress: '10.3.0.1' }),
    ).toMatchObject({
      throttled: true,
      limit: 'ip',
      ipFailures: 50,
    });
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
        maxPairFailures: 1,
        maxEmailFailures: 1,
        maxIpFailures: 1,
      }),
    ).toMatchObject({ throttled: false, pairFailures: 0, emailFailures: 0, ipFailures: 0 });
    expect(await recordLoginAttempt(t().db, { email: '', ipAddress: 'x', success: false })).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
    });
  });
});
