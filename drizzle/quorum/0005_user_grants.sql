-- Signed-in users read their own rows (0004's RLS policies pick which): SELECT only. No write
-- grant, so credits and redemptions change only through redeemCoupon (run by the table owner).
-- anon gets no grant on these tables: reading them is 42501, whatever a later policy says.
-- service_role already has ALL on every quorum table (0001) and a full-access policy (0004).
GRANT SELECT ON quorum.profiles, quorum.coupon_redemptions, quorum.referral_conversions TO authenticated;
