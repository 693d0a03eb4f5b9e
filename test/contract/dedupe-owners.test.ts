// Dedupe / idempotency keys and their owners (issue 15). For every unique key a repository
// function writes through (ON CONFLICT, or a caught 23505) that includes an owner — tenant, org,
// user — two owners use the same values for the other parts of the key: each gets its own row
// and result, and a repeat by the same owner still dedupes. Keys that are unique across all
// owners by design are tested as such, citing the reference document. The guard at the end reads
// the conflict targets from src/ and the unique indexes from the migrated database, so a new
// dedupe key (or a new owner-scoped unique index) fails here until it is listed and tested.
//
// Not repeated here (test/<system>/isolation.test.ts has them): ingestAds giving each org's brand its
// own copy of an ad (ads_channel_external_ad_id_brand_id_key), enqueueResearchJob's DEDUPE_KEY_TAKEN for another
// org, cortex's FACT_KEY_TAKEN / SESSION_KEY_TAKEN for the default user.
import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import * as bottleneck from '../../src/bottleneck';
import * as cortex from '../../src/cortex';
import { Keyring } from '../../src/crypto';
import { rowsOf } from '../../src/db';
import * as messaging from '../../src/messaging';
import * as ownpilot from '../../src/ownpilot';
import * as quorum from '../../src/quorum';
import * as research from '../../src/research';
import { makeUser as makeBottleneckUser } from '../bottleneck/fixtures';
import { makeContact, makeTenant } from '../messaging/fixtures';
import { makeCoupon, makeUser as makeQuorumUser } from '../quorum/fixtures';
import { seedWorld, sha, uniq } from '../research/fixtures';
import { useTestDb } from '../support';
import {
  indexOfTarget,
  isOwnerColumn,
  type KeySite,
  keySites,
  type UniqueIndex,
  uniqueIndexes,
} from './dedupe-owners-fixtures';

// randomReferralCode draws its letters with randomInt: a queued value is returned instead, so a
// test can make a new referral code collide with an existing one. Everything else is the real module.
const forced = vi.hoisted(() => ({ randomInt: [] as number[] }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const randomInt = (...args: unknown[]) =>
    forced.randomInt.length > 0
      ? forced.randomInt.shift()!
      : (real.randomInt as (...a: unknown[]) => number)(...args);
  return { ...real, default: { ...real, randomInt }, randomInt };
});

const t = useTestDb();
const db = () => t().db;
const keyring = new Keyring([[1, randomBytes(32)]]);

/** Who owns the rows of a key. */
type Scope =
  /** The key includes the owner column. */
  | { kind: 'owner'; owner: string }
  /** No owner column, but a part of the key is a row of one owner (why). */
  | { kind: 'via'; owner: string; why: string }
  /** Unique across all owners by design: the reference document's line. */
  | { kind: 'global'; doc: string }
  /** The system has no owner. */
  | { kind: 'no-owner'; why: string };

type Key = {
  table: string;
  /** The index's columns, in order. */
  columns: string[];
  /** The functions that write through it, as the scan names them (helpers included). */
  fns: string[];
  scope: Scope;
  /** Tested in another file instead (not repeated here). */
  testedIn?: string;
};

const PORTAL =
  'portal is a single-owner system: no portal table has a user, tenant or org column (docs/portal.md, "Owner isolation")';

/** Every unique key a repository function writes through ON CONFLICT or 23505 handling. */
const covered: Record<string, Key> = {
  // messaging: the owner is the tenant. ingestStatement is ingestInboundEvent's single statement,
  // ingestInTransaction its transactional path (the rare cases the statement cannot answer).
  inbound_events_tenant_id_dedupe_key_key: {
    table: 'bot.inbound_events',
    columns: ['tenant_id', 'dedupe_key'],
    fns: ['ingestStatement', 'ingestInTransaction'],
    scope: { kind: 'owner', owner: 'tenant_id' },
  },
  job_queue_job_type_inbound_event_id_key: {
    table: 'bot.job_queue',
    columns: ['job_type', 'inbound_event_id'],
    fns: ['ingestStatement', 'ingestInTransaction', 'enqueueJob'],
    scope: {
      kind: 'via',
      owner: 'tenant_id',
      why: "an inbound event is one tenant's (job_queue_tenant_id_inbound_event_id_fkey)",
    },
  },
  contacts_tenant_id_channel_channel_address_key: {
    table: 'bot.contacts',
    columns: ['tenant_id', 'channel', 'channel_address'],
    fns: ['upsertContact'],
    scope: { kind: 'owner', owner: 'tenant_id' },
  },
  conversations_one_open_per_contact_key: {
    table: 'bot.conversations',
    columns: ['tenant_id', 'contact_id'],
    fns: ['openConversation'],
    scope: { kind: 'owner', owner: 'tenant_id' },
  },
  messages_inbound_idempotency_key: {
    table: 'bot.messages',
    columns: ['tenant_id', 'provider', 'provider_msg_id', 'direction'],
    fns: ['recordMessage'],
    scope: { kind: 'owner', owner: 'tenant_id' },
  },
  tenant_credentials_tenant_id_provider_key: {
    table: 'core.tenant_credentials',
    columns: ['tenant_id', 'provider'],
    fns: ['putTenantCredentials'],
    scope: { kind: 'owner', owner: 'tenant_id' },
  },
  // cortex: the owner is user_id.
  cortex_channel_configs_user_id_channel_key: {
    table: 'cortex.cortex_channel_configs',
    columns: ['user_id', 'channel'],
    fns: ['upsertChannelConfig'],
    scope: { kind: 'owner', owner: 'user_id' },
  },
  cortex_oauth_tokens_user_id_channel_key: {
    table: 'cortex.cortex_oauth_tokens',
    columns: ['user_id', 'channel'],
    fns: ['putCortexOAuthToken'],
    scope: { kind: 'owner', owner: 'user_id' },
  },
  idx_conversations_session: {
    table: 'cortex.cortex_conversations',
    columns: ['session_id'],
    fns: ['archiveConversation'],
    scope: {
      kind: 'via',
      owner: 'user_id',
      why: "a session is one user's (cortex_conversations_session_id_fkey goes through user_id)",
    },
  },
  cortex_sessions_session_key_key: {
    table: 'cortex.cortex_sessions',
    columns: ['session_key'],
    fns: ['startCortexSession'],
    scope: { kind: 'global', doc: 'seeds/000 line 457: "| session_key | TEXT | Unique, client-provided |"' },
  },
  cortex_memory_key_key: {
    table: 'cortex.cortex_memory',
    columns: ['key'],
    fns: ['rememberFact'],
    scope: { kind: 'global', doc: 'seeds/000 line 544: "Unique constraint on `key`."' },
  },
  // quorum: the owner is the user (auth.users).
  coupon_redemptions_coupon_id_user_id_key: {
    table: 'quorum.coupon_redemptions',
    columns: ['coupon_id', 'user_id'],
    // redeemOnce is redeemCoupon's transaction body.
    fns: ['redeemCoupon', 'redeemOnce'],
    scope: { kind: 'owner', owner: 'user_id' },
  },
  coupons_referrer_user_id_referral_key: {
    table: 'quorum.coupons',
    columns: ['referrer_user_id'],
    fns: ['generateReferralCoupon'],
    scope: { kind: 'owner', owner: 'referrer_user_id' },
  },
  coupons_code_key: {
    table: 'quorum.coupons',
    columns: ['code'],
    fns: ['generateReferralCoupon', 'generateWeeklyCoupons'],
    scope: { kind: 'global', doc: 'seeds/000 line 379: "| code | TEXT UNIQUE | Coupon code (uppercased) |"' },
  },
  // research: the owner is the org.
  uq_brands_org_domain: {
    table: 'research.brands',
    columns: ['org_id', 'primary_domain'],
    fns: ['upsertBrand'],
    scope: { kind: 'owner', owner: 'org_id' },
  },
  uq_brands_org_normalized_name: {
    table: 'research.brands',
    columns: ['org_id', 'normalized_name'],
    fns: ['upsertBrand'],
    scope: { kind: 'owner', owner: 'org_id' },
  },
  claude_context_files_org_workspace_doc_sha256_key: {
    table: 'research.claude_context_files',
    columns: ['org_id', 'idea_workspace_id', 'doc_key', 'sha256'],
    fns: ['registerContextFile'],
    scope: { kind: 'owner', owner: 'org_id' },
  },
  uq_jobs_dedupe_key: {
    table: 'research.jobs',
    columns: ['dedupe_key'],
    fns: ['enqueueResearchJob'],
    scope: {
      kind: 'global',
      doc: 'seeds/004 line 792: "| dedupe_key | text | yes | unique when not null (`uq_jobs_dedupe_key`) |"',
    },
  },
  // ingestOnce is ingestAds' transaction body.
  ads_channel_external_ad_id_brand_id_key: {
    table: 'research.ads',
    columns: ['channel', 'external_ad_id', 'brand_id'],
    fns: ['ingestOnce'],
    scope: { kind: 'via', owner: 'org_id', why: 'brand_id is a brand of one org' },
    testedIn:
      'test/research/isolation.test.ts ("ingestAds gives each org\'s brand its own copy of a shared ad; …")',
  },
  media_assets_sha256_key: {
    table: 'research.media_assets',
    columns: ['sha256'],
    fns: ['ingestOnce'],
    scope: { kind: 'global', doc: 'seeds/004 line 925: "| sha256 | text | yes | unique when not null |"' },
  },
  media_assets_channel_source_url_key: {
    table: 'research.media_assets',
    columns: ['channel', 'source_url'],
    fns: ['ingestOnce'],
    scope: {
      kind: 'global',
      doc: 'seeds/004 line 923: "| source_url | text | yes | unique with channel when not null |"',
    },
  },
  uq_ad_media_link: {
    table: 'research.ad_asset_links',
    columns: ['ad_id', 'media_asset_id'],
    fns: ['ingestOnce'],
    scope: {
      kind: 'no-owner',
      why: 'links two rows that are unique across orgs (ads and media_assets above); tested with them',
    },
  },
  // bottleneck: the owner is "userId".
  user_subscriptions_userId_key: {
    table: 'bottleneck.user_subscriptions',
    columns: ['userId'],
    fns: ['startSubscription'],
    scope: { kind: 'owner', owner: 'userId' },
  },
  daily_cost_summaries_user_date_idx: {
    table: 'bottleneck.daily_cost_summaries',
    columns: ['userId', 'date'],
    fns: ['rollupDailyCosts'],
    scope: { kind: 'owner', owner: 'userId' },
  },
  browserbase_costs_sessionId_key: {
    table: 'bottleneck.browserbase_costs',
    columns: ['sessionId'],
    // insertCost is recordBrowserbaseCost's insert.
    fns: ['insertCost'],
    scope: {
      kind: 'global',
      doc: 'seeds/001 line 895: "| sessionId | varchar(255) | NOT NULL, UNIQUE | Browserbase session ID |"',
    },
  },
  execution_checkpoints_checkpointId_key: {
    table: 'bottleneck.execution_checkpoints',
    columns: ['checkpointId'],
    fns: ['saveCheckpoint'],
    scope: {
      kind: 'global',
      doc: 'seeds/001 line 558: "| checkpointId | varchar(255) | NOT NULL, UNIQUE | Checkpoint identifier |"',
    },
  },
  // ownpilot: the owner is user_id.
  custom_data_user_id_key_key: {
    table: 'ownpilot.custom_data',
    columns: ['user_id', 'key'],
    fns: ['storeData'],
    scope: { kind: 'owner', owner: 'user_id' },
  },
  oauth_integrations_user_id_provider_service_key: {
    table: 'ownpilot.oauth_integrations',
    columns: ['user_id', 'provider', 'service'],
    fns: ['putOAuthIntegration'],
    scope: { kind: 'owner', owner: 'user_id' },
  },
  // portal: no owner at all.
  dns_audit_log_run_id_key: {
    table: 'portal.dns_audit_log',
    columns: ['run_id'],
    fns: ['startAuditRun'],
    scope: { kind: 'no-owner', why: PORTAL },
  },
  session_handoff_pkey: {
    table: 'portal.session_handoff',
    columns: ['id'],
    fns: ['saveHandoff'],
    scope: { kind: 'no-owner', why: PORTAL },
  },
  // A generated id taken by a concurrently imported row: retried with the next id (issue 18).
  tasks_pkey: {
    table: 'portal.tasks',
    columns: ['id'],
    fns: ['createTask'],
    scope: { kind: 'no-owner', why: PORTAL },
  },
  decisions_pkey: {
    table: 'portal.decisions',
    columns: ['id'],
    fns: ['recordDecision'],
    scope: { kind: 'no-owner', why: PORTAL },
  },
};

