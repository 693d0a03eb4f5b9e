import { eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db';
import * as op from '../../src/ownpilot';
import { entryOf, missingValidators, roundTrip, strayValidators } from '../fixtures/round-trip';
import { expectPgError, useTestDb } from '../support';
import { checkCases, ownpilot, parentIds, samples } from './fixtures';

type AnyTable = PgTable & Record<string, unknown>;
type AnySchema = { safeParse(v: unknown): any };
const table = (name: string) => (op.tables as unknown as Record<string, AnyTable>)[name] as AnyTable;
const schemaOf = (name: string, kind: 'insert' | 'update') => entryOf(ownpilot, name)[kind] as AnySchema;
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const documentedIndexes: string[] = [
  'idx_bookmarks_category',
  'idx_bookmarks_user',
  'idx_calendar_start',
  'idx_calendar_user',
  'idx_captures_created',
  'idx_captures_processed',
  'idx_captures_type',
  'idx_captures_user',
  'idx_channel_messages_channel',
  'idx_channel_messages_created',
  'idx_code_executions_status',
  'idx_code_executions_user',
  'idx_code_executions_workspace',
  'idx_config_entries_active',
  'idx_config_entries_default',
  'idx_config_entries_service',
  'idx_config_services_active',
  'idx_config_services_category',
  'idx_config_services_name',
  'idx_contacts_name',
  'idx_contacts_user',
  'idx_conversations_archived',
  'idx_conversations_updated',
  'idx_conversations_user',
  'idx_costs_conversation',
  'idx_costs_created',
  'idx_costs_provider',
  'idx_custom_providers_enabled',
  'idx_custom_providers_user',
  'idx_custom_tools_category',
  'idx_custom_tools_created_by',
  'idx_custom_tools_name',
  'idx_custom_tools_status',
  'idx_custom_tools_user',
  'idx_goal_steps_goal',
  'idx_goal_steps_status',
  'idx_goals_parent',
  'idx_goals_priority',
  'idx_goals_status',
  'idx_goals_user',
  'idx_habit_logs_date',
  'idx_habit_logs_habit',
  'idx_habit_logs_user_date',
  'idx_habits_archived',
  'idx_habits_category',
  'idx_habits_user',
  'idx_local_models_enabled',
  'idx_local_models_provider',
  'idx_local_providers_default',
  'idx_local_providers_enabled',
  'idx_local_providers_user',
  'idx_media_provider_settings_capability',
  'idx_media_provider_settings_user',
  'idx_memories_accessed',
  'idx_memories_created',
  'idx_memories_importance',
  'idx_memories_type',
  'idx_memories_user',
  'idx_messages_conversation',
  'idx_messages_created',
  'idx_messages_role',
  'idx_notes_category',
  'idx_notes_user',
  'idx_oauth_integrations_provider',
  'idx_oauth_integrations_service',
  'idx_oauth_integrations_status',
  'idx_oauth_integrations_user',
  'idx_plan_history_created',
  'idx_plan_history_plan',
  'idx_plan_steps_order',
  'idx_plan_steps_plan',
  'idx_plan_steps_status',
  'idx_plans_goal',
  'idx_plans_priority',
  'idx_plans_status',
  'idx_plans_trigger',
  'idx_plans_user',
  'idx_pomodoro_daily_user_date',
  'idx_pomodoro_sessions_started',
  'idx_pomodoro_sessions_status',
  'idx_pomodoro_sessions_user',
  'idx_projects_user',
  'idx_reminders_time',
  'idx_reminders_user',
  'idx_request_logs_conversation',
  'idx_request_logs_created',
  'idx_request_logs_error',
  'idx_request_logs_type',
  'idx_request_logs_user',
  'idx_tasks_due',
  'idx_tasks_project',
  'idx_tasks_status',
  'idx_tasks_user',
  'idx_trigger_history_fired',
  'idx_trigger_history_trigger',
  'idx_triggers_enabled',
  'idx_triggers_next_fire',
  'idx_triggers_type',
  'idx_triggers_user',
  'idx_user_containers_status',
  'idx_user_containers_user',
  'idx_user_containers_workspace',
  'idx_user_model_configs_enabled',
  'idx_user_model_configs_provider',
  'idx_user_model_configs_user',
  'idx_user_provider_configs_enabled',
  'idx_user_provider_configs_provider',
  'idx_user_provider_configs_user',
  'idx_user_workspaces_status',
  'idx_user_workspaces_user',
  'idx_workspace_audit_created',
  'idx_workspace_audit_user',
  'idx_workspace_audit_workspace',
];

describe('ownpilot tables', () => {
  const t = useTestDb();

  it('has the 47 documented tables in the ownpilot schema, each with its validators', async () => {
    const names = rowsOf<{ n: string }>(
      await t().db.execute(
        sql`select table_name as n from information_schema.tables where table_schema = 'ownpilot' order by 1`,
      ),
    ).map((r) => r.n);
    expect(names).toHaveLength(47);
    expect(Object.keys(op.tables)).toHaveLength(47);
    expect(samples.map((s) => s.table).sort()).toEqual(Object.keys(op.tables).sort());
    expect(missingValidators(ownpilot)).toEqual([]);
    expect(strayValidators(ownpilot)).toEqual([]);
  });

  it('has every documented index by name, DESC where documented', async () => {
    const rows = rowsOf<{ indexname: string; indexdef: string }>(
      await t().db.execute(
        sql`select indexname, indexdef from pg_indexes where schemaname = 'ownpilot' and indexname like 'idx_%'`,
      ),
    );
    expect(rows.map((r) => r.indexname).sort()).toEqual([...documentedIndexes].sort());
    const desc = rows
      .filter((r) => / DESC\)/.test(r.indexdef))
      .map((r) => r.indexname)
      .sort();
    expect(desc).toEqual([
      'idx_captures_created',
      'idx_conversations_updated',
      'idx_goals_priority',
      'idx_memories_accessed',
      'idx_memories_created',
      'idx_memories_importance',
      'idx_plan_history_created',
      'idx_plans_priority',
      'idx_pomodoro_sessions_started',
      'idx_request_logs_created',
      'idx_trigger_history_fired',
      'idx_workspace_audit_created',
    ]);
    const def = rows.find((r) => r.indexname === 'idx_config_entries_default')?.indexdef ?? '';
    expect(def).toMatch(/^CREATE UNIQUE INDEX .* \(service_name\) WHERE \(is_default = true\)$/);
  });

  it('every CHECK constraint in the database is covered by a rejection case', async () => {
    const rows = rowsOf<{ conname: string }>(
      await t().db.execute(sql`select c.conname from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where n.nspname = 'ownpilot' and c.contype = 'c' order by 1`),
    );
    expect(rows.map((r) => r.conname)).toEqual(checkCases.map((c) => c.constraint).sort());
  });

  it('foreign keys have the documented ON DELETE actions', async () => {
    const rows = rowsOf<{ conname: string; action: string }>(
      await t().db.execute(sql`select c.conname, c.confdeltype::text as action from pg_constraint c
        join pg_namespace n on n.oid = c.connamespace where n.nspname = 'ownpilot' and c.contype = 'f' order by 1`),
    );
    expect(
      Object.fromEntries(
        rows.map((r) => [r.conname, r.action === 'c' ? 'cascade' : r.action === 'n' ? 'set null' : r.action]),
      ),
    ).toEqual({
      channel_messages_channel_id_fkey: 'cascade',
      code_executions_workspace_id_fkey: 'cascade',
      conversations_agent_id_fkey: 'set null',
      costs_conversation_id_fkey: 'set null',
      custom_data_records_table_id_fkey: 'cascade',
      goal_steps_goal_id_fkey: 'cascade',
      goals_parent_id_fkey: 'set null',
      habit_logs_habit_id_fkey: 'cascade',
      local_models_local_provider_id_fkey: 'cascade',
      messages_conversation_id_fkey: 'cascade',
      plan_history_plan_id_fkey: 'cascade',
      plan_history_step_id_fkey: 'set null',
      plan_steps_plan_id_fkey: 'cascade',
      plans_goal_id_fkey: 'set null',
      plans_trigger_id_fkey: 'set null',
      request_logs_conversation_id_fkey: 'set null',
      tasks_parent_id_fkey: 'set null',
      trigger_history_trigger_id_fkey: 'cascade',
      user_containers_workspace_id_fkey: 'cascade',
    });
  });

  describe('round-trip through the validators', () => {
    for (const { table: name, row } of samples) {
      it(name, async () => {
        await roundTrip(t().db, entryOf(ownpilot, name), row, { generatedKey: uuidRe });
      });
    }
  });

  describe('CHECK constraints', () => {
    for (const c of checkCases) {
      const sample = samples.find((s) => s.table === c.table)?.row ?? {};
      for (const bad of c.bad) {
        it(`${c.constraint} rejects ${JSON.stringify(bad)} (validator and database)`, async () => {
          const row = { ...sample, id: crypto.randomUUID(), [c.column]: bad };
          const res = schemaOf(c.table, 'insert').safeParse(row);
          expect(res.success).toBe(false);
          expect(res.error.issues.map((i: { path: unknown[] }) => i.path.join('.'))).toEqual([c.column]);
          expect(res.error.issues[0].message).toMatch(/Invalid option|Too (small|big)|expected/i);
          const upd = schemaOf(c.table, 'update').safeParse({ [c.column]: bad });
          expect(upd.success).toBe(false);
          // Bypassing the validator, the database refuses the row with the named constraint.
          await expectPgError(t().db.insert(table(c.table)).values(row), '23514', c.constraint);
        });
      }
    }
  });

  it('user_id defaults to "default" and ids are generated when not given', async () => {
    const [a] = await t().db.insert(op.tasks).values({ title: 'x' }).returning();
    const [b] = await t().db.insert(op.tasks).values({ title: 'y' }).returning();
    expect(a?.userId).toBe('default');
    expect(a?.status).toBe('pending');
    expect(a?.priority).toBe('normal');
    expect(a?.tags).toEqual([]);
    expect(a?.id).toMatch(uuidRe);
    expect(a?.id).not.toBe(b?.id);
    const [s] = await t().db.insert(op.pomodoroSettings).values({}).returning();
    expect(s).toMatchObject({
      userId: 'default',
      workDuration: 25,
      shortBreakDuration: 5,
      longBreakDuration: 15,
      sessionsBeforeLongBreak: 4,
    });
    const [m] = await t()
      .db.insert(op.localModels)
      // The provider's owner: local_models_local_provider_id_fkey goes through user_id.
      .values({ userId: 'alice', localProviderId: parentIds.localProvider, modelId: 'm2', displayName: 'M2' })
      .returning();
    expect(m).toMatchObject({ capabilities: ['chat', 'streaming'], contextWindow: 32768, maxOutput: 4096 });
  });

  it('documented UNIQUE constraints', async () => {
    const db = t().db;
    const cases: [PgTable, Record<string, unknown>, string][] = [
      [
        op.customTools,
        { userId: 'alice', name: 'fx_rate', description: 'd', code: 'c' },
        'custom_tools_user_id_name_key',
      ],
      [op.customData, { userId: 'alice', key: 'favorite_color', value: 1 }, 'custom_data_user_id_key_key'],
      [op.customTableSchemas, { name: 'books', displayName: 'B' }, 'custom_table_schemas_name_key'],
      [op.agents, { name: 'Researcher', provider: 'p', model: 'm' }, 'agents_name_key'],
      [
        op.pomodoroDailyStats,
        { userId: 'alice', date: '2026-03-01' },
        'pomodoro_daily_stats_user_id_date_key',
      ],
      [op.habitLogs, { habitId: parentIds.habit, date: '2026-03-01' }, 'habit_logs_habit_id_date_key'],
      [
        op.oauthIntegrations,
        { userId: 'alice', provider: 'google', service: 'gmail', accessTokenEncrypted: 'e', tokenIv: 'i' },
        'oauth_integrations_user_id_provider_service_key',
      ],
      [
        op.mediaProviderSettings,
        { userId: 'alice', capability: 'tts', provider: 'x' },
        'media_provider_settings_user_id_capability_key',
      ],
      [
        op.userModelConfigs,
        { userId: 'alice', providerId: 'openai', modelId: 'gpt-4o' },
        'user_model_configs_user_id_provider_id_model_id_key',
      ],
      [
        op.customProviders,
        { userId: 'alice', providerId: 'fal', displayName: 'x' },
        'custom_providers_user_id_provider_id_key',
      ],
      [
        op.userProviderConfigs,
        { userId: 'alice', providerId: 'openai' },
        'user_provider_configs_user_id_provider_id_key',
      ],
      [
        op.userContainers,
        { workspaceId: parentIds.workspace, userId: 'bob', containerId: 'docker-abc', image: 'i' },
        'user_containers_container_id_key',
      ],
      [op.configServices, { name: 'openai', displayName: 'x' }, 'config_services_name_key'],
      [
        op.localModels,
        { userId: 'alice', localProviderId: parentIds.localProvider, modelId: 'qwen2.5', displayName: 'x' },
        'local_models_user_id_local_provider_id_model_id_key',
      ],
    ];
    for (const [tbl, row, name] of cases) await expectPgError(db.insert(tbl).values(row), '23505', name);
    // The same name for another user is fine.
    await db.insert(op.customTools).values({ userId: 'bob', name: 'fx_rate', description: 'd', code: 'c' });
  });

  it('idx_config_entries_default allows one default per service, any number of non-defaults', async () => {
    const db = t().db;
    await expectPgError(
      db.insert(op.configEntries).values({ serviceName: 'openai', label: 'Second', isDefault: true }),
      '23505',
      'idx_config_entries_default',
    );
    await db.insert(op.configEntries).values([
      { serviceName: 'openai', label: 'A' },
      { serviceName: 'openai', label: 'B' },
      { serviceName: 'gmail', label: 'G', isDefault: true },
    ]);
  });

  it('updated_at is maintained by the database trigger', async () => {
    const db = t().db;
    const [n] = await db
      .insert(op.notes)
      .values({ title: 't', content: 'c', updatedAt: new Date('2020-01-01T00:00:00Z') })
      .returning();
    const [u] = await db
      .update(op.notes)
      .set({ title: 't2' })
      .where(eq(op.notes.id, n?.id ?? ''))
      .returning();
    expect(u?.updatedAt.getTime()).toBeGreaterThan(new Date('2021-01-01').getTime());
  });

  it('cascades and SET NULL behave as documented', async () => {
    const db = t().db;
    const count = async (tbl: PgTable) => (await db.select().from(tbl)).length;
    // Subtasks and sub-goals survive their parent with parent_id nulled.
    const [parent] = await db.insert(op.tasks).values({ title: 'p' }).returning();
    const [child] = await db.insert(op.tasks).values({ title: 'c', parentId: parent?.id }).returning();
    await db.delete(op.tasks).where(eq(op.tasks.id, parent?.id ?? ''));
    expect(
      (
        await db
          .select()
          .from(op.tasks)
          .where(eq(op.tasks.id, child?.id ?? ''))
      )[0]?.parentId,
    ).toBeNull();
    const [g1] = await db.insert(op.goals).values({ title: 'g1' }).returning();
    const [g2] = await db.insert(op.goals).values({ title: 'g2', parentId: g1?.id }).returning();
    await db.delete(op.goals).where(eq(op.goals.id, g1?.id ?? ''));
    expect(
      (
        await db
          .select()
          .from(op.goals)
          .where(eq(op.goals.id, g2?.id ?? ''))
      )[0]?.parentId,
    ).toBeNull();

    // Plan step deletion nulls plan_history.step_id; plan deletion cascades.
    const histBefore = await count(op.planHistory);
    await db.delete(op.planSteps).where(eq(op.planSteps.id, parentIds.planStep));
    expect(
      (await db.select().from(op.planHistory).where(eq(op.planHistory.planId, parentIds.plan)))[0]?.stepId,
    ).toBeNull();
    // Goal and trigger deletion null the plan's references.
    await db.delete(op.goals).where(eq(op.goals.id, parentIds.goal));
    expect(await count(op.goalSteps)).toBe(0);
    await db.delete(op.triggers).where(eq(op.triggers.id, parentIds.trigger));
    expect(await count(op.triggerHistory)).toBe(0);
    const [plan] = await db.select().from(op.plans).where(eq(op.plans.id, parentIds.plan));
    expect([plan?.goalId, plan?.triggerId]).toEqual([null, null]);
    await db.delete(op.plans).where(eq(op.plans.id, parentIds.plan));
    expect(await count(op.planHistory)).toBe(histBefore - 1);

    // Conversation deletion cascades to messages and nulls costs/request_logs.
    await db.delete(op.agents).where(eq(op.agents.id, parentIds.agent));
    expect((await db.select().from(op.conversations))[0]?.agentId).toBeNull();
    await db.delete(op.conversations).where(eq(op.conversations.id, parentIds.conversation));
    expect(await count(op.messages)).toBe(0);
    expect((await db.select().from(op.costs))[0]?.conversationId).toBeNull();
    expect((await db.select().from(op.requestLogs))[0]?.conversationId).toBeNull();

    for (const [parentTable, pk, id, children] of [
      [op.habits, op.habits.id, parentIds.habit, [op.habitLogs]],
      [op.customTableSchemas, op.customTableSchemas.id, parentIds.customTable, [op.customDataRecords]],
      [op.channels, op.channels.id, parentIds.channel, [op.channelMessages]],
      [op.userWorkspaces, op.userWorkspaces.id, parentIds.workspace, [op.userContainers, op.codeExecutions]],
      [op.localProviders, op.localProviders.id, parentIds.localProvider, [op.localModels]],
    ] as const) {
      await db.delete(parentTable).where(eq(pk, id));
      for (const c of children) expect(await count(c)).toBe(0);
    }
    // The audit trail outlives its workspace.
    expect(await count(op.workspaceAudit)).toBe(1);
  });
});
