// Owner isolation: every function that takes a reference to another row, called by user B with an
// id of user A's, answers exactly as for an id that does not exist, and writes nothing. Coverage
// is enumerated from the exports (functionsTakingReferences), so a new function that takes a
// reference fails this file until it has a case here or a reasoned exemption.
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  agencyTasks,
  apiTokenUsage,
  approveAgencyTask,
  browserContexts,
  claimAgencyTasks,
  claimDueScheduledTasks,
  completeScheduledTaskRun,
  decideApproval,
  failScheduledTaskRun,
  getBrowserContextStorage,
  getCredential,
  getEmailConnectionTokens,
  latestResumableCheckpoint,
  putBrowserContextStorage,
  putCredential,
  putEmailConnectionTokens,
  recordApiTokenUsage,
  recordBrowserbaseCost,
  recordGeminiTokenUsage,
  recordInboundMessage,
  recordStorageCost,
  registerWebhookChannel,
  removeWebhookChannel,
  requestApproval,
  resumeFromCheckpoint,
  saveCheckpoint,
  scheduledBrowserTasks,
  taskExecutions,
  verifyWebhookChannel,
} from '../../src/bottleneck';
import { Keyring } from '../../src/crypto';
import type { Database } from '../../src/db';
import { rowsOf } from '../../src/db';
import { functionsTakingReferences, systemSchemas } from '../contract/contract';
import { expectPgError, useTestDb } from '../support';
import { makeUser } from './fixtures';
import { inboundMessage, verifiedWebhook } from './inbound-webhooks-fixtures';

const keyring = new Keyring([[1, randomBytes(32)]]);
const ownerKeys = ['userId'] as const;
/** Ids that exist nowhere. */
const MISSING = 2_000_000_000;

type Outcome = { success: boolean; error?: unknown };
/** One call as user B, with user A's id (`other`) or an id that does not exist (`missing`). */
type Case = (ref: 'other' | 'missing') => Promise<Outcome>;

interface Fixture {
  a: number;
  b: number;
  reviewTaskA: number;
  unverifiedWebhookA: number;
  webhookA: number;
  webhookB: number;
  messageA: number;
  executionA: number;
  checkpointA: string;
  checkpointExecutionA: number;
  approvalA: number;
  credentialA: number;
  connectionA: number;
  contextA: string;
  scheduledExecutionA: number;
}
let f: Fixture;

const costBase = { model: 'm', inputTokens: 1, outputTokens: 1, inputCost: '0.1', outputCost: '0.1' };