/**
 * Unique keys with an owner column that no repository function writes through ON CONFLICT or
 * 23505 handling, with why (the guard checks that no conflict target names them and that only
 * `writtenBy` inserts into their table). Keys that contain the primary key are not listed: they
 * are unique anyway and exist as targets of composite foreign keys.
 */
const notDeduped: Record<string, { why: string; writtenBy?: string[] }> = {
  artifacts_client_id_campaign_id_type_version_key: {
    why: "saveArtifact allocates version = max + 1 under an advisory lock on (client, campaign, type): no collision to dedupe; a client is one org's",
    writtenBy: ['saveArtifact'],
  },
  uq_users_org_email: { why: 'no repository function writes research.users' },
  uq_company_swipe_brand_org_ext: { why: 'no repository function writes research.company_swipe_brands' },
  user_preferences_user_id_key: { why: 'no repository function writes quorum.user_preferences' },
  cost_budgets_userId_key: {
    why: 'no repository function writes bottleneck.cost_budgets (checkBudget reads it)',
  },
  user_memory_user_id_idx: { why: 'no repository function writes bottleneck.user_memory' },
  user_preferences_userId_key: { why: 'no repository function writes bottleneck.user_preferences' },
  user_profiles_userId_key: { why: 'no repository function writes bottleneck.user_profiles' },
  custom_providers_user_id_provider_id_key: {
    why: 'no repository function writes ownpilot.custom_providers',
  },
  custom_tools_user_id_name_key: { why: 'no repository function writes ownpilot.custom_tools' },
  local_models_user_id_local_provider_id_model_id_key: {
    why: 'no repository function writes ownpilot.local_models',
  },
  media_provider_settings_user_id_capability_key: {
    why: 'no repository function writes ownpilot.media_provider_settings',
  },
  pomodoro_daily_stats_user_id_date_key: {
    why: 'no repository function writes ownpilot.pomodoro_daily_stats',
  },
  user_model_configs_user_id_provider_id_model_id_key: {
    why: 'no repository function writes ownpilot.user_model_configs',
  },
  user_provider_configs_user_id_provider_id_key: {
    why: 'no repository function writes ownpilot.user_provider_configs',
  },
};

/** Index name → titles of its tests in this file (filled as the tests are declared). */
const tested = new Map<string, string[]>();
function keyTest(index: string, title: string, body: () => Promise<void>) {
  tested.set(index, [...(tested.get(index) ?? []), title]);
  it(`${index}: ${title}`, body);
}

function must<T extends { success: boolean }>(r: T): Extract<T, { success: true }> {
  if (!r.success) throw new Error(`setup failed: ${JSON.stringify(r)}`);
  return r as Extract<T, { success: true }>;
}

// ─── messaging ────────────────────────────────────────────────────────────────────────────────

