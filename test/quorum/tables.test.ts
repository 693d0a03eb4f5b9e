import { randomUUID } from 'node:crypto';
import { eq, getTableName, is, sql, View } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../src/db';
import * as quorum from '../../src/quorum';
import {
  missingValidators,
  type RoundTripOptions,
  roundTrip,
  roundTripEntry,
  type SystemTables,
  strayValidators,
  validatorOf,
} from '../fixtures/round-trip';
import { useRollbackDb } from '../support';
import { makeChannel, makeCoupon, makeSession, makeUser } from './fixtures';

const t = useRollbackDb();

/** AI Quorum for the round-trip harness; `vCouponAttribution` rows are `CouponAttribution` (validators.ts). */
const system: SystemTables = {
  tables: quorum.tables,
  module: quorum,
  names: { vCouponAttribution: 'CouponAttribution' },
};

type TableKey = Exclude<keyof typeof quorum.tables, 'vCouponAttribution'>;

interface Case {
  /** A valid row; the parent rows its foreign keys need are inserted first (fixtures.ts). */
  row: (db: Database) => Promise<Record<string, unknown>>;
  /** What the database fills in for the columns the row leaves out. */
  defaults: Record<string, unknown>;
  /** Values the insert validator refuses: each replaces its column in the valid row. */
  bad: [column: string, value: unknown][];
  options?: RoundTripOptions;
}

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const suffix = () => randomUUID().slice(0, 8);

/** One case per quorum table (the view has no insert validator; it is read back below). */
const cases: Record<TableKey, Case> = {
  sessions: {
    row: async (db) => ({
      userId: await makeUser(db),
      title: 'Is Rust faster than Go?',
      initialQuery: 'rust vs go',
      optimizedQuery: 'Compare Rust and Go runtime performance',
      category: 'tech',
      totalCost: '0.0125',
      totalTokens: 1200,
      attachmentsMeta: [{ name: 'a.pdf', tokens: 10 }],
    }),
    defaults: { state: 'active', turnCount: 0, totalCostCents: 0, totalFileTokens: 0 },
    bad: [
      ['userId', 'not-a-uuid'],
      ['turnCount', -1],
      ['totalCost', '-0.01'],
      ['totalTokens', 1.5],
    ],
  },
  sessionTurns: {
    row: async (db) => ({
      sessionId: (await makeSession(db)).id,
      turnNumber: 1,
      query: 'q',
      stage1Responses: { gpt4o: 'yes', claude: 'no' },
      stage5Synthesis: { verdict: 'yes', confidence: 0.7 },
      report: '# Report',
      dissentTriggered: true,
      dissentingModel: 'claude',
      cost: '0.5',
      tokensUsed: 42,
      timeSeconds: '3.25',
    }),
    defaults: { optimizedQuery: null, category: null, stage0Output: null, stage2Diff: null },
    bad: [
      ['turnNumber', 0],
      ['tokensUsed', -1],
      ['timeSeconds', 'soon'],
      ['cost', '-0.5'],
    ],
  },
  userPreferences: {
    row: async (db) => ({
      userId: await makeUser(db),
      defaultMode: 'deep',
      preferredModels: ['gpt4o', 'claude'],
    }),
    defaults: { reportFormat: null },
    bad: [
      ['userId', 'nobody'],
      ['defaultMode', 5],
    ],
  },
  llmMaster: {
    row: async () => ({
      modelCode: `m-${suffix()}`,
      modelName: 'GPT-4o',
      provider: 'openai',
      contextLength: 128000,
      inputCostPerMtok: '2.5',
      outputCostPerMtok: '10',
      s1Rank: 1,
      s1AccuracyPct: '93.5',
      s1LastTestedAt: new Date('2026-01-02T03:04:05Z'),
    }),
    defaults: { isAvailable: true, s0TestCount: 0, s1IsRecommended: false, s1TestCount: 0, tier: null },
    bad: [
      ['modelCode', 'x'.repeat(21)],
      ['contextLength', 0],
      ['inputCostPerMtok', '1e3'],
    ],
  },
  orchConfigVersions: {
    row: async () => ({ versionNumber: 7, versionName: 'v7', description: 'seven' }),
    defaults: { status: 'draft', activatedAt: null, deprecatedAt: null },
    bad: [
      ['versionNumber', 0],
      ['status', 'live'],
      ['versionName', 'x'.repeat(101)],
    ],
  },
  marketingChannels: {
    row: async () => {
      const s = suffix();
      return { name: `Podcast ${s}`, slug: `podcast-${s}`, description: 'Audio ads' };
    },
    defaults: { isActive: true },
    bad: [
      ['slug', 'Pod Cast'],
      ['name', ''],
    ],
  },
  coupons: {
    row: async (db) => ({
      code: `ROUNDTRIP-${suffix().toUpperCase()}`,
      channelId: (await makeChannel(db)).id,
      source: 'referral',
      referrerUserId: await makeUser(db),
      referrerBonusCredits: 50,
      maxUses: 10,
      validUntil: new Date('2030-01-01T00:00:00Z'),
      notes: 'round trip',
    }),
    defaults: { creditsAmount: 500, status: 'draft', currentUses: 0, publishedAt: null, publishedBy: null },
    bad: [
      ['code', 'lower'],
      ['code', ''],
      ['status', 'live'],
      ['source', 'affiliate'],
      ['maxUses', 0],
      ['creditsAmount', -1],
    ],
  },
  couponRedemptions: {
    row: async (db) => ({
      couponId: (await makeCoupon(db)).id,
      userId: await makeUser(db),
      creditsAwarded: 500,
    }),
    defaults: {},
    bad: [
      ['creditsAwarded', -1],
      ['couponId', 'coupon'],
    ],
  },
  referralConversions: {
    row: async (db) => {
      const referrerUserId = await makeUser(db);
      const coupon = await makeCoupon(db, { source: 'referral', referrerUserId });
      return { referralCouponId: coupon.id, referredUserId: await makeUser(db), referrerUserId };
    },
    defaults: { conversionType: 'signup', bonusCreditsAwarded: 0 },
    bad: [
      ['bonusCreditsAwarded', -5],
      ['referrerUserId', 'someone'],
    ],
  },
  profiles: {
    // A user without a profile yet: the profile's key is the user's id.
    row: async (db) => ({ id: await makeUser(db, 0, false), creditsRemaining: 5 }),
    defaults: {},
    bad: [
      ['creditsRemaining', -1],
      ['id', 'me'],
    ],
  },
};