/** Functions that take a reference, each with a call as user B. */
const cases: Record<string, Case> = {
  completeScheduledTaskRun: (ref) =>
    completeScheduledTaskRun(t().db, {
      userId: f.b,
      executionId: ref === 'other' ? f.scheduledExecutionA : MISSING,
    }),
  failScheduledTaskRun: (ref) =>
    failScheduledTaskRun(t().db, {
      userId: f.b,
      executionId: ref === 'other' ? f.scheduledExecutionA : MISSING,
      error: 'boom',
    }),
  approveAgencyTask: (ref) =>
    approveAgencyTask(t().db, { userId: f.b, taskId: ref === 'other' ? f.reviewTaskA : MISSING }),
  decideApproval: (ref) =>
    decideApproval(t().db, {
      id: ref === 'other' ? f.approvalA : MISSING,
      userId: f.b,
      decision: 'approve',
    }),
  getBrowserContextStorage: (ref) =>
    getBrowserContextStorage(
      t().db,
      { contextId: ref === 'other' ? f.contextA : `ctx-${randomUUID()}`, userId: f.b },
      keyring,
    ),
  putBrowserContextStorage: (ref) =>
    putBrowserContextStorage(
      t().db,
      { contextId: ref === 'other' ? f.contextA : `ctx-${randomUUID()}`, userId: f.b, storage: { x: 1 } },
      keyring,
    ),
  getCredential: (ref) =>
    getCredential(t().db, { id: ref === 'other' ? f.credentialA : MISSING, userId: f.b }, keyring),
  getEmailConnectionTokens: (ref) =>
    getEmailConnectionTokens(t().db, { id: ref === 'other' ? f.connectionA : MISSING, userId: f.b }, keyring),
  latestResumableCheckpoint: (ref) =>
    latestResumableCheckpoint(t().db, {
      executionId: ref === 'other' ? f.checkpointExecutionA : MISSING,
      userId: f.b,
    }),
  resumeFromCheckpoint: (ref) =>
    resumeFromCheckpoint(t().db, {
      checkpointId: ref === 'other' ? f.checkpointA : `cp-${randomUUID()}`,
      userId: f.b,
    }),
  recordApiTokenUsage: (ref) =>
    recordApiTokenUsage(t().db, {
      ...costBase,
      userId: f.b,
      executionId: ref === 'other' ? f.executionA : MISSING,
    }),
  recordGeminiTokenUsage: (ref) =>
    recordGeminiTokenUsage(t().db, {
      ...costBase,
      userId: f.b,
      executionId: ref === 'other' ? f.executionA : MISSING,
    }),
  recordBrowserbaseCost: (ref) =>
    recordBrowserbaseCost(t().db, {
      userId: f.b,
      executionId: ref === 'other' ? f.executionA : MISSING,
      sessionId: `bb-${randomUUID()}`,
      durationMs: 60_000,
      status: 'completed',
      startedAt: new Date(),
    }),
  recordStorageCost: (ref) =>
    recordStorageCost(t().db, {
      userId: f.b,
      executionId: ref === 'other' ? f.executionA : MISSING,
      provider: 's3',
      bucket: 'b',
      operationType: 'upload',
      sizeBytes: 1024,
      status: 'success',
    }),
  verifyWebhookChannel: (ref) =>
    verifyWebhookChannel(t().db, {
      userId: f.b,
      webhookId: ref === 'other' ? f.unverifiedWebhookA : MISSING,
      code: 'ABCDEFGHJK',
    }),
  removeWebhookChannel: (ref) =>
    removeWebhookChannel(t().db, { userId: f.b, webhookId: ref === 'other' ? f.webhookA : MISSING }),
};

/**
 * Functions whose input is a union (the enumeration does not look into unions), covered the same way.
 */
const unionCases: Record<string, Case> = {
  putCredential: (ref) =>
    putCredential(
      t().db,
      { id: ref === 'other' ? f.credentialA : MISSING, userId: f.b, data: { password: 'x' } },
      keyring,
    ),
  putEmailConnectionTokens: (ref) =>
    putEmailConnectionTokens(
      t().db,
      {
        id: ref === 'other' ? f.connectionA : MISSING,
        userId: f.b,
        accessToken: 'a',
        refreshToken: 'r',
        expiresAt: new Date(),
      },
      keyring,
    ),
  recordInboundMessage: (ref) =>
    recordInboundMessage(t().db, {
      userId: f.b,
      webhookId: ref === 'other' ? f.webhookA : MISSING,
      ...inboundMessage(),
    }),
  // parentMessageId: user B's own webhook, user A's message as the parent.
  'recordInboundMessage (parentMessageId)': (ref) =>
    recordInboundMessage(t().db, {
      userId: f.b,
      webhookId: f.webhookB,
      ...inboundMessage({ parentMessageId: ref === 'other' ? f.messageA : MISSING }),
    }),
};

const WORKER =
  'queue worker function: `id` is the claimed row itself and the worker acts for the system, not for a user (no owner in the input)';