describe('messaging: two tenants, the same key', () => {
  keyTest(
    'inbound_events_tenant_id_dedupe_key_key',
    'three tenants deliver one dedupe key twice: each gets its own event and job, first and on redelivery',
    async () => {
      const { inboundEvents, ingestInboundEvent, jobQueue } = messaging;
      const tenants = [await makeTenant(db()), await makeTenant(db()), await makeTenant(db())];
      const dedupeKey = uniq('dk');
      const deliver = (tenantId: string, n: number) =>
        ingestInboundEvent(db(), {
          tenantId,
          provider: 'ghl',
          eventType: 'inbound_message',
          dedupeKey,
          providerEventId: 'evt-1',
          providerMsgId: 'msg-1',
          payload: { n },
        });
      type Delivery = Awaited<ReturnType<typeof deliver>>;
      const first: Delivery[] = [];
      for (const x of tenants) first.push(await deliver(x.tenantId, 1));
      // Redelivered in the other order: whichever row a scan finds first, each must get its own.
      const again: Delivery[] = [];
      for (const x of [...tenants].reverse()) again.unshift(await deliver(x.tenantId, 2));

      const events = await db().select().from(inboundEvents).where(eq(inboundEvents.dedupeKey, dedupeKey));
      expect(events.map((e) => e.tenantId).sort()).toEqual(tenants.map((x) => x.tenantId).sort());
      const jobs = await db()
        .select()
        .from(jobQueue)
        .where(
          inArray(
            jobQueue.inboundEventId,
            events.map((e) => e.inboundEventId),
          ),
        );
      expect(jobs).toHaveLength(3);
      tenants.forEach((x, i) => {
        const event = events.find((e) => e.tenantId === x.tenantId)!;
        const job = jobs.find((j) => j.inboundEventId === event.inboundEventId)!;
        expect(event.payload).toEqual({ n: 1 });
        expect(job).toMatchObject({ tenantId: x.tenantId, traceId: event.traceId });
        expect(first[i]).toEqual({ success: true, created: true, event, job });
        expect(again[i]).toEqual({ success: true, created: false, event, job });
      });
      expect(new Set(events.map((e) => e.inboundEventId)).size).toBe(3);
    },
  );

  keyTest(
    'job_queue_job_type_inbound_event_id_key',
    "enqueueJob of one job type for each tenant's event (same dedupe key): one job per tenant, a repeat returns it",
    async () => {
      const { enqueueJob, ingestInboundEvent, jobQueue } = messaging;
      const [a, b] = [await makeTenant(db()), await makeTenant(db())];
      const dedupeKey = uniq('dk');
      const event = async (tenantId: string) =>
        must(
          await ingestInboundEvent(db(), {
            tenantId,
            provider: 'ghl',
            eventType: 'inbound_message',
            dedupeKey,
          }),
        ).event;
      const [ea, eb] = [await event(a.tenantId), await event(b.tenantId)];
      const enqueue = (tenantId: string, inboundEventId: string) =>
        enqueueJob(db(), { tenantId, jobType: 'send_reply', inboundEventId });
      const firstA = await enqueue(a.tenantId, ea.inboundEventId);
      const firstB = await enqueue(b.tenantId, eb.inboundEventId);
      const againB = await enqueue(b.tenantId, eb.inboundEventId);
      const againA = await enqueue(a.tenantId, ea.inboundEventId);

      const jobs = await db()
        .select()
        .from(jobQueue)
        .where(
          and(
            eq(jobQueue.jobType, 'send_reply'),
            inArray(jobQueue.inboundEventId, [ea.inboundEventId, eb.inboundEventId]),
          ),
        );
      expect(jobs).toHaveLength(2);
      const ja = jobs.find((j) => j.tenantId === a.tenantId)!;
      const jb = jobs.find((j) => j.tenantId === b.tenantId)!;
      expect([ja.inboundEventId, jb.inboundEventId]).toEqual([ea.inboundEventId, eb.inboundEventId]);
      expect(firstA).toEqual({ success: true, created: true, job: ja });
      expect(firstB).toEqual({ success: true, created: true, job: jb });
      expect(againA).toEqual({ success: true, created: false, job: ja });
      expect(againB).toEqual({ success: true, created: false, job: jb });
      // The ingest's own job (another job type) is the same key's other row for each event.
      expect(
        await db()
          .select({ tenantId: jobQueue.tenantId })
          .from(jobQueue)
          .where(inArray(jobQueue.inboundEventId, [ea.inboundEventId, eb.inboundEventId]))
          .orderBy(asc(jobQueue.tenantId)),
      ).toEqual([a.tenantId, a.tenantId, b.tenantId, b.tenantId].sort().map((tenantId) => ({ tenantId })));
    },
  );

  keyTest(
    'contacts_tenant_id_channel_channel_address_key',
    'upsertContact of one channel address for two tenants: a contact each; a repeat updates only its own',
    async () => {
      const { contacts, upsertContact } = messaging;
      const [a, b] = [await makeTenant(db()), await makeTenant(db())];
      const address = `+1555${randomUUID().slice(0, 7)}`;
      const upsert = (tenantId: string, displayName: string, metadata: Record<string, unknown>) =>
        upsertContact(db(), { tenantId, channel: 'sms', channelAddress: address, displayName, metadata });
      const firstA = await upsert(a.tenantId, 'Ann', { from: 'a' });
      const firstB = await upsert(b.tenantId, 'Bob', { from: 'b' });
      const againA = await upsert(a.tenantId, 'Ann 2', { seen: 2 });

      const rows = await db().select().from(contacts).where(eq(contacts.channelAddress, address));
      expect(rows).toHaveLength(2);
      const ra = rows.find((r) => r.tenantId === a.tenantId)!;
      const rb = rows.find((r) => r.tenantId === b.tenantId)!;
      expect(ra.contactId).not.toBe(rb.contactId);
      expect(ra).toMatchObject({ displayName: 'Ann 2', metadata: { from: 'a', seen: 2 } });
      expect(rb).toMatchObject({ displayName: 'Bob', metadata: { from: 'b' } });
      expect(firstA).toMatchObject({ success: true, created: true, contact: { contactId: ra.contactId } });
      expect(firstB).toEqual({ success: true, created: true, contact: rb });
      expect(againA).toEqual({ success: true, created: false, contact: ra });
    },
  );

  keyTest(
    'conversations_one_open_per_contact_key',
    "openConversation for two tenants' contacts of one address: one open conversation each; a repeat returns it",
    async () => {
      const { conversations, openConversation } = messaging;
      const [a, b] = [await makeTenant(db()), await makeTenant(db())];
      const address = `+1555${randomUUID().slice(0, 7)}`;
      const [ca, cb] = [
        await makeContact(db(), a.tenantId, address),
        await makeContact(db(), b.tenantId, address),
      ];
      const open = (tenantId: string, contactId: string) => openConversation(db(), { tenantId, contactId });
      const firstA = await open(a.tenantId, ca.contactId);
      const firstB = await open(b.tenantId, cb.contactId);
      const againB = await open(b.tenantId, cb.contactId);
      const againA = await open(a.tenantId, ca.contactId);

      const rows = await db()
        .select()
        .from(conversations)
        .where(inArray(conversations.contactId, [ca.contactId, cb.contactId]));
      expect(rows).toHaveLength(2);
      const va = rows.find((r) => r.tenantId === a.tenantId)!;
      const vb = rows.find((r) => r.tenantId === b.tenantId)!;
      expect([va.contactId, vb.contactId, va.status, vb.status]).toEqual([
        ca.contactId,
        cb.contactId,
        'open',
        'open',
      ]);
      expect(firstA).toEqual({ success: true, created: true, conversation: va });
      expect(firstB).toEqual({ success: true, created: true, conversation: vb });
      expect(againA).toEqual({ success: true, created: false, conversation: va });
      expect(againB).toEqual({ success: true, created: false, conversation: vb });
    },
  );

  keyTest(
    'messages_inbound_idempotency_key',
    'recordMessage of one provider message id for two tenants: a message each; a redelivery returns its own',
    async () => {
      const { messages, openConversation, recordMessage } = messaging;
      const [a, b] = [await makeTenant(db()), await makeTenant(db())];
      const owner = async (tenantId: string) => {
        const contact = await makeContact(db(), tenantId, '+15550000000');
        const conv = must(await openConversation(db(), { tenantId, contactId: contact.contactId }));
        return { tenantId, contactId: contact.contactId, conversationId: conv.conversation.conversationId };
      };
      const [oa, ob] = [await owner(a.tenantId), await owner(b.tenantId)];
      const providerMsgId = uniq('pm');
      const record = (o: typeof oa, text: string) =>
        recordMessage(db(), { ...o, direction: 'inbound', provider: 'ghl', providerMsgId, text });
      const firstA = await record(oa, 'from a');
      const firstB = await record(ob, 'from b');
      const againB = await record(ob, 'from b, again');
      const againA = await record(oa, 'from a, again');

      const rows = await db().select().from(messages).where(eq(messages.providerMsgId, providerMsgId));
      expect(rows).toHaveLength(2);
      const ma = rows.find((r) => r.tenantId === a.tenantId)!;
      const mb = rows.find((r) => r.tenantId === b.tenantId)!;
      expect(ma).toMatchObject({
        conversationId: oa.conversationId,
        contactId: oa.contactId,
        text: 'from a',
      });
      expect(mb).toMatchObject({
        conversationId: ob.conversationId,
        contactId: ob.contactId,
        text: 'from b',
      });
      expect(firstA).toEqual({ success: true, created: true, message: ma });
      expect(firstB).toEqual({ success: true, created: true, message: mb });
      expect(againA).toEqual({ success: true, created: false, message: ma });
      expect(againB).toEqual({ success: true, created: false, message: mb });
    },
  );

  keyTest(
    'tenant_credentials_tenant_id_provider_key',
    "putTenantCredentials of one provider for two tenants: a row each; a second put replaces only the tenant's own",
    async () => {
      const { getTenantCredentials, putTenantCredentials, tenantCredentials } = messaging;
      const [a, b] = [await makeTenant(db()), await makeTenant(db())];
      const provider = uniq('twilio');
      const put = (tenantId: string, sid: string) =>
        putTenantCredentials(db(), { tenantId, provider, credentials: { sid }, keyring });
      const firstA = await put(a.tenantId, 'a-1');
      const firstB = await put(b.tenantId, 'b-1');
      const againA = await put(a.tenantId, 'a-2');

      const rows = await db()
        .select()
        .from(tenantCredentials)
        .where(eq(tenantCredentials.provider, provider));
      expect(rows).toHaveLength(2);
      const ra = rows.find((r) => r.tenantId === a.tenantId)!;
      const rb = rows.find((r) => r.tenantId === b.tenantId)!;
      expect(ra.credentialId).not.toBe(rb.credentialId);
      expect(firstA).toEqual({ success: true, credentialId: ra.credentialId, keyVersion: 1 });
      expect(firstB).toEqual({ success: true, credentialId: rb.credentialId, keyVersion: 1 });
      expect(againA).toEqual({ success: true, credentialId: ra.credentialId, keyVersion: 1 });
      expect(await getTenantCredentials(db(), { tenantId: a.tenantId, provider, keyring })).toEqual({
        success: true,
        credentials: { sid: 'a-2' },
        keyVersion: 1,
      });
      expect(await getTenantCredentials(db(), { tenantId: b.tenantId, provider, keyring })).toEqual({
        success: true,
        credentials: { sid: 'b-1' },
        keyVersion: 1,
      });
    },
  );
});

