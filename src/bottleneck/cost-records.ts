// Recording what a user's work cost: Claude and Gemini token usage, Browserbase sessions and
// storage operations. Totals are computed here (in SQL, checked against their columns), never
// taken from input.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { count4, INT4, numeric, serialId, timestampInput } from '../input';
import { parseInput, type Result } from '../result';
import { computed, insertCost } from './cost-rows';
import {
  apiTokenUsage,
  apiTokenUsagePromptTypeValues,
  browserbaseCosts,
  browserbaseCostsStatusValues,
  geminiTokenUsage,
  storageCosts,
  storageCostsOperationTypeValues,
  storageCostsProviderValues,
  storageCostsStatusValues,
} from './tables/costs';
import type { ApiTokenUsage, BrowserbaseCost, GeminiTokenUsage, StorageCost } from './validators';

/** Money in: a non-negative decimal (number or string) within its numeric(p, s) column; summed in SQL. */
const money = (precision: number, scale: number) => numeric(precision, scale, { min: 0 });
const count = count4();

export const recordCostErrors = [
  'INVALID_INPUT',
  'USER_NOT_FOUND',
  'EXECUTION_NOT_FOUND',
  'DUPLICATE_SESSION',
] as const;
export type RecordCostError = (typeof recordCostErrors)[number];
export const recordApiTokenUsageErrors = ['INVALID_INPUT', 'USER_NOT_FOUND', 'EXECUTION_NOT_FOUND'] as const;
export const recordGeminiTokenUsageErrors = recordApiTokenUsageErrors;
export const recordStorageCostErrors = recordApiTokenUsageErrors;
export const recordBrowserbaseCostErrors = recordCostErrors;

/** The first fields of every cost input: whose cost it is. */
const costOwner = {
  userId: serialId(),
  /** A task execution of the same user (task_executions → agency_tasks.userId). */
  executionId: serialId().optional(),
};
/** The first fields of both token-usage inputs. */
const tokenUsage = {
  ...costOwner,
  requestId: z.string().max(255).optional(),
  model: z.string().min(1).max(100),
  inputTokens: count,
  outputTokens: count,
};

/** The sum of token counts stored in an int4 total column must fit it too. */
const tokenSumFits =
  (keys: readonly string[]) =>
  (d: Record<string, unknown>): boolean =>
    keys.reduce((n, k) => n + ((d[k] as number | undefined) ?? 0), 0) <= INT4.max;

export const recordApiTokenUsageInput = z
  .object({
    ...tokenUsage,
    cacheCreationTokens: count.default(0),
    cacheReadTokens: count.default(0),
    inputCost: money(10, 4),
    outputCost: money(10, 4),
    cacheCost: money(10, 4).default('0'),
    promptType: z.enum(apiTokenUsagePromptTypeValues).optional(),
    toolsUsed: z.array(z.string()).optional(),
    responseTime: count.optional(),
    stopReason: z.string().max(50).optional(),
  })
  .refine(tokenSumFits(['inputTokens', 'outputTokens', 'cacheCreationTokens', 'cacheReadTokens']), {
    error: 'totalTokens (the sum of the token counts) must fit an integer column (at most 2147483647)',
    path: ['totalTokens'],
  });

/** Claude usage; totalTokens and totalCost are computed here, never taken from input. */
export async function recordApiTokenUsage(
  db: AnyDb,
  input: z.input<typeof recordApiTokenUsageInput>,
): Promise<Result<{ row: ApiTokenUsage }, (typeof recordApiTokenUsageErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordApiTokenUsageInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const totals = await computed(db, {
    totalCost: {
      expr: sql`${d.inputCost}::numeric + ${d.outputCost}::numeric + ${d.cacheCost}::numeric`,
      precision: 10,
      scale: 4,
    },
  });
  if (!totals.success) return totals;
  return insertCost(db, apiTokenUsage, {
    ...d,
    totalTokens: d.inputTokens + d.outputTokens + d.cacheCreationTokens + d.cacheReadTokens,
    totalCost: totals.values.totalCost,
  }) as Promise<Result<{ row: ApiTokenUsage }, (typeof recordApiTokenUsageErrors)[number]>>;
}

export const recordGeminiTokenUsageInput = z
  .object({
    ...tokenUsage,
    inputCost: money(10, 6),
    outputCost: money(10, 6),
    promptType: z.string().max(100).optional(),
    toolsUsed: z.array(z.string()).optional(),
    responseTime: count.optional(),
    finishReason: z.string().max(50).optional(),
  })
  .refine(tokenSumFits(['inputTokens', 'outputTokens']), {
    error: 'totalTokens (inputTokens + outputTokens) must fit an integer column (at most 2147483647)',
    path: ['totalTokens'],
  });