/** Reference fields that are not owner-checkable, with why. */
const exempt: Record<string, string> = {
  // checkpointId: the row's own key, chosen by the writer and globally UNIQUE as documented, so a
  // collision is DUPLICATE_CHECKPOINT whoever owns the other row (generated ones are random UUIDs);
  // executionId / phaseId: no foreign key (documented), they name an execution in the caller's engine.
  // Reads by them (latestResumableCheckpoint, resumeFromCheckpoint) are owner-scoped and covered above.
  saveCheckpoint: 'own key + unconstrained engine ids',
  // executionId: no foreign key (documented); decideApproval (covered) is owner-scoped.
  requestApproval: 'unconstrained engine id',
  // packageId: credit_packages is a catalog (no owner column); the balance written is the caller's.
  purchaseCredits: 'catalog row, no owner',
  // stripePaymentIntentId: the payment provider's id, not a row of ours; DUPLICATE_PAYMENT looks only
  // at the user's own packs, so another user's payment id is a new payment (billing-packs.test.ts).
  purchaseExecutionPack: 'provider id, deduplicated per user',
  completeAgencyTask: WORKER,
  failAgencyTask: WORKER,
  completeAlertDelivery: WORKER,
  failAlertDelivery: WORKER,
  // externalMessageId: the provider's id, stored as given.
  completeOutboundMessage: WORKER,
  failOutboundMessage: WORKER,
  completeWebhookRetry: WORKER,
  failWebhookRetry: WORKER,
};

/** A digest of every row of every table of the system: equal digests mean nothing was written. */
async function digest(db: Database): Promise<string> {
  const tables = rowsOf<{ t: string }>(
    await db.execute(sql`select format('%I.%I', table_schema, table_name) as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema = ${systemSchemas.bottleneck[0]} order by 1`),
  ).map((r) => r.t);
  const rows = rowsOf<{ d: string }>(
    await db.execute(
      sql.raw(
        `select md5(string_agg(d, '|' order by t)) as d from (${tables
          .map(
            (t) =>
              `select '${t}' as t, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as d from ${t} x`,
          )
          .join(' union all ')}) s`,
      ),
    ),
  );
  return rows[0]!.d;
}

const t = useTestDb();

async function setup(db: Database): Promise<Fixture> {
  const a = await makeUser(db);
  const b = await makeUser(db);
  const [task] = await db
    .insert(agencyTasks)
    .values({ userId: a, sourceType: 'webhook', title: 'a', taskType: 'browser' })
    .returning({ id: agencyTasks.id });
  const [reviewTask] = await db
    .insert(agencyTasks)
    .values({
      userId: a,
      sourceType: 'webhook',
      title: 'review',
      taskType: 'browser',
      requiresHumanReview: true,
    })
    .returning({ id: agencyTasks.id });
  const [execution] = await db
    .insert(taskExecutions)
    .values({ taskId: task!.id, triggeredBy: 'manual' })
    .returning({ id: taskExecutions.id });
  const checkpointExecutionA = 424_242;
  const checkpoint = await saveCheckpoint(db, { executionId: checkpointExecutionA, userId: a });
  const approval = await requestApproval(db, {
    executionId: checkpointExecutionA,
    userId: a,
    actionType: 'delete',
    actionDescription: 'delete everything',
    actionParams: {},
    riskLevel: 'high',
    timeoutMinutes: 60,
  });
  const credential = await putCredential(
    db,
    { userId: a, name: 'crm', service: 'crm', type: 'password', data: { password: 'secret-a' } },
    keyring,
  );
  const connection = await putEmailConnectionTokens(
    db,
    {
      userId: a,
      provider: 'gmail',
      email: 'a@example.com',
      scope: 'mail',
      accessToken: 'access-a',
      refreshToken: 'refresh-a',
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    },
    keyring,
  );
  const contextA = `ctx-${randomUUID()}`;
  await db.insert(browserContexts).values({ clientId: 1, userId: a, contextId: contextA });
  await putBrowserContextStorage(db, { contextId: contextA, storage: { cookies: ['a'] } }, keyring);
  const unverified = await registerWebhookChannel(db, {
    userId: a,
    channelType: 'email',
    channelName: 'mail',
  });
  const webhookA = await verifiedWebhook(db, a);
  const webhookB = await verifiedWebhook(db, b);
  const messageA = await recordInboundMessage(db, { token: webhookA.token, ...inboundMessage() });
  await db.insert(scheduledBrowserTasks).values({
    userId: a,
    name: 'scheduled',
    automationType: 'workflow',
    automationConfig: {},
    scheduleType: 'cron',
    cronExpression: '0 0 1 1 *',
    createdBy: a,
    lastModifiedBy: a,
    nextRun: sql`now() - interval '1 minute'` as never,
  });
  // A's run in progress: the execution id a worker of A's reports on.
  const scheduled = await claimDueScheduledTasks(db, { userId: a });
  if (!scheduled.success || scheduled.runs.length !== 1) throw new Error('fixture failed');
  if (!unverified.success || !messageA.success) throw new Error('fixture failed');
  if (!checkpoint.success || !approval.success || !credential.success || !connection.success)
    throw new Error('fixture failed');
  return {
    a,
    b,
    reviewTaskA: reviewTask!.id,
    unverifiedWebhookA: unverified.webhook.id,
    webhookA: webhookA.id,
    webhookB: webhookB.id,
    messageA: messageA.message.id,
    executionA: execution!.id,
    checkpointA: checkpoint.checkpoint.checkpointId,
    checkpointExecutionA,
    approvalA: approval.approval.id,
    credentialA: credential.id,
    connectionA: connection.id,
    contextA,
    scheduledExecutionA: scheduled.runs[0]!.execution.id,
  };
}