// ─── cortex ───────────────────────────────────────────────────────────────────────────────────

describe('cortex: two users, the same key', () => {
  const users = () => [uniq('dd-alice'), uniq('dd-bob')] as const;

  keyTest(
    'cortex_channel_configs_user_id_channel_key',
    "upsertChannelConfig of one channel for two users: a config each; a repeat replaces only the user's own",
    async () => {
      const { cortexChannelConfigs, upsertChannelConfig } = cortex;
      const [a, b] = users();
      const firstA = await upsertChannelConfig(db(), {
        userId: a,
        channel: 'whatsapp',
        config: { phone: 'a' },
      });
      const firstB = await upsertChannelConfig(db(), {
        userId: b,
        channel: 'whatsapp',
        config: { phone: 'b' },
        enabled: false,
      });
      const againA = await upsertChannelConfig(db(), {
        userId: a,
        channel: 'whatsapp',
        config: { phone: 'a2' },
      });

      const rows = await db()
        .select()
        .from(cortexChannelConfigs)
        .where(inArray(cortexChannelConfigs.userId, [a, b]));
      expect(rows).toHaveLength(2);
      const ra = rows.find((r) => r.userId === a)!;
      const rb = rows.find((r) => r.userId === b)!;
      expect([ra.config, ra.enabled, rb.config, rb.enabled]).toEqual([
        { phone: 'a2' },
        true,
        { phone: 'b' },
        false,
      ]);
      expect(firstA).toMatchObject({ success: true, created: true, channelConfig: { id: ra.id } });
      expect(firstB).toEqual({ success: true, created: true, channelConfig: rb });
      expect(againA).toEqual({ success: true, created: false, channelConfig: ra });
    },
  );

  keyTest(
    'cortex_oauth_tokens_user_id_channel_key',
    'putCortexOAuthToken of one channel for two users: a row each; a repeat replaces only its own tokens',
    async () => {
      const { cortexOauthTokens, getCortexOAuthToken, putCortexOAuthToken } = cortex;
      const [a, b] = users();
      const put = (userId: string, accessToken: string) =>
        putCortexOAuthToken(db(), { userId, channel: 'linkedin', accessToken }, keyring);
      const firstA = await put(a, 'access-a');
      const firstB = await put(b, 'access-b');
      const againA = await put(a, 'access-a2');

      const rows = await db()
        .select()
        .from(cortexOauthTokens)
        .where(inArray(cortexOauthTokens.userId, [a, b]));
      expect(rows).toHaveLength(2);
      const ra = rows.find((r) => r.userId === a)!;
      const rb = rows.find((r) => r.userId === b)!;
      expect(ra.id).not.toBe(rb.id);
      expect(firstA).toEqual({ success: true, id: ra.id, keyVersion: 1 });
      expect(firstB).toEqual({ success: true, id: rb.id, keyVersion: 1 });
      expect(againA).toEqual({ success: true, id: ra.id, keyVersion: 1 });
      const tokens = { refreshToken: null, expiresAt: null, scopes: [] };
      expect(await getCortexOAuthToken(db(), { userId: a, channel: 'linkedin' }, keyring)).toEqual({
        success: true,
        accessToken: 'access-a2',
        ...tokens,
      });
      expect(await getCortexOAuthToken(db(), { userId: b, channel: 'linkedin' }, keyring)).toEqual({
        success: true,
        accessToken: 'access-b',
        ...tokens,
      });
    },
  );

  keyTest(
    'idx_conversations_session',
    "archiveConversation for two users' sessions: a conversation each, owned as its session; a repeat updates it",
    async () => {
      const { archiveConversation, cortexConversations, startCortexSession } = cortex;
      const [a, b] = users();
      const session = async (userId: string) =>
        must(await startCortexSession(db(), { sessionKey: uniq('dd-s'), channel: 'web', userId })).session.id;
      const [sa, sb] = [await session(a), await session(b)];
      const firstA = await archiveConversation(db(), { sessionId: sa, userId: a, summary: 'Same summary.' });
      const firstB = await archiveConversation(db(), { sessionId: sb, userId: b, summary: 'Same summary.' });
      const againA = await archiveConversation(db(), { sessionId: sa, userId: a, summary: 'Changed.' });

      const rows = await db()
        .select()
        .from(cortexConversations)
        .where(inArray(cortexConversations.sessionId, [sa, sb]));
      expect(rows).toHaveLength(2);
      const ra = rows.find((r) => r.sessionId === sa)!;
      const rb = rows.find((r) => r.sessionId === sb)!;
      expect([ra.userId, ra.summary, rb.userId, rb.summary]).toEqual([a, 'Changed.', b, 'Same summary.']);
      expect(firstA).toMatchObject({ success: true, created: true, conversation: { id: ra.id } });
      expect(firstB).toEqual({ success: true, created: true, conversation: rb });
      expect(againA).toEqual({ success: true, created: false, conversation: ra });
    },
  );

  // Global by design (seeds/000 line 457, "| session_key | TEXT | Unique, client-provided |"):
  // one key names one session whoever asks; another user's call never gets it.
  keyTest(
    'cortex_sessions_session_key_key',
    "global: another user's session key is SESSION_KEY_TAKEN and writes nothing; the owner's repeat returns the session",
    async () => {
      const { cortexSessions, startCortexSession } = cortex;
      const [a, b] = users();
      const sessionKey = uniq('dd-key');
      const firstA = await startCortexSession(db(), { sessionKey, channel: 'web', userId: a });
      const byB = await startCortexSession(db(), { sessionKey, channel: 'api', userId: b });
      const againA = await startCortexSession(db(), { sessionKey, channel: 'api', userId: a });

      const rows = await db().select().from(cortexSessions).where(eq(cortexSessions.sessionKey, sessionKey));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ userId: a, channel: 'web' });
      expect(firstA).toEqual({ success: true, created: true, session: rows[0] });
      expect(byB).toEqual({
        success: false,
        error: 'SESSION_KEY_TAKEN',
        message: 'this session key belongs to another user',
      });
      expect(againA).toEqual({ success: true, created: false, session: rows[0] });
      expect(await db().select().from(cortexSessions).where(eq(cortexSessions.userId, b))).toEqual([]);
    },
  );

  // Global by design (seeds/000 line 544, "Unique constraint on `key`."): the fact stays its
  // owner's, another user's write is FACT_KEY_TAKEN, the owner's repeat still upserts.
  keyTest(
    'cortex_memory_key_key',
    "global: another user's fact key is FACT_KEY_TAKEN; the owner's repeat updates the one fact",
    async () => {
      const { cortexMemory, rememberFact } = cortex;
      const [a, b] = users();
      const key = uniq('dd.fact');
      const firstA = await rememberFact(db(), { key, value: 'a-1', userId: a });
      const byB = await rememberFact(db(), { key, value: 'b-1', userId: b, confidence: 1 });
      const againA = await rememberFact(db(), { key, value: 'a-2', userId: a, confidence: 0.5 });

      const rows = await db().select().from(cortexMemory).where(eq(cortexMemory.key, key));
      expect(rows).toHaveLength(1);
      const fact = rows[0]!;
      expect(fact).toMatchObject({ userId: a, value: 'a-2', confidence: 0.5 });
      expect(firstA).toMatchObject({ success: true, created: true, memory: { id: fact.id, value: 'a-1' } });
      expect(byB).toEqual({
        success: false,
        error: 'FACT_KEY_TAKEN',
        message: 'this fact key belongs to another user',
      });
      expect(againA).toEqual({ success: true, created: false, memory: fact });
    },
  );
});

