import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { uuidInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { jsonObject, key } from './internal';
import { cortexChannelConfigs, cortexPublishLog } from './tables/publishing';
import {
  type CortexChannelConfig,
  type CortexPublishLog,
  cortexPublishChannelSchema,
  cortexPublishContentTypeSchema,
} from './validators';

export const queuePublishErrors = ['INVALID_INPUT'] as const;
export type QueuePublishError = (typeof queuePublishErrors)[number];

export const queuePublishInput = z.object({
  /** An AI Quorum turn id (another system: no foreign key); indexed, at most 1,000 bytes. */
  turnId: key(),
  /** Indexed, at most 1,000 bytes. */
  userId: key(),
  channel: cortexPublishChannelSchema,
  contentType: cortexPublishContentTypeSchema,
  formattedContent: z.string().nullish(),
  verdictCardUrl: z.url().nullish(),
});

/** Records a publish attempt as `queued`. */
export async function queuePublish(
  db: AnyDb,
  input: z.input<typeof queuePublishInput>,
): Promise<Result<{ entry: CortexPublishLog }, QueuePublishError>> {
  narrowDb(db);
  const parsed = parseInput(queuePublishInput, input);
  if (!parsed.success) return parsed;
  const [entry] = await db
    .insert(cortexPublishLog)
    .values({ ...parsed.data, status: 'queued' })
    .returning();
  return ok({ entry: entry! });
}

export const markPublishErrors = ['INVALID_INPUT', 'PUBLISH_NOT_FOUND', 'PUBLISH_NOT_QUEUED'] as const;
export type MarkPublishError = (typeof markPublishErrors)[number];
export const markPublishedErrors = markPublishErrors;
export const markPublishFailedErrors = markPublishErrors;

export const markPublishedInput = z.object({
  id: uuidInput(),
  /**
   * The user the call acts for: given, another user's entry is PUBLISH_NOT_FOUND (exactly as an
   * unknown id). Omitted: the publishing worker's call, which may finish any entry.
   */
  userId: key().optional(),
});
export const markPublishFailedInput = markPublishedInput.extend({ errorMessage: z.string().trim().min(1) });

/**
 * queued → sent | failed, as one conditional UPDATE: of concurrent calls exactly one wins, the others
 * get PUBLISH_NOT_QUEUED; a sent or failed entry never changes again. This is the only UPDATE the
 * database allows on the append-only publish log (trigger cortex_publish_log_append_only).
 */
async function finish(
  db: AnyDb,
  id: string,
  userId: string | undefined,
  set: { status: 'sent'; sentAt: SQL } | { status: 'failed'; errorMessage: string },
): Promise<Result<{ entry: CortexPublishLog }, MarkPublishError>> {
  narrowDb(db);
  const mine = and(
    eq(cortexPublishLog.id, id),
    userId === undefined ? undefined : eq(cortexPublishLog.userId, userId),
  );
  const [entry] = await db
    .update(cortexPublishLog)
    .set(set)
    .where(and(mine, eq(cortexPublishLog.status, 'queued')))
    .returning();
  if (entry) return ok({ entry });
  // Only to name the failure: the update above already decided.
  const [current] = await db.select({ status: cortexPublishLog.status }).from(cortexPublishLog).where(mine);
  if (!current) return fail('PUBLISH_NOT_FOUND', 'no publish log entry of this user has this id');
  return fail('PUBLISH_NOT_QUEUED', `the publish log entry is already ${current.status}`);
}

export async function markPublished(
  db: AnyDb,
  input: z.input<typeof markPublishedInput>,
): Promise<Result<{ entry: CortexPublishLog }, MarkPublishError>> {
  narrowDb(db);
  const parsed = parseInput(markPublishedInput, input);
  if (!parsed.success) return parsed;
  return finish(db, parsed.data.id, parsed.data.userId, { status: 'sent', sentAt: sql`now()` });
}

export async function markPublishFailed(
  db: AnyDb,
  input: z.input<typeof markPublishFailedInput>,
): Promise<Result<{ entry: CortexPublishLog }, MarkPublishError>> {
  narrowDb(db);
  const parsed = parseInput(markPublishFailedInput, input);
  if (!parsed.success) return parsed;
  return finish(db, parsed.data.id, parsed.data.userId, {
    status: 'failed',
    errorMessage: parsed.data.errorMessage,
  });
}

export const upsertChannelConfigErrors = ['INVALID_INPUT'] as const;
export type UpsertChannelConfigError = (typeof upsertChannelConfigErrors)[number];

export const upsertChannelConfigInput = z.object({
  /** Unique with `channel`; at most 1,000 bytes. */
  userId: key(),
  /** At most 1,000 bytes. */
  channel: key(),
  /** Replaces the stored config as a whole. */
  config: jsonObject(),
  /** Default true on insert; omitted on update keeps the current switch. */
  enabled: z.boolean().optional(),
});

/** Insert-or-update by (user_id, channel) in one statement. */
export async function upsertChannelConfig(
  db: AnyDb,
  input: z.input<typeof upsertChannelConfigInput>,
): Promise<Result<{ channelConfig: CortexChannelConfig; created: boolean }, UpsertChannelConfigError>> {
  narrowDb(db);
  const parsed = parseInput(upsertChannelConfigInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const set: Record<string, SQL> = { config: sql`excluded.config` };
  if (d.enabled !== undefined) set.enabled = sql`excluded.enabled`;
  const [row] = await db
    .insert(cortexChannelConfigs)
    .values(d)
    .onConflictDoUpdate({ target: [cortexChannelConfigs.userId, cortexChannelConfigs.channel], set })
    .returning({ ...getTableColumns(cortexChannelConfigs), created: sql<boolean>`(xmax = 0)` });
  const { created, ...channelConfig } = row!;
  return ok({ channelConfig, created: Boolean(created) });
}
