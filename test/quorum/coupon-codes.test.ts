// Which inputs match a coupon code (issue 18 §1, docs/quorum.md "Coupon codes: which inputs match a
// code"): every spelling below is checked exactly — the normal form couponCodeSchema gives it, and
// what redeemCoupon answers (the coupon it redeemed, or the error code).
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { couponCodeSchema, coupons, insertCouponSchema, redeemCoupon, seedQuorum } from '../../src/quorum';
import { useRollbackDb } from '../support';
import { makeCoupon, makeUser } from './fixtures';

const t = useRollbackDb();

type Outcome = 'WELCOME2026' | 'FRIENDS' | 'II' | 'STRASSE' | 'COUPON_NOT_FOUND' | 'INVALID_INPUT';
/** [what, input, its normal form (null: refused by the schema), what redeemCoupon does with it] */
const variants: [string, string, string | null, Outcome][] = [
  // Full-width (NFKC)
  ['full-width upper case', 'ＷＥＬＣＯＭＥ２０２６', 'WELCOME2026', 'WELCOME2026'],
  ['full-width lower case', 'ｗｅｌｃｏｍｅ２０２６', 'WELCOME2026', 'WELCOME2026'],
  ['full-width digits only', 'WELCOME２０２６', 'WELCOME2026', 'WELCOME2026'],
  ['ideographic spaces around', '\u3000ＷＥＬＣＯＭＥ２０２６\u3000', 'WELCOME2026', 'WELCOME2026'],
  ['an ideographic space inside', 'ＷＥＬＣＯＭＥ\u3000２０２６', 'WELCOME 2026', 'COUPON_NOT_FOUND'],
  ['no-break spaces around', '\u00a0welcome2026\u00a0', 'WELCOME2026', 'WELCOME2026'],
  // Invisible characters (Default_Ignorable_Code_Point), wherever they are
  ['U+200B inside', 'WELCOME\u200b2026', 'WELCOME2026', 'WELCOME2026'],
  [
    'U+200B between every letter',
    `\u200b${[...'welcome2026'].join('\u200b')}\u200b`,
    'WELCOME2026',
    'WELCOME2026',
  ],
  ['full-width with U+200B', 'ＷＥＬＣＯＭＥ\u200b２０２６', 'WELCOME2026', 'WELCOME2026'],
  [
    'BOM, ZWNJ, ZWJ, word joiner, soft hyphen',
    '\ufeffWel\u200ccome\u200d20\u00ad26\u2060',
    'WELCOME2026',
    'WELCOME2026',
  ],
  [
    'bidi marks LRM / RLM (pasted from right-to-left text)',
    '\u200eWELCOME2026\u200f',
    'WELCOME2026',
    'WELCOME2026',
  ],
  ['bidi isolates U+2066 … U+2069', '\u2066WELCOME2026\u2069', 'WELCOME2026', 'WELCOME2026'],
  ['variation selector U+FE0F', 'WELCOME2026\ufe0f', 'WELCOME2026', 'WELCOME2026'],
  ['combining grapheme joiner U+034F', 'WEL\u034fCOME2026', 'WELCOME2026', 'WELCOME2026'],
  ['only a zero-width space', '\u200b', null, 'INVALID_INPUT'],
  ['only invisible characters and spaces', ' \u200b\u3000\u200e ', null, 'INVALID_INPUT'],
  // Turkish i: ı, İ and i + U+0307 are all I, whatever the client's locale
  ["'ıi'", 'ıi', 'II', 'II'],
  ["'İİ'", 'İİ', 'II', 'II'],
  ["'iı' with a combining dot on the i", 'i\u0307ı', 'II', 'II'],
  ["'İ' alone is I (no coupon I)", 'İ', 'I', 'COUPON_NOT_FOUND'],
  ["'İ' + a combining dot", 'İ\u0307', 'I', 'COUPON_NOT_FOUND'],
  ['friends, dotless ı', 'frıends', 'FRIENDS', 'FRIENDS'],
  ['FRİENDS, dotted capital İ', 'FRİENDS', 'FRIENDS', 'FRIENDS'],
  ["'friends'.toLocaleUpperCase('tr-TR')", 'friends'.toLocaleUpperCase('tr-TR'), 'FRIENDS', 'FRIENDS'],
  ["'FRIENDS'.toLocaleLowerCase('tr-TR')", 'FRIENDS'.toLocaleLowerCase('tr-TR'), 'FRIENDS', 'FRIENDS'],
  ["'friends'.toLocaleUpperCase('en-US')", 'friends'.toLocaleUpperCase('en-US'), 'FRIENDS', 'FRIENDS'],
  // Sharp s, both cases
  ['straße', 'straße', 'STRASSE', 'STRASSE'],
  ['STRAẞE (capital sharp s U+1E9E)', 'STRAẞE', 'STRASSE', 'STRASSE'],
  // Other codes
  ['Cyrillic Е look-alike', 'WЕLCOME2026', 'WЕLCOME2026', 'COUPON_NOT_FOUND'],
  ['a hyphen inside', 'WELCOME-2026', 'WELCOME-2026', 'COUPON_NOT_FOUND'],
  // Length counts after normalisation (at most 64 characters)
  ['64 full-width X', 'Ｘ'.repeat(64), 'X'.repeat(64), 'COUPON_NOT_FOUND'],
  [
    '64 X and 1,000 zero-width spaces',
    `${'X'.repeat(64)}${'\u200b'.repeat(1000)}`,
    'X'.repeat(64),
    'COUPON_NOT_FOUND',
  ],
  ['65 X', 'X'.repeat(65), null, 'INVALID_INPUT'],
  ['33 ß (66 characters once upper-cased)', 'ß'.repeat(33), null, 'INVALID_INPUT'],
];