// ─── quorum ───────────────────────────────────────────────────────────────────────────────────

describe('quorum: two users, the same key', () => {
  keyTest(
    'coupon_redemptions_coupon_id_user_id_key',
    'redeemCoupon of one coupon by two users: a redemption each; a repeat is ALREADY_REDEEMED for that user only',
    async () => {
      const { couponRedemptions, coupons, profiles, redeemCoupon } = quorum;
      const [a, b] = [await makeQuorumUser(db(), 10), await makeQuorumUser(db(), 20)];
      const coupon = await makeCoupon(db(), { creditsAmount: 100 });
      const firstA = await redeemCoupon(db(), { code: coupon.code, userId: a });
      const firstB = await redeemCoupon(db(), { code: coupon.code, userId: b });
      const againA = await redeemCoupon(db(), { code: coupon.code, userId: a });
      const againB = await redeemCoupon(db(), { code: coupon.code, userId: b });

      const rows = await db()
        .select()
        .from(couponRedemptions)
        .where(eq(couponRedemptions.couponId, coupon.id));
      expect(rows).toHaveLength(2);
      const ra = rows.find((r) => r.userId === a)!;
      const rb = rows.find((r) => r.userId === b)!;
      expect([ra.creditsAwarded, rb.creditsAwarded]).toEqual([100, 100]);
      expect(firstA).toEqual({
        success: true,
        creditsAwarded: 100,
        newBalance: 110,
        couponId: coupon.id,
        redemptionId: ra.id,
      });
      expect(firstB).toEqual({
        success: true,
        creditsAwarded: 100,
        newBalance: 120,
        couponId: coupon.id,
        redemptionId: rb.id,
      });
      const already = {
        success: false,
        error: 'ALREADY_REDEEMED',
        message: 'this user has already redeemed the coupon',
      };
      expect(againA).toEqual(already);
      expect(againB).toEqual(already);
      const [c] = await db().select().from(coupons).where(eq(coupons.id, coupon.id));
      expect(c!.currentUses).toBe(2);
      const balances = await db()
        .select({ id: profiles.id, credits: profiles.creditsRemaining })
        .from(profiles)
        .where(inArray(profiles.id, [a, b]));
      expect(Object.fromEntries(balances.map((p) => [p.id, p.credits]))).toEqual({ [a]: 110, [b]: 120 });
    },
  );

  keyTest(
    'coupons_referrer_user_id_referral_key',
    "generateReferralCoupon for two users, the second drawing the first's code: a coupon each; repeats return their own",
    async () => {
      const { coupons, generateReferralCoupon, referralCodeAlphabet, seedQuorum } = quorum;
      await seedQuorum(db());
      const [a, b] = [await makeQuorumUser(db()), await makeQuorumUser(db())];
      const firstA = must(await generateReferralCoupon(db(), { userId: a, creditsAmount: 300 }));
      // B's first candidate code is A's: the insert conflicts (on coupons_code_key, no target) and
      // must neither return A's coupon nor fail; the next candidate is random again.
      forced.randomInt.push(
        ...[...firstA.coupon.code.slice('REFER-'.length)].map((ch) => referralCodeAlphabet.indexOf(ch)),
      );
      const firstB = await generateReferralCoupon(db(), { userId: b, creditsAmount: 300 });
      expect(forced.randomInt).toEqual([]);
      const againA = await generateReferralCoupon(db(), { userId: a });
      const againB = await generateReferralCoupon(db(), { userId: b });

      const rows = await db()
        .select()
        .from(coupons)
        .where(and(eq(coupons.source, 'referral'), inArray(coupons.referrerUserId, [a, b])));
      expect(rows).toHaveLength(2);
      const ca = rows.find((r) => r.referrerUserId === a)!;
      const cb = rows.find((r) => r.referrerUserId === b)!;
      expect(cb.code).not.toBe(ca.code);
      expect(cb.code).toMatch(/^REFER-[A-Z2-9]{8}$/);
      expect(firstA).toEqual({ success: true, created: true, coupon: ca });
      expect(firstB).toEqual({ success: true, created: true, coupon: cb });
      expect(againA).toEqual({ success: true, created: false, coupon: ca });
      expect(againB).toEqual({ success: true, created: false, coupon: cb });
    },
  );

  // Global by design (seeds/000 line 379, "| code | TEXT UNIQUE | Coupon code (uppercased) |"):
  // a code names one coupon for every user, and a rerun of the weekly generation creates nothing.
  keyTest(
    'coupons_code_key',
    'global: one weekly code is one coupon; two users redeeming it redeem the same coupon',
    async () => {
      const {
        couponRedemptions,
        coupons,
        generateWeeklyCoupons,
        publishCoupon,
        redeemCoupon,
        seedQuorum,
        weeklyCouponCode,
      } = quorum;
      await seedQuorum(db());
      // A minute ago: valid_from is `now`, and the redemptions below must find the coupon valid.
      const now = new Date(Date.now() - 60_000);
      const first = must(await generateWeeklyCoupons(db(), { now }));
      const again = await generateWeeklyCoupons(db(), { now });
      expect(again).toEqual({ success: true, coupons: [] });
      const code = weeklyCouponCode('linkedin', now);
      const rows = await db().select().from(coupons).where(eq(coupons.code, code));
      expect(rows).toHaveLength(1);
      expect(first.coupons.filter((c) => c.code === code)).toEqual(rows);
      must(await publishCoupon(db(), { couponId: rows[0]!.id, publishedBy: 'test' }));
      const [a, b] = [await makeQuorumUser(db()), await makeQuorumUser(db())];
      const ra = must(await redeemCoupon(db(), { code: code.toLowerCase(), userId: a }));
      const rb = must(await redeemCoupon(db(), { code, userId: b }));
      expect([ra.couponId, rb.couponId]).toEqual([rows[0]!.id, rows[0]!.id]);
      const redemptions = await db()
        .select({ userId: couponRedemptions.userId })
        .from(couponRedemptions)
        .where(eq(couponRedemptions.couponId, rows[0]!.id));
      expect(redemptions.map((r) => r.userId).sort()).toEqual([a, b].sort());
    },
  );
});

// ─── research ─────────────────────────────────────────────────────────────────────────────────

