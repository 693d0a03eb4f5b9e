import { and, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { type Failure, fail, ok, parseInput } from '../result';
import { jsonObject, text } from './internal';
import { cortexChannelConfigs, cortexPublishLog } from './publishing';
import {
  type CortexChannelConfig,
  type CortexPublishLogEntry,
  cortexPublishChannelSchema,
  cortexPublishContentTypeSchema,
} from './validators';

export const queuePublishErrors = ['INVALID_INPUT'] as const;
export type QueuePublishError = (typeof queuePublishErrors)[number];

export const queuePublishInput = z.object({
  turnId: text(),
  userId: text(),
  channel: cortexPublishChannelSchema,
  contentType: cortexPublishContentTypeSchema,
  formattedContent: z.string().nullish(),
  verdictCardUrl: z.url().nullish(),
});

/** Records a publish attempt as `queued`. */
export async function queuePublish(
  db: DbOrTx,
  input: z.input<typeof queuePublishInput>,
): Promise<{ success: true; entry: CortexPublishLogEntry } | Failure<QueuePublishError>> {
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

export const markPublishedInput = z.object({ id: z.uuid() });
export const markPublishFailedInput = z.object({ id: z.uuid(), errorMessage: z.string().trim().min(1) });

/**
 * queued → sent | failed, as one conditional UPDATE: of concurrent calls exactly one wins, the others
 * get PUBLISH_NOT_QUEUED; a sent or failed entry never changes again.
 */
async function finish(
  db: DbOrTx,
  id: string,
  set: { status: 'sent'; sentAt: SQL } | { status: 'failed'; errorMessage: string },
): Promise<{ success: true; entry: CortexPublishLogEntry } | Failure<MarkPublishError>> {
  const [entry] = await db
    .update(cortexPublishLog)
    .set(set)
    .where(and(eq(cortexPublishLog.id, id), eq(cortexPublishLog.status, 'queued')))
    .returning();
  if (entry) return ok({ entry });
  // Only to name the failure: the update above already decided.
  const [current] = await db
    .select({ status: cortexPublishLog.status })
    .from(cortexPublishLog)
    .where(eq(cortexPublishLog.id, id));
  if (!current) return fail('PUBLISH_NOT_FOUND', `publish log entry ${id} does not exist`);
  return fail('PUBLISH_NOT_QUEUED', `publish log entry ${id} is already ${current.status}`);
}

export async function markPublished(
  db: DbOrTx,
  input: z.input<typeof markPublishedInput>,
): Promise<{ success: true; entry: CortexPublishLogEntry } | Failure<MarkPublishError>> {
  const parsed = parseInput(markPublishedInput, input);
  if (!parsed.success) return parsed;
  return finish(db, parsed.data.id, { status: 'sent', sentAt: sql`now()` });
}

export async function markPublishFailed(
  db: DbOrTx,
  input: z.input<typeof markPublishFailedInput>,
): Promise<{ success: true; entry: CortexPublishLogEntry } | Failure<MarkPublishError>> {
  const parsed = parseInput(markPublishFailedInput, input);
  if (!parsed.success) return parsed;
  return finish(db, parsed.data.id, { status: 'failed', errorMessage: parsed.data.errorMessage });
}

export const upsertChannelConfigErrors = ['INVALID_INPUT'] as const;
export type UpsertChannelConfigError = (typeof upsertChannelConfigErrors)[number];

export const upsertChannelConfigInput = z.object({
  userId: text(),
  channel: text(),
  /** Replaces the stored config as a whole. */
  config: jsonObject(),
  /** Default true on insert; omitted on update keeps the current switch. */
  enabled: z.boolean().optional(),
});

/** Insert-or-update by (user_id, channel) in one statement. */
export async function upsertChannelConfig(
  db: DbOrTx,
  input: z.input<typeof upsertChannelConfigInput>,
): Promise<
  { success: true; channelConfig: CortexChannelConfig; created: boolean } | Failure<UpsertChannelConfigError>
> {
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
