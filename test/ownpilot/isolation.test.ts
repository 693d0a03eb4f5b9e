// Owner isolation: every repository function that takes a reference to another row, called by
// user B with user A's id, answers exactly as it does for an id that does not exist (same
// success, same code, same message with the id masked) and writes nothing. The list of functions
// and fields comes from the package's exports (functionsTakingReferences), so a new function or
// field that takes a reference fails this suite until it has a case or a commented exemption.
// The second part shows the database refusing cross-user rows on its own (composite FKs).
import { eq, getTableName, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import * as op from '../../src/ownpilot';
import { functionsTakingReferences, rowCounts } from '../contract/contract';
import { expectPgError, useTestDb } from '../support';

const A = 'user-a';
const B = 'user-b';

type Fn = (db: Database, input: unknown) => Promise<unknown>;
type R = { success: boolean; error?: string; message?: string };
type Case = { field: string; input: (ref: string) => Record<string, unknown> };

/** Fields the contract lists as references that are not rows of this database. */
const fieldExemptions: Record<string, string> = {
  // calendar_events / contacts: the id of the event or contact in an external system (Google,
  // CardDAV, …); no table, FK or relation here resolves it.
  externalId: 'an identifier in an external system, not a row of this database',
  // memories / plans source_id: documented as the "ID of the source entity" of a free-text
  // `source` kind (conversation, tool, trigger, user…); no FK or relation follows it and nothing
  // reads through it, so it is stored as given (no lookup, hence no existence oracle either).
  sourceId: 'free-text provenance label (`source` names the kind); never resolved',
};

/** Functions whose only reference fields are exempt (see fieldExemptions). */
const functionExemptions: Record<string, string> = {
  remember: 'sourceId only',
  addCalendarEvent: 'externalId only',
  batchAddCalendarEvents: 'externalId only',
  addContact: 'externalId only',
  batchAddContacts: 'externalId only',
};

/** A's rows (the foreign ids) and B's own rows (the valid context of a call). */
const a = {} as Record<string, string>;
const b = {} as Record<string, string>;

function must<T extends R>(r: T): T {
  if (!r.success) throw new Error(`setup: ${JSON.stringify(r)}`);
  return r;
}

async function seed(db: Database) {
  const call = async (fn: string, input: Record<string, unknown>) =>
    must((await (op as unknown as Record<string, Fn>)[fn]!(db, input)) as R) as R & Record<string, any>;
  for (const [u, rows] of [
    [A, a],
    [B, b],
  ] as const) {
    rows.task = (await call('addTask', { userId: u, title: 't' })).task.id;
    const [project] = await db.insert(op.projects).values({ userId: u, name: 'p' }).returning();
    rows.project = project!.id;
    rows.bookmark = (await call('addBookmark', { userId: u, url: 'https://x', title: 'x' })).bookmark.id;
    rows.note = (await call('addNote', { userId: u, title: 'n', content: 'c' })).note.id;
    rows.event = (await call('addCalendarEvent', { userId: u, title: 'e', startTime: new Date() })).event.id;
    rows.contact = (await call('addContact', { userId: u, name: 'c' })).contact.id;
    rows.memory = (await call('remember', { userId: u, type: 'fact', content: 'm' })).memory.id;
    const goal = await call('createGoal', { userId: u, title: 'g', steps: [{ title: 's' }] });
    rows.goal = goal.goal.id;
    rows.goalStep = goal.steps[0].id;
    const [trigger] = await db
      .insert(op.triggers)
      .values({ userId: u, name: 'tr', type: 'event', config: {}, action: {} })
      .returning();
    rows.trigger = trigger!.id;
    const plan = await call('createPlan', {
      userId: u,
      name: 'p',
      goal: 'g',
      steps: [
        { name: 'a', type: 'tool_call' },
        { name: 'b', type: 'tool_call' },
      ],
    });
    rows.plan = plan.plan.id;
    rows.planStep = plan.steps[0].id;
    rows.runningStep = plan.steps[1].id;
    await call('startPlan', { userId: u, planId: rows.plan });
    await call('startPlanStep', { userId: u, stepId: rows.runningStep });
  }
}

/** Every reference field of every function, called by B. */
const cases: Record<string, Case[]> = {
  addTask: [
    { field: 'parentId', input: (ref) => ({ userId: B, title: 'x', parentId: ref }) },
    { field: 'projectId', input: (ref) => ({ userId: B, title: 'x', projectId: ref }) },
  ],
  batchAddTasks: [
    {
      field: 'tasks.0.parentId',
      input: (ref) => ({ userId: B, tasks: [{ title: 'x', parentId: ref }, { title: 'y' }] }),
    },
    {
      field: 'tasks.0.projectId',
      input: (ref) => ({ userId: B, tasks: [{ title: 'x', projectId: ref }, { title: 'y' }] }),
    },
  ],
  completeTask: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  updateTask: [
    { field: 'id', input: (ref) => ({ userId: B, id: ref, title: 'pwned' }) },
    { field: 'parentId', input: (ref) => ({ userId: B, id: b.task, parentId: ref }) },
    { field: 'projectId', input: (ref) => ({ userId: B, id: b.task, projectId: ref }) },
  ],
  deleteTask: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  deleteBookmark: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  updateNote: [{ field: 'id', input: (ref) => ({ userId: B, id: ref, title: 'pwned' }) }],
  deleteNote: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  deleteCalendarEvent: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  updateContact: [{ field: 'id', input: (ref) => ({ userId: B, id: ref, name: 'pwned' }) }],
  deleteContact: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  forget: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  createGoal: [{ field: 'parentId', input: (ref) => ({ userId: B, title: 'x', parentId: ref }) }],
  updateGoal: [
    { field: 'id', input: (ref) => ({ userId: B, id: ref, title: 'pwned' }) },
    { field: 'parentId', input: (ref) => ({ userId: B, id: b.goal, parentId: ref }) },
  ],
  deleteGoal: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  addGoalStep: [
    { field: 'goalId', input: (ref) => ({ userId: B, goalId: ref, title: 'x' }) },
    // Not named like a reference, but it is one: ids of steps of the same goal.
    {
      field: 'dependencies',
      input: (ref) => ({ userId: B, goalId: b.goal, title: 'x', dependencies: [ref] }),
    },
  ],
  updateGoalStep: [{ field: 'stepId', input: (ref) => ({ userId: B, stepId: ref, status: 'completed' }) }],
  createPlan: [
    {
      field: 'goalId',
      input: (ref) => ({
        userId: B,
        name: 'x',
        goal: 'g',
        goalId: ref,
        steps: [{ name: 's', type: 'loop' }],
      }),
    },
    {
      field: 'triggerId',
      input: (ref) => ({
        userId: B,
        name: 'x',
        goal: 'g',
        triggerId: ref,
        steps: [{ name: 's', type: 'loop' }],
      }),
    },
  ],
  startPlan: [{ field: 'planId', input: (ref) => ({ userId: B, planId: ref }) }],
  pausePlan: [{ field: 'planId', input: (ref) => ({ userId: B, planId: ref, reason: 'r' }) }],
  resumePlan: [{ field: 'planId', input: (ref) => ({ userId: B, planId: ref }) }],
  cancelPlan: [{ field: 'planId', input: (ref) => ({ userId: B, planId: ref, reason: 'r' }) }],
  getPlan: [{ field: 'planId', input: (ref) => ({ userId: B, planId: ref }) }],
  startPlanStep: [{ field: 'stepId', input: (ref) => ({ userId: B, stepId: ref }) }],
  completePlanStep: [{ field: 'stepId', input: (ref) => ({ userId: B, stepId: ref, result: { ok: 1 } }) }],
  failPlanStep: [{ field: 'stepId', input: (ref) => ({ userId: B, stepId: ref, error: 'boom' }) }],
  // Enabling and disabling take different paths (a locked read, or one UPDATE): both are cases.
  enableTrigger: [
    { field: 'id', input: (ref) => ({ userId: B, id: ref, enabled: true }) },
    { field: 'id', input: (ref) => ({ userId: B, id: ref, enabled: false }) },
  ],
  deleteTrigger: [{ field: 'id', input: (ref) => ({ userId: B, id: ref }) }],
  recordTriggerFire: [
    { field: 'triggerId', input: (ref) => ({ userId: B, triggerId: ref, status: 'success' }) },
  ],
  skipPlanStep: [{ field: 'stepId', input: (ref) => ({ userId: B, stepId: ref, reason: 'r' }) }],
};

/** Which of A's rows each case points at. */
const target: Record<string, Record<string, keyof typeof a | string>> = {
  addTask: { parentId: 'task', projectId: 'project' },
  batchAddTasks: { 'tasks.0.parentId': 'task', 'tasks.0.projectId': 'project' },
  completeTask: { id: 'task' },
  updateTask: { id: 'task', parentId: 'task', projectId: 'project' },
  deleteTask: { id: 'task' },
  deleteBookmark: { id: 'bookmark' },
  updateNote: { id: 'note' },
  deleteNote: { id: 'note' },
  deleteCalendarEvent: { id: 'event' },
  updateContact: { id: 'contact' },
  deleteContact: { id: 'contact' },
  forget: { id: 'memory' },
  createGoal: { parentId: 'goal' },
  updateGoal: { id: 'goal', parentId: 'goal' },
  deleteGoal: { id: 'goal' },
  addGoalStep: { goalId: 'goal', dependencies: 'goalStep' },
  updateGoalStep: { stepId: 'goalStep' },
  createPlan: { goalId: 'goal', triggerId: 'trigger' },
  startPlan: { planId: 'plan' },
  pausePlan: { planId: 'plan' },
  resumePlan: { planId: 'plan' },
  cancelPlan: { planId: 'plan' },
  getPlan: { planId: 'plan' },
  startPlanStep: { stepId: 'planStep' },
  completePlanStep: { stepId: 'runningStep' },
  failPlanStep: { stepId: 'runningStep' },
  enableTrigger: { id: 'trigger' },
  deleteTrigger: { id: 'trigger' },
  recordTriggerFire: { triggerId: 'trigger' },
  skipPlanStep: { stepId: 'planStep' },
};

/** Every row of every ownpilot table, hashed per table (a failed call must change none). */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const tables = Object.values(op.tables).map((t) => `ownpilot.${getTableName(t)}`);
  const rows = rowsOf<{ t: string; h: string }>(
    await db.execute(
      sql.raw(
        tables
          .map(
            (t) =>
              `select '${t}' as t, (select md5(coalesce(string_agg(r::text, ',' order by r::text), '')) from ${t} r) as h`,
          )
          .join(' union all '),
      ),
    ),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

const mask = (r: R, id: string) => ({
  success: r.success,
  error: r.error,
  message: r.message?.split(id).join('<id>'),
});

function isolationSuite(title: string, prepare?: (db: Database) => Promise<void>) {
  describe(title, () => {
    const t = useTestDb();
    beforeAll(async () => {
      await prepare?.(t().db);
      await seed(t().db);
    });

    it('covers every function and field the exports say takes a reference', async () => {
      const refs = await functionsTakingReferences('ownpilot', ['userId']);
      expect(Object.keys(refs).sort()).toEqual(
        [...Object.keys(cases), ...Object.keys(functionExemptions)].sort(),
      );
      for (const [fn, fields] of Object.entries(refs)) {
        const covered = new Set((cases[fn] ?? []).map((c) => c.field));
        const uncovered = fields.filter((f) => !covered.has(f) && !(f.split('.').at(-1)! in fieldExemptions));
        expect(uncovered, fn).toEqual([]);
      }
    });

    for (const [name, list] of Object.entries(cases)) {
      for (const c of list) {
        it(`${name}: another user's ${c.field} answers like a missing one and writes nothing`, async () => {
          const db = t().db;
          const fn = (op as unknown as Record<string, Fn>)[name]!;
          const foreign = a[target[name]![c.field]!]!;
          const missing = crypto.randomUUID();
          expect(foreign).toBeTruthy();
          const before = await rowCounts(db, ['ownpilot']);
          const print = await fingerprint(db);
          const viaForeign = (await fn(db, c.input(foreign))) as R;
          expect(await rowCounts(db, ['ownpilot'])).toEqual(before);
          expect(await fingerprint(db)).toEqual(print);
          const viaMissing = (await fn(db, c.input(missing))) as R;
          expect(await fingerprint(db)).toEqual(print);
          expect(viaForeign.success).toBe(false);
          expect(mask(viaForeign, foreign)).toEqual(mask(viaMissing, missing));
        });
      }
    }

    it('user B can still use its own rows in the same calls (the cases are not failing for another reason)', async () => {
      const db = t().db;
      const call = (fn: string, input: Record<string, unknown>) =>
        (op as unknown as Record<string, Fn>)[fn]!(db, input) as Promise<R>;
      expect(
        await call('addTask', { userId: B, title: 'x', parentId: b.task, projectId: b.project }),
      ).toMatchObject({ success: true });
      expect(await call('updateTask', { userId: B, id: b.task, projectId: b.project })).toMatchObject({
        success: true,
      });
      expect(await call('createGoal', { userId: B, title: 'x', parentId: b.goal })).toMatchObject({
        success: true,
      });
      expect(
        await call('addGoalStep', { userId: B, goalId: b.goal, title: 'x', dependencies: [b.goalStep] }),
      ).toMatchObject({
        success: true,
      });
      expect(
        await call('createPlan', {
          userId: B,
          name: 'x',
          goal: 'g',
          goalId: b.goal,
          triggerId: b.trigger,
          steps: [{ name: 's', type: 'loop' }],
        }),
      ).toMatchObject({ success: true });
      expect(await call('getPlan', { userId: B, planId: b.plan })).toMatchObject({ success: true });
      for (const enabled of [false, true])
        expect(await call('enableTrigger', { userId: B, id: b.trigger, enabled })).toMatchObject({
          success: true,
        });
      expect(
        await call('recordTriggerFire', { userId: B, triggerId: b.trigger, status: 'success' }),
      ).toMatchObject({ success: true });
    });
  });
}

isolationSuite('ownpilot owner isolation: references of another user are NOT_FOUND');

// drizzle-kit push creates the documented single-column FKs (the composite ones come from
// migrations). The functions' own owner checks must hold there too: the same cases, with the
// database no longer refusing cross-user references.
isolationSuite('ownpilot owner isolation without the composite FKs (a pushed database)', async (db) => {
  for (const [table, constraint, column, parent] of [
    ['tasks', 'tasks_parent_id_fkey', 'parent_id', 'tasks'],
    ['goals', 'goals_parent_id_fkey', 'parent_id', 'goals'],
    ['plans', 'plans_goal_id_fkey', 'goal_id', 'goals'],
    ['plans', 'plans_trigger_id_fkey', 'trigger_id', 'triggers'],
  ]) {
    await db.execute(
      sql.raw(`alter table ownpilot.${table} drop constraint ${constraint},
        add constraint ${constraint} foreign key (${column}) references ownpilot.${parent} (id) on delete set null`),
    );
  }
});

describe('ownpilot owner isolation in the database (composite FKs through user_id)', () => {
  const t = useTestDb();
  const ids = {} as Record<
    | 'task'
    | 'goal'
    | 'trigger'
    | 'conversation'
    | 'habit'
    | 'provider'
    | 'workspace'
    | 'plan1'
    | 'plan2'
    | 'step1',
    string
  >;
  beforeAll(async () => {
    const db = t().db;
    const one = async (table: any, values: Record<string, unknown>) =>
      ((await db.insert(table).values(values).returning()) as { id: string }[])[0]!.id;
    ids.task = await one(op.tasks, { userId: A, title: 't' });
    ids.goal = await one(op.goals, { userId: A, title: 'g' });
    ids.trigger = await one(op.triggers, { userId: A, name: 't', type: 'event', config: {}, action: {} });
    ids.conversation = await one(op.conversations, { userId: A });
    ids.habit = await one(op.habits, { userId: A, name: 'h' });
    ids.provider = await one(op.localProviders, {
      userId: A,
      name: 'p',
      providerType: 'ollama',
      baseUrl: 'http://x',
    });
    ids.workspace = await one(op.userWorkspaces, {
      userId: A,
      name: 'w',
      storagePath: '/w',
      containerConfig: {},
    });
    ids.plan1 = await one(op.plans, { userId: A, name: 'p1', goal: 'g' });
    ids.plan2 = await one(op.plans, { userId: A, name: 'p2', goal: 'g' });
    ids.step1 = await one(op.planSteps, {
      planId: ids.plan1,
      orderNum: 0,
      type: 'loop',
      name: 's',
      config: {},
    });
  });

  const refusals: [string, () => [any, Record<string, unknown>]][] = [
    ['tasks_parent_id_fkey', () => [op.tasks, { userId: B, title: 'x', parentId: ids.task }]],
    ['goals_parent_id_fkey', () => [op.goals, { userId: B, title: 'x', parentId: ids.goal }]],
    ['plans_goal_id_fkey', () => [op.plans, { userId: B, name: 'x', goal: 'g', goalId: ids.goal }]],
    ['plans_trigger_id_fkey', () => [op.plans, { userId: B, name: 'x', goal: 'g', triggerId: ids.trigger }]],
    [
      'request_logs_conversation_id_fkey',
      () => [op.requestLogs, { userId: B, type: 'chat', conversationId: ids.conversation }],
    ],
    ['habit_logs_habit_id_fkey', () => [op.habitLogs, { userId: B, habitId: ids.habit, date: '2026-01-01' }]],
    [
      'local_models_local_provider_id_fkey',
      () => [op.localModels, { userId: B, localProviderId: ids.provider, modelId: 'm', displayName: 'm' }],
    ],
    [
      'user_containers_workspace_id_fkey',
      () => [op.userContainers, { userId: B, workspaceId: ids.workspace, containerId: 'c', image: 'i' }],
    ],
    [
      'code_executions_workspace_id_fkey',
      () => [op.codeExecutions, { userId: B, workspaceId: ids.workspace, language: 'python' }],
    ],
    // No user_id on plan_history: an event may only name a step of its own plan.
    [
      'plan_history_step_id_fkey',
      () => [op.planHistory, { planId: ids.plan2, stepId: ids.step1, eventType: 'step_started' }],
    ],
  ];
  for (const [constraint, row] of refusals) {
    it(`${constraint} refuses a row pointing at another owner's row`, async () => {
      const [table, values] = row();
      await expectPgError(t().db.insert(table).values(values), '23503', constraint);
    });
  }

  it('the same rows are accepted for the owner; moving a row or its parent to another user is refused', async () => {
    const db = t().db;
    const [child] = await db
      .insert(op.tasks)
      .values({ userId: A, title: 'c', parentId: ids.task })
      .returning();
    await expectPgError(
      db.update(op.tasks).set({ userId: B }).where(eq(op.tasks.id, child!.id)),
      '23503',
      'tasks_parent_id_fkey',
    );
    await expectPgError(
      db.update(op.tasks).set({ userId: B }).where(eq(op.tasks.id, ids.task)),
      '23503',
      'tasks_parent_id_fkey',
    );
    const [log] = await db
      .insert(op.habitLogs)
      .values({ userId: A, habitId: ids.habit, date: '2026-01-02' })
      .returning();
    expect(log?.habitId).toBe(ids.habit);
    await db
      .insert(op.planHistory)
      .values({ planId: ids.plan1, stepId: ids.step1, eventType: 'step_started' });
  });

  it('ON DELETE SET NULL nulls only the reference: the child keeps its owner', async () => {
    const db = t().db;
    const [p] = await db.insert(op.goals).values({ userId: A, title: 'p' }).returning();
    const [c] = await db.insert(op.goals).values({ userId: A, title: 'c', parentId: p!.id }).returning();
    const [plan] = await db
      .insert(op.plans)
      .values({ userId: A, name: 'x', goal: 'g', goalId: p!.id })
      .returning();
    const [rl] = await db
      .insert(op.requestLogs)
      .values({ userId: A, type: 'chat', conversationId: ids.conversation })
      .returning();
    await db.delete(op.goals).where(eq(op.goals.id, p!.id));
    await db.delete(op.conversations).where(eq(op.conversations.id, ids.conversation));
    const [c2] = await db.select().from(op.goals).where(eq(op.goals.id, c!.id));
    const [plan2] = await db.select().from(op.plans).where(eq(op.plans.id, plan!.id));
    const [rl2] = await db.select().from(op.requestLogs).where(eq(op.requestLogs.id, rl!.id));
    expect([
      c2?.parentId,
      c2?.userId,
      plan2?.goalId,
      plan2?.userId,
      rl2?.conversationId,
      rl2?.userId,
    ]).toEqual([null, A, null, A, null, A]);
  });
});