describe('research: two orgs, the same key', () => {
  keyTest(
    'uq_brands_org_domain',
    "upsertBrand of one website for two orgs: a brand each; a repeat (another spelling) returns the org's own",
    async () => {
      const { brands, upsertBrand } = research;
      const [a, b] = [await seedWorld(db()), await seedWorld(db())];
      const domain = `${uniq('shared')}.example`;
      const upsert = (orgId: string, canonicalName: string, url: string) =>
        upsertBrand(db(), { orgId, canonicalName, primaryWebsiteUrl: url });
      const firstA = await upsert(a.org.id, 'Shared', `https://www.${domain}/`);
      const firstB = await upsert(b.org.id, 'Shared', `https://www.${domain}/`);
      const againB = await upsert(b.org.id, 'Shared Inc', `https://${domain}/pricing`);
      const againA = await upsert(a.org.id, 'SHARED', `http://${domain}`);

      const rows = await db().select().from(brands).where(eq(brands.primaryDomain, domain));
      expect(rows).toHaveLength(2);
      const ba = rows.find((r) => r.orgId === a.org.id)!;
      const bb = rows.find((r) => r.orgId === b.org.id)!;
      expect(ba.id).not.toBe(bb.id);
      expect(firstA).toEqual({ success: true, created: true, brand: ba });
      expect(firstB).toEqual({ success: true, created: true, brand: bb });
      expect(againA).toEqual({ success: true, created: false, brand: ba });
      expect(againB).toEqual({ success: true, created: false, brand: bb });
    },
  );

  keyTest(
    'uq_brands_org_normalized_name',
    "upsertBrand of one name (no website) for two orgs: a brand each; a repeat returns the org's own",
    async () => {
      const { brands, upsertBrand } = research;
      const [a, b] = [await seedWorld(db()), await seedWorld(db())];
      const name = uniq('Acme Widgets');
      const upsert = (orgId: string, canonicalName: string) => upsertBrand(db(), { orgId, canonicalName });
      const firstA = await upsert(a.org.id, name);
      const firstB = await upsert(b.org.id, name);
      const againB = await upsert(b.org.id, `  ${name.toUpperCase()} `);
      const againA = await upsert(a.org.id, name);

      const rows = await db()
        .select()
        .from(brands)
        .where(inArray(brands.orgId, [a.org.id, b.org.id]));
      const named = rows.filter((r) => r.canonicalName === name);
      expect(named).toHaveLength(2);
      const ba = named.find((r) => r.orgId === a.org.id)!;
      const bb = named.find((r) => r.orgId === b.org.id)!;
      expect([ba.primaryDomain, bb.primaryDomain, ba.normalizedName]).toEqual([
        null,
        null,
        bb.normalizedName,
      ]);
      expect(firstA).toEqual({ success: true, created: true, brand: ba });
      expect(firstB).toEqual({ success: true, created: true, brand: bb });
      expect(againA).toEqual({ success: true, created: false, brand: ba });
      expect(againB).toEqual({ success: true, created: false, brand: bb });
    },
  );

  keyTest(
    'claude_context_files_org_workspace_doc_sha256_key',
    "registerContextFile of one workspace/doc/content for two orgs: a row each; a repeat returns the org's own",
    async () => {
      const { claudeContextFiles, registerContextFile } = research;
      const [a, b] = [await seedWorld(db()), await seedWorld(db())];
      const file = {
        ideaWorkspaceId: uniq('ws'),
        docKey: 'precanon:04',
        sourceKind: 'precanon_step',
        sha256: sha(uniq('doc')),
      };
      const register = (orgId: string, clientId: string, docTitle: string) =>
        registerContextFile(db(), { ...file, orgId, clientId, docTitle });
      const firstA = await register(a.org.id, a.client.id, 'A');
      const firstB = await register(b.org.id, b.client.id, 'B');
      const againB = await register(b.org.id, b.client.id, 'B again');
      const againA = await register(a.org.id, a.client.id, 'A again');

      const rows = await db()
        .select()
        .from(claudeContextFiles)
        .where(eq(claudeContextFiles.ideaWorkspaceId, file.ideaWorkspaceId));
      expect(rows).toHaveLength(2);
      const fa = rows.find((r) => r.orgId === a.org.id)!;
      const fb = rows.find((r) => r.orgId === b.org.id)!;
      expect([fa.clientId, fa.docTitle, fb.clientId, fb.docTitle]).toEqual([
        a.client.id,
        'A',
        b.client.id,
        'B',
      ]);
      expect(firstA).toEqual({ success: true, created: true, file: fa });
      expect(firstB).toEqual({ success: true, created: true, file: fb });
      expect(againA).toEqual({ success: true, created: false, file: fa });
      expect(againB).toEqual({ success: true, created: false, file: fb });
    },
  );

  // Global by design (seeds/004 line 792, "| dedupe_key | text | yes | unique when not null
  // (`uq_jobs_dedupe_key`) |"). Another org's DEDUPE_KEY_TAKEN is in research/isolation.test.ts;
  // here: the key's row stays its owner's and dedupes its repeats, and no key is no dedupe.
  keyTest(
    'uq_jobs_dedupe_key',
    "global: the owner's repeats return its one job around another org's refusal; without a key nothing is deduped",
    async () => {
      const { enqueueResearchJob, jobs } = research;
      const [a, b] = [await seedWorld(db()), await seedWorld(db())];
      const dedupeKey = uniq('dd-job');
      const job = (w: typeof a, input: Record<string, unknown>, key?: string) =>
        enqueueResearchJob(db(), {
          orgId: w.org.id,
          jobType: 'add_creative_breakdown',
          subjectType: 'ad',
          subjectId: w.brand.id,
          input,
          ...(key ? { dedupeKey: key } : {}),
        });
      const firstA = await job(a, { n: 1 }, dedupeKey);
      const byB = await job(b, { n: 2 }, dedupeKey);
      const againA = await job(a, { n: 3 }, dedupeKey);
      const [row] = await db().select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey));
      expect(row).toMatchObject({ orgId: a.org.id, input: { n: 1 } });
      expect(firstA).toEqual({ success: true, created: true, job: row });
      expect(byB).toMatchObject({ success: false, error: 'DEDUPE_KEY_TAKEN' });
      expect(againA).toEqual({ success: true, created: false, job: row });
      expect(await db().select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey))).toHaveLength(1);

      // The same job without a key, twice per org: four rows (NULL is no key).
      const keyless = [await job(a, {}), await job(a, {}), await job(b, {}), await job(b, {})].map(
        (r) => must(r).job,
      );
      expect(new Set(keyless.map((j) => j.id)).size).toBe(4);
      expect(keyless.map((j) => j.orgId)).toEqual([a.org.id, a.org.id, b.org.id, b.org.id]);
    },
  );

  // Global by design (seeds/004 lines 923 and 925: media_assets.source_url "unique with channel
  // when not null", sha256 "unique when not null"; src/research/tables/ads.ts: "Creative files, shared
  // between ads"): two orgs' ads with the same creative share one media row, each org's ad linked.
  for (const index of ['media_assets_sha256_key', 'media_assets_channel_source_url_key', 'uq_ad_media_link'])
    keyTest(
      index,
      "global: two orgs' ads with the same creatives share the media rows; each ad gets its own links",
      async () => {
        const { adAssetLinks, ads, ingestAds, mediaAssets } = research;
        const [a, b] = [await seedWorld(db()), await seedWorld(db())];
        const shared = { sha256: sha(uniq('creative')), sourceUrl: `https://cdn.example/${uniq('v')}.mp4` };
        const ingest = (w: typeof a, externalAdId: string) =>
          ingestAds(db(), {
            orgId: w.org.id,
            researchRunId: w.run.id,
            brandChannelIdentityId: w.identity.id,
            channel: 'META_ADS_LIBRARY',
            items: [
              {
                externalAdId,
                rawJson: {},
                media: [
                  { assetType: 'IMAGE', sha256: shared.sha256 },
                  { assetType: 'VIDEO', sourceUrl: shared.sourceUrl },
                ],
              },
            ],
          });
        const [adA, adB] = [uniq('ad-a'), uniq('ad-b')];
        const stats = (mediaCreated: number, linksCreated: number) => ({
          items: 1,
          adsCreated: 1,
          adsUpdated: 0,
          mediaCreated,
          linksCreated,
        });
        expect(await ingest(a, adA)).toMatchObject({ success: true, stats: stats(2, 2) });
        expect(await ingest(b, adB)).toMatchObject({ success: true, stats: stats(0, 2) });
        // A repeat by one org adds nothing.
        expect(await ingest(b, adB)).toMatchObject({
          success: true,
          stats: { ...stats(0, 0), adsCreated: 0, adsUpdated: 1 },
        });

        const media = rowsOf<{ id: string }>(
          await db().execute(
            sql`select id from ${mediaAssets} where sha256 = ${shared.sha256} or source_url = ${shared.sourceUrl} order by id`,
          ),
        ).map((m) => m.id);
        expect(media).toHaveLength(2);
        const adRows = await db()
          .select()
          .from(ads)
          .where(inArray(ads.externalAdId, [adA, adB]));
        expect(adRows.map((r) => [r.externalAdId, r.brandId]).sort()).toEqual(
          [
            [adA, a.brand.id],
            [adB, b.brand.id],
          ].sort(),
        );
        const links = await db()
          .select({ adId: adAssetLinks.adId, mediaAssetId: adAssetLinks.mediaAssetId })
          .from(adAssetLinks)
          .where(inArray(adAssetLinks.mediaAssetId, media));
        expect(links).toHaveLength(4);
        for (const ad of adRows)
          expect(
            links
              .filter((l) => l.adId === ad.id)
              .map((l) => l.mediaAssetId)
              .sort(),
          ).toEqual(media);
      },
    );
});

