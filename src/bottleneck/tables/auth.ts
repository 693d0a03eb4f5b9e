import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  serial,
  text,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain, timestamptz } from '../../columns';
import { bottleneckSchema } from '../schema';

export const usersLoginMethodValues = ['email', 'google', 'manus'] as const;

/** Core user table for authentication and authorization. */
export const users = bottleneckSchema.table(
  'users',
  {
    id: serial('id').primaryKey(),
    openId: varchar('openId', { length: 64 }),
    googleId: varchar('googleId', { length: 64 }),
    password: text('password'),
    name: text('name'),
    email: varchar('email', { length: 320 }).notNull(),
    loginMethod: varchar('loginMethod', { length: 64, enum: usersLoginMethodValues })
      .notNull()
      .default('email'),
    role: varchar('role', { length: 20 }).notNull().default('user'),
    onboardingCompleted: boolean('onboardingCompleted').notNull().default(false),
    suspendedAt: timestampPlain('suspendedAt'),
    suspensionReason: text('suspensionReason'),
    ...camelTimestamps(),
    lastSignedIn: timestampPlain('lastSignedIn').notNull().defaultNow(),
  },
  (t) => [
    unique('users_openId_key').on(t.openId),
    unique('users_googleId_key').on(t.googleId),
    unique('users_email_key').on(t.email),
    index('users_email_idx').on(t.email),
    index('users_login_method_idx').on(t.loginMethod),
    index('users_email_login_method_idx').on(t.email, t.loginMethod),
  ],
);

/** User session management for authentication. */
export const sessions = bottleneckSchema.table(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('userId').notNull(),
    expiresAt: timestamptz('expiresAt').notNull(),
  },
  (t) => [foreignKey({ name: 'sessions_userId_fkey', columns: [t.userId], foreignColumns: [users.id] })],
);

/** Business profile data collected during onboarding. */
export const userProfiles = bottleneckSchema.table(
  'user_profiles',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    companyName: text('companyName'),
    industry: varchar('industry', { length: 100 }),
    monthlyRevenue: varchar('monthlyRevenue', { length: 50 }),
    employeeCount: varchar('employeeCount', { length: 50 }),
    website: text('website'),
    phone: varchar('phone', { length: 30 }),
    goals: jsonb('goals'),
    currentTools: jsonb('currentTools'),
    referralSource: varchar('referralSource', { length: 100 }),
    ghlApiKey: text('ghlApiKey'),
    notes: text('notes'),
    ...camelTimestamps(),
  },
  (t) => [
    unique('user_profiles_userId_key').on(t.userId),
    foreignKey({ name: 'user_profiles_userId_fkey', columns: [t.userId], foreignColumns: [users.id] }),
  ],
);

/** Manages password reset flow. */
export const passwordResetTokens = bottleneckSchema.table(
  'password_reset_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    token: text('token').notNull(),
    expiresAt: timestampPlain('expiresAt').notNull(),
    usedAt: timestampPlain('usedAt'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    unique('password_reset_tokens_token_key').on(t.token),
    index('password_reset_user_id_idx').on(t.userId),
    index('password_reset_token_idx').on(t.token),
    index('password_reset_expires_at_idx').on(t.expiresAt),
    foreignKey({
      name: 'password_reset_tokens_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
  ],
);

/** Email verification flow management. */
export const emailVerificationTokens = bottleneckSchema.table(
  'email_verification_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId').notNull(),
    token: text('token').notNull(),
    expiresAt: timestampPlain('expiresAt').notNull(),
    verifiedAt: timestampPlain('verifiedAt'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
  },
  (t) => [
    unique('email_verification_tokens_token_key').on(t.token),
    index('email_verification_user_id_idx').on(t.userId),
    index('email_verification_token_idx').on(t.token),
    index('email_verification_expires_at_idx').on(t.expiresAt),
    foreignKey({
      name: 'email_verification_tokens_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete('cascade'),
  ],
);

/** Security monitoring for login attempts. */
export const loginAttempts = bottleneckSchema.table(
  'login_attempts',
  {
    id: serial('id').primaryKey(),
    email: varchar('email', { length: 320 }).notNull(),
    ipAddress: varchar('ipAddress', { length: 45 }).notNull(),
    userAgent: text('userAgent'),
    success: boolean('success').notNull(),
    failureReason: varchar('failureReason', { length: 100 }),
    attemptedAt: timestampPlain('attemptedAt').notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_email_idx').on(t.email),
    index('login_attempts_ip_idx').on(t.ipAddress),
    index('login_attempts_email_attempted_at_idx').on(t.email, t.attemptedAt),
    index('login_attempts_attempted_at_idx').on(t.attemptedAt),
  ],
);
