-- Issue 18: coupon codes are now normalised further (docs/quorum.md, "Coupon codes: which inputs match
-- a code"): İ (U+0130) folds to I, ẞ (U+1E9E) to SS, and every Default_Ignorable_Code_Point is
-- removed (before, only U+00AD, U+200B–U+200D, U+2060 and U+FEFF were). A code stored under the old
-- rules with one of these is rewritten to the new normal form, so the spellings clients send keep
-- finding it; unless another coupon already has (or would get) that form: such codes stay as they are,
-- reachable by id (admin), and never by redeemCoupon. Idempotent: a second run changes nothing.
UPDATE quorum.coupons c
   SET code = f.folded
  FROM (
    SELECT id, folded, count(*) OVER (PARTITION BY folded) AS n
      FROM (
        SELECT id,
               regexp_replace(
                 replace(replace(code, U&'\0130', 'I'), U&'\+001E9E', 'SS'),
                 '[\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200E\u200F\u202A-\u202E\u2061-\u206F\u3164\uFE00-\uFE0F\uFFA0\uFFF0-\uFFF8\U0001BCA0-\U0001BCA3\U0001D173-\U0001D17A\U000E0000-\U000E0FFF]',
                 '', 'g') AS folded
          FROM quorum.coupons
      ) x
  ) f
 WHERE c.id = f.id AND c.code <> f.folded AND f.n = 1 AND f.folded <> '';