// ─── bottleneck ───────────────────────────────────────────────────────────────────────────────

describe('bottleneck: two users, the same key', () => {
  keyTest(
    'user_subscriptions_userId_key',
    'startSubscription of one tier for two users: a subscription each; a repeat is ALREADY_SUBSCRIBED for that user only',
    async () => {
      const { seedBottleneck, startSubscription, userSubscriptions } = bottleneck;
      await seedBottleneck(db());
      const [a, b] = [await makeBottleneckUser(db()), await makeBottleneckUser(db())];
      const start = (userId: number) =>
        startSubscription(db(), { userId, tierSlug: 'starter', paymentFrequency: 'monthly' });
      const firstA = await start(a);
      const firstB = await start(b);
      const againA = await start(a);
      const againB = await start(b);

      const rows = await db()
        .select()
        .from(userSubscriptions)
        .where(inArray(userSubscriptions.userId, [a, b]));
      expect(rows).toHaveLength(2);
      const sa = rows.find((r) => r.userId === a)!;
      const sb = rows.find((r) => r.userId === b)!;
      expect([sa.status, sb.status, sa.tierId]).toEqual(['active', 'active', sb.tierId]);
      expect(firstA).toEqual({ success: true, subscription: sa });
      expect(firstB).toEqual({ success: true, subscription: sb });
      expect(againA).toEqual({
        success: false,
        error: 'ALREADY_SUBSCRIBED',
        message: `user ${a} already has a subscription`,
      });
      expect(againB).toEqual({
        success: false,
        error: 'ALREADY_SUBSCRIBED',
        message: `user ${b} already has a subscription`,
      });
    },
  );

  keyTest(
    'daily_cost_summaries_user_date_idx',
    "rollupDailyCosts of one day for two users: a summary each from the user's own costs; a rerun updates it",
    async () => {
      const { apiTokenUsage, dailyCostSummaries, recordApiTokenUsage, rollupDailyCosts } = bottleneck;
      const [a, b] = [await makeBottleneckUser(db()), await makeBottleneckUser(db())];
      const cost = (userId: number, inputCost: string) =>
        recordApiTokenUsage(db(), {
          userId,
          model: 'claude',
          inputTokens: 10,
          outputTokens: 5,
          inputCost,
          outputCost: '0',
        });
      const first = must(await cost(a, '1.5')).row;
      must(await cost(a, '2'));
      must(await cost(b, '0.25'));
      // The day the costs were recorded on, as the database dates them.
      const [{ day }] = rowsOf<{ day: string }>(
        await db().execute(
          sql`select ${apiTokenUsage.createdAt}::date::text as day from ${apiTokenUsage} where ${apiTokenUsage.id} = ${first.id}`,
        ),
      ) as [{ day: string }];
      const rollA = await rollupDailyCosts(db(), { userId: a, date: day });
      const rollB = await rollupDailyCosts(db(), { userId: b, date: day });
      must(await cost(a, '1'));
      const againA = await rollupDailyCosts(db(), { userId: a, date: day });

      const rows = await db()
        .select()
        .from(dailyCostSummaries)
        .where(inArray(dailyCostSummaries.userId, [a, b]));
      expect(rows).toHaveLength(2);
      const sa = rows.find((r) => r.userId === a)!;
      const sb = rows.find((r) => r.userId === b)!;
      expect([sa.totalApiCalls, sa.apiCostUsd, sb.totalApiCalls, sb.apiCostUsd]).toEqual([
        3,
        '4.5000',
        1,
        '0.2500',
      ]);
      expect(rollA).toMatchObject({
        success: true,
        summary: { id: sa.id, totalApiCalls: 2, apiCostUsd: '3.5000' },
      });
      expect(rollB).toEqual({ success: true, summary: sb });
      expect(againA).toEqual({ success: true, summary: sa });
    },
  );

  // Global by design (seeds/001 line 895, browserbase_costs "| sessionId | varchar(255) | NOT NULL,
  // UNIQUE | Browserbase session ID |"): a session is recorded once, for the user who recorded it.
  keyTest(
    'browserbase_costs_sessionId_key',
    "global: another user's Browserbase session is DUPLICATE_SESSION and the row stays its owner's",
    async () => {
      const { browserbaseCosts, recordBrowserbaseCost } = bottleneck;
      const [a, b] = [await makeBottleneckUser(db()), await makeBottleneckUser(db())];
      const sessionId = uniq('bb');
      const record = (userId: number) =>
        recordBrowserbaseCost(db(), {
          userId,
          sessionId,
          durationMs: 60_000,
          status: 'completed',
          startedAt: new Date(),
        });
      const firstA = await record(a);
      const byB = await record(b);
      const againA = await record(a);
      const rows = await db()
        .select()
        .from(browserbaseCosts)
        .where(eq(browserbaseCosts.sessionId, sessionId));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.userId).toBe(a);
      expect(firstA).toEqual({ success: true, row: rows[0] });
      const duplicate = {
        success: false,
        error: 'DUPLICATE_SESSION',
        message: 'this Browserbase session is already recorded',
      };
      expect(byB).toEqual(duplicate);
      expect(againA).toEqual(duplicate);
    },
  );

  // Global by design (seeds/001 line 558, execution_checkpoints "| checkpointId | varchar(255) |
  // NOT NULL, UNIQUE | Checkpoint identifier |"): another user cannot take or overwrite it.
  keyTest(
    'execution_checkpoints_checkpointId_key',
    "global: another user's checkpoint id is DUPLICATE_CHECKPOINT and the checkpoint stays its owner's",
    async () => {
      const { executionCheckpoints, latestResumableCheckpoint, saveCheckpoint } = bottleneck;
      const [a, b] = [await makeBottleneckUser(db()), await makeBottleneckUser(db())];
      const checkpointId = uniq('cp');
      const save = (userId: number, stepIndex: number) =>
        saveCheckpoint(db(), { checkpointId, executionId: 777_001, userId, stepIndex });
      const firstA = await save(a, 1);
      const byB = await save(b, 2);
      const againA = await save(a, 3);
      const rows = await db()
        .select()
        .from(executionCheckpoints)
        .where(eq(executionCheckpoints.checkpointId, checkpointId));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ userId: a, stepIndex: 1 });
      expect(firstA).toEqual({ success: true, checkpoint: rows[0] });
      const duplicate = {
        success: false,
        error: 'DUPLICATE_CHECKPOINT',
        message: `checkpoint ${checkpointId} already exists`,
      };
      expect(byB).toEqual(duplicate);
      expect(againA).toEqual(duplicate);
      expect(await latestResumableCheckpoint(db(), { executionId: 777_001, userId: b })).toMatchObject({
        success: false,
        error: 'NOT_FOUND',
      });
    },
  );
});