/** Gemini usage; totalTokens and totalCost are computed here. */
export async function recordGeminiTokenUsage(
  db: AnyDb,
  input: z.input<typeof recordGeminiTokenUsageInput>,
): Promise<Result<{ row: GeminiTokenUsage }, (typeof recordGeminiTokenUsageErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordGeminiTokenUsageInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const totals = await computed(db, {
    totalCost: { expr: sql`${d.inputCost}::numeric + ${d.outputCost}::numeric`, precision: 10, scale: 6 },
  });
  if (!totals.success) return totals;
  return insertCost(db, geminiTokenUsage, {
    ...d,
    totalTokens: d.inputTokens + d.outputTokens,
    totalCost: totals.values.totalCost,
  }) as Promise<Result<{ row: GeminiTokenUsage }, (typeof recordGeminiTokenUsageErrors)[number]>>;
}

export const recordBrowserbaseCostInput = z.object({
  ...costOwner,
  sessionId: z.string().min(1).max(255),
  projectId: z.string().max(255).optional(),
  durationMs: count,
  costPerMinute: money(10, 4).default('0.01'),
  debugUrl: z.string().max(500).optional(),
  recordingUrl: z.string().max(500).optional(),
  hasRecording: z.boolean().default(false),
  recordingCost: money(10, 4).default('0'),
  screenshotCount: count.default(0),
  screenshotCost: money(10, 4).default('0'),
  status: z.enum(browserbaseCostsStatusValues),
  startedAt: timestampInput(),
  completedAt: timestampInput().optional(),
});

/** A Browserbase session: durationMinutes = durationMs / 60000; totalCost = minutes × rate + recording + screenshots. */
export async function recordBrowserbaseCost(
  db: AnyDb,
  input: z.input<typeof recordBrowserbaseCostInput>,
): Promise<Result<{ row: BrowserbaseCost }, (typeof recordBrowserbaseCostErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordBrowserbaseCostInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const minutes = sql`round(${d.durationMs}::numeric / 60000, 2)`;
  const totals = await computed(db, {
    durationMinutes: { expr: minutes, precision: 10, scale: 2 },
    totalCost: {
      expr: sql`${minutes} * ${d.costPerMinute}::numeric + ${d.recordingCost}::numeric + ${d.screenshotCost}::numeric`,
      precision: 10,
      scale: 4,
    },
  });
  if (!totals.success) return totals;
  return insertCost(db, browserbaseCosts, { ...d, ...totals.values });
}

export const recordStorageCostInput = z.object({
  ...costOwner,
  operationId: z.string().max(255).optional(),
  provider: z.enum(storageCostsProviderValues),
  bucket: z.string().min(1).max(255),
  operationType: z.enum(storageCostsOperationTypeValues),
  objectKey: z.string().max(1000).optional(),
  sizeBytes: count,
  storageCostPerGb: money(10, 6).default('0.023'),
  transferCostPerGb: money(10, 6).default('0.09'),
  requestCost: money(10, 8).default('0'),
  contentType: z.string().max(255).optional(),
  status: z.enum(storageCostsStatusValues),
});

/**
 * A storage operation: sizeMb = bytes / 2^20; uploads pay storage per GB, downloads pay transfer per GB,
 * every operation pays requestCost.
 */
export async function recordStorageCost(
  db: AnyDb,
  input: z.input<typeof recordStorageCostInput>,
): Promise<Result<{ row: StorageCost }, (typeof recordStorageCostErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(recordStorageCostInput, input);
  if (!parsed.success) return parsed;
  const d = parsed.data;
  const gb = sql`(${d.sizeBytes}::numeric / 1073741824)`;
  const perGb =
    d.operationType === 'upload'
      ? d.storageCostPerGb
      : d.operationType === 'download'
        ? d.transferCostPerGb
        : '0';
  const totals = await computed(db, {
    sizeMb: { expr: sql`${d.sizeBytes}::numeric / 1048576`, precision: 10, scale: 4 },
    totalCost: { expr: sql`${gb} * ${perGb}::numeric + ${d.requestCost}::numeric`, precision: 10, scale: 6 },
  });
  if (!totals.success) return totals;
  return insertCost(db, storageCosts, { ...d, ...totals.values }) as Promise<
    Result<{ row: StorageCost }, (typeof recordStorageCostErrors)[number]>
  >;
}