describe('quorum tables: round trips through the validators', () => {
  it('every table has its validators; the append-only tables have no update schema', () => {
    expect(missingValidators(system)).toEqual(['couponRedemptions.update', 'referralConversions.update']);
    expect(strayValidators(system)).toEqual([]);
  });

  it('covers every quorum table and view, as the database has them', async () => {
    const entries = Object.entries(quorum.tables);
    const tableKeys = entries.filter(([, v]) => !is(v, View)).map(([k]) => k);
    expect(tableKeys).toHaveLength(10);
    expect(Object.keys(cases).sort()).toEqual(tableKeys.sort());
    const inDb = (type: string) =>
      t()
        .db.execute(
          sql`select table_name from information_schema.tables
              where table_schema = 'quorum' and table_type = ${type} order by 1`,
        )
        .then((r) => rowsOf<{ table_name: string }>(r).map((x) => x.table_name));
    expect(await inDb('BASE TABLE')).toEqual(
      Object.keys(cases)
        .map((k) => getTableName(quorum.tables[k as TableKey]))
        .sort(),
    );
    expect(await inDb('VIEW')).toEqual(['v_coupon_attribution']);
    expect(entries.filter(([, v]) => is(v, View)).map(([k]) => k)).toEqual(['vCouponAttribution']);
  });

  for (const [key, c] of Object.entries(cases) as [TableKey, Case][]) {
    it(`${getTableName(quorum.tables[key])}: insert schema → insert → select → select schema`, async () => {
      const entry = roundTripEntry(system, key);
      const row = await c.row(t().db);
      const { back } = await roundTrip(t().db, entry, row, { generatedKey: uuidRe, ...c.options });
      expect(back).toMatchObject(c.defaults);
      for (const [column, value] of c.bad) {
        const res = entry.insert.safeParse({ ...row, [column]: value });
        expect(res.success, `${key}.${column} = ${JSON.stringify(value)}`).toBe(false);
        expect(res.error?.issues.map((i) => i.path.join('.'))).toEqual([column]);
      }
    });
  }

  it('v_coupon_attribution rows pass its select validator', async () => {
    const db = t().db;
    const channel = await makeChannel(db);
    const coupon = await makeCoupon(db, { channelId: channel.id, creditsAmount: 300 });
    for (const userId of [await makeUser(db), await makeUser(db)])
      await db.insert(quorum.couponRedemptions).values({ couponId: coupon.id, userId, creditsAwarded: 300 });
    const rows = await db
      .select()
      .from(quorum.vCouponAttribution)
      .where(eq(quorum.vCouponAttribution.id, coupon.id));
    expect(rows).toHaveLength(1);
    const parsed = validatorOf(system, 'vCouponAttribution', 'select').parse(rows[0]);
    expect(parsed).toEqual({
      ...coupon,
      channelName: channel.name,
      channelSlug: channel.slug,
      redemptionCount: 2,
      totalCreditsAwarded: 600,
    });
  });
});