// ─── ownpilot ─────────────────────────────────────────────────────────────────────────────────

describe('ownpilot: two users, the same key', () => {
  const users = () => [uniq('dd-a'), uniq('dd-b')] as const;

  keyTest(
    'custom_data_user_id_key_key',
    "storeData of one key for two users: an entry each; a repeat overwrites only the user's own",
    async () => {
      const { customData, retrieveData, storeData } = ownpilot;
      const [a, b] = users();
      const firstA = await storeData(db(), { userId: a, key: 'prefs', value: { theme: 'a' } });
      const firstB = await storeData(db(), { userId: b, key: 'prefs', value: { theme: 'b' } });
      const againA = await storeData(db(), { userId: a, key: 'prefs', value: { theme: 'a2' } });
      const rows = await db()
        .select()
        .from(customData)
        .where(inArray(customData.userId, [a, b]));
      expect(rows).toHaveLength(2);
      const ea = rows.find((r) => r.userId === a)!;
      const eb = rows.find((r) => r.userId === b)!;
      expect([ea.value, eb.value]).toEqual([{ theme: 'a2' }, { theme: 'b' }]);
      expect(firstA).toMatchObject({
        success: true,
        created: true,
        entry: { id: ea.id, value: { theme: 'a' } },
      });
      expect(firstB).toEqual({ success: true, created: true, entry: eb });
      expect(againA).toEqual({ success: true, created: false, entry: ea });
      expect(await retrieveData(db(), { userId: b, key: 'prefs' })).toEqual({ success: true, entry: eb });
    },
  );

  keyTest(
    'oauth_integrations_user_id_provider_service_key',
    'putOAuthIntegration of one provider and service for two users: a row each; a repeat replaces only its own',
    async () => {
      const { getOAuthIntegrationTokens, oauthIntegrations, putOAuthIntegration } = ownpilot;
      const [a, b] = users();
      const key = { provider: 'google', service: 'gmail' };
      const put = (userId: string, accessToken: string) =>
        putOAuthIntegration(db(), { ...key, userId, accessToken, refreshToken: `${accessToken}-r` }, keyring);
      const firstA = await put(a, 'access-a');
      const firstB = await put(b, 'access-b');
      const againA = await put(a, 'access-a2');
      const rows = await db()
        .select()
        .from(oauthIntegrations)
        .where(inArray(oauthIntegrations.userId, [a, b]));
      expect(rows).toHaveLength(2);
      const ra = rows.find((r) => r.userId === a)!;
      const rb = rows.find((r) => r.userId === b)!;
      expect(ra.id).not.toBe(rb.id);
      expect(firstA).toEqual({ success: true, id: ra.id, keyVersion: 1 });
      expect(firstB).toEqual({ success: true, id: rb.id, keyVersion: 1 });
      expect(againA).toEqual({ success: true, id: ra.id, keyVersion: 1 });
      const tokens = (accessToken: string) => ({
        success: true,
        accessToken,
        refreshToken: `${accessToken}-r`,
        keyVersion: 1,
        expiresAt: null,
      });
      expect(await getOAuthIntegrationTokens(db(), { ...key, userId: a }, keyring)).toEqual(
        tokens('access-a2'),
      );
      expect(await getOAuthIntegrationTokens(db(), { ...key, userId: b }, keyring)).toEqual(
        tokens('access-b'),
      );
    },
  );
});

// ─── the guard ────────────────────────────────────────────────────────────────────────────────

describe('guard: every dedupe key in src and every owner-scoped unique key in the database is accounted for', () => {
  let sites: KeySite[];
  let indexes: UniqueIndex[];
  const byName = () => new Map(indexes.map((i) => [i.name, i]));
  const load = async () => {
    sites ??= await keySites();
    indexes ??= await uniqueIndexes(db());
  };

  /** Index name → the functions writing through it (conflict targets, targetless arbiters, 23505). */
  function writtenThrough(): Record<string, string[]> {
    const out: Record<string, Set<string>> = {};
    const add = (name: string, fn: string) => {
      out[name] ??= new Set();
      out[name].add(fn);
    };
    for (const s of sites) {
      if (s.kind === 'target') for (const i of indexOfTarget(indexes, s)) add(i.name, s.fn);
      // Without a target every unique index of the table arbitrates (the primary key's values are
      // generated, so it is left out).
      if (s.kind === 'targetless')
        for (const i of indexes.filter((x) => x.table === s.table && !x.primary)) add(i.name, s.fn);
      if (s.kind === '23505') add(s.constraint!, s.fn);
    }
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v].sort()]));
  }

  it('every ON CONFLICT and 23505 site in src resolves to one unique index of the migrated database', async () => {
    await load();
    expect(sites.filter((s) => s.unresolved)).toEqual([]);
    const names = byName();
    const problems = sites.flatMap((s) => {
      if (s.kind === 'target' && indexOfTarget(indexes, s).length !== 1)
        return [
          `${s.at} ${s.fn}: ${s.table} (${s.columns}) matches ${indexOfTarget(indexes, s).length} unique indexes`,
        ];
      if (s.kind === '23505' && !names.has(s.constraint!))
        return [`${s.at} ${s.fn}: no unique index ${s.constraint}`];
      return [];
    });
    expect(problems).toEqual([]);
    // Not vacuous: the scan sees the dedupe sites of every system.
    expect(new Set(sites.filter((s) => s.kind !== 'insert').map((s) => s.at.split('/')[0]))).toEqual(
      new Set(['messaging', 'portal', 'quorum', 'cortex', 'research', 'bottleneck', 'ownpilot']),
    );
  });

  it('the unique keys written through ON CONFLICT / 23505 are exactly the covered list, with the same functions', async () => {
    await load();
    const through = writtenThrough();
    expect(Object.keys(through).sort()).toEqual(Object.keys(covered).sort());
    for (const [name, key] of Object.entries(covered))
      expect(through[name], name).toEqual([...key.fns].sort());
  });

  it('each covered key is in the database with exactly the listed table and columns, and its scope fits them', async () => {
    await load();
    const names = byName();
    for (const [name, key] of Object.entries(covered)) {
      const index = names.get(name);
      expect({ name, table: index?.table, columns: index?.columns }).toEqual({
        name,
        table: key.table,
        columns: key.columns,
      });
      const owners = key.columns.filter(isOwnerColumn);
      // An owner column in the key means the key is per owner; a key without one is global,
      // owner-less, or owned through a row it names.
      if (key.scope.kind === 'owner') expect({ name, owners }).toEqual({ name, owners: [key.scope.owner] });
      else expect({ name, owners }).toEqual({ name, owners: [] });
    }
  });

  it('every unique key with an owner column is covered or listed with why nothing dedupes on it', async () => {
    await load();
    const ownerKeys = indexes.filter((i) => !i.primary && !i.superkey && i.columns.some(isOwnerColumn));
    const coveredWithOwner = Object.entries(covered)
      .filter(([, k]) => k.scope.kind === 'owner')
      .map(([n]) => n);
    expect(ownerKeys.map((i) => i.name).sort()).toEqual(
      [...coveredWithOwner, ...Object.keys(notDeduped)].sort(),
    );
    // Listed as not deduped: no function writes the table but the ones named.
    const names = byName();
    for (const [name, { writtenBy = [] }] of Object.entries(notDeduped)) {
      const table = names.get(name)!.table;
      const writers = [
        ...new Set(sites.filter((s) => s.kind === 'insert' && s.table === table).map((s) => s.fn)),
      ];
      expect({ name, table, writers }).toEqual({ name, table, writers: writtenBy });
    }
    // The keys left out as supersets of a primary key are there (and there are such keys).
    expect(indexes.filter((i) => i.superkey && i.columns.some(isOwnerColumn)).length).toBeGreaterThan(10);
  });

  it('every covered key has a test in this file, or names the test elsewhere that covers it', () => {
    const missing = Object.entries(covered)
      .filter(([name, k]) => k.scope.kind !== 'no-owner' && !tested.has(name) && !k.testedIn)
      .map(([name]) => name);
    expect(missing).toEqual([]);
    expect([...tested.keys()].filter((name) => !(name in covered))).toEqual([]);
  });
});
