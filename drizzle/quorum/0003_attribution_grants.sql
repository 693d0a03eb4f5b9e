-- 0002 re-created v_coupon_attribution (total_credits_awarded is bigint now: the sum of int4
-- credits overflowed int4, and reading the view failed with 22003). A new view has no grants:
-- service_role gets back what 0001's GRANT ALL ON ALL TABLES gave it; nobody else.
GRANT ALL ON quorum.v_coupon_attribution TO service_role;