describe('bottleneck owner isolation', () => {
  beforeAll(async () => {
    f = await setup(t().db);
  });

  it('covers every exported function that takes a reference (cases + exemptions)', async () => {
    const refs = await functionsTakingReferences('bottleneck', ownerKeys);
    expect(Object.keys(refs).sort()).toEqual([...Object.keys(cases), ...Object.keys(exempt)].sort());
    // The union-typed functions are not enumerated; they are covered here anyway.
    for (const name of Object.keys(unionCases)) expect(refs[name]).toBeUndefined();
  });

  it.each(Object.keys({ ...cases, ...unionCases }))(
    "%s: user A's id, used by user B, answers like a missing id and writes nothing",
    async (name) => {
      const call = cases[name] ?? unionCases[name]!;
      const before = await digest(t().db);
      const other = await call('other');
      const missing = await call('missing');
      expect(other.success).toBe(false);
      expect({ success: other.success, error: other.error }).toEqual({
        success: missing.success,
        error: missing.error,
      });
      expect(await digest(t().db)).toBe(before);
    },
  );

  it("user A's own calls still succeed (the fixtures are reachable, so the cases above are meaningful)", async () => {
    const db = t().db;
    expect(await getCredential(db, { id: f.credentialA, userId: f.a }, keyring)).toMatchObject({
      success: true,
      data: { password: 'secret-a' },
    });
    expect(await getEmailConnectionTokens(db, { id: f.connectionA, userId: f.a }, keyring)).toMatchObject({
      success: true,
      accessToken: 'access-a',
    });
    expect(await getBrowserContextStorage(db, { contextId: f.contextA, userId: f.a }, keyring)).toMatchObject(
      { success: true, storage: { cookies: ['a'] } },
    );
    expect(
      await latestResumableCheckpoint(db, { executionId: f.checkpointExecutionA, userId: f.a }),
    ).toMatchObject({ success: true, checkpoint: { checkpointId: f.checkpointA } });
    expect(
      await recordApiTokenUsage(db, { ...costBase, userId: f.a, executionId: f.executionA }),
    ).toMatchObject({ success: true, row: { executionId: f.executionA } });
    expect(await resumeFromCheckpoint(db, { checkpointId: f.checkpointA, userId: f.a })).toMatchObject({
      success: true,
      checkpoint: { resumeCount: 1 },
    });
    expect(
      await decideApproval(db, { id: f.approvalA, userId: f.a, decision: 'reject', reason: 'no' }),
    ).toMatchObject({ success: true, approval: { status: 'rejected' } });
    expect(
      await recordInboundMessage(db, {
        userId: f.a,
        webhookId: f.webhookA,
        ...inboundMessage({ parentMessageId: f.messageA }),
      }),
    ).toMatchObject({ success: true, message: { parentMessageId: f.messageA, isPartOfThread: true } });
    expect(await removeWebhookChannel(db, { userId: f.a, webhookId: f.webhookA })).toEqual({
      success: true,
      id: f.webhookA,
    });
    expect(
      await verifyWebhookChannel(db, { userId: f.a, webhookId: f.unverifiedWebhookA, code: 'ABCDEFGHJK' }),
    ).toMatchObject({ success: false, error: 'INVALID_CODE' });
    expect(await approveAgencyTask(db, { userId: f.a, taskId: f.reviewTaskA })).toMatchObject({
      success: true,
      task: { humanReviewedBy: f.a },
    });
  });

  it('the database refuses a cost row whose execution belongs to another user (insert and update)', async () => {
    const db = t().db;
    const row = { userId: f.b, model: 'm', totalTokens: 0, inputCost: '0', outputCost: '0', totalCost: '0' };
    await expectPgError(
      db.insert(apiTokenUsage).values({ ...row, executionId: f.executionA }),
      '23503',
      'api_token_usage_executionId_owner',
    );
    const [mine] = await db
      .insert(apiTokenUsage)
      .values({ ...row, userId: f.a, executionId: f.executionA })
      .returning({ id: apiTokenUsage.id });
    await expectPgError(
      db.update(apiTokenUsage).set({ userId: f.b }).where(eq(apiTokenUsage.id, mine!.id)),
      '23503',
      'api_token_usage_executionId_owner',
    );
    // Without an execution any user's row is fine; a missing execution is still the foreign key.
    await db.insert(apiTokenUsage).values(row);
    await expectPgError(
      db.insert(apiTokenUsage).values({ ...row, executionId: MISSING }),
      '23503',
      'api_token_usage_executionId_fkey',
    );
    for (const table of ['gemini_token_usage', 'browserbase_costs', 'storage_costs']) {
      const [trigger] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from pg_trigger g join pg_class c on c.oid = g.tgrelid
          where c.relname = ${table} and g.tgname = 'execution_owner_check'`),
      );
      expect(trigger!.n).toBe(1);
    }
  });

  it("another user's finished task does not unblock a bot task", async () => {
    const db = t().db;
    const [foreign] = await db
      .insert(agencyTasks)
      .values({ userId: f.a, sourceType: 'webhook', title: 'a', taskType: 'x', status: 'completed' })
      .returning({ id: agencyTasks.id });
    const [own] = await db
      .insert(agencyTasks)
      .values({ userId: f.b, sourceType: 'webhook', title: 'b', taskType: 'x', status: 'completed' })
      .returning({ id: agencyTasks.id });
    const [blockedByForeign] = await db
      .insert(agencyTasks)
      .values({ userId: f.b, sourceType: 'webhook', title: 'c', taskType: 'x', blockedBy: foreign!.id })
      .returning({ id: agencyTasks.id });
    const [blockedByOwn] = await db
      .insert(agencyTasks)
      .values({ userId: f.b, sourceType: 'webhook', title: 'd', taskType: 'x', blockedBy: own!.id })
      .returning({ id: agencyTasks.id });
    const claimed = await claimAgencyTasks(db, { userId: f.b, limit: 10 });
    if (!claimed.success) throw new Error(claimed.message);
    const ids = claimed.jobs.map((j) => j.id);
    expect(ids).toContain(blockedByOwn!.id);
    expect(ids).not.toContain(blockedByForeign!.id);
  });
});