describe('coupon codes: every documented spelling, exactly', () => {
  it.each(variants)('normal form: %s', (_what, input, normal) => {
    const parsed = couponCodeSchema.safeParse(input);
    expect(parsed.success ? parsed.data : null).toBe(normal);
  });

  it('redeemCoupon: each spelling redeems the coupon it normalises to, or answers the documented error', async () => {
    const db = t().db;
    await seedQuorum(db);
    const ids: Partial<Record<Outcome, string>> = {
      WELCOME2026: (await db.select().from(coupons).where(eq(coupons.code, 'WELCOME2026')))[0]!.id,
      FRIENDS: (await makeCoupon(db, { code: 'FRIENDS' })).id,
      II: (await makeCoupon(db, { code: 'II' })).id,
      STRASSE: (await makeCoupon(db, { code: 'STRASSE' })).id,
    };
    const answers: [string, string][] = [];
    for (const [what, code] of variants) {
      const r = await redeemCoupon(db, { code, userId: await makeUser(db) });
      answers.push([what, r.success ? r.couponId : r.error]);
    }
    expect(answers).toEqual(variants.map(([what, , , outcome]) => [what, ids[outcome] ?? outcome]));
  });

  it('the normal form is a fixed point for every code point (so every normalised input is a storable code)', () => {
    const moved: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      // Next to letters, and next to the i family with its combining dot (BMP only, to stay fast).
      for (const input of cp <= 0xffff ? [`A${c}B`, `i${c}`, `${c}\u0307`] : [`A${c}B`]) {
        const once = couponCodeSchema.safeParse(input);
        if (once.success && couponCodeSchema.parse(once.data) !== once.data) moved.push(cp.toString(16));
      }
    }
    expect(moved).toEqual([]);
    expect(insertCouponSchema.safeParse({ code: couponCodeSchema.parse('frİends\u200e') }).success).toBe(
      true,
    );
  }, 60_000);

  it('0006 rewrites codes stored under the old rules (İ, ẞ, bidi marks) unless another coupon has that form', async () => {
    const db = t().db;
    const migration = readFileSync(
      new URL('../../drizzle/quorum/0006_fold_turkish_i_codes.sql', import.meta.url),
      'utf8',
    );
    // Rows as the old normal form allowed them (written raw: the insert schema refuses them now).
    const raw = async (code: string) =>
      (await db.insert(coupons).values({ code, status: 'published' }).returning())[0]!.id;
    const turkish = await raw('KIŞ-İNDİRİM');
    const sharp = await raw('GROẞ');
    const bidi = await raw('\u200eRTL-CODE\u200f');
    const taken = await raw('TAKEN-İ');
    const owner = await raw('TAKEN-I');
    const twinA = await raw('TWİN-I');
    const twinB = await raw('TWIN-İ');
    await db.execute(sql.raw(migration));
    await db.execute(sql.raw(migration)); // idempotent
    const codeOf = async (id: string) => (await db.select().from(coupons).where(eq(coupons.id, id)))[0]!.code;
    expect(await codeOf(turkish)).toBe('KIŞ-INDIRIM');
    expect(await codeOf(sharp)).toBe('GROSS');
    expect(await codeOf(bidi)).toBe('RTL-CODE');
    expect(await codeOf(taken)).toBe('TAKEN-İ');
    expect(await codeOf(owner)).toBe('TAKEN-I');
    expect(await codeOf(twinA)).toBe('TWİN-I');
    expect(await codeOf(twinB)).toBe('TWIN-İ');
    // The rewritten code is what clients' spellings find.
    const r = await redeemCoupon(db, { code: 'kış-indirim', userId: await makeUser(db) });
    expect(r.success && r.couponId).toBe(turkish);
  });
});
