import { eq, type SQL, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  appendCortexTurn,
  cortexAuditLog,
  cortexPublishLog,
  cortexSessions,
  cortexTurns,
  logCortexAction,
  markPublished,
  markPublishFailed,
  queuePublish,
  startCortexSession,
} from '../../src/cortex';
import { pgConstraint, pgErrorCode, rowsOf } from '../../src/db';
import { useTestDb } from '../support';

// Issue 18: the turn log, the audit log and the publish log are append-only in the database
// (drizzle/cortex/0006_append_only_logs.sql). Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
const t = useTestDb();

type Who = 'owner' | 'service_role';
interface Refusal {
  code: string | undefined;
  message: string;
  constraint: string | undefined;
}

class Rollback extends Error {}

/** The message of the driver error under drizzle's wrapping. */
function driverMessage(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof (e as { code?: unknown }).code === 'string') return String((e as Error).message);
    e = (e as { cause?: unknown }).cause;
  }
  return String(error);
}

/**
 * Runs one statement as the table owner (the migrating superuser) or as service_role (given every
 * privilege on the cortex tables first, as a deployment exposing the schema might) in a transaction
 * that is always rolled back; returns the error it raised, or undefined.
 */
async function attempt(who: Who, statement: SQL): Promise<Refusal | undefined> {
  let refusal: Refusal | undefined;
  try {
    await t().db.transaction(async (tx) => {
      if (who === 'service_role') {
        await tx.execute(sql`grant usage on schema cortex to service_role`);
        await tx.execute(sql`grant all on all tables in schema cortex to service_role`);
        await tx.execute(sql`set local role service_role`);
      }
      try {
        await tx.execute(statement);
      } catch (error) {
        refusal = {
          code: pgErrorCode(error),
          message: driverMessage(error),
          constraint: pgConstraint(error),
        };
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return refusal;
}

const refused = (table: string, op: 'UPDATE' | 'DELETE' | 'TRUNCATE', trigger: string): Refusal => ({
  code: '55000',
  message: `cortex.${table} is append-only: ${op} is not allowed`,
  constraint: trigger,
});

async function sessionWithTurn(key: string) {
  const s = await startCortexSession(t().db, { sessionKey: key, channel: 'web' });
  if (!s.success) throw new Error(s.message);
  const turn = await appendCortexTurn(t().db, { sessionId: s.session.id, role: 'user', content: 'hello' });
  if (!turn.success) throw new Error(turn.message);
  return { session: s.session, turn: turn.turn };
}

async function queued(turnId: string) {
  const q = await queuePublish(t().db, { turnId, userId: 'u1', channel: 'x', contentType: 'verdict' });
  if (!q.success) throw new Error(q.message);
  return q.entry;
}

const publishRow = async (id: string) =>
  (await t().db.select().from(cortexPublishLog).where(eq(cortexPublishLog.id, id)))[0];

describe.each<Who>(['owner', 'service_role'])('append-only logs, as %s', (who) => {
  it('cortex_turns: UPDATE, DELETE and TRUNCATE are refused; INSERT works; the turn is unchanged', async () => {
    const { session, turn } = await sessionWithTurn(`ao-turn-${who}`);
    const trigger = 'cortex_turns_append_only';
    expect(
      await attempt(who, sql`update cortex.cortex_turns set content = 'edited' where id = ${turn.id}`),
    ).toEqual(refused('cortex_turns', 'UPDATE', trigger));
    // Even an update that changes nothing: the log is never rewritten.
    expect(
      await attempt(who, sql`update cortex.cortex_turns set content = content where id = ${turn.id}`),
    ).toEqual(refused('cortex_turns', 'UPDATE', trigger));
    expect(await attempt(who, sql`delete from cortex.cortex_turns where id = ${turn.id}`)).toEqual(
      refused('cortex_turns', 'DELETE', trigger),
    );
    expect(await attempt(who, sql`truncate cortex.cortex_turns`)).toEqual(
      refused('cortex_turns', 'TRUNCATE', 'cortex_turns_append_only_truncate'),
    );
    expect(
      await attempt(
        who,
        sql`insert into cortex.cortex_turns (session_id, role, content) values (${session.id}, 'assistant', 'hi')`,
      ),
    ).toBeUndefined();
    expect(await t().db.select().from(cortexTurns).where(eq(cortexTurns.sessionId, session.id))).toEqual([
      turn,
    ]);
  });

  it('cortex_turns: deleting a session still removes its turns (ON DELETE CASCADE)', async () => {
    const { session } = await sessionWithTurn(`ao-cascade-${who}`);
    expect(
      await appendCortexTurn(t().db, { sessionId: session.id, role: 'assistant', content: 'a' }),
    ).toMatchObject({
      success: true,
    });
    let left: number | undefined;
    try {
      await t().db.transaction(async (tx) => {
        if (who === 'service_role') {
          await tx.execute(sql`grant usage on schema cortex to service_role`);
          await tx.execute(sql`grant all on all tables in schema cortex to service_role`);
          await tx.execute(sql`set local role service_role`);
        }
        const deleted = await tx.delete(cortexSessions).where(eq(cortexSessions.id, session.id)).returning();
        expect(deleted).toHaveLength(1);
        left = (await tx.select().from(cortexTurns).where(eq(cortexTurns.sessionId, session.id))).length;
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    expect(left).toBe(0);
  });

  it('cortex_audit_log: UPDATE, DELETE and TRUNCATE are refused; INSERT works', async () => {
    const logged = await logCortexAction(t().db, {
      action: 'tool.executed',
      triggeredBy: 'agent',
      tool: 'search',
    });
    if (!logged.success) throw new Error(logged.message);
    const id = logged.entry.id;
    const trigger = 'cortex_audit_log_append_only';
    expect(
      await attempt(who, sql`update cortex.cortex_audit_log set action = 'tool.denied' where id = ${id}`),
    ).toEqual(refused('cortex_audit_log', 'UPDATE', trigger));
    expect(await attempt(who, sql`delete from cortex.cortex_audit_log where id = ${id}`)).toEqual(
      refused('cortex_audit_log', 'DELETE', trigger),
    );
    expect(await attempt(who, sql`truncate cortex.cortex_audit_log`)).toEqual(
      refused('cortex_audit_log', 'TRUNCATE', 'cortex_audit_log_append_only_truncate'),
    );
    expect(
      await attempt(
        who,
        sql`insert into cortex.cortex_audit_log (action, triggered_by) values ('chat.message', 'user')`,
      ),
    ).toBeUndefined();
    expect(await t().db.select().from(cortexAuditLog).where(eq(cortexAuditLog.id, id))).toEqual([
      logged.entry,
    ]);
  });

  it('cortex_publish_log: DELETE, TRUNCATE and rewriting an entry are refused; finishing a queued one is not', async () => {
    const entry = await queued(`ao-pub-${who}`);
    const trigger = 'cortex_publish_log_append_only';
    const update = refused('cortex_publish_log', 'UPDATE', trigger);
    // A queued entry: only status, sent_at and error_message may change.
    for (const set of [
      sql`formatted_content = 'rewritten'`,
      sql`turn_id = 'other'`,
      sql`user_id = 'u2'`,
      sql`created_at = now() - interval '1 day'`,
      sql`status = 'sent', sent_at = now(), channel = 'linkedin'`,
    ])
      expect(
        await attempt(who, sql`update cortex.cortex_publish_log set ${set} where id = ${entry.id}`),
      ).toEqual(update);
    expect(await attempt(who, sql`delete from cortex.cortex_publish_log where id = ${entry.id}`)).toEqual(
      refused('cortex_publish_log', 'DELETE', trigger),
    );
    expect(await attempt(who, sql`truncate cortex.cortex_publish_log`)).toEqual(
      refused('cortex_publish_log', 'TRUNCATE', 'cortex_publish_log_append_only_truncate'),
    );
    expect(
      await attempt(
        who,
        sql`update cortex.cortex_publish_log set status = 'failed', error_message = 'HTTP 500' where id = ${entry.id}`,
      ),
    ).toBeUndefined();
    expect(
      await attempt(
        who,
        sql`update cortex.cortex_publish_log set status = 'sent', sent_at = now() where id = ${entry.id}`,
      ),
    ).toBeUndefined();
    expect(
      await attempt(
        who,
        sql`insert into cortex.cortex_publish_log (turn_id, user_id, channel, content_type) values ('t', 'u', 'x', 'verdict')`,
      ),
    ).toBeUndefined();
    expect(await publishRow(entry.id)).toEqual(entry);
  });

  it('cortex_publish_log: a sent or failed entry is final', async () => {
    const sent = await queued(`ao-sent-${who}`);
    const failed = await queued(`ao-failed-${who}`);
    const s = await markPublished(t().db, { id: sent.id });
    const f = await markPublishFailed(t().db, { id: failed.id, errorMessage: 'HTTP 500' });
    if (!s.success || !f.success) throw new Error('finishing failed');
    const update = refused('cortex_publish_log', 'UPDATE', 'cortex_publish_log_append_only');
    for (const id of [sent.id, failed.id])
      for (const set of [
        sql`status = 'queued'`,
        sql`status = 'failed', error_message = 'late'`,
        sql`error_message = null`,
        sql`sent_at = null`,
      ])
        expect(await attempt(who, sql`update cortex.cortex_publish_log set ${set} where id = ${id}`)).toEqual(
          update,
        );
    expect(await publishRow(sent.id)).toEqual(s.entry);
    expect(await publishRow(failed.id)).toEqual(f.entry);
  });
});

describe('append-only logs and the repository functions', () => {
  it('markPublished / markPublishFailed still finish a queued entry once, then answer PUBLISH_NOT_QUEUED', async () => {
    const a = await queued('ao-fn-a');
    const b = await queued('ao-fn-b');
    const sent = await markPublished(t().db, { id: a.id, userId: 'u1' });
    expect(sent).toMatchObject({ success: true, entry: { id: a.id, status: 'sent', errorMessage: null } });
    expect(sent.success && sent.entry.sentAt).toBeInstanceOf(Date);
    expect(await markPublishFailed(t().db, { id: b.id, errorMessage: 'HTTP 429' })).toMatchObject({
      success: true,
      entry: { id: b.id, status: 'failed', errorMessage: 'HTTP 429', sentAt: null },
    });
    for (const id of [a.id, b.id]) {
      expect(await markPublished(t().db, { id })).toMatchObject({
        success: false,
        error: 'PUBLISH_NOT_QUEUED',
      });
      expect(await markPublishFailed(t().db, { id, errorMessage: 'x' })).toMatchObject({
        success: false,
        error: 'PUBLISH_NOT_QUEUED',
      });
    }
  });

  it('deleting a session keeps its audit entries (no foreign key) and removes its turns', async () => {
    const { session } = await sessionWithTurn('ao-audit-outlives');
    const logged = await logCortexAction(t().db, {
      action: 'chat.message',
      triggeredBy: 'user',
      sessionId: session.id,
    });
    if (!logged.success) throw new Error(logged.message);
    await t().db.delete(cortexSessions).where(eq(cortexSessions.id, session.id));
    expect(await t().db.select().from(cortexTurns).where(eq(cortexTurns.sessionId, session.id))).toEqual([]);
    expect(
      await t().db.select().from(cortexAuditLog).where(eq(cortexAuditLog.sessionId, session.id)),
    ).toEqual([logged.entry]);
  });

  it('TRUNCATE of the sessions cascading to the turn log is refused too', async () => {
    await sessionWithTurn('ao-truncate-cascade');
    expect(await attempt('owner', sql`truncate cortex.cortex_sessions cascade`)).toEqual(
      refused('cortex_turns', 'TRUNCATE', 'cortex_turns_append_only_truncate'),
    );
  });

  it('the application roles hold no UPDATE, DELETE or TRUNCATE right on the logs (UPDATE of the publish log aside: its trigger limits it)', async () => {
    const granted = await t().db.execute(sql`
      select r as role, tbl, priv, has_table_privilege(r, 'cortex.' || tbl, priv) as has
        from unnest(array['anon', 'authenticated', 'service_role']) r,
             unnest(array['cortex_turns', 'cortex_audit_log', 'cortex_publish_log']) tbl,
             unnest(array['UPDATE', 'DELETE', 'TRUNCATE']) priv
       where has_table_privilege(r, 'cortex.' || tbl, priv) and not (tbl = 'cortex_publish_log' and priv = 'UPDATE')`);
    expect(rowsOf(granted)).toEqual([]);
  });
});
